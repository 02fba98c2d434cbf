package cloud.wapiconnect.chat;

import static cloud.wapiconnect.util.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cloud.wapiconnect.client.WapiClient;
import cloud.wapiconnect.client.WapiClientException;
import cloud.wapiconnect.proto.v1.Contact;
import cloud.wapiconnect.proto.v1.ListChatsResponse;
import cloud.wapiconnect.proto.v1.ListMessagesResponse;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.Grpc;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Chats from the message log, the contacts check and bulk jobs that skip numbers without WhatsApp. */
@HelidonTest
class ChatsIT {
    @Inject
    WebTarget target;

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Api.Response response, String field) {
        return (List<Map<String, Object>>) response.get(field);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static void send(Api api, String key, String session, String to, String text) {
        Api.Response sent = api.post(
                "/api/whatsapp/session/" + session + "/send",
                key,
                "{\"to\":\"" + to + "\",\"message\":\"" + text + "\"}");
        assertEquals(200, sent.status(), sent.toString());
    }

    private static void incoming(Api api, String key, String session, String from, String text) {
        assertEquals(
                200,
                api.post(
                                "/api/sandbox/session/" + session + "/incoming",
                                key,
                                "{\"from\":\"" + from + "\",\"body\":\"" + text + "\"}")
                        .status());
    }

    @Test
    void chatsListTheLatestConversationFirstWithUnreadCountsAndPageTheirMessages() {
        Api api = new Api(target.getUri());
        String key = api.tenant("starter").key();
        api.readySession(key, "c1", "919800000101");
        send(api, key, "c1", "919800000102", "hello 102");
        incoming(api, key, "c1", "919800000102", "reply 1");
        incoming(api, key, "c1", "919800000102", "reply 2");
        send(api, key, "c1", "919800000103", "hello 103");
        incoming(api, key, "c1", "919800000103", "thanks");
        send(api, key, "c1", "919800000103", "you're welcome");
        incoming(api, key, "c1", "120363011111111111@g.us", "in the group");

        Api.Response chats = api.get("/api/whatsapp/session/c1/chats", key);
        assertEquals(200, chats.status(), chats.toString());
        assertEquals(3L, ((Number) chats.get("total")).longValue());
        List<Map<String, Object>> rows = list(chats, "chats");
        assertEquals(
                List.of("120363011111111111@g.us", "919800000103@s.whatsapp.net", "919800000102@s.whatsapp.net"),
                rows.stream().map(c -> c.get("jid")).toList());
        assertEquals(
                List.of(true, false, false),
                rows.stream().map(c -> c.get("isGroup")).toList());
        // Replying reads a chat: 103 has nothing unread, 102 two messages, the group one.
        assertEquals(
                List.of(1, 0, 2),
                rows.stream()
                        .map(c -> ((Number) c.get("unreadCount")).intValue())
                        .toList());
        assertEquals("you're welcome", map(rows.get(1).get("lastMessage")).get("message"));
        assertEquals("outgoing", map(rows.get(1).get("lastMessage")).get("direction"));

        Api.Response second = api.get("/api/whatsapp/session/c1/chats?page=2&limit=2", key);
        assertEquals(2, second.get("pages"));
        assertEquals(
                List.of("919800000102@s.whatsapp.net"),
                list(second, "chats").stream().map(c -> c.get("jid")).toList());

        Api.Response messages =
                api.get("/api/whatsapp/session/c1/chats/919800000102@s.whatsapp.net/messages?limit=2", key);
        assertEquals(200, messages.status(), messages.toString());
        assertEquals(3L, ((Number) messages.get("total")).longValue());
        assertEquals(2, messages.get("pages"));
        assertEquals(
                List.of("reply 2", "reply 1"),
                list(messages, "messages").stream().map(m -> m.get("message")).toList());
        assertEquals(
                List.of("hello 102"),
                list(api.get("/api/whatsapp/session/c1/chats/+919800000102/messages?page=2&limit=2", key), "messages")
                        .stream()
                        .map(m -> m.get("message"))
                        .toList());
        assertEquals(
                List.of("in the group"),
                list(api.get("/api/whatsapp/session/c1/chats/120363011111111111@g.us/messages", key), "messages")
                        .stream()
                        .map(m -> m.get("message"))
                        .toList());

        assertError(api.get("/api/whatsapp/session/c1/chats?page=0", key), 400, "INVALID_REQUEST");
        assertError(api.get("/api/whatsapp/session/c1/chats?limit=101", key), 400, "INVALID_REQUEST");
        assertError(api.get("/api/whatsapp/session/c1/chats/abc/messages", key), 400, "INVALID_RECIPIENT");
        assertError(
                api.get("/api/whatsapp/session/c1/chats", api.tenant("starter").key()), 404, "SESSION_NOT_FOUND");

        // From the log: still readable while the session is disconnected, and the same over gRPC.
        api.post("/api/whatsapp/session/c1/disconnect", key, null);
        try (WapiClient grpc = Grpc.client(target.getUri(), key)) {
            ListChatsResponse listed = grpc.listChats("c1", 0, 0);
            assertEquals(3, listed.getTotal());
            assertEquals(
                    rows.stream().map(c -> c.get("jid")).toList(),
                    listed.getChatsList().stream()
                            .map(cloud.wapiconnect.proto.v1.Chat::getJid)
                            .toList());
            assertEquals(2, listed.getChats(2).getUnreadCount());
            assertEquals("you're welcome", listed.getChats(1).getLastMessage().getMessage());
            ListMessagesResponse page = grpc.listChatMessages("c1", "919800000102", 1, 2);
            assertEquals(3, page.getTotal());
            assertEquals("reply 2", page.getMessages(0).getMessage());
            assertEquals(
                    "INVALID_REQUEST",
                    assertThrows(WapiClientException.class, () -> grpc.listChats("c1", -1, 0))
                            .code());
        }
    }

    @Test
    void contactsCheckTellsWhichNumbersHaveWhatsApp() {
        Api api = new Api(target.getUri());
        String key = api.tenant("starter").key();
        api.readySession(key, "k1", "919800000201");
        Api.Response checked = api.get(
                "/api/whatsapp/session/k1/contacts/check?phones=919800000202,+999%20123%20456,919800000202"
                        + "&phones=919800000203",
                key);
        assertEquals(200, checked.status(), checked.toString());
        assertEquals(
                List.of(
                        Map.of("phone", "919800000202", "jid", "919800000202@s.whatsapp.net", "onWhatsApp", true),
                        Map.of("phone", "999123456", "jid", "999123456@s.whatsapp.net", "onWhatsApp", false),
                        Map.of("phone", "919800000203", "jid", "919800000203@s.whatsapp.net", "onWhatsApp", true)),
                list(checked, "contacts"));
        assertError(api.get("/api/whatsapp/session/k1/contacts/check", key), 400, "INVALID_REQUEST");
        assertError(api.get("/api/whatsapp/session/k1/contacts/check?phones=12x", key), 400, "INVALID_RECIPIENT");
        assertError(
                api.get("/api/whatsapp/session/k1/contacts/check?phones=" + "919800000202,".repeat(51), key),
                400,
                "INVALID_REQUEST");
        try (WapiClient grpc = Grpc.client(target.getUri(), key)) {
            List<Contact> contacts = grpc.checkContacts("k1", List.of("919800000202", "999000000001"));
            assertEquals(
                    List.of(true, false),
                    contacts.stream().map(Contact::getOnWhatsapp).toList());
            assertEquals(
                    "INVALID_RECIPIENT",
                    assertThrows(WapiClientException.class, () -> grpc.checkContacts("k1", List.of("nope")))
                            .code());
        }
        api.post("/api/whatsapp/session/k1/disconnect", key, null);
        assertError(
                api.get("/api/whatsapp/session/k1/contacts/check?phones=919800000202", key), 409, "SESSION_NOT_READY");
    }

    @Test
    void bulkJobsCanSkipNumbersWithoutWhatsAppInsteadOfFailingThem() {
        Api api = new Api(target.getUri());
        String key = api.tenant("starter").key();
        api.readySession(key, "b1", "919800000301");
        String body =
                "\"recipients\":[\"919800000302\",\"999000000303\",\"919800000304\"],\"message\":\"Hi\",\"delayMin\":0,\"delayMax\":0";
        String skipping = (String)
                api.post("/api/whatsapp/session/b1/send-bulk", key, "{" + body + ",\"skipNotOnWhatsApp\":true}")
                        .get("jobId");
        Api.Response done = Api.await(
                () -> api.get("/api/whatsapp/bulk-job/" + skipping, key),
                r -> "completed".equals(r.get("status")),
                "the skipping job to complete");
        assertEquals(2, done.get("succeeded"));
        assertEquals(0, done.get("failed"));
        assertEquals(1, done.get("skipped"));
        assertEquals(true, done.get("skipNotOnWhatsApp"));
        Map<String, Object> skipped = list(
                        api.get("/api/whatsapp/bulk-job/" + skipping + "/recipients?status=skipped", key), "recipients")
                .getFirst();
        assertEquals("999000000303", skipped.get("phone"));
        assertEquals("RECIPIENT_NOT_ON_WHATSAPP", skipped.get("error"));

        // Without the option the send is tried and fails.
        String plain = (String) api.post("/api/whatsapp/session/b1/send-bulk", key, "{" + body + "}")
                .get("jobId");
        Api.Response plainDone = Api.await(
                () -> api.get("/api/whatsapp/bulk-job/" + plain, key),
                r -> "completed".equals(r.get("status")),
                "the plain job to complete");
        assertEquals(1, plainDone.get("failed"));
        assertEquals(0, plainDone.get("skipped"));
        assertEquals(null, plainDone.get("skipNotOnWhatsApp"));
    }
}
