package cloud.wapiconnect.session;

import static cloud.wapiconnect.util.ApiAssertions.assertError;

import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.DatabaseAgnostic;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With WAPI_ALLOW_PRIVATE_NETWORKS off (the default), a session's proxy cannot point inwards: the same address guard
 * as webhooks and media URLs, on create and on PATCH.
 */
@HelidonTest
@AddConfig(key = "WAPI_ALLOW_PRIVATE_NETWORKS", value = "false")
@DatabaseAgnostic
class SessionProxyGuardIT {
    @Inject
    WebTarget target;

    @Test
    void inwardProxiesAreRefusedOnCreateAndPatch() {
        Api api = new Api(target.getUri());
        String key = api.tenant("business").key();
        api.post("/api/whatsapp/session", key, "{\"sessionId\":\"guarded\"}");
        for (String proxy : List.of(
                "socks5://127.0.0.1:" + target.getUri().getPort(),
                "socks5://user:secret@localhost:1080",
                "http://10.0.0.1:3128",
                "http://192.168.1.1:3128",
                "http://172.16.0.1:3128",
                "http://100.64.0.1:3128",
                "socks5://[::1]:1080",
                "socks5://[fd00::1]:1080",
                "socks5://[::ffff:127.0.0.1]:1080",
                "socks5://169.254.169.254:1080",
                "http://0177.0.0.1:3128")) {
            assertError(
                    api.post("/api/whatsapp/session", key, "{\"sessionId\":\"inward\",\"proxy\":\"" + proxy + "\"}"),
                    400,
                    "PROXY_FORBIDDEN");
            assertError(
                    api.send(
                            "PATCH",
                            "/api/whatsapp/session/guarded",
                            Map.of("X-API-Key", key),
                            "{\"proxy\":\"" + proxy + "\"}"),
                    400,
                    "PROXY_FORBIDDEN");
        }
    }
}
