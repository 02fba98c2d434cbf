package cloud.wapiconnect.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.json.Json;
import cloud.wapiconnect.proto.v1.GetSessionStatusRequest;
import cloud.wapiconnect.proto.v1.MessageContent;
import cloud.wapiconnect.proto.v1.MessagesGrpc;
import cloud.wapiconnect.proto.v1.SendMessageRequest;
import cloud.wapiconnect.proto.v1.SessionsGrpc;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.DatabaseAgnostic;
import cloud.wapiconnect.util.Grpc;
import cloud.wapiconnect.util.ServerProcess;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The packaged server with {@code WAPI_LOG_FORMAT=json}, driven over REST and gRPC (a send each, with a body that
 * must not reach the log, and an error each), then its whole log read: every line one JSON object, an access line
 * per request with the route's template and the status, the request ids the clients gave or were given (headers,
 * error bodies, trailers), and neither the tenant's API key nor a message body anywhere.
 */
@DatabaseAgnostic
class JsonLogsIT {
    private static final Metadata.Key<String> API_KEY = Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> REQUEST_ID =
            Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);

    @Test
    void theLogIsJsonWithAccessLinesRequestIdsAndNoSecrets() throws Exception {
        Map<String, String> env =
                new java.util.HashMap<>(ServerProcess.freshDatabase("wapi_test_jsonlogs", "jsonlogs-data"));
        env.put("WAPI_LOG_FORMAT", "json");
        Path log = ServerProcess.logFile("jsonlogs-server").toPath();
        Files.deleteIfExists(log);
        String restBody = "rest-body-" + UUID.randomUUID();
        String grpcBody = "grpc-body-" + UUID.randomUUID();
        Api.TestTenant tenant;
        String generatedId;
        String errorId;
        // The log is standard output; standard error has the JVM's own warnings (JDK 24+ on sun.misc.Unsafe).
        Path errors = ServerProcess.logFile("jsonlogs-server-stderr").toPath();
        Files.deleteIfExists(errors);
        try (ServerProcess server =
                new ServerProcess(env, log).standardErrorTo(errors).start()) {
            Api api = new Api(server.uri());
            tenant = api.tenant("business");
            api.readySession(tenant.key(), "main", "919800000700");

            // REST: the caller's id is used and echoed; a send; an error naming its request in the body.
            Api.Response sent = api.send(
                    "POST",
                    "/api/whatsapp/session/main/send",
                    Map.of("X-API-Key", tenant.key(), "X-Request-Id", "it-rest-send-1"),
                    "{\"to\":\"919876543210\",\"message\":\"" + restBody + "\"}");
            assertEquals(200, sent.status(), sent.toString());
            assertEquals("it-rest-send-1", sent.headers().get("x-request-id"));
            Api.Response missing = api.send(
                    "GET",
                    "/api/whatsapp/session/nope/status?token=query-secret-1",
                    Map.of("X-API-Key", tenant.key(), "X-Request-Id", "not a usable id"),
                    null);
            assertEquals(404, missing.status(), missing.toString());
            errorId = missing.headers().get("x-request-id");
            assertNotEquals("not a usable id", errorId, "an id with spaces is replaced");
            assertEquals(errorId, missing.get("requestId"));
            generatedId = api.get("/api/usage", tenant.key()).headers().get("x-request-id");
            assertTrue(generatedId != null && !generatedId.isBlank(), "an id is generated when none is given");

            // gRPC: the same, the id in the trailers of the answer.
            ManagedChannel channel = Grpc.channel(server.uri());
            try {
                Metadata headers = new Metadata();
                headers.put(API_KEY, tenant.key());
                headers.put(REQUEST_ID, "it-grpc-send-1");
                var withId = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
                MessagesGrpc.newBlockingStub(withId)
                        .sendMessage(SendMessageRequest.newBuilder()
                                .setSessionId("main")
                                .setTo("919876543211")
                                .setContent(MessageContent.newBuilder().setMessage(grpcBody))
                                .build());
                Metadata errorHeaders = new Metadata();
                errorHeaders.put(API_KEY, tenant.key());
                errorHeaders.put(REQUEST_ID, "it-grpc-error-1");
                StatusRuntimeException notFound = assertThrows(
                        StatusRuntimeException.class,
                        () -> SessionsGrpc.newBlockingStub(ClientInterceptors.intercept(
                                        channel, MetadataUtils.newAttachHeadersInterceptor(errorHeaders)))
                                .getSessionStatus(GetSessionStatusRequest.newBuilder()
                                        .setSessionId("nope")
                                        .build()));
                assertEquals(Status.Code.NOT_FOUND, notFound.getStatus().getCode());
                assertEquals("it-grpc-error-1", notFound.getTrailers().get(REQUEST_ID));
                StatusRuntimeException unauthenticated = assertThrows(
                        StatusRuntimeException.class,
                        () -> SessionsGrpc.newBlockingStub(channel)
                                .getSessionStatus(GetSessionStatusRequest.newBuilder()
                                        .setSessionId("main")
                                        .build()));
                assertEquals(
                        Status.Code.UNAUTHENTICATED, unauthenticated.getStatus().getCode());
                String refusedId = unauthenticated.getTrailers().get(REQUEST_ID);
                assertTrue(refusedId != null && !refusedId.isBlank(), "a refused call gets an id too");
            } finally {
                Grpc.close(channel);
            }
            // Stopped before reading, so that every line is written whole.
            server.terminate(Duration.ofSeconds(30));
        }

        String text = Files.readString(log, StandardCharsets.UTF_8);
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> json;
            try {
                json = Json.readObject(line);
            } catch (RuntimeException e) {
                throw new AssertionError("not a JSON object: " + line, e);
            }
            for (String field : List.of("time", "level", "logger", "message")) {
                assertTrue(json.get(field) instanceof String, field + " in " + line);
            }
            lines.add(json);
        }
        assertTrue(lines.size() > 10, text);

        Map<String, Object> restSend = only(lines, access("POST", "/api/whatsapp/session/{sessionId}/send"));
        assertEquals(200, restSend.get("status"));
        assertEquals("it-rest-send-1", restSend.get("requestId"));
        assertEquals(tenant.id(), restSend.get("tenantId"));
        assertEquals("main", restSend.get("sessionId"));
        assertEquals("http", restSend.get("protocol"));
        assertTrue(restSend.get("durationMs") instanceof Number, restSend.toString());

        Map<String, Object> restError = only(
                lines,
                access("GET", "/api/whatsapp/session/{sessionId}/status")
                        .and(l -> Integer.valueOf(404).equals(l.get("status"))));
        assertEquals(errorId, restError.get("requestId"));
        assertEquals("nope", restError.get("sessionId"));
        assertEquals(generatedId, only(lines, access("GET", "/api/usage")).get("requestId"));

        Map<String, Object> grpcSend = only(lines, access("UNARY", "/wapiconnect.v1.Messages/SendMessage"));
        assertEquals("OK", grpcSend.get("status"));
        assertEquals("grpc", grpcSend.get("protocol"));
        assertEquals("it-grpc-send-1", grpcSend.get("requestId"));
        assertEquals(tenant.id(), grpcSend.get("tenantId"));
        assertEquals("main", grpcSend.get("sessionId"));
        List<Map<String, Object>> grpcStatus = lines.stream()
                .filter(access("UNARY", "/wapiconnect.v1.Sessions/GetSessionStatus"))
                .toList();
        assertEquals(
                List.of("NOT_FOUND", "UNAUTHENTICATED"),
                grpcStatus.stream().map(l -> l.get("status")).toList());
        assertEquals("it-grpc-error-1", grpcStatus.getFirst().get("requestId"));

        // Nothing secret or private, and no raw paths of the routes above.
        for (String secret : List.of(tenant.key(), restBody, grpcBody, "query-secret-1", Api.ADMIN_KEY)) {
            assertFalse(text.contains(secret), "the log contains " + secret);
        }
        assertFalse(text.contains("/api/whatsapp/session/main/send"), "raw path logged");
        String stderr = Files.readString(errors, StandardCharsets.UTF_8);
        for (String secret : List.of(tenant.key(), restBody, grpcBody)) {
            assertFalse(stderr.contains(secret), "standard error contains " + secret);
        }
        assertFalse(stderr.contains("SLF4J"), "every library logs through JUL: " + stderr);
    }

    private static Predicate<Map<String, Object>> access(String method, String path) {
        return l ->
                AccessLog.NAME.equals(l.get("logger")) && method.equals(l.get("method")) && path.equals(l.get("path"));
    }

    private static Map<String, Object> only(List<Map<String, Object>> lines, Predicate<Map<String, Object>> which) {
        List<Map<String, Object>> found = lines.stream().filter(which).toList();
        assertEquals(1, found.size(), found.toString());
        return found.getFirst();
    }
}
