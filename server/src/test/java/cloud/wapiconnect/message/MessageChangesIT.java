package cloud.wapiconnect.message;

import static cloud.wapiconnect.util.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.client.WapiClient;
import cloud.wapiconnect.event.EventFeedRepository;
import cloud.wapiconnect.proto.v1.Event;
import cloud.wapiconnect.proto.v1.EventType;
import cloud.wapiconnect.proto.v1.ListMessagesRequest;
import cloud.wapiconnect.proto.v1.LoggedMessage;
import cloud.wapiconnect.proto.v1.SubscribeRequest;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.EventRecorder;
import cloud.wapiconnect.util.Grpc;
import cloud.wapiconnect.util.TestDatabase;
import cloud.wapiconnect.util.WebhookReceiver;
import cloud.wapiconnect.util.WebhookReceiver.Received;
import io.grpc.ManagedChannel;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Editing, revoking and forwarding messages on the sandbox over real HTTP and gRPC: what the simulated network
 * received, what the log shows, every refusal, and the other side's edits and revokes as events in webhooks, the
 * gRPC stream and the log. The gRPC twins of the calls are compared with REST in {@code GrpcParityIT}.
 */
@HelidonTest
@AddConfig(key = "WAPI_ALLOW_PRIVATE_NETWORKS", value = "true")
@AddConfig(key = "WAPI_WEBHOOK_RETRY_INITIAL_MS", value = "100")
class MessageChangesIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PHONE = "919800000800";
    private static final String CUSTOMER = "919876543221";
    private static final String OTHER = "919876543222";

    @Inject
    WebTarget target;

    @Inject
    EventFeedRepository feedLog;

    private Api api;
    private String key;
    private WapiClient grpc;
    private ManagedChannel channel;

    @BeforeEach
    void session() {
        api = new Api(target.getUri());
        key = api.tenant("business").key();
        api.readySession(key, "main", PHONE);
        grpc = Grpc.client(target.getUri(), key);
        channel = Grpc.channel(target.getUri());
    }

    @AfterEach
    void close() {
        grpc.close();
        Grpc.close(channel);
    }

    private String path(String messageId) {
        return "/api/whatsapp/session/main/messages/" + messageId;
    }

    private String sent(String json) {
        Api.Response r = api.post("/api/whatsapp/session/main/send", key, json);
        assertEquals(200, r.status(), r.toString());
        return (String) r.get("messageId");
    }

    private String incoming(String json) {
        Api.Response r = api.post("/api/sandbox/session/main/incoming", key, json);
        assertEquals(200, r.status(), r.toString());
        return (String) r.get("messageId");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> delivered(String type) {
        List<Map<String, Object>> all = (List<Map<String, Object>>)
                api.get("/api/sandbox/session/main/delivered", key).get("messages");
        return all.stream().filter(d -> type.equals(d.get("type"))).toList();
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

    /** Moves a message back in time, as if it had been sent {@code age} ago. */
    private static void age(String messageId, Duration age) throws SQLException {
        try (Connection c = TestDatabase.connectToInProcessServer();
                PreparedStatement update =
                        c.prepareStatement("UPDATE messages SET created_at = created_at - ? WHERE message_id = ?")) {
            update.setLong(1, age.toMillis());
            update.setString(2, messageId);
            assertEquals(1, update.executeUpdate());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void editRevokeAndForwardReachTheNetworkAndTheLogShowsThem() {
        String ours = sent("{\"to\":\"" + CUSTOMER + "\",\"message\":\"See you at 5\"}");

        Api.Response edited = api.post(path(ours) + "/edit", key, "{\"message\":\"See you at 6\"}");
        assertEquals(200, edited.status(), edited.toString());
        Map<String, Object> shown = (Map<String, Object>) edited.get("message");
        assertEquals("See you at 6", shown.get("message"));
        assertNotNull(shown.get("editedAt"));
        assertFalse(shown.containsKey("revokedAt"));
        Map<String, Object> edit = delivered("edit").getFirst();
        assertEquals(CUSTOMER + "@s.whatsapp.net", edit.get("to"));
        assertEquals("See you at 6", edit.get("message"));
        assertEquals(Map.of("messageId", ours, "fromMe", true), edit.get("edited"));
        assertEquals("See you at 6", logged(ours).get("message"));
        assertEquals(shown.get("editedAt"), logged(ours).get("editedAt"));

        Api.Response revoked = api.delete(path(ours), key);
        assertEquals(200, revoked.status(), revoked.toString());
        String revokedAt = (String) ((Map<String, Object>) revoked.get("message")).get("revokedAt");
        assertNotNull(revokedAt);
        assertEquals(
                Map.of("messageId", ours, "fromMe", true),
                delivered("revoke").getFirst().get("revoked"));
        assertEquals("See you at 6", logged(ours).get("message"), "the log keeps what it said");
        assertEquals(revokedAt, logged(ours).get("revokedAt"));
        // Revoking again changes nothing and asks the network for nothing.
        Api.Response again = api.delete(path(ours) + "?forMe=false", key);
        assertEquals(revokedAt, ((Map<String, Object>) again.get("message")).get("revokedAt"));
        assertEquals(1, delivered("revoke").size());

        String theirs = incoming("{\"from\":\"" + CUSTOMER + "\",\"body\":\"Our new address: 12 MG Road\"}");
        Api.Response forwarded = api.post(path(theirs) + "/forward", key, "{\"to\":\"+91 98765-43222\"}");
        assertEquals(200, forwarded.status(), forwarded.toString());
        String copy = (String) forwarded.get("messageId");
        Map<String, Object> forward = delivered("forward").getFirst();
        assertEquals(copy, forward.get("messageId"));
        assertEquals(OTHER + "@s.whatsapp.net", forward.get("to"));
        assertEquals("Our new address: 12 MG Road", forward.get("message"));
        assertEquals(
                Map.of("messageId", theirs, "fromMe", false, "chat", CUSTOMER + "@s.whatsapp.net", "type", "text"),
                forward.get("forwarded"));
        Map<String, Object> copyLogged = logged(copy);
        assertEquals("outgoing", copyLogged.get("direction"));
        assertEquals(OTHER, copyLogged.get("to"));
        assertEquals("Our new address: 12 MG Road", copyLogged.get("message"));
        assertEquals("text", copyLogged.get("type"));
        // A forwarded message is the session's own like any other: it can be edited.
        assertEquals(
                200,
                api.post(path(copy) + "/edit", key, "{\"message\":\"12 MG Road\"}")
                        .status());
    }

    @Test
    void everyRefusalIsItsOwnError() throws SQLException {
        String text = sent("{\"to\":\"" + CUSTOMER + "\",\"message\":\"Hello\"}");
        String place =
                sent("{\"to\":\"" + CUSTOMER + "\",\"type\":\"location\",\"latitude\":12.97,\"longitude\":77.59}");
        String theirs = incoming("{\"from\":\"" + CUSTOMER + "\",\"body\":\"Hi\"}");
        String reaction = incoming("{\"from\":\"" + CUSTOMER + "\",\"type\":\"reaction\",\"messageId\":\"" + text
                + "\",\"emoji\":\"👍\"}");

        assertError(
                api.post(path("3EB0NOSUCHMESSAGE") + "/edit", key, "{\"message\":\"x\"}"), 404, "MESSAGE_NOT_FOUND");
        assertError(api.delete(path("3EB0NOSUCHMESSAGE"), key), 404, "MESSAGE_NOT_FOUND");
        assertError(
                api.post(path("3EB0NOSUCHMESSAGE") + "/forward", key, "{\"to\":\"" + OTHER + "\"}"),
                404,
                "MESSAGE_NOT_FOUND");
        assertError(api.post(path(theirs) + "/edit", key, "{\"message\":\"x\"}"), 403, "NOT_OWN_MESSAGE");
        assertError(api.delete(path(theirs), key), 403, "NOT_OWN_MESSAGE");
        assertError(api.post(path(place) + "/edit", key, "{\"message\":\"x\"}"), 400, "UNSUPPORTED_MESSAGE_TYPE");
        assertError(api.post(path(text) + "/edit", key, "{}"), 400, "INVALID_REQUEST");
        assertError(api.post(path(text) + "/edit", key, "{\"message\":\"   \"}"), 400, "INVALID_REQUEST");
        assertError(api.delete(path(text) + "?forMe=perhaps", key), 400, "INVALID_REQUEST");
        assertError(api.delete(path(text) + "?forMe=true", key), 422, "NOT_SUPPORTED_BY_ENGINE");
        assertError(
                api.post(path(reaction) + "/forward", key, "{\"to\":\"" + OTHER + "\"}"),
                400,
                "UNSUPPORTED_MESSAGE_TYPE");
        assertError(api.post(path(text) + "/forward", key, "{\"to\":\"not a number\"}"), 400, "INVALID_RECIPIENT");
        assertError(
                api.post("/api/whatsapp/session/nosuch/messages/" + text + "/edit", key, "{\"message\":\"x\"}"),
                404,
                "SESSION_NOT_FOUND");

        // WhatsApp's windows: 15 minutes to edit, 2 days to revoke for everyone.
        age(text, Duration.ofMinutes(15).plusSeconds(1));
        Api.Response late = api.post(path(text) + "/edit", key, "{\"message\":\"Hello again\"}");
        assertError(late, 422, "MESSAGE_TOO_OLD");
        assertEquals(900, ((Number) late.get("limitSeconds")).intValue());
        assertEquals(200, api.delete(path(text), key).status(), "still young enough to revoke");
        assertError(api.post(path(text) + "/edit", key, "{\"message\":\"x\"}"), 404, "MESSAGE_NOT_FOUND");
        assertError(api.post(path(text) + "/forward", key, "{\"to\":\"" + OTHER + "\"}"), 404, "MESSAGE_NOT_FOUND");
        String old = sent("{\"to\":\"" + CUSTOMER + "\",\"message\":\"Old news\"}");
        age(old, Duration.ofDays(2));
        Api.Response tooLate = api.delete(path(old), key);
        assertError(tooLate, 422, "MESSAGE_TOO_OLD");
        assertEquals(172_800, ((Number) tooLate.get("limitSeconds")).intValue());
        assertTrue(delivered("edit").isEmpty(), "nothing refused reached the network");
        assertEquals(1, delivered("revoke").size());

        // The sandbox's controls refuse what the other side could not change.
        assertError(
                api.post(
                        "/api/sandbox/session/main/incoming-edit",
                        key,
                        "{\"messageId\":\"" + old + "\",\"body\":\"x\"}"),
                404,
                "MESSAGE_NOT_FOUND");
        assertError(
                api.post("/api/sandbox/session/main/incoming-revoke", key, "{\"messageId\":\"nosuch\"}"),
                404,
                "MESSAGE_NOT_FOUND");
        assertError(
                api.post("/api/sandbox/session/main/incoming-edit", key, "{\"messageId\":\"" + theirs + "\"}"),
                400,
                "INVALID_REQUEST");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOtherSidesEditsAndRevokesArriveInWebhooksTheStreamAndTheLog() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            assertEquals(
                    200,
                    api.send(
                                    "PUT",
                                    "/api/settings/webhook",
                                    Map.of("X-API-Key", key),
                                    "{\"url\":\"" + receiver.url()
                                            + "\",\"events\":[\"message_edited\",\"message_revoked\"]}")
                            .status());
            try (EventRecorder stream = EventRecorder.subscribe(
                    channel,
                    key,
                    SubscribeRequest.newBuilder()
                            .setResumeAfter(feedLog.maxIdBefore(Long.MAX_VALUE))
                            .addTypes(EventType.EVENT_TYPE_MESSAGE_EDITED)
                            .addTypes(EventType.EVENT_TYPE_MESSAGE_REVOKED)
                            .build())) {
                String theirs = incoming("{\"from\":\"" + CUSTOMER + "\",\"body\":\"Meet at 5\"}");
                String group = incoming("{\"from\":\"120363040000000001@g.us\",\"participant\":\"" + OTHER
                        + "\",\"body\":\"Bring snacks\"}");
                assertEquals(
                        200,
                        api.post(
                                        "/api/sandbox/session/main/incoming-edit",
                                        key,
                                        "{\"messageId\":\"" + theirs + "\",\"body\":\"Meet at 6\"}")
                                .status());
                assertEquals(
                        200,
                        api.post("/api/sandbox/session/main/incoming-revoke", key, "{\"messageId\":\"" + group + "\"}")
                                .status());

                Event edited = stream.next(EventType.EVENT_TYPE_MESSAGE_EDITED, WAIT);
                assertEquals(theirs, edited.getMessageEdited().getMessageId());
                assertEquals(
                        CUSTOMER + "@s.whatsapp.net", edited.getMessageEdited().getFrom());
                assertEquals("Meet at 6", edited.getMessageEdited().getBody());
                assertEquals("", edited.getMessageEdited().getParticipant());
                Event revoked = stream.next(EventType.EVENT_TYPE_MESSAGE_REVOKED, WAIT);
                assertEquals(group, revoked.getMessageRevoked().getMessageId());
                assertEquals(
                        "120363040000000001@g.us", revoked.getMessageRevoked().getFrom());
                assertEquals(
                        OTHER + "@s.whatsapp.net", revoked.getMessageRevoked().getParticipant());
                assertTrue(revoked.getMessageRevoked().getRevokedAt().getSeconds() > 0);

                List<Received> hooks = receiver.await(r -> r.size() >= 2, WAIT, "two webhooks");
                Map<String, Object> editHook = hooks.stream()
                        .filter(h -> "message_edited".equals(h.event()))
                        .findFirst()
                        .orElseThrow()
                        .data();
                assertEquals(theirs, editHook.get("messageId"));
                assertEquals(CUSTOMER + "@s.whatsapp.net", editHook.get("from"));
                assertEquals("Meet at 6", editHook.get("body"));
                assertFalse(editHook.containsKey("participant"));
                assertTrue(editHook.get("timestamp") instanceof Number);
                Map<String, Object> revokeHook = hooks.stream()
                        .filter(h -> "message_revoked".equals(h.event()))
                        .findFirst()
                        .orElseThrow()
                        .data();
                assertEquals(group, revokeHook.get("messageId"));
                assertEquals(OTHER + "@s.whatsapp.net", revokeHook.get("participant"));

                Map<String, Object> theirsLogged = logged(theirs);
                assertEquals("Meet at 6", theirsLogged.get("message"));
                assertNotNull(theirsLogged.get("editedAt"));
                assertNull(theirsLogged.get("revokedAt"));
                assertNotNull(logged(group).get("revokedAt"));
                assertEquals("Bring snacks", logged(group).get("message"));
                LoggedMessage viaGrpc = grpc
                        .listMessages(ListMessagesRequest.newBuilder()
                                .setSessionId("main")
                                .build())
                        .getMessagesList()
                        .stream()
                        .filter(m -> m.getMessageId().equals(group))
                        .findFirst()
                        .orElseThrow();
                assertTrue(viaGrpc.hasRevokedAt());
                assertFalse(viaGrpc.hasEditedAt());
            }
        }
    }
}
