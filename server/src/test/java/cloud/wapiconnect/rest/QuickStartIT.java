package cloud.wapiconnect.rest;

import static cloud.wapiconnect.util.ApiAssertions.newestMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.event.Event;
import cloud.wapiconnect.event.EventJson;
import cloud.wapiconnect.event.EventLog;
import cloud.wapiconnect.event.EventType;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.QrCodes;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The README's quick start, over real HTTP against MariaDB: create, scan, send, log. */
@HelidonTest
class QuickStartIT {
    @Inject
    WebTarget target;

    @Inject
    EventLog events;

    private Api api;
    private String tenantId;
    private String key;

    @BeforeEach
    void tenant() {
        api = new Api(target.getUri());
        Api.TestTenant tenant = api.tenant("starter");
        tenantId = tenant.id();
        key = tenant.key();
    }

    @Test
    void createScanSendAndReadTheLog() {
        Api.Response created =
                api.post("/api/whatsapp/session", key, "{\"sessionId\":\"main\",\"name\":\"Sales Number\"}");
        assertEquals(200, created.status(), created.toString());
        assertEquals(
                "{\"success\":true,\"sessionId\":\"main\",\"isNew\":true,\"status\":\"initializing\"}", created.body());

        Api.Response qr = api.awaitStatus(key, "main", "qr_ready");
        String qrCode = (String) qr.get("qrCode");
        assertTrue(qrCode.startsWith("data:image/png;base64,"), qrCode);
        assertEquals(qr.get("qr"), QrCodes.decodeDataUrl(qrCode), "the PNG encodes the raw QR string");

        Api.Response scan = api.post("/api/sandbox/session/main/scan", key, "{\"phoneNumber\":\"919876543210\"}");
        assertEquals(200, scan.status(), scan.toString());
        Api.Response ready = api.awaitStatus(key, "main", "ready");
        assertEquals(true, ready.get("connected"));
        assertEquals("919876543210", ready.get("phoneNumber"));

        Api.Response sent = api.post(
                "/api/whatsapp/session/main/send",
                key,
                "{\"to\":\"+91 98765-43211\",\"header\":\"Order Update\",\"message\":\"Shipped!\",\"footer\":\"WapiConnect Store\"}");
        assertEquals(200, sent.status(), sent.toString());
        assertEquals(true, sent.get("success"));
        String messageId = (String) sent.get("messageId");
        assertTrue(
                sent.body().matches("\\{\"success\":true,\"messageId\":\"3EB0[0-9A-F]{16}\",\"timestamp\":\\d{10}}"),
                sent.body());

        Api.Response logged = Api.await(
                () -> api.get("/api/whatsapp/messages", key),
                r -> "read".equals(newestMessage(r).get("status")),
                "the sandbox to ack the message as read");
        Map<String, Object> entry = newestMessage(logged);
        assertEquals("main", entry.get("sessionId"));
        assertEquals("919876543211", entry.get("to"));
        assertEquals("919876543210", entry.get("from"));
        assertEquals("*Order Update*\n\nShipped!\n\n_WapiConnect Store_", entry.get("message"));
        assertEquals("text", entry.get("type"));
        assertEquals("outgoing", entry.get("direction"));
        assertEquals(messageId, entry.get("messageId"));
        assertTrue(((String) entry.get("createdAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        assertEquals(1, ((Number) logged.get("total")).intValue());
        assertEquals(1, ((Number) logged.get("page")).intValue());
        assertEquals(1, ((Number) logged.get("pages")).intValue());

        Api.Response delivered = api.get("/api/sandbox/session/main/delivered", key);
        assertTrue(delivered.body().contains(messageId), delivered.toString());
        assertTrue(delivered.body().contains("919876543211@s.whatsapp.net"), delivered.toString());

        Api.Response incoming = api.post(
                "/api/sandbox/session/main/incoming",
                key,
                "{\"from\":\"919812345678\",\"body\":\"Hello! I need help with my order.\"}");
        assertEquals(200, incoming.status(), incoming.toString());
        Api.Response inbox = api.get("/api/whatsapp/messages?direction=incoming", key);
        Map<String, Object> in = newestMessage(inbox);
        assertEquals("919812345678", in.get("from"));
        assertEquals("919876543210", in.get("to"));
        assertEquals("received", in.get("status"));
        assertEquals(1, ((Number) inbox.get("total")).intValue());

        Api.Response usage = api.get("/api/usage", key);
        assertEquals(1, ((Number) usage.get("used")).intValue(), usage.toString());
        assertEquals(1000, ((Number) usage.get("limit")).intValue());
        assertEquals("starter", usage.get("plan"));
        assertEquals(1, ((Number) usage.get("sessions")).intValue());

        List<Event> log = events.after(tenantId, 0, 100);
        assertEquals(
                List.of(EventType.QR, EventType.AUTHENTICATED, EventType.READY),
                log.subList(0, 3).stream().map(Event::type).toList());
        // Acks may overtake each other; a status only ever moves forward, so the events show a forward path to read.
        List<Object> statuses = log.stream()
                .filter(e -> e.type() == EventType.MESSAGE_STATUS)
                .map(e -> EventJson.toMap(e.data()).get("status"))
                .toList();
        List<Object> forward = List.of("sent", "delivered", "read");
        assertEquals(forward.stream().filter(statuses::contains).toList(), statuses, "only forward, each once");
        assertEquals("read", statuses.getLast(), statuses.toString());
        Event message = log.getLast();
        assertEquals(EventType.MESSAGE, message.type());
        assertEquals(
                "919812345678@s.whatsapp.net", EventJson.toMap(message.data()).get("from"));
        assertEquals(false, EventJson.toMap(message.data()).get("isGroup"));
    }

    @Test
    void disconnectKeepsTheLinkAndDeleteForgetsIt() {
        api.readySession(key, "shop", "919876500001");
        Api.Response disconnected = api.post("/api/whatsapp/session/shop/disconnect", key, null);
        assertEquals(200, disconnected.status(), disconnected.toString());
        assertEquals("disconnected", disconnected.get("status"));
        assertEquals(
                "disconnected",
                api.get("/api/whatsapp/session/shop/status", key).get("status"));
        assertEquals(
                "SESSION_NOT_READY",
                api.post("/api/whatsapp/session/shop/send", key, "{\"to\":\"919876543210\",\"message\":\"x\"}")
                        .code());

        Api.Response again = api.post("/api/whatsapp/session", key, "{\"sessionId\":\"shop\"}");
        assertEquals(false, again.get("isNew"), again.toString());
        Api.Response ready = api.awaitStatus(key, "shop", "ready");
        assertEquals("919876500001", ready.get("phoneNumber"), "reconnected without a new QR");

        Api.Response list = api.get("/api/whatsapp/sessions", key);
        assertTrue(list.body().contains("\"sessionId\":\"shop\""), list.toString());

        api.post("/api/whatsapp/session/shop/send", key, "{\"to\":\"919876543210\",\"message\":\"kept\"}");
        assertEquals(200, api.delete("/api/whatsapp/session/shop", key).status());
        assertEquals(
                "SESSION_NOT_FOUND",
                api.get("/api/whatsapp/session/shop/status", key).code());
        assertFalse(api.get("/api/whatsapp/sessions", key).body().contains("\"shop\""));
        assertEquals(
                1,
                ((Number) api.get("/api/whatsapp/messages?sessionId=shop", key).get("total")).intValue(),
                "the message log outlives the session");
    }
}
