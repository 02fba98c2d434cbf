package cloud.wapiconnect.message;

import static cloud.wapiconnect.util.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.client.WapiClient;
import cloud.wapiconnect.client.WapiClientException;
import cloud.wapiconnect.crypto.Sha256;
import cloud.wapiconnect.event.EventFeedRepository;
import cloud.wapiconnect.proto.v1.Event;
import cloud.wapiconnect.proto.v1.EventType;
import cloud.wapiconnect.proto.v1.ListMessagesRequest;
import cloud.wapiconnect.proto.v1.LoggedMessage;
import cloud.wapiconnect.proto.v1.MessageContent;
import cloud.wapiconnect.proto.v1.SendMessageRequest;
import cloud.wapiconnect.proto.v1.SharedContact;
import cloud.wapiconnect.proto.v1.SubscribeRequest;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.EventRecorder;
import cloud.wapiconnect.util.Grpc;
import cloud.wapiconnect.util.MediaFiles;
import cloud.wapiconnect.util.WebhookReceiver;
import cloud.wapiconnect.util.WebhookReceiver.Received;
import io.grpc.ManagedChannel;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Locations, contacts, stickers, reactions, replies, mentions, link previews, presence, read receipts and
 * poll votes end to end on the sandbox, over real HTTP and gRPC on MariaDB: what the simulated network
 * received, and what incoming ones look like in webhooks, the gRPC stream and the message log.
 */
@HelidonTest
@AddConfig(key = "WAPI_ALLOW_PRIVATE_NETWORKS", value = "true")
@AddConfig(key = "WAPI_WEBHOOK_RETRY_INITIAL_MS", value = "100")
class MessageTypesIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PHONE = "919800000700";
    private static final String CUSTOMER = "919876543211";
    private static final String CUSTOMER_JID = CUSTOMER + "@s.whatsapp.net";
    private static final byte[] WEBP = MediaFiles.webp();

    @Inject
    WebTarget target;

    @Inject
    EventFeedRepository feedLog;

    private Api api;
    private String key;
    private WapiClient grpc;
    private ManagedChannel channel;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void session() {
        api = new Api(target.getUri());
        key = api.tenant("business").key();
        api.readySession(key, "main", PHONE);
        grpc = Grpc.client(target.getUri(), key);
        channel = Grpc.channel(target.getUri());
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        grpc.close();
        Grpc.close(channel);
    }

    private Api.Response send(String json) {
        return api.post("/api/whatsapp/session/main/send", key, json);
    }

    private String sent(String json) {
        Api.Response r = send(json);
        assertEquals(200, r.status(), r.toString());
        return (String) r.get("messageId");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> delivered(String messageId) {
        List<Map<String, Object>> all = (List<Map<String, Object>>)
                api.get("/api/sandbox/session/main/delivered", key).get("messages");
        return all.stream()
                .filter(d -> messageId.equals(d.get("messageId")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("not delivered: " + messageId + " in " + all));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> deliveredAll() {
        return (List<Map<String, Object>>)
                api.get("/api/sandbox/session/main/delivered", key).get("messages");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> logged(String messageId) {
        List<Map<String, Object>> all = (List<Map<String, Object>>)
                api.get("/api/whatsapp/messages?limit=100", key).get("messages");
        return all.stream()
                .filter(m -> messageId.equals(m.get("messageId")))
                .findFirst()
                .orElseThrow();
    }

    private String incoming(String json) {
        Api.Response r = api.post("/api/sandbox/session/main/incoming", key, json);
        assertEquals(200, r.status(), r.toString());
        return (String) r.get("messageId");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyNewTypeReachesTheNetworkAsSentAndTheLogShowsIt() {
        String location =
                sent("{\"to\":\"" + CUSTOMER + "\",\"type\":\"location\",\"latitude\":12.9716,\"longitude\":77.5946,"
                        + "\"name\":\"Head office\",\"address\":\"MG Road, Bengaluru\"}");
        Map<String, Object> place = (Map<String, Object>) delivered(location).get("location");
        assertEquals(12.9716, place.get("latitude"));
        assertEquals(77.5946, place.get("longitude"));
        assertEquals("Head office", place.get("name"));
        assertEquals("MG Road, Bengaluru", place.get("address"));
        assertEquals(
                Map.of(
                        "latitude",
                        12.9716,
                        "longitude",
                        77.5946,
                        "name",
                        "Head office",
                        "address",
                        "MG Road, Bengaluru"),
                logged(location).get("location"));
        assertEquals("location", logged(location).get("type"));

        String contact =
                sent("{\"to\":\"" + CUSTOMER + "\",\"type\":\"contact\",\"contacts\":[{\"name\":\"Rao, Asha; CEO\","
                        + "\"phones\":[\"+91 98765 43210\"],\"org\":\"Rao & Sons\",\"email\":\"asha@example.com\"},"
                        + "{\"name\":\"Ravi\",\"phones\":[\"919800000001\",\"+1 (555) 010-0100\"]}]}");
        List<String> vcards = (List<String>) delivered(contact).get("vcards");
        assertEquals(
                "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Rao\\, Asha\\; CEO\r\nN:;Rao\\, Asha\\; CEO;;;\r\nORG:Rao & Sons\r\n"
                        + "EMAIL;TYPE=INTERNET:asha@example.com\r\nTEL;type=CELL;type=VOICE;waid=919876543210:+91 98765 43210\r\nEND:VCARD",
                vcards.get(0));
        assertTrue(
                vcards.get(1).contains("TEL;type=CELL;type=VOICE;waid=15550100100:+1 (555) 010-0100\r\n"),
                vcards.get(1));
        assertEquals(
                List.of(
                        Map.of("name", "Rao, Asha; CEO", "phones", List.of("+91 98765 43210")),
                        Map.of("name", "Ravi", "phones", List.of("919800000001", "+1 (555) 010-0100"))),
                logged(contact).get("contacts"));

        String sticker = sent("{\"to\":\"" + CUSTOMER + "\",\"type\":\"sticker\",\"mediaBase64\":\""
                + Base64.getEncoder().encodeToString(WEBP) + "\"}");
        Map<String, Object> stickerDelivery = delivered(sticker);
        assertEquals("sticker", stickerDelivery.get("type"));
        assertEquals("image/webp", stickerDelivery.get("mimeType"));
        assertEquals(Sha256.hex(WEBP), stickerDelivery.get("sha256"));

        String text =
                sent("{\"to\":\"" + CUSTOMER + "\",\"message\":\"Order shipped: https://shop.example.com/t/42\"}");
        assertEquals(true, delivered(text).get("linkPreview"));
        String noPreview =
                sent("{\"to\":\"" + CUSTOMER + "\",\"message\":\"https://shop.example.com\",\"linkPreview\":false}");
        assertEquals(false, delivered(noPreview).get("linkPreview"));

        String reaction = sent(
                "{\"to\":\"" + CUSTOMER + "\",\"type\":\"reaction\",\"messageId\":\"" + text + "\",\"emoji\":\"👍\"}");
        Map<String, Object> reacted = delivered(reaction);
        assertEquals("👍", reacted.get("message"));
        assertEquals(Map.of("messageId", text, "fromMe", true), reacted.get("reaction"));
        assertEquals(Map.of("messageId", text, "emoji", "👍"), logged(reaction).get("reaction"));
        String removed = sent(
                "{\"to\":\"" + CUSTOMER + "\",\"type\":\"reaction\",\"messageId\":\"" + text + "\",\"emoji\":\"\"}");
        assertEquals("", delivered(removed).get("message"));

        // A reply to what the customer wrote, mentioning two people: one already in the text, one added.
        String question = incoming("{\"from\":\"" + CUSTOMER + "\",\"body\":\"Where is my order?\"}");
        String reply = sent("{\"to\":\"" + CUSTOMER + "\",\"message\":\"@919876543212 will call you\",\"replyTo\":\""
                + question + "\",\"mentions\":[\"919876543212\",\"+91 98765 43213\"]}");
        Map<String, Object> replied = delivered(reply);
        assertEquals("@919876543212 will call you @919876543213", replied.get("message"));
        assertEquals(Map.of("messageId", question, "fromMe", false), replied.get("quoted"));
        assertEquals(List.of("919876543212@s.whatsapp.net", "919876543213@s.whatsapp.net"), replied.get("mentions"));
        assertEquals(question, logged(reply).get("quotedMessageId"));
        assertEquals(
                List.of("919876543212@s.whatsapp.net", "919876543213@s.whatsapp.net"),
                logged(reply).get("mentions"));
        // A caption mentions too.
        String photo = sent("{\"to\":\"" + CUSTOMER + "\",\"type\":\"image\",\"mediaBase64\":\""
                + Base64.getEncoder().encodeToString(cloud.wapiconnect.util.MediaFiles.png())
                + "\",\"message\":\"for\","
                + "\"mentions\":[\"919876543212\"]}");
        assertEquals("for @919876543212", delivered(photo).get("message"));
    }

    @Test
    void invalidContentIsRefusedWithTheDocumentedErrorShape() {
        String text = sent("{\"to\":\"" + CUSTOMER + "\",\"message\":\"hello\"}");
        assertError(
                send("{\"to\":\"" + CUSTOMER + "\",\"type\":\"location\",\"latitude\":91,\"longitude\":10}"),
                400,
                "INVALID_REQUEST");
        assertError(
                send("{\"to\":\"" + CUSTOMER + "\",\"type\":\"location\",\"latitude\":10,\"longitude\":-180.5}"),
                400,
                "INVALID_REQUEST");
        assertError(
                send("{\"to\":\"" + CUSTOMER + "\",\"type\":\"location\",\"longitude\":10}"), 400, "INVALID_REQUEST");
        assertError(send("{\"to\":\"" + CUSTOMER + "\",\"type\":\"contact\",\"contacts\":[]}"), 400, "INVALID_REQUEST");
        assertError(
                send("{\"to\":\"" + CUSTOMER
                        + "\",\"type\":\"contact\",\"contacts\":[{\"name\":\"A\",\"phones\":[]}]}"),
                400,
                "INVALID_REQUEST");
        assertError(
                send("{\"to\":\"" + CUSTOMER
                        + "\",\"type\":\"contact\",\"contacts\":[{\"name\":\"A\",\"phones\":[\"call me\"]}]}"),
                400,
                "INVALID_REQUEST");
        assertError(
                send("{\"to\":\"" + CUSTOMER + "\",\"type\":\"reaction\",\"emoji\":\"👍\"}"), 400, "INVALID_REQUEST");
        assertError(
                send("{\"to\":\"" + CUSTOMER + "\",\"type\":\"reaction\",\"messageId\":\"" + text + "\"}"),
                400,
                "INVALID_REQUEST");
        assertError(
                send("{\"to\":\"" + CUSTOMER
                        + "\",\"type\":\"reaction\",\"messageId\":\"3EB0000000000000NONE\",\"emoji\":\"👍\"}"),
                404,
                "MESSAGE_NOT_FOUND");
        // A message of another chat is not this chat's.
        assertError(
                send("{\"to\":\"919876543299\",\"type\":\"reaction\",\"messageId\":\"" + text + "\",\"emoji\":\"👍\"}"),
                404,
                "MESSAGE_NOT_FOUND");
        assertError(
                send("{\"to\":\"" + CUSTOMER + "\",\"message\":\"x\",\"replyTo\":\"3EB0000000000000NONE\"}"),
                404,
                "MESSAGE_NOT_FOUND");
        assertError(
                send("{\"to\":\"" + CUSTOMER + "\",\"message\":\"x\",\"mentions\":[\"120363040000000000@g.us\"]}"),
                400,
                "INVALID_RECIPIENT");
        assertError(
                send("{\"to\":\"" + CUSTOMER
                        + "\",\"type\":\"location\",\"latitude\":1,\"longitude\":1,\"mentions\":[\"919876543212\"]}"),
                400,
                "INVALID_REQUEST");
        assertError(send("{\"to\":\"" + CUSTOMER + "\",\"message\":\"x\",\"typingMs\":30001}"), 400, "INVALID_REQUEST");
        assertError(
                send("{\"to\":\"" + CUSTOMER + "\",\"type\":\"sticker\",\"mediaBase64\":\""
                        + Base64.getEncoder().encodeToString(cloud.wapiconnect.util.MediaFiles.png()) + "\"}"),
                400,
                "MEDIA_TYPE_MISMATCH");
        assertError(send("{\"to\":\"" + CUSTOMER + "\",\"type\":\"sticker\"}"), 400, "MEDIA_REQUIRED");
        assertError(
                send("{\"to\":\"" + CUSTOMER + "\",\"type\":\"carrier-pigeon\",\"message\":\"x\"}"),
                400,
                "UNSUPPORTED_MESSAGE_TYPE");
        assertError(
                api.post(
                        "/api/whatsapp/session/main/presence",
                        key,
                        "{\"to\":\"" + CUSTOMER + "\",\"state\":\"dancing\"}"),
                400,
                "INVALID_REQUEST");
        assertError(
                api.post("/api/whatsapp/session/main/presence", key, "{\"state\":\"typing\"}"), 400, "INVALID_REQUEST");
        assertError(
                api.post("/api/whatsapp/session/main/read", key, "{\"chat\":\"" + CUSTOMER + "\",\"messageIds\":[]}"),
                400,
                "INVALID_REQUEST");
        assertError(
                api.post(
                        "/api/whatsapp/session/nope/read",
                        key,
                        "{\"chat\":\"" + CUSTOMER + "\",\"messageIds\":[\"x\"]}"),
                404,
                "SESSION_NOT_FOUND");
        // Nothing invalid was sent or counted.
        assertEquals(
                1L,
                deliveredAll().stream()
                        .filter(d -> !"presence".equals(d.get("type")))
                        .count());
    }

    @Test
    @SuppressWarnings("unchecked")
    void presenceTypingFirstAndReadReceiptsReachTheNetwork() {
        assertEquals(
                200,
                api.post(
                                "/api/whatsapp/session/main/presence",
                                key,
                                "{\"to\":\"" + CUSTOMER + "\",\"state\":\"recording\"}")
                        .status());
        assertEquals(
                200,
                api.post("/api/whatsapp/session/main/presence", key, "{\"state\":\"available\"}")
                        .status());
        long start = System.nanoTime();
        String typed = sent("{\"to\":\"" + CUSTOMER + "\",\"message\":\"Let me check\",\"typingMs\":400}");
        assertTrue(System.nanoTime() - start >= 400_000_000L, "typing lasted its time");
        List<Map<String, Object>> all = deliveredAll(); // newest first
        assertEquals(typed, all.get(0).get("messageId"));
        assertEquals(
                List.of("presence", "paused", CUSTOMER_JID),
                List.of(
                        all.get(1).get("type"),
                        all.get(1).get("message"),
                        all.get(1).get("to")));
        assertEquals(
                List.of("presence", "typing", CUSTOMER_JID),
                List.of(
                        all.get(2).get("type"),
                        all.get(2).get("message"),
                        all.get(2).get("to")));
        assertEquals(
                List.of("presence", "available"),
                List.of(all.get(3).get("type"), all.get(3).get("message")));
        assertEquals(
                List.of("presence", "recording", CUSTOMER_JID),
                List.of(
                        all.get(4).get("type"),
                        all.get(4).get("message"),
                        all.get(4).get("to")));

        String first = incoming("{\"from\":\"" + CUSTOMER + "\",\"body\":\"one\"}");
        String second = incoming("{\"from\":\"" + CUSTOMER + "\",\"body\":\"two\"}");
        Api.Response read = api.post(
                "/api/whatsapp/session/main/read",
                key,
                "{\"chat\":\"" + CUSTOMER + "\",\"messageIds\":[\"" + first + "\",\"" + second + "\",\"" + first
                        + "\"]}");
        assertEquals(200, read.status(), read.toString());
        assertEquals(2, read.get("marked"));
        Map<String, Object> receipt = deliveredAll().get(0);
        assertEquals("read", receipt.get("type"));
        assertEquals(CUSTOMER_JID, receipt.get("to"));
        assertEquals(
                List.of(Map.of("messageId", first, "fromMe", false), Map.of("messageId", second, "fromMe", false)),
                receipt.get("read"));

        // The same over gRPC.
        grpc.sendPresence("main", CUSTOMER, "paused");
        assertEquals(
                List.of("presence", "paused"),
                List.of(deliveredAll().get(0).get("type"), deliveredAll().get(0).get("message")));
        assertEquals(1, grpc.markRead("main", CUSTOMER, List.of(first)));
        assertEquals("read", deliveredAll().get(0).get("type"));
        WapiClientException bad =
                assertThrows(WapiClientException.class, () -> grpc.sendPresence("main", CUSTOMER, "dancing"));
        assertEquals("INVALID_REQUEST", bad.code());
    }

    @Test
    @SuppressWarnings("unchecked")
    void incomingTypesArriveInWebhooksTheStreamAndTheLog() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            assertEquals(
                    200,
                    api.send(
                                    "PUT",
                                    "/api/settings/webhook",
                                    Map.of("X-API-Key", key),
                                    "{\"url\":\"" + receiver.url() + "\",\"events\":[\"message\",\"poll_vote\"]}")
                            .status());
            // From the current end of the log (older events may have been purged by other tests' retention runs).
            EventRecorder stream = EventRecorder.subscribe(
                    channel,
                    key,
                    SubscribeRequest.newBuilder()
                            .setResumeAfter(feedLog.maxIdBefore(Long.MAX_VALUE))
                            .addTypes(EventType.EVENT_TYPE_MESSAGE)
                            .addTypes(EventType.EVENT_TYPE_POLL_VOTE)
                            .build());
            open.add(stream);

            String ours = sent("{\"to\":\"" + CUSTOMER + "\",\"message\":\"Rate us\"}");
            String location = incoming("{\"from\":\"" + CUSTOMER + "\",\"type\":\"location\",\"latitude\":-33.8568,"
                    + "\"longitude\":151.2153,\"name\":\"Opera House\",\"address\":\"Bennelong Point\"}");
            String contact =
                    incoming("{\"from\":\"" + CUSTOMER + "\",\"type\":\"contact\",\"contacts\":[{\"name\":\"Asha\","
                            + "\"phones\":[\"+919876543210\"]}]}");
            String sticker =
                    incoming("{\"from\":\"" + CUSTOMER + "\",\"type\":\"sticker\",\"body\":\"\",\"mediaBase64\":\""
                            + Base64.getEncoder().encodeToString(WEBP) + "\",\"mediaMimeType\":\"image/webp\"}");
            String reaction = incoming("{\"from\":\"" + CUSTOMER + "\",\"type\":\"reaction\",\"messageId\":\"" + ours
                    + "\",\"emoji\":\"❤️\"}");
            String group = incoming(
                    "{\"from\":\"120363040000000000@g.us\",\"participant\":\"919876543212\",\"body\":\"@919800000700 agreed\","
                            + "\"quotedMessageId\":\"" + ours + "\",\"mentions\":[\"" + PHONE + "\"]}");

            List<Received> hooks = receiver.await(r -> r.size() >= 5, WAIT, "five message webhooks");
            Map<String, Map<String, Object>> byId = new java.util.HashMap<>();
            hooks.forEach(h -> byId.put((String) h.data().get("id"), h.data()));
            assertEquals(
                    Map.of(
                            "latitude",
                            -33.8568,
                            "longitude",
                            151.2153,
                            "name",
                            "Opera House",
                            "address",
                            "Bennelong Point"),
                    byId.get(location).get("location"));
            assertEquals("location", byId.get(location).get("type"));
            assertEquals(
                    List.of(Map.of("name", "Asha", "phones", List.of("+919876543210"))),
                    byId.get(contact).get("contacts"));
            assertEquals("sticker", byId.get(sticker).get("type"));
            assertEquals(true, byId.get(sticker).get("hasMedia"));
            assertEquals(
                    Map.of("messageId", ours, "emoji", "❤️"), byId.get(reaction).get("reaction"));
            assertEquals("919876543212@s.whatsapp.net", byId.get(group).get("participant"));
            assertEquals(ours, byId.get(group).get("quotedMessageId"));
            assertEquals(List.of(PHONE + "@s.whatsapp.net"), byId.get(group).get("mentions"));
            assertEquals(true, byId.get(group).get("isGroup"));
            // The sticker downloads like any incoming media.
            assertEquals(
                    Sha256.hex(WEBP),
                    Sha256.hex(api.getBytes("/api/whatsapp/session/main/media/" + sticker, key)
                            .body()));

            Map<String, Event> events = new java.util.HashMap<>();
            for (Event e : stream.take(5, WAIT)) {
                events.put(e.getMessage().getMessageId(), e);
            }
            assertEquals(
                    -33.8568, events.get(location).getMessage().getLocation().getLatitude());
            assertEquals(
                    "Bennelong Point",
                    events.get(location).getMessage().getLocation().getAddress());
            assertEquals(
                    SharedContact.newBuilder()
                            .setName("Asha")
                            .addPhones("+919876543210")
                            .build(),
                    events.get(contact).getMessage().getContacts(0));
            assertEquals("sticker", events.get(sticker).getMessage().getType());
            assertEquals(ours, events.get(reaction).getMessage().getReaction().getMessageId());
            assertEquals("❤️", events.get(reaction).getMessage().getReaction().getEmoji());
            assertEquals(
                    "919876543212@s.whatsapp.net",
                    events.get(group).getMessage().getParticipant());
            assertEquals(ours, events.get(group).getMessage().getQuotedMessageId());
            assertEquals(
                    List.of(PHONE + "@s.whatsapp.net"),
                    events.get(group).getMessage().getMentionsList());

            // The log, over REST and gRPC.
            assertEquals("Opera House", ((Map<String, Object>) logged(location).get("location")).get("name"));
            assertEquals("919876543212@s.whatsapp.net", logged(group).get("participant"));
            assertEquals(ours, logged(group).get("quotedMessageId"));
            List<LoggedMessage> log = grpc.listMessages(
                            ListMessagesRequest.newBuilder().setLimit(100).build())
                    .getMessagesList();
            LoggedMessage loggedGroup = log.stream()
                    .filter(m -> m.getMessageId().equals(group))
                    .findFirst()
                    .orElseThrow();
            assertEquals("919876543212@s.whatsapp.net", loggedGroup.getParticipant());
            assertEquals(ours, loggedGroup.getQuotedMessageId());
            assertEquals(List.of(PHONE + "@s.whatsapp.net"), loggedGroup.getMentionsList());
            LoggedMessage loggedReaction = log.stream()
                    .filter(m -> m.getMessageId().equals(reaction))
                    .findFirst()
                    .orElseThrow();
            assertEquals("❤️", loggedReaction.getReaction().getEmoji());
            assertEquals(
                    151.2153,
                    log.stream()
                            .filter(m -> m.getMessageId().equals(location))
                            .findFirst()
                            .orElseThrow()
                            .getLocation()
                            .getLongitude());

            // We can reply to and react to what came in.
            String answer =
                    sent("{\"to\":\"120363040000000000@g.us\",\"message\":\"thanks\",\"replyTo\":\"" + group + "\"}");
            assertEquals(
                    Map.of("messageId", group, "fromMe", false, "participant", "919876543212@s.whatsapp.net"),
                    delivered(answer).get("quoted"));

            // Poll votes on our poll.
            String poll = sent("{\"to\":\"" + CUSTOMER
                    + "\",\"type\":\"poll\",\"message\":\"Lunch?\",\"options\":[\"Pizza\",\"Salad\",\"Soup\"],"
                    + "\"selectableCount\":2}");
            assertEquals(
                    200,
                    api.post(
                                    "/api/sandbox/session/main/poll-vote",
                                    key,
                                    "{\"from\":\"" + CUSTOMER + "\",\"pollMessageId\":\"" + poll
                                            + "\",\"options\":[\"Pizza\",\"Soup\"]}")
                            .status());
            Received vote = receiver
                    .await(r -> r.stream().anyMatch(h -> "poll_vote".equals(h.event())), WAIT, "a poll_vote webhook")
                    .stream()
                    .filter(h -> "poll_vote".equals(h.event()))
                    .findFirst()
                    .orElseThrow();
            assertEquals(poll, vote.data().get("pollMessageId"));
            assertEquals(CUSTOMER_JID, vote.data().get("voter"));
            assertEquals(CUSTOMER_JID, vote.data().get("chat"));
            assertEquals(List.of("Pizza", "Soup"), vote.data().get("options"));
            Event streamed = stream.next(EventType.EVENT_TYPE_POLL_VOTE, WAIT);
            assertEquals(poll, streamed.getPollVote().getPollMessageId());
            assertEquals(List.of("Pizza", "Soup"), streamed.getPollVote().getOptionsList());
            assertEquals(CUSTOMER_JID, streamed.getPollVote().getVoter());
            assertError(
                    api.post(
                            "/api/sandbox/session/main/poll-vote",
                            key,
                            "{\"from\":\"" + CUSTOMER + "\",\"pollMessageId\":\"" + poll
                                    + "\",\"options\":[\"Pasta\"]}"),
                    400,
                    "INVALID_POLL");
            assertError(
                    api.post(
                            "/api/sandbox/session/main/poll-vote",
                            key,
                            "{\"from\":\"" + CUSTOMER + "\",\"pollMessageId\":\"" + poll
                                    + "\",\"options\":[\"Pizza\",\"Salad\",\"Soup\"]}"),
                    400,
                    "INVALID_POLL");
            assertError(
                    api.post(
                            "/api/sandbox/session/main/poll-vote",
                            key,
                            "{\"from\":\"" + CUSTOMER + "\",\"pollMessageId\":\"" + ours
                                    + "\",\"options\":[\"Pizza\"]}"),
                    404,
                    "MESSAGE_NOT_FOUND");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void grpcSendsEveryNewTypeLikeRest() {
        String text = grpc.sendText("main", CUSTOMER, "hello").getMessageId();
        String location = grpc.send(request(MessageContent.newBuilder()
                        .setType("location")
                        .setLatitude(48.8584)
                        .setLongitude(2.2945)
                        .setLocationName("Eiffel Tower")))
                .getMessageId();
        assertEquals(
                Map.of("latitude", 48.8584, "longitude", 2.2945, "name", "Eiffel Tower"),
                withoutNulls((Map<String, Object>) delivered(location).get("location")));
        String contact = grpc.send(request(MessageContent.newBuilder()
                        .setType("contact")
                        .addContacts(SharedContact.newBuilder()
                                .setName("Asha")
                                .addPhones("+919876543210")
                                .setOrg("Rao"))))
                .getMessageId();
        assertTrue(((List<String>) delivered(contact).get("vcards")).getFirst().contains("ORG:Rao\r\n"));
        String sticker = grpc.send(request(MessageContent.newBuilder()
                        .setType("sticker")
                        .setMediaBase64(Base64.getEncoder().encodeToString(WEBP))))
                .getMessageId();
        assertEquals(Sha256.hex(WEBP), delivered(sticker).get("sha256"));
        String reaction = grpc.send(request(MessageContent.newBuilder()
                        .setType("reaction")
                        .setMessageId(text)
                        .setEmoji("🎉")))
                .getMessageId();
        assertEquals(
                Map.of("messageId", text, "fromMe", true), delivered(reaction).get("reaction"));
        String reply = grpc.send(request(MessageContent.newBuilder()
                        .setMessage("see above")
                        .setReplyTo(text)
                        .addMentions("919876543212")
                        .setLinkPreview(false)))
                .getMessageId();
        Map<String, Object> replied = delivered(reply);
        assertEquals(Map.of("messageId", text, "fromMe", true), replied.get("quoted"));
        assertEquals("see above @919876543212", replied.get("message"));
        assertEquals(false, replied.get("linkPreview"));

        WapiClientException coordinates = assertThrows(
                WapiClientException.class,
                () -> grpc.send(request(MessageContent.newBuilder()
                        .setType("location")
                        .setLatitude(-91)
                        .setLongitude(0))));
        assertEquals("INVALID_REQUEST", coordinates.code());
        WapiClientException noEmoji = assertThrows(
                WapiClientException.class,
                () -> grpc.send(
                        request(MessageContent.newBuilder().setType("reaction").setMessageId(text))));
        assertEquals("INVALID_REQUEST", noEmoji.code());
        WapiClientException unknown = assertThrows(
                WapiClientException.class,
                () -> grpc.send(request(MessageContent.newBuilder()
                        .setType("reaction")
                        .setMessageId("3EB0000000000000NONE")
                        .setEmoji("x"))));
        assertEquals("MESSAGE_NOT_FOUND", unknown.code());
        WapiClientException empty = assertThrows(
                WapiClientException.class,
                () -> grpc.send(request(MessageContent.newBuilder().setType("contact"))));
        assertEquals("INVALID_REQUEST", empty.code());
    }

    private static SendMessageRequest request(MessageContent.Builder content) {
        return SendMessageRequest.newBuilder()
                .setSessionId("main")
                .setTo(CUSTOMER)
                .setContent(content)
                .build();
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> map) {
        Map<String, Object> copy = new java.util.HashMap<>(map);
        copy.values().removeIf(java.util.Objects::isNull);
        return copy;
    }
}
