package cloud.wapiconnect.media;

import static cloud.wapiconnect.util.ApiAssertions.assertError;

import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.DatabaseAgnostic;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With WAPI_ALLOW_PRIVATE_NETWORKS off (the default), server-side fetches cannot be pointed inwards. */
@HelidonTest
@AddConfig(key = "WAPI_ALLOW_PRIVATE_NETWORKS", value = "false")
@DatabaseAgnostic
class MediaUrlGuardIT {
    @Inject
    WebTarget target;

    @Test
    void ssrfAttemptsAreRefused() {
        Api api = new Api(target.getUri());
        String key = api.tenant("business").key();
        api.readySession(key, "main", "919800000301");
        for (String url : List.of(
                "http://127.0.0.1:" + target.getUri().getPort() + "/health",
                "http://10.0.0.1/x.jpg",
                "http://169.254.169.254/latest/meta-data/",
                "http://localhost/x.jpg",
                "http://[::1]/x.jpg",
                "http://0.0.0.0/x.jpg",
                "http://192.168.1.1/x.jpg",
                "file:///etc/passwd",
                "ftp://example.com/x.jpg",
                "gopher://127.0.0.1/",
                "not a url")) {
            assertError(
                    api.post(
                            "/api/whatsapp/session/main/send",
                            key,
                            "{\"to\":\"919876543210\",\"type\":\"image\",\"mediaUrl\":\"" + url + "\"}"),
                    400,
                    "MEDIA_URL_FORBIDDEN");
        }
    }
}
