package cloud.wapiconnect.identity;

import static cloud.wapiconnect.util.ApiAssertions.assertError;
import static cloud.wapiconnect.util.ApiAssertions.newestMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cloud.wapiconnect.client.WapiClient;
import cloud.wapiconnect.client.WapiClientException;
import cloud.wapiconnect.event.EventFeedRepository;
import cloud.wapiconnect.proto.v1.Chat;
import cloud.wapiconnect.proto.v1.ContactIdentity;
import cloud.wapiconnect.proto.v1.EventType;
import cloud.wapiconnect.proto.v1.IncomingMessage;
import cloud.wapiconnect.proto.v1.ListMessagesRequest;
import cloud.wapiconnect.proto.v1.LoggedMessage;
import cloud.wapiconnect.proto.v1.MessageContent;
import cloud.wapiconnect.proto.v1.SendMessageRequest;
import cloud.wapiconnect.proto.v1.SubscribeRequest;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.EventRecorder;
import cloud.wapiconnect.util.Grpc;
import cloud.wapiconnect.util.TestDatabase;
import cloud.wapiconnect.util.WebhookReceiver;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * People WhatsApp addresses by LID, on the sandbox over real HTTP, gRPC and webhooks: a sender known only by LID, then
 * the pair learned later (one chat, the log readdressed), a LID sender whose number WhatsApp gives, sends to an
 * {@code @lid}, the contact lookup on both facades, and that neither another tenant nor a deleted session keeps it.
 */
@HelidonTest
@AddConfig(key = "WAPI_ALLOW_PRIVATE_NETWORKS", value = "true")
@AddConfig(key = "WAPI_WEBHOOK_RETRY_INITIAL_MS", value = "100")
class ContactIdentityIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PHONE = "919800000900";
    private static final String LID = "111222333444555";
    private static final String LID_JID = LID + "@lid";
    private static final String CUSTOMER = "919876500001";
    private static final String CUSTOMER_JID = CUSTOMER + "@s.whatsapp.net";

    @Inject
    WebTarget target;

    @Inject
    EventFeedRepository feedLog;

    private Api api;
    private Api.TestTenant tenant;
    private String key;
    private WapiClient grpc;
    private ManagedChannel channel;

    @BeforeEach
    void session() {
        api = new Api(target.getUri());
        tenant = api.tenant("business");
        key = tenant.key();
        api.readySession(key, "main", PHONE);
        grpc = Grpc.client(target.getUri(), key);
        channel = Grpc.channel(target.getUri());
    }

    @AfterEach
    void close() {
        grpc.close();
        Grpc.close(channel);
    }

    private String incoming(String json) {
        Api.Response r = api.post("/api/sandbox/session/main/incoming", key, json);
        assertEquals(200, r.status(), r.toString());
        return (String) r.get("messageId");
    }

    private String sent(String to) {
        Api.Response r = api.post("/api/whatsapp/session/main/send", key, "{\"to\":\"" + to + "\",\"message\":\"Hi\"}");
        assertEquals(200, r.status(), r.toString());
        return (String) r.get("messageId");
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

    private LoggedMessage loggedViaGrpc(String messageId) {
        return grpc
                .listMessages(
                        ListMessagesRequest.newBuilder().setSessionId("main").build())
                .getMessagesList()
                .stream()
                .filter(m -> m.getMessageId().equals(messageId))
                .findFirst()
                .orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> chats() {
        return (List<Map<String, Object>>)
                api.get("/api/whatsapp/session/main/chats", key).get("chats");
    }

    @SuppressWarnings("unchecked")
    private String deliveredTo(String messageId) {
        List<Map<String, Object>> all = (List<Map<String, Object>>)
                api.get("/api/sandbox/session/main/delivered", key).get("messages");
        return (String) all.stream()
                .filter(d -> messageId.equals(d.get("messageId")))
                .findFirst()
                .orElseThrow()
                .get("to");
    }

    @SuppressWarnings("unchecked")
    private List<String> deliveredOfType(String... types) {
        List<Map<String, Object>> all = (List<Map<String, Object>>)
                api.get("/api/sandbox/session/main/delivered", key).get("messages");
        return all.stream()
                .filter(d -> List.of(types).contains(d.get("type")))
                .map(d -> (String) d.get("to"))
                .toList();
    }

    private void learn(String phone, String lid) {
        Api.Response r = api.post(
                "/api/sandbox/session/main/lid-mapping", key, "{\"phone\":\"" + phone + "\",\"lid\":\"" + lid + "\"}");
        assertEquals(200, r.status(), r.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLidSenderIsOneChatAndShowsItsNumberOnceTheSessionLearnsIt() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            assertEquals(
                    200,
                    api.send(
                                    "PUT",
                                    "/api/settings/webhook",
                                    Map.of("X-API-Key", key),
                                    "{\"url\":\"" + receiver.url() + "\",\"events\":[\"message\"]}")
                            .status());
            try (EventRecorder stream = EventRecorder.subscribe(
                    channel,
                    key,
                    SubscribeRequest.newBuilder()
                            .setResumeAfter(feedLog.maxIdBefore(Long.MAX_VALUE))
                            .addTypes(EventType.EVENT_TYPE_MESSAGE)
                            .build())) {
                // 1. Known only by LID: from is the LID (the one address there is), fromLid says it is one.
                String hidden = incoming("{\"lid\":\"" + LID + "\",\"body\":\"Who am I?\"}");
                Map<String, Object> first = logged(hidden);
                assertEquals(LID_JID, first.get("from"));
                assertEquals(LID_JID, first.get("fromLid"));
                assertEquals(PHONE, first.get("to"));
                assertFalse(first.containsKey("toLid"));
                assertEquals(LID_JID, loggedViaGrpc(hidden).getFromLid());
                IncomingMessage streamed =
                        stream.next(EventType.EVENT_TYPE_MESSAGE, WAIT).getMessage();
                assertEquals(hidden, streamed.getMessageId());
                assertEquals(LID_JID, streamed.getFrom());
                assertEquals(LID_JID, streamed.getFromLid());
                Map<String, Object> hook = receiver.await(r -> r.size() >= 1, WAIT, "the first webhook")
                        .getFirst()
                        .data();
                assertEquals(LID_JID, hook.get("from"));
                assertEquals(LID_JID, hook.get("fromLid"));
                assertError(api.get("/api/whatsapp/session/main/contacts/" + LID_JID, key), 404, "CONTACT_NOT_FOUND");
                WapiClientException unknown =
                        assertThrows(WapiClientException.class, () -> grpc.getContact("main", LID_JID));
                assertEquals(Status.Code.NOT_FOUND, unknown.status());
                assertEquals("CONTACT_NOT_FOUND", unknown.code());

                // 2. A reply to the @lid goes to the LID while its number is unknown; still one chat.
                String replyToLid = sent(LID_JID);
                assertEquals(LID_JID, deliveredTo(replyToLid));
                assertEquals(LID_JID, logged(replyToLid).get("to"));
                assertEquals(LID_JID, logged(replyToLid).get("toLid"));
                assertEquals(1, chats().size());
                assertEquals(LID_JID, chats().getFirst().get("jid"));

                // 3. WhatsApp pairs the LID with the number (lid-mapping.update): the log and the chat merge.
                learn(CUSTOMER, LID);
                assertEquals(CUSTOMER, logged(hidden).get("from"));
                assertEquals(LID_JID, logged(hidden).get("fromLid"));
                assertEquals(CUSTOMER, logged(replyToLid).get("to"));
                assertEquals(LID_JID, logged(replyToLid).get("toLid"));
                assertEquals(CUSTOMER, loggedViaGrpc(hidden).getFrom());
                List<Map<String, Object>> merged = chats();
                assertEquals(1, merged.size(), merged.toString());
                assertEquals(CUSTOMER_JID, merged.getFirst().get("jid"));
                assertEquals(LID_JID, merged.getFirst().get("lid"));
                Chat mergedViaGrpc = grpc.listChats("main", 0, 0).getChats(0);
                assertEquals(CUSTOMER_JID, mergedViaGrpc.getJid());
                assertEquals(LID_JID, mergedViaGrpc.getLid());
                for (String chat : List.of(LID_JID, CUSTOMER, CUSTOMER_JID)) {
                    Api.Response messages = api.get("/api/whatsapp/session/main/chats/" + chat + "/messages", key);
                    assertEquals(2, ((Number) messages.get("total")).intValue(), chat + ": " + messages);
                }

                // 4. The same LID writes again, without its number: the session knows it.
                String again = incoming("{\"lid\":\"" + LID + "\",\"body\":\"It's me again\"}");
                assertEquals(CUSTOMER, logged(again).get("from"));
                assertEquals(LID_JID, logged(again).get("fromLid"));
                IncomingMessage streamedAgain =
                        stream.next(EventType.EVENT_TYPE_MESSAGE, WAIT).getMessage();
                assertEquals(again, streamedAgain.getMessageId());
                assertEquals(CUSTOMER_JID, streamedAgain.getFrom());
                assertEquals(LID_JID, streamedAgain.getFromLid());
                Map<String, Object> hookAgain = receiver.await(r -> r.size() >= 2, WAIT, "the second webhook")
                        .get(1)
                        .data();
                assertEquals(again, hookAgain.get("id"));
                assertEquals(CUSTOMER_JID, hookAgain.get("from"));
                assertEquals(LID_JID, hookAgain.get("fromLid"));

                // 5. A send to the @lid now goes to the number; the log shows both.
                String toNumber = sent(LID_JID);
                assertEquals(CUSTOMER_JID, deliveredTo(toNumber));
                assertEquals(CUSTOMER, logged(toNumber).get("to"));
                assertEquals(LID_JID, logged(toNumber).get("toLid"));
                String overGrpc = grpc.send(SendMessageRequest.newBuilder()
                                .setSessionId("main")
                                .setTo(LID_JID)
                                .setContent(MessageContent.newBuilder().setMessage("Over gRPC"))
                                .build())
                        .getMessageId();
                assertEquals(CUSTOMER_JID, deliveredTo(overGrpc));
                assertEquals(LID_JID, loggedViaGrpc(overGrpc).getToLid());
                assertEquals(1, chats().size());
                // Presence and read receipts take the @lid as well, and go to the number.
                Api.Response read = api.post(
                        "/api/whatsapp/session/main/read",
                        key,
                        "{\"chat\":\"" + LID_JID + "\",\"messageIds\":[\"" + again + "\"]}");
                assertEquals(200, read.status(), read.toString());
                Api.Response typing = api.post(
                        "/api/whatsapp/session/main/presence",
                        key,
                        "{\"to\":\"" + LID_JID + "\",\"state\":\"typing\"}");
                assertEquals(200, typing.status(), typing.toString());
                assertEquals(List.of(CUSTOMER_JID, CUSTOMER_JID), deliveredOfType("read", "presence"));

                // 6. Plain traffic carries no LID field at all.
                String plain = incoming("{\"from\":\"919876500003\",\"body\":\"plain\"}");
                assertFalse(logged(plain).containsKey("fromLid"));
                assertEquals("", loggedViaGrpc(plain).getFromLid());
                Map<String, Object> plainHook = receiver.await(r -> r.size() >= 3, WAIT, "the third webhook")
                        .get(2)
                        .data();
                assertEquals(plain, plainHook.get("id"));
                assertFalse(plainHook.containsKey("fromLid"));
                assertEquals(
                        "",
                        stream.next(EventType.EVENT_TYPE_MESSAGE, WAIT)
                                .getMessage()
                                .getFromLid());
            }
        }
    }

    @Test
    void aLidSenderWhoseNumberWhatsAppGivesIsLearnedAndLookedUpOnBothFacades() {
        String lid = "222333444555666";
        String phone = "919876500002";
        String id = incoming("{\"from\":\"" + phone + "\",\"lid\":\"" + lid + "@lid\",\"body\":\"Hello\"}");
        assertEquals(phone, logged(id).get("from"));
        assertEquals(lid + "@lid", logged(id).get("fromLid"));

        Map<String, Object> expected = Map.of("phone", phone, "jid", phone + "@s.whatsapp.net", "lid", lid + "@lid");
        for (String asked : List.of(lid + "@lid", phone, "+" + phone, phone + "@s.whatsapp.net")) {
            Api.Response r = api.get("/api/whatsapp/session/main/contacts/" + asked, key);
            assertEquals(200, r.status(), asked + ": " + r);
            assertEquals(expected, r.json(), asked);
            ContactIdentity viaGrpc = grpc.getContact("main", asked);
            assertEquals(phone, viaGrpc.getPhone());
            assertEquals(phone + "@s.whatsapp.net", viaGrpc.getJid());
            assertEquals(lid + "@lid", viaGrpc.getLid());
        }
        assertError(api.get("/api/whatsapp/session/main/contacts/919876500099", key), 404, "CONTACT_NOT_FOUND");
        assertError(api.get("/api/whatsapp/session/main/contacts/not-a-number", key), 400, "INVALID_RECIPIENT");
        assertError(
                api.get("/api/whatsapp/session/main/contacts/120363040000000000@g.us", key), 400, "INVALID_RECIPIENT");
        assertError(api.get("/api/whatsapp/session/nosuch/contacts/" + phone, key), 404, "SESSION_NOT_FOUND");
        assertEquals(
                "INVALID_RECIPIENT",
                assertThrows(WapiClientException.class, () -> grpc.getContact("main", "x@lid"))
                        .code());

        // The sandbox's controls check what they are given.
        assertError(
                api.post("/api/sandbox/session/main/lid-mapping", key, "{\"phone\":\"" + phone + "\",\"lid\":\"abc\"}"),
                400,
                "INVALID_REQUEST");
        assertError(
                api.post("/api/sandbox/session/main/lid-mapping", key, "{\"phone\":\"nope\",\"lid\":\"" + lid + "\"}"),
                400,
                "INVALID_RECIPIENT");
        assertError(
                api.post("/api/sandbox/session/main/incoming", key, "{\"lid\":\"12ab\",\"body\":\"x\"}"),
                400,
                "INVALID_REQUEST");

        // A number that moved to another LID: the latest pair wins, the old LID is forgotten.
        learn(phone, "333444555666777");
        assertEquals(
                "333444555666777@lid",
                api.get("/api/whatsapp/session/main/contacts/" + phone, key).get("lid"));
        assertError(api.get("/api/whatsapp/session/main/contacts/" + lid + "@lid", key), 404, "CONTACT_NOT_FOUND");
    }

    @Test
    void anotherTenantSeesNothingAndDeletingTheSessionForgetsItsPairs() throws SQLException {
        learn(CUSTOMER, LID);
        assertEquals(
                200,
                api.get("/api/whatsapp/session/main/contacts/" + CUSTOMER, key).status());

        Api.TestTenant other = api.tenant("business");
        assertError(api.get("/api/whatsapp/session/main/contacts/" + CUSTOMER, other.key()), 404, "SESSION_NOT_FOUND");
        api.readySession(other.key(), "main", "919800000901");
        assertError(api.get("/api/whatsapp/session/main/contacts/" + CUSTOMER, other.key()), 404, "CONTACT_NOT_FOUND");
        try (WapiClient otherGrpc = Grpc.client(target.getUri(), other.key())) {
            assertEquals(
                    "CONTACT_NOT_FOUND",
                    assertThrows(WapiClientException.class, () -> otherGrpc.getContact("main", LID_JID))
                            .code());
        }
        // Its own message from that LID stays a LID: the first tenant's pair is not its.
        Api.Response r = api.post(
                "/api/sandbox/session/main/incoming", other.key(), "{\"lid\":\"" + LID + "\",\"body\":\"Hi\"}");
        assertEquals(200, r.status(), r.toString());
        assertEquals(
                LID_JID,
                newestMessage(api.get("/api/whatsapp/messages?sessionId=main", other.key()))
                        .get("from"));

        assertEquals(1, pairs(tenant.id()));
        assertEquals(200, api.delete("/api/whatsapp/session/main", key).status());
        assertEquals(0, pairs(tenant.id()), "deleting the session deletes its pairs");
        assertEquals(0, pairs(other.id()), "the other tenant never learned one");
    }

    private static int pairs(String tenantId) throws SQLException {
        try (Connection c = TestDatabase.connectToInProcessServer();
                PreparedStatement count =
                        c.prepareStatement("SELECT COUNT(*) FROM contact_identities WHERE tenant_id = ?")) {
            count.setString(1, tenantId);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
