package cloud.wapiconnect.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.client.WapiClient;
import cloud.wapiconnect.client.WapiClientException;
import cloud.wapiconnect.proto.v1.ApiKeyInfo;
import cloud.wapiconnect.proto.v1.ApiKeyScope;
import cloud.wapiconnect.proto.v1.BulkJob;
import cloud.wapiconnect.proto.v1.BulkJobStatus;
import cloud.wapiconnect.proto.v1.BulkRecipientInput;
import cloud.wapiconnect.proto.v1.BulkRecipientStatus;
import cloud.wapiconnect.proto.v1.CreateApiKeyRequest;
import cloud.wapiconnect.proto.v1.CreateSessionResponse;
import cloud.wapiconnect.proto.v1.CreatedApiKey;
import cloud.wapiconnect.proto.v1.DownloadMediaResponse;
import cloud.wapiconnect.proto.v1.ListBulkJobsRequest;
import cloud.wapiconnect.proto.v1.ListBulkJobsResponse;
import cloud.wapiconnect.proto.v1.ListBulkRecipientsRequest;
import cloud.wapiconnect.proto.v1.ListBulkRecipientsResponse;
import cloud.wapiconnect.proto.v1.ListMessagesRequest;
import cloud.wapiconnect.proto.v1.ListMessagesResponse;
import cloud.wapiconnect.proto.v1.LoggedMessage;
import cloud.wapiconnect.proto.v1.MessageContent;
import cloud.wapiconnect.proto.v1.MessageDirection;
import cloud.wapiconnect.proto.v1.SendMessageRequest;
import cloud.wapiconnect.proto.v1.Session;
import cloud.wapiconnect.proto.v1.SessionStatus;
import cloud.wapiconnect.proto.v1.StartBulkJobRequest;
import cloud.wapiconnect.proto.v1.StartBulkJobResponse;
import cloud.wapiconnect.proto.v1.Usage;
import cloud.wapiconnect.sandbox.SandboxService;
import cloud.wapiconnect.tenant.TenantService;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.Grpc;
import cloud.wapiconnect.util.QrCodes;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each unary RPC against its REST twin: same data, same validation, same error codes. */
@HelidonTest
class GrpcParityIT {
    @Inject
    WebTarget target;

    @Inject
    SandboxService sandbox;

    @Inject
    TenantService tenants;

    private Api api;
    private Api.TestTenant tenant;
    private WapiClient grpc;

    @BeforeEach
    void connect() {
        api = new Api(target.getUri());
        tenant = api.tenantOnPlan("grpc-parity", 3, 1000);
        grpc = Grpc.client(target.getUri(), tenant.key());
    }

    @AfterEach
    void disconnect() {
        grpc.close();
    }

    private static String lower(Enum<?> value, String prefix) {
        return value.name().substring(prefix.length()).toLowerCase(Locale.ROOT);
    }

    @Test
    void sessionsMatchTheirRestTwins() {
        CreateSessionResponse created = grpc.createSession("main", "Sales Number");
        assertEquals("main", created.getSessionId());
        assertEquals(true, created.getIsNew());
        assertEquals(SessionStatus.SESSION_STATUS_INITIALIZING, created.getStatus());
        // The same service: REST now sees it, and creating it again there is not new.
        Api.Response again = api.post("/api/whatsapp/session", tenant.key(), "{\"sessionId\":\"main\"}");
        assertEquals(false, again.get("isNew"));

        Api.Response rest = api.awaitStatus(tenant.key(), "main", "qr_ready");
        Session status = grpc.sessionStatus("main");
        assertEquals(SessionStatus.SESSION_STATUS_QR_READY, status.getStatus());
        assertEquals(rest.get("qr"), status.getQr());
        assertEquals("Sales Number", status.getName());
        String dataUrl = (String) rest.get("qrCode");
        assertArrayEquals(
                Base64.getDecoder().decode(dataUrl.substring(dataUrl.indexOf(',') + 1)),
                status.getQrPng().toByteArray());
        assertEquals(status.getQr(), QrCodes.decodeDataUrl(dataUrl));

        api.post("/api/sandbox/session/main/scan", tenant.key(), "{\"phoneNumber\":\"919876543210\"}");
        api.awaitStatus(tenant.key(), "main", "ready");
        List<Session> listed = grpc.listSessions();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> restList = (List<Map<String, Object>>)
                api.get("/api/whatsapp/sessions", tenant.key()).get("sessions");
        assertEquals(restList.size(), listed.size());
        assertEquals(restList.getFirst().get("sessionId"), listed.getFirst().getSessionId());
        assertEquals(restList.getFirst().get("status"), lower(listed.getFirst().getStatus(), "SESSION_STATUS_"));
        assertEquals("919876543210", listed.getFirst().getPhoneNumber());
        assertEquals(true, listed.getFirst().getConnected());

        Session disconnected = grpc.disconnectSession("main");
        assertEquals(SessionStatus.SESSION_STATUS_DISCONNECTED, disconnected.getStatus());
        assertEquals(
                api.get("/api/whatsapp/session/main/status", tenant.key()).get("reason"), disconnected.getReason());

        grpc.deleteSession("main");
        assertEquals(
                404, api.get("/api/whatsapp/session/main/status", tenant.key()).status());
        WapiClientException gone = assertThrows(WapiClientException.class, () -> grpc.sessionStatus("main"));
        assertEquals(api.get("/api/whatsapp/session/main/status", tenant.key()).code(), gone.code());
    }

    @Test
    void pairingCodesFollowTheRulesOfTheirRestTwin() {
        grpc.createSession("pairing", null);
        api.awaitStatus(tenant.key(), "pairing", "qr_ready");
        assertTrue(grpc.requestPairingCode("pairing", "+919800000035").matches("[A-Z0-9]{4}-[A-Z0-9]{4}"));
        assertEquals(
                200,
                api.post(
                                "/api/whatsapp/session/pairing/pairing-code",
                                tenant.key(),
                                "{\"phoneNumber\":\"919800000035\"}")
                        .status());

        api.readySession(tenant.key(), "linked", "919800000036");
        Map<String, String[]> cases = Map.of(
                "INVALID_REQUEST", new String[] {"pairing", "abc"},
                "SESSION_ALREADY_LINKED", new String[] {"linked", "919800000036"},
                "SESSION_NOT_FOUND", new String[] {"nobody", "919800000036"});
        cases.forEach((code, call) -> {
            WapiClientException e =
                    assertThrows(WapiClientException.class, () -> grpc.requestPairingCode(call[0], call[1]));
            assertEquals(code, e.code());
            assertEquals(
                    code,
                    api.post(
                                    "/api/whatsapp/session/" + call[0] + "/pairing-code",
                                    tenant.key(),
                                    "{\"phoneNumber\":\"" + call[1] + "\"}")
                            .code());
        });
        grpc.disconnectSession("pairing");
        WapiClientException notWaiting =
                assertThrows(WapiClientException.class, () -> grpc.requestPairingCode("pairing", "919800000035"));
        assertEquals("SESSION_NOT_READY", notWaiting.code());
    }

    @Test
    void mediaDownloadsMatchTheirRestTwin() {
        api.readySession(tenant.key(), "main", "919876543210");
        byte[] pdf = "%PDF-1.4 a small document".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String id = (String) api.post(
                        "/api/sandbox/session/main/incoming",
                        tenant.key(),
                        "{\"from\":\"919800000001\",\"body\":\"the invoice\",\"type\":\"document\",\"mediaBase64\":\""
                                + Base64.getEncoder().encodeToString(pdf)
                                + "\",\"mediaMimeType\":\"application/pdf\",\"fileName\":\"invoice.pdf\"}")
                .get("messageId");

        DownloadMediaResponse media = grpc.downloadMedia("main", id);
        assertArrayEquals(pdf, media.getData().toByteArray());
        assertArrayEquals(
                api.getBytes("/api/whatsapp/session/main/media/" + id, tenant.key())
                        .body(),
                media.getData().toByteArray());
        assertEquals("application/pdf", media.getMimeType());
        assertEquals("invoice.pdf", media.getFileName());

        WapiClientException missing =
                assertThrows(WapiClientException.class, () -> grpc.downloadMedia("main", "3EB0NONE"));
        assertEquals("MEDIA_NOT_FOUND", missing.code());
        assertEquals(
                api.get("/api/whatsapp/session/main/media/3EB0NONE", tenant.key())
                        .code(),
                missing.code());
        WapiClientException foreign = assertThrows(WapiClientException.class, () -> grpc.downloadMedia("nobody", id));
        assertEquals("SESSION_NOT_FOUND", foreign.code());
    }

    @Test
    void mediaLargerThanGrpcsDefaultMessageSizeDownloads() {
        api.readySession(tenant.key(), "main", "919876543210");
        byte[] video = new byte[6 * 1024 * 1024];
        new java.util.Random(7).nextBytes(video);
        // Larger than the sandbox endpoint's body limit: the simulated network delivers it directly.
        String id = sandbox.incoming(
                tenants.authenticate(tenant.key()),
                "main",
                "919800000001",
                "",
                "document",
                false,
                Base64.getEncoder().encodeToString(video),
                "application/octet-stream",
                "big.bin");
        assertArrayEquals(video, grpc.downloadMedia("main", id).getData().toByteArray());
    }

    @Test
    void sendAndTheMessageLogMatchTheirRestTwins() {
        api.readySession(tenant.key(), "main", "919876543210");
        String viaGrpc = grpc.send(SendMessageRequest.newBuilder()
                        .setSessionId("main")
                        .setTo("+91 98765-43211")
                        .setContent(MessageContent.newBuilder()
                                .setHeader("Order Update")
                                .setMessage("Shipped!")
                                .setFooter("WapiConnect Store"))
                        .build())
                .getMessageId();
        api.post(
                "/api/whatsapp/session/main/send",
                tenant.key(),
                "{\"to\":\"919876543212\",\"type\":\"poll\",\"message\":\"Lunch?\",\"options\":[\"Pizza\",\"Salad\"]}");
        String poll = grpc.send(SendMessageRequest.newBuilder()
                        .setSessionId("main")
                        .setTo("919876543213")
                        .setContent(MessageContent.newBuilder()
                                .setType("poll")
                                .setMessage("Dinner?")
                                .addAllOptions(List.of("Soup", "Curry", "Rice"))
                                .setSelectableCount(2))
                        .build())
                .getMessageId();
        api.post("/api/sandbox/session/main/incoming", tenant.key(), "{\"from\":\"919800000001\",\"body\":\"Hi\"}");

        ListMessagesResponse all = grpc.listMessages(ListMessagesRequest.getDefaultInstance());
        Api.Response rest = api.get("/api/whatsapp/messages", tenant.key());
        assertEquals(((Number) rest.get("total")).longValue(), all.getTotal());
        assertEquals(4, all.getTotal());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> restMessages = (List<Map<String, Object>>) rest.get("messages");
        for (int i = 0; i < restMessages.size(); i++) {
            Map<String, Object> r = restMessages.get(i);
            LoggedMessage g = all.getMessages(i);
            assertEquals(r.get("messageId"), g.getMessageId());
            assertEquals(r.get("to"), g.getTo());
            assertEquals(r.get("from"), g.getFrom());
            assertEquals(r.get("message"), g.getMessage());
            assertEquals(r.get("type"), g.getType());
            assertEquals(r.get("direction"), lower(g.getDirection(), "MESSAGE_DIRECTION_"));
            assertEquals(
                    Instant.parse((String) r.get("createdAt")).toEpochMilli(),
                    g.getCreatedAt().getSeconds() * 1000 + g.getCreatedAt().getNanos() / 1_000_000);
        }
        assertTrue(all.getMessagesList().stream()
                .anyMatch(m -> m.getMessageId().equals(viaGrpc)
                        && m.getMessage().equals("*Order Update*\n\nShipped!\n\n_WapiConnect Store_")));
        assertTrue(all.getMessagesList().stream()
                .anyMatch(m -> m.getMessageId().equals(poll) && m.getType().equals("poll")));

        ListMessagesResponse incoming = grpc.listMessages(ListMessagesRequest.newBuilder()
                .setDirection(MessageDirection.MESSAGE_DIRECTION_INCOMING)
                .build());
        assertEquals(
                ((Number) api.get("/api/whatsapp/messages?direction=incoming", tenant.key())
                                .get("total"))
                        .longValue(),
                incoming.getTotal());
        assertEquals(1, incoming.getTotal());
        ListMessagesResponse paged = grpc.listMessages(
                ListMessagesRequest.newBuilder().setPage(2).setLimit(3).build());
        assertEquals(1, paged.getMessagesCount());
        assertEquals(2, paged.getPages());
        assertEquals(
                api.get("/api/whatsapp/messages?limit=101", tenant.key()).code(),
                assertThrows(
                                WapiClientException.class,
                                () -> grpc.listMessages(ListMessagesRequest.newBuilder()
                                        .setLimit(101)
                                        .build()))
                        .code());
    }

    @Test
    @SuppressWarnings("unchecked")
    void editRevokeAndForwardMatchTheirRestTwins() {
        api.readySession(tenant.key(), "main", "919876543210");
        String viaRest = grpc.sendText("main", "919876543211", "Draft one").getMessageId();
        String viaGrpc = grpc.sendText("main", "919876543211", "Draft two").getMessageId();
        String base = "/api/whatsapp/session/main/messages/";

        Map<String, Object> rest =
                (Map<String, Object>) api.post(base + viaRest + "/edit", tenant.key(), "{\"message\":\"Final\"}")
                        .get("message");
        LoggedMessage edited = grpc.editMessage("main", viaGrpc, "Final");
        assertEquals(rest.get("message"), edited.getMessage());
        assertTrue(rest.containsKey("editedAt"));
        assertTrue(edited.hasEditedAt());
        assertFalse(edited.hasRevokedAt());

        Map<String, Object> restRevoked =
                (Map<String, Object>) api.delete(base + viaRest, tenant.key()).get("message");
        LoggedMessage revoked = grpc.revokeMessage("main", viaGrpc, false);
        assertEquals(restRevoked.get("message"), revoked.getMessage());
        assertTrue(restRevoked.containsKey("revokedAt"));
        assertTrue(revoked.hasRevokedAt());

        String incoming = (String) api.post(
                        "/api/sandbox/session/main/incoming",
                        tenant.key(),
                        "{\"from\":\"919800000001\",\"body\":\"Fwd me\"}")
                .get("messageId");
        Api.Response restForward = api.post(base + incoming + "/forward", tenant.key(), "{\"to\":\"919876543212\"}");
        assertEquals(200, restForward.status(), restForward.toString());
        String grpcForward =
                grpc.forwardMessage("main", incoming, "919876543212").getMessageId();
        ListMessagesResponse log = grpc.listMessages(ListMessagesRequest.getDefaultInstance());
        for (String id : List.of((String) restForward.get("messageId"), grpcForward)) {
            assertTrue(log.getMessagesList().stream()
                    .anyMatch(m -> m.getMessageId().equals(id) && m.getMessage().equals("Fwd me")));
        }

        // The same refusals, the same codes.
        for (String[] c : new String[][] {
            {"POST", base + "nosuch/edit", "{\"message\":\"x\"}"},
            {"POST", base + incoming + "/edit", "{\"message\":\"x\"}"},
            {"POST", base + viaRest + "/edit", "{\"message\":\"x\"}"},
            {"POST", base + viaGrpc + "/edit", "{\"message\":\"\"}"},
        }) {
            String id = c[1].substring(base.length(), c[1].lastIndexOf('/'));
            String text = c[2].contains("\"x\"") ? "x" : "";
            assertEquals(
                    api.send(c[0], c[1], Map.of("X-API-Key", tenant.key()), c[2])
                            .code(),
                    assertThrows(WapiClientException.class, () -> grpc.editMessage("main", id, text))
                            .code(),
                    c[1]);
        }
        assertEquals(
                api.delete(base + incoming, tenant.key()).code(),
                assertThrows(WapiClientException.class, () -> grpc.revokeMessage("main", incoming, false))
                        .code());
        assertEquals(
                api.delete(base + incoming + "?forMe=true", tenant.key()).code(),
                assertThrows(WapiClientException.class, () -> grpc.revokeMessage("main", incoming, true))
                        .code());
        assertEquals(
                api.post(base + "nosuch/forward", tenant.key(), "{\"to\":\"919876543212\"}")
                        .code(),
                assertThrows(WapiClientException.class, () -> grpc.forwardMessage("main", "nosuch", "919876543212"))
                        .code());
    }

    @Test
    void bulkJobsMatchTheirRestTwins() {
        api.readySession(tenant.key(), "main", "919876543210");
        StartBulkJobResponse started = grpc.startBulkJob(StartBulkJobRequest.newBuilder()
                .setSessionId("main")
                .addRecipients(
                        BulkRecipientInput.newBuilder().setPhone("919800000001").setName("Asha"))
                .addRecipients(BulkRecipientInput.newBuilder().setPhone("919800000002"))
                .addRecipients(BulkRecipientInput.newBuilder().setPhone("919800000001"))
                .setContent(MessageContent.newBuilder().setMessage("Hello {{name}}"))
                .setDelayMin(0)
                .setDelayMax(0)
                .build());
        assertEquals(2, started.getTotal());
        assertEquals(1, started.getDuplicatesRemoved());

        Api.Response done = Api.await(
                () -> api.get("/api/whatsapp/bulk-job/" + started.getJobId(), tenant.key()),
                r -> "completed".equals(r.get("status")),
                "the job to complete");
        BulkJob job = grpc.bulkJob(started.getJobId());
        assertEquals(BulkJobStatus.BULK_JOB_STATUS_COMPLETED, job.getStatus());
        assertEquals(((Number) done.get("succeeded")).intValue(), job.getSucceeded());
        assertEquals(((Number) done.get("total")).intValue(), job.getTotal());
        assertEquals(done.get("type"), job.getType());

        ListBulkJobsResponse jobs = grpc.listBulkJobs(ListBulkJobsRequest.newBuilder()
                .setStatus(BulkJobStatus.BULK_JOB_STATUS_COMPLETED)
                .build());
        assertEquals(
                ((Number) api.get("/api/whatsapp/bulk-jobs?status=completed", tenant.key())
                                .get("total"))
                        .longValue(),
                jobs.getTotal());
        assertEquals(started.getJobId(), jobs.getJobs(0).getJobId());

        ListBulkRecipientsResponse recipients = grpc.listBulkRecipients(ListBulkRecipientsRequest.newBuilder()
                .setJobId(started.getJobId())
                .setStatus(BulkRecipientStatus.BULK_RECIPIENT_STATUS_SENT)
                .build());
        assertEquals(2, recipients.getTotal());
        assertEquals("Asha", recipients.getRecipients(0).getName());
        assertEquals(
                ((Map<?, ?>) ((List<?>) api.get(
                                                "/api/whatsapp/bulk-job/" + started.getJobId() + "/recipients",
                                                tenant.key())
                                        .get("recipients"))
                                .getFirst())
                        .get("messageId"),
                recipients.getRecipients(0).getMessageId());

        WapiClientException finished =
                assertThrows(WapiClientException.class, () -> grpc.cancelBulkJob(started.getJobId()));
        assertEquals(
                api.post("/api/whatsapp/bulk-job/" + started.getJobId() + "/cancel", tenant.key(), null)
                        .code(),
                finished.code());
        assertEquals("BULK_JOB_FINISHED", finished.code());

        StartBulkJobResponse slow = grpc.startBulkJob(StartBulkJobRequest.newBuilder()
                .setSessionId("main")
                .addRecipients(BulkRecipientInput.newBuilder().setPhone("919800000003"))
                .addRecipients(BulkRecipientInput.newBuilder().setPhone("919800000004"))
                .setContent(MessageContent.newBuilder().setMessage("Later"))
                .setDelayMin(30)
                .setDelayMax(40)
                .build());
        BulkJob cancelled = grpc.cancelBulkJob(slow.getJobId());
        // As in REST: the document's statuses only; a cancelled job is failed, CANCELLED, cancelled.
        assertEquals(BulkJobStatus.BULK_JOB_STATUS_FAILED, cancelled.getStatus());
        assertEquals("CANCELLED", cancelled.getError().getCode());
        assertTrue(cancelled.getCancelled());
        Api.Response rest = api.get("/api/whatsapp/bulk-job/" + slow.getJobId(), tenant.key());
        assertEquals("failed", rest.get("status"));
        assertEquals(Map.of("code", "CANCELLED", "message", cancelled.getError().getMessage()), rest.get("error"));
        assertEquals(true, rest.get("cancelled"));
        WapiClientException noSuchFilter = assertThrows(
                WapiClientException.class,
                () -> grpc.listBulkJobs(ListBulkJobsRequest.newBuilder()
                        .setStatus(BulkJobStatus.BULK_JOB_STATUS_CANCELLED)
                        .build()));
        assertEquals(
                api.get("/api/whatsapp/bulk-jobs?status=cancelled", tenant.key())
                        .code(),
                noSuchFilter.code());
        assertEquals("INVALID_REQUEST", noSuchFilter.code());

        WapiClientException empty = assertThrows(
                WapiClientException.class,
                () -> grpc.startBulkJob(StartBulkJobRequest.newBuilder()
                        .setSessionId("main")
                        .setContent(MessageContent.newBuilder().setMessage("x"))
                        .build()));
        assertEquals(
                api.post("/api/whatsapp/session/main/send-bulk", tenant.key(), "{\"message\":\"x\"}")
                        .code(),
                empty.code());
    }

    @Test
    void usageAndKeyResetMatchTheirRestTwins() {
        api.readySession(tenant.key(), "main", "919876543210");
        grpc.sendText("main", "919800000001", "one");
        Usage usage = grpc.usage();
        Api.Response rest = api.get("/api/usage", tenant.key());
        assertEquals(rest.get("plan"), usage.getPlan());
        assertEquals(rest.get("date"), usage.getDate());
        assertEquals(((Number) rest.get("used")).intValue(), usage.getUsed());
        assertEquals(1, usage.getUsed());
        assertEquals(((Number) rest.get("limit")).intValue(), usage.getLimit());
        assertEquals(((Number) rest.get("remaining")).intValue(), usage.getRemaining());
        assertEquals(((Number) rest.get("sessions")).longValue(), usage.getSessions());
        assertEquals(((Number) rest.get("maxSessions")).intValue(), usage.getMaxSessions());

        String newKey = grpc.resetApiKey();
        assertEquals(401, api.get("/api/usage", tenant.key()).status());
        assertEquals(
                "UNAUTHORIZED",
                assertThrows(WapiClientException.class, () -> grpc.usage()).code());
        try (WapiClient renewed = Grpc.client(target.getUri(), newKey)) {
            assertEquals(1, renewed.usage().getUsed());
        }
    }

    @Test
    void apiKeysMatchTheirRestTwins() {
        Instant expires = Instant.parse("2099-01-01T00:00:00Z");
        CreatedApiKey created = grpc.createApiKey(CreateApiKeyRequest.newBuilder()
                .setName("CRM")
                .addScopes(ApiKeyScope.API_KEY_SCOPE_SEND)
                .addSessions("main")
                .setExpiresAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(expires.getEpochSecond()))
                .build());
        ApiKeyInfo key = created.getKey();
        assertTrue(created.getApiKey().startsWith(key.getPrefix()));

        Api.Response rest = api.get("/api/settings/api-keys", tenant.key());
        @SuppressWarnings("unchecked")
        Map<String, Object> listed = ((List<Map<String, Object>>) rest.get("apiKeys")).getFirst();
        assertEquals(listed.get("id"), key.getId());
        assertEquals(listed.get("name"), key.getName());
        assertEquals(listed.get("prefix"), key.getPrefix());
        assertEquals(List.of("send"), listed.get("scopes"));
        assertEquals(List.of(lower(ApiKeyScope.API_KEY_SCOPE_SEND, "API_KEY_SCOPE_")), listed.get("scopes"));
        assertEquals(listed.get("sessions"), key.getSessionsList());
        assertEquals(
                Instant.parse((String) listed.get("createdAt")).toEpochMilli(),
                key.getCreatedAt().getSeconds() * 1000 + key.getCreatedAt().getNanos() / 1_000_000);
        assertEquals(
                expires.toString(),
                Instant.parse((String) listed.get("expiresAt")).toString());
        assertEquals(List.of(key), grpc.listApiKeys());
        assertTrue(!rest.body().contains(created.getApiKey()), "no secret in a list");

        // The same refusals with the same codes.
        WapiClientException unspecified = assertThrows(
                WapiClientException.class,
                () -> grpc.createApiKey(CreateApiKeyRequest.newBuilder()
                        .setName("x")
                        .addScopes(ApiKeyScope.API_KEY_SCOPE_UNSPECIFIED)
                        .build()));
        assertEquals(
                api.post("/api/settings/api-keys", tenant.key(), "{\"name\":\"x\",\"scopes\":[\"\"]}")
                        .code(),
                unspecified.code());
        WapiClientException noScope = assertThrows(
                WapiClientException.class,
                () -> grpc.createApiKey(
                        CreateApiKeyRequest.newBuilder().setName("x").build()));
        assertEquals(
                api.post("/api/settings/api-keys", tenant.key(), "{\"name\":\"x\"}")
                        .code(),
                noScope.code());

        grpc.deleteApiKey(key.getId());
        assertEquals(List.of(), grpc.listApiKeys());
        assertEquals(401, api.get("/api/usage", created.getApiKey()).status());
        WapiClientException gone = assertThrows(WapiClientException.class, () -> grpc.deleteApiKey(key.getId()));
        Api.Response restGone = api.delete("/api/settings/api-keys/" + key.getId(), tenant.key());
        assertEquals(404, restGone.status());
        assertEquals(restGone.code(), gone.code());
        assertEquals(io.grpc.Status.Code.NOT_FOUND, gone.status());

        // Rotation with a grace period: the old secret works on, the new one too.
        CreatedApiKey second = grpc.createApiKey(CreateApiKeyRequest.newBuilder()
                .setName("rotated")
                .addScopes(ApiKeyScope.API_KEY_SCOPE_READ)
                .build());
        CreatedApiKey rotated = grpc.rotateApiKey(second.getKey().getId(), 60);
        assertEquals(second.getKey().getId(), rotated.getKey().getId());
        assertEquals(200, api.get("/api/usage", second.getApiKey()).status());
        assertEquals(200, api.get("/api/usage", rotated.getApiKey()).status());
        String renewed = grpc.resetApiKey(60);
        assertEquals(200, api.get("/api/usage", tenant.key()).status(), "the old own key during its grace period");
        assertEquals(200, api.get("/api/usage", renewed).status());
    }

    @Test
    @SuppressWarnings("unchecked")
    void bulkRecipientVariablesFillPlaceholdersAsOverRest() {
        api.readySession(tenant.key(), "main", "919876543210");
        StartBulkJobResponse started = grpc.startBulkJob(StartBulkJobRequest.newBuilder()
                .setSessionId("main")
                .addRecipients(BulkRecipientInput.newBuilder()
                        .setPhone("919800000011")
                        .setName("Asha")
                        .putVariables("order", "G-1"))
                .setContent(MessageContent.newBuilder().setMessage("gRPC {{name}} {{order}} {{city}}"))
                .setDelayMin(0)
                .setDelayMax(0)
                .build());
        Api.Response rest = api.post(
                "/api/whatsapp/session/main/send-bulk",
                tenant.key(),
                "{\"recipients\":[{\"phone\":\"919800000012\",\"name\":\"Asha\",\"variables\":{\"order\":\"G-1\"}}],"
                        + "\"message\":\"REST {{name}} {{order}} {{city}}\",\"delayMin\":0,\"delayMax\":0}");
        assertEquals(202, rest.status(), rest.toString());
        for (String jobId : List.of(started.getJobId(), (String) rest.get("jobId"))) {
            Api.await(
                    () -> api.get("/api/whatsapp/bulk-job/" + jobId, tenant.key()),
                    r -> "completed".equals(r.get("status")),
                    "the job to complete");
        }
        List<Object> texts = ((List<Map<String, Object>>) api.get("/api/sandbox/session/main/delivered", tenant.key())
                        .get("messages"))
                .stream().map(m -> m.get("message")).toList();
        assertTrue(texts.contains("gRPC Asha G-1 {{city}}"), texts.toString());
        assertTrue(texts.contains("REST Asha G-1 {{city}}"), texts.toString());

        WapiClientException bad = assertThrows(
                WapiClientException.class,
                () -> grpc.startBulkJob(StartBulkJobRequest.newBuilder()
                        .setSessionId("main")
                        .addRecipients(BulkRecipientInput.newBuilder()
                                .setPhone("919800000013")
                                .putVariables("phone", "x"))
                        .setContent(MessageContent.newBuilder().setMessage("x"))
                        .build()));
        assertEquals(
                api.post(
                                "/api/whatsapp/session/main/send-bulk",
                                tenant.key(),
                                "{\"recipients\":[{\"phone\":\"919800000013\",\"variables\":{\"phone\":\"x\"}}],\"message\":\"x\"}")
                        .code(),
                bad.code());
        assertEquals("INVALID_RECIPIENT", bad.code());
    }
}
