package cloud.wapiconnect.webhook;

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

/** With WAPI_ALLOW_PRIVATE_NETWORKS off (the default), a webhook cannot be pointed inwards. */
@HelidonTest
@AddConfig(key = "WAPI_ALLOW_PRIVATE_NETWORKS", value = "false")
@DatabaseAgnostic
class WebhookUrlGuardIT {
    @Inject
    WebTarget target;

    @Test
    void ssrfTargetsAreRefusedWhenSaved() {
        Api api = new Api(target.getUri());
        String key = api.tenant("business").key();
        for (String url : List.of(
                "http://127.0.0.1:" + target.getUri().getPort() + "/health",
                "http://10.0.0.1/hook",
                "http://169.254.169.254/latest/meta-data/",
                "http://localhost/hook",
                "http://[::1]/hook",
                "http://0.0.0.0/hook",
                "http://192.168.1.1/hook",
                "http://172.16.0.1/hook",
                "http://100.64.0.1/hook",
                "http://[fd00::1]/hook",
                "http://[::ffff:127.0.0.1]/hook")) {
            assertError(
                    api.send("PUT", "/api/settings/webhook", Map.of("X-API-Key", key), "{\"url\":\"" + url + "\"}"),
                    400,
                    "WEBHOOK_URL_FORBIDDEN");
            assertError(
                    api.post("/api/settings/webhooks", key, "{\"url\":\"" + url + "\"}"), 400, "WEBHOOK_URL_FORBIDDEN");
        }
        for (String url :
                List.of("file:///etc/passwd", "ftp://example.com/hook", "gopher://127.0.0.1/", "http:///nohost")) {
            assertError(
                    api.send("PUT", "/api/settings/webhook", Map.of("X-API-Key", key), "{\"url\":\"" + url + "\"}"),
                    400,
                    "INVALID_WEBHOOK_URL");
        }
    }
}
