package cloud.wapiconnect.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.MediaFiles;
import cloud.wapiconnect.util.WebhookReceiver;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JSON bodies the REST API answers with, as raw text (key order, omitted and null fields, number and date
 * formats), compared with {@code golden/rest/responses.txt}. Values that differ per run (ids, keys, timestamps,
 * QR codes) are normalised by key: a string becomes {@code "~"}, a number {@code 0}; null, booleans and the
 * JSON's shape stay as they are. Rewrite the file with {@code -Dgolden.update=true} (only when a change of the
 * API is meant).
 */
@HelidonTest
@AddConfig(key = "WAPI_ALLOW_PRIVATE_NETWORKS", value = "true")
@AddConfig(key = "WAPI_WEBHOOK_RETRY_INITIAL_MS", value = "100")
class RestJsonGoldenIT {
    private static final String GOLDEN = "golden/rest/responses.txt";
    private static final List<String> VOLATILE = List.of(
            "qr",
            "qrCode",
            "messageId",
            "pollMessageId",
            "timestamp",
            "createdAt",
            "updatedAt",
            "startedAt",
            "completedAt",
            "sentAt",
            "nextAttemptAt",
            "deliveredAt",
            "url",
            "tenantId",
            "apiKey",
            "jobId",
            "id",
            "eventId",
            "endpointId",
            "date",
            "inviteCode",
            "inviteLink",
            "pairingCode",
            "groupJid",
            "quotedMessageId",
            "requestId");
    private static final String CUSTOMER = "919876543211";

    @Inject
    WebTarget target;

    private final StringBuilder out = new StringBuilder();
    private Api api;
    private String key;

    @Test
    void everyResponseBodyIsAsBefore() throws IOException {
        api = new Api(target.getUri());
        admin();
        Api.TestTenant tenant = api.tenant("starter");
        key = tenant.key();
        sessions();
        messages();
        chats();
        groups();
        sandbox();
        bulk();
        webhooks();
        account();
        errors();

        String actual = out.toString();
        if (Boolean.getBoolean("golden.update")) {
            Path file = Path.of("src/test/resources").resolve(GOLDEN);
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual);
        }
        assertEquals(golden(), actual);
    }

    private void admin() {
        record("PUT", "/api/admin/plans/golden", Map.of("X-Admin-Key", Api.ADMIN_KEY), """
                {"name":"Golden","maxSessions":3,"dailyMessageLimit":50,"maxBulkJobs":2}""");
        Api.Response created = record("POST", "/api/admin/tenants", Map.of("X-Admin-Key", Api.ADMIN_KEY), """
                {"name":"Golden Shop","email":"golden@example.com","plan":"golden"}""");
        String id = (String) created.get("tenantId");
        record("PATCH", "/api/admin/tenants/" + id, Map.of("X-Admin-Key", Api.ADMIN_KEY), """
                {"suspended":true}""");
        record("PATCH", "/api/admin/tenants/" + id, Map.of("X-Admin-Key", Api.ADMIN_KEY), """
                {"plan":"starter","suspended":false}""");
        Api.Response tenants = api.admin("GET", "/api/admin/tenants", null);
        assertTrue(tenants.body().startsWith("{\"tenants\":[{\"tenantId\":"), tenants.toString());
        Api.Response plans = api.admin("GET", "/api/admin/plans", null);
        assertTrue(plans.body().startsWith("{\"plans\":[{\"planId\":"), plans.toString());
    }

    private void sessions() {
        post("/api/whatsapp/session", """
                {"sessionId":"main","name":"Golden Number"}""");
        api.awaitStatus(key, "main", "qr_ready");
        get("/api/whatsapp/session/main/status");
        post("/api/sandbox/session/main/scan", """
                {"phoneNumber":"919876543210"}""");
        api.awaitStatus(key, "main", "ready");
        get("/api/whatsapp/session/main/status");
        get("/api/whatsapp/sessions");

        post("/api/whatsapp/session", """
                {"sessionId":"other"}""");
        api.awaitStatus(key, "other", "qr_ready");
        post("/api/whatsapp/session/other/pairing-code", """
                {"phoneNumber":"919876500009"}""");
        post("/api/whatsapp/session/other/disconnect", null);
        post("/api/whatsapp/session", """
                {"sessionId":"other"}""");
        delete("/api/whatsapp/session/other");
    }

    private void messages() {
        post("/api/whatsapp/session/main/send", """
                {"to":"+91 98765-43211","header":"Order Update","message":"Shipped!","footer":"WapiConnect Store"}""");
        post("/api/whatsapp/session/main/send", """
                {"to":"919876543211","type":"location","latitude":12.9716,"longitude":77.5946,\
                "name":"Office","address":"MG Road"}""");
        post("/api/whatsapp/session/main/send", """
                {"to":"919876543211","type":"poll","message":"Lunch?","options":["Pizza","Salad"],"selectableCount":1}""");
        Api.Response first = post("/api/whatsapp/session/main/send", """
                {"to":"919876543211","type":"contact","contacts":[{"name":"Rao, Asha","phones":["+91 98765 43210"],\
                "org":"Rao & Sons"},{"name":"Ravi","phones":["919800000001"]}]}""");
        post("/api/whatsapp/session/main/send", """
                {"to":"919876543211","type":"reaction","messageId":"%s","emoji":"👍"}""".formatted(first.get("messageId")));
        post("/api/whatsapp/session/main/send", """
                {"to":"919876543211","message":"See above @919800000001","replyTo":"%s","mentions":["919800000001"],\
                "linkPreview":false}""".formatted(first.get("messageId")));
        post("/api/whatsapp/session/main/send", """
                {"to":"919876543211","type":"document","mediaBase64":"%s","mediaMimeType":"application/pdf",\
                "fileName":"invoice.pdf","message":"The invoice"}""".formatted(
                        Base64.getEncoder().encodeToString(MediaFiles.pdf())));
        post("/api/whatsapp/session/main/send", """
                {"to":"919876543211","type":"audio","mediaBase64":"%s","mediaMimeType":"audio/ogg; codecs=opus"}""".formatted(
                        Base64.getEncoder().encodeToString(MediaFiles.oggOpus())));
        Api.await(
                () -> api.get("/api/whatsapp/messages?direction=outgoing", key),
                r -> r.body().split("\"status\":\"", -1).length == r.body().split("\"status\":\"read\"", -1).length,
                "the sandbox to ack the messages as read");
        get("/api/whatsapp/messages");
        get("/api/whatsapp/messages?direction=outgoing&limit=2&page=2");
        get("/api/sandbox/session/main/delivered");

        Api.Response incoming = post("/api/sandbox/session/main/incoming", """
                {"from":"919812345678","body":"Hello! I need help with my order."}""");
        String id = (String) incoming.get("messageId");
        post("/api/whatsapp/session/main/read", """
                {"chat":"919812345678","messageIds":["%s"]}""".formatted(id));
        post("/api/whatsapp/session/main/presence", """
                {"to":"919812345678","state":"typing"}""");
        get("/api/whatsapp/messages?direction=incoming");
    }

    private void chats() {
        get("/api/whatsapp/session/main/chats");
        get("/api/whatsapp/session/main/chats/" + CUSTOMER + "/messages?limit=2");
        get("/api/whatsapp/session/main/contacts/check?phones=919876543211,919800000000&phones=+91%2098000-00001");
    }

    private void groups() {
        Api.Response created = post("/api/whatsapp/session/main/groups", """
                {"subject":"Golden Group","participants":["919800000002","919800000003"]}""");
        String jid = (String) created.get("id");
        String group = "/api/whatsapp/session/main/groups/" + jid;
        get("/api/whatsapp/session/main/groups");
        get(group);
        record("PUT", group, Map.of("X-API-Key", key), """
                {"subject":"Golden Group 2","description":"All about gold"}""");
        post(group + "/participants", """
                {"promote":["919800000002"]}""");
        post(group + "/participants", """
                {"remove":["919800000003","919800000099"]}""");
        get(group + "/invite-code");
        post(group + "/leave", null);
    }

    private void sandbox() {
        post("/api/sandbox/session/main/group-added", """
                {"subject":"Added Group","by":"919800000004"}""");
        Api.Response poll = post("/api/whatsapp/session/main/send", """
                {"to":"919876543211","type":"poll","message":"Tea?","options":["Yes","No"]}""");
        post("/api/sandbox/session/main/poll-vote", """
                {"from":"919876543211","pollMessageId":"%s","options":["Yes"]}""".formatted(poll.get("messageId")));
    }

    private void bulk() {
        Api.Response accepted = post("/api/whatsapp/session/main/send-bulk", """
                {"recipients":[{"phone":"919800000011","name":"Asha"},"919800000012",919800000012],\
                "message":"Hello {{name}}"}""");
        String job = (String) accepted.get("jobId");
        Api.await(
                () -> api.get("/api/whatsapp/bulk-job/" + job, key),
                r -> "completed".equals(r.get("status")),
                "the bulk job to complete");
        get("/api/whatsapp/bulk-job/" + job);
        get("/api/whatsapp/bulk-jobs");
        get("/api/whatsapp/bulk-jobs?sessionId=main&status=completed&limit=1");
        get("/api/whatsapp/bulk-job/" + job + "/recipients");
        get("/api/whatsapp/bulk-job/" + job + "/recipients?status=sent&limit=1&page=1");
        post("/api/whatsapp/bulk-job/" + job + "/cancel", null);

        post("/api/sandbox/session/main/connection-lost", null);
        Api.Response waiting = post("/api/whatsapp/session/main/send-bulk", """
                {"recipients":["919800000021","919800000022"],"message":"Later","skipNotOnWhatsApp":true}""");
        String later = (String) waiting.get("jobId");
        Api.await(
                () -> api.get("/api/whatsapp/bulk-job/" + later, key),
                r -> "session".equals(r.get("waitingFor")),
                "the bulk job to wait for the session");
        get("/api/whatsapp/bulk-job/" + later);
        post("/api/whatsapp/bulk-job/" + later + "/cancel", null);
        get("/api/whatsapp/bulk-job/" + later + "/recipients");
        get("/api/whatsapp/bulk-jobs?status=failed");
        get("/api/whatsapp/session/main/status");
    }

    private void webhooks() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            get("/api/settings/webhook");
            record("PUT", "/api/settings/webhook", Map.of("X-API-Key", key), """
                    {"url":"%s","secret":"whsec_golden","events":["message"]}""".formatted(receiver.url()));
            get("/api/settings/webhook");
            Api.Response test = post("/api/settings/webhook/test", null);
            Api.Response created =
                    record("POST", "/api/settings/webhooks", Map.of("X-API-Key", key), """
                    {"url":"%s","sessions":["main"]}""".formatted(receiver.url()));
            String id = (String) created.get("id");
            get("/api/settings/webhooks");
            get("/api/settings/webhooks/" + id);
            record("PUT", "/api/settings/webhooks/" + id, Map.of("X-API-Key", key), """
                    {"url":"%s","events":["message_status","message"]}""".formatted(receiver.url()));
            post("/api/settings/webhooks/" + id + "/test", null);
            receiver.await(r -> r.size() >= 2, Duration.ofSeconds(15), "two test deliveries");
            Api.await(
                    () -> api.get("/api/settings/webhook/deliveries", key),
                    r -> r.body().split("\"status\":\"delivered\"", -1).length == 3,
                    "both deliveries to be recorded as delivered");
            get("/api/settings/webhook/deliveries");
            get("/api/settings/webhook/deliveries?limit=1&page=2&status=delivered&endpointId=" + id);
            post("/api/settings/webhook/deliveries/" + test.get("eventId") + "/redeliver", null);
            post("/api/settings/webhook/deliveries/" + test.get("eventId") + "/redeliver?endpointId=" + id, null);
            delete("/api/settings/webhooks/" + id);
            delete("/api/settings/webhook");
            get("/api/settings/webhook");
        }
    }

    private void account() {
        get("/api/usage");
        post("/api/settings/api-key/reset", null);
    }

    private void errors() {
        get("/api/whatsapp/session/nope/status");
        get("/api/whatsapp/messages?limit=0");
        get("/api/whatsapp/bulk-job/nope");
    }

    private Api.Response get(String path) {
        return record("GET", path, Map.of("X-API-Key", key), null);
    }

    private Api.Response post(String path, String body) {
        return record("POST", path, Map.of("X-API-Key", key), body);
    }

    private Api.Response delete(String path) {
        return record("DELETE", path, Map.of("X-API-Key", key), null);
    }

    private Api.Response record(String method, String path, Map<String, String> headers, String body) {
        Api.Response response = api.send(method, path, headers, body);
        if (path.endsWith("/api-key/reset") && response.status() == 200) {
            key = (String) response.get("apiKey");
        }
        out.append(method)
                .append(' ')
                .append(path.replaceAll(
                        "\\d+@g\\.us|3EB0[0-9A-F]{16}|(?<=/bulk-job/)[0-9a-f]{24}|(?<=/webhooks/)[^/?]+"
                                + "|(?<=/tenants/).+|(?<=/deliveries/)\\d+|(?<=endpointId=)[^&]+",
                        "~"))
                .append('\n')
                .append(response.status())
                .append(' ')
                .append(normalise(response.body(), VOLATILE))
                .append("\n\n");
        return response;
    }

    /** Each listed key's string value becomes {@code "~"}, its number {@code 0}; null, booleans and shape stay. */
    static String normalise(String json, List<String> keys) {
        String names = String.join("|", keys);
        Matcher m = Pattern.compile("\"(" + names + ")\":(\"(?:[^\"\\\\]|\\\\.)*\"|-?\\d+(?:\\.\\d+)?)")
                .matcher(json);
        StringBuilder result = new StringBuilder();
        while (m.find()) {
            String value = m.group(2).startsWith("\"") ? "\"~\"" : "0";
            m.appendReplacement(result, Matcher.quoteReplacement("\"" + m.group(1) + "\":" + value));
        }
        m.appendTail(result);
        return result.toString().replaceAll("\\d{6,}@g\\.us|3EB0[0-9A-F]{16}|(?<=')[0-9a-f]{24}(?=')", "~");
    }

    private static String golden() throws IOException {
        try (InputStream in = RestJsonGoldenIT.class.getClassLoader().getResourceAsStream(GOLDEN)) {
            if (in == null) {
                return "(missing " + GOLDEN + ": run once with -Dgolden.update=true)";
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
