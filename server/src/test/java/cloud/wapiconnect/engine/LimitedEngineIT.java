package cloud.wapiconnect.engine;

import static cloud.wapiconnect.util.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cloud.wapiconnect.client.WapiClient;
import cloud.wapiconnect.client.WapiClientException;
import cloud.wapiconnect.engine.sandbox.SandboxEngine;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.Grpc;
import cloud.wapiconnect.whatsapp.SessionKey;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An engine that lacks features (presence, read receipts, locations), as a third-party or older engine
 * would: the API answers {@code 422 NOT_SUPPORTED_BY_ENGINE} over REST and gRPC, and nothing crashes.
 */
@HelidonTest
@AddBean(LimitedEngineIT.LimitedEngine.class)
class LimitedEngineIT {
    @Inject
    WebTarget target;

    /** The sandbox (so sessions still link by a simulated scan) behind connections with only the required methods. */
    @Alternative
    @Priority(1)
    @ApplicationScoped
    static class LimitedEngine implements WhatsAppEngine {
        @Inject
        SandboxEngine sandbox;

        @Override
        public String name() {
            return "limited";
        }

        @Override
        public EngineConnection connect(SessionKey session, Optional<byte[]> credentials, EngineListener listener) {
            EngineConnection full = sandbox.connect(session, credentials, listener);
            return new EngineConnection() {
                @Override
                public void send(OutgoingMessage message) {
                    if (message.content() instanceof OutgoingContent.LocationMessage) {
                        throw EngineConnection.notSupported("location messages");
                    }
                    full.send(message);
                }

                @Override
                public String requestPairingCode(String phoneNumber) {
                    return full.requestPairingCode(phoneNumber);
                }

                @Override
                public Optional<IncomingMedia> downloadMedia(String messageId) {
                    return full.downloadMedia(messageId);
                }

                @Override
                public void close() {
                    full.close();
                }

                @Override
                public void logout() {
                    full.logout();
                }
            };
        }
    }

    @Test
    void whatTheEngineCannotDoIsRefusedWith422NotACrash() {
        Api api = new Api(target.getUri());
        Api.TestTenant tenant = api.tenant("business");
        String key = tenant.key();
        api.readySession(key, "main", "919800000800");
        String to = "919876543211";

        assertError(
                api.post("/api/whatsapp/session/main/presence", key, "{\"to\":\"" + to + "\",\"state\":\"typing\"}"),
                422,
                "NOT_SUPPORTED_BY_ENGINE");
        assertError(
                api.post("/api/whatsapp/session/main/read", key, "{\"chat\":\"" + to + "\",\"messageIds\":[\"ABC\"]}"),
                422,
                "NOT_SUPPORTED_BY_ENGINE");
        // typingMs needs presence: refused before anything is logged or counted.
        assertError(
                api.post(
                        "/api/whatsapp/session/main/send",
                        key,
                        "{\"to\":\"" + to + "\",\"message\":\"hi\",\"typingMs\":100}"),
                422,
                "NOT_SUPPORTED_BY_ENGINE");
        assertEquals(0, ((Number) api.get("/api/usage", key).get("used")).intValue());
        Api.Response location = api.post(
                "/api/whatsapp/session/main/send",
                key,
                "{\"to\":\"" + to + "\",\"type\":\"location\",\"latitude\":1,\"longitude\":2}");
        assertError(location, 422, "NOT_SUPPORTED_BY_ENGINE");
        @SuppressWarnings("unchecked")
        Map<String, Object> logged = ((List<Map<String, Object>>)
                        api.get("/api/whatsapp/messages", key).get("messages"))
                .getFirst();
        assertEquals("failed", logged.get("status"));

        // What it can do still works.
        assertEquals(
                200,
                api.post("/api/whatsapp/session/main/send", key, "{\"to\":\"" + to + "\",\"message\":\"hi\"}")
                        .status());
        try (WapiClient grpc = Grpc.client(target.getUri(), key)) {
            WapiClientException presence =
                    assertThrows(WapiClientException.class, () -> grpc.sendPresence("main", to, "typing"));
            assertEquals("NOT_SUPPORTED_BY_ENGINE", presence.code());
            assertEquals(io.grpc.Status.Code.UNIMPLEMENTED, presence.status());
            WapiClientException read =
                    assertThrows(WapiClientException.class, () -> grpc.markRead("main", to, List.of("ABC")));
            assertEquals("NOT_SUPPORTED_BY_ENGINE", read.code());
        }
    }
}
