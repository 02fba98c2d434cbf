package cloud.wapiconnect.security;

import static cloud.wapiconnect.util.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.DatabaseAgnostic;
import cloud.wapiconnect.util.MediaServer;
import cloud.wapiconnect.util.ServerProcess;
import cloud.wapiconnect.util.TestDatabase;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, finding 4, end to end on the packaged server: webhooks, {@code mediaUrl} and link previews refuse
 * the server's own interface addresses, IPv4-compatible and other inward spellings, also behind a redirect,
 * and a refused page shows the tenant nothing. A tripwire listener bound to 0.0.0.0 (every local address,
 * the machine's own interface addresses included) records any connection the server wrongly makes; the test
 * itself only ever connects to 127.0.0.1, and every target that a regression could make the server reach is
 * local. Transport only: the embedded pass runs it.
 */
@DatabaseAgnostic
class OutboundRequestsRefuseInwardTargetsIT {
    private static final String CUSTOMER = "919876543210";
    private ServerSocket tripwire;
    private final List<String> tripped = new CopyOnWriteArrayList<>();
    private Thread acceptor;

    @BeforeEach
    void tripwire() throws IOException {
        assumeTrue(TestDatabase.embedded(), "transport only: the embedded pass");
        tripwire = new ServerSocket();
        tripwire.bind(new InetSocketAddress("0.0.0.0", 0));
        acceptor = Thread.ofVirtual().start(() -> {
            while (!tripwire.isClosed()) {
                try (Socket s = tripwire.accept()) {
                    tripped.add(s.getRemoteSocketAddress() + " -> " + s.getLocalSocketAddress());
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void close() throws IOException {
        if (tripwire != null) {
            tripwire.close();
        }
    }

    private int port() {
        return tripwire.getLocalPort();
    }

    /** The machine's own addresses that are not loopback, as URL hosts; link-local ones (with zones) left out. */
    private static List<String> ownInterfaceHosts() throws IOException {
        List<String> hosts = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a.isLoopbackAddress() || a.isLinkLocalAddress()) {
                    continue;
                }
                hosts.add(
                        a instanceof Inet6Address
                                ? "[" + a.getHostAddress().replaceAll("%.*", "") + "]"
                                : a.getHostAddress());
            }
        }
        return hosts;
    }

    @Test
    void theServersOwnInterfaceAddressesAreRefusedForWebhooksMediaAndPreviews() throws Exception {
        List<String> own = ownInterfaceHosts();
        assumeTrue(!own.isEmpty(), "this machine has no interface address besides loopback");
        Map<String, String> env = ServerProcess.freshDatabase("wapi_test_inward_strict", "inward-strict-data");
        env.put("WAPI_ALLOW_PRIVATE_NETWORKS", "false");
        try (ServerProcess server = new ServerProcess(
                        env, ServerProcess.logFile("inward-strict-server").toPath())
                .start()) {
            Api api = new Api(server.uri());
            String key = api.tenant("business").key();
            api.readySession(key, "main", "919800000950");
            List<String> hosts = new ArrayList<>(own);
            hosts.addAll(List.of("127.0.0.1", "[::ffff:127.0.0.1]", "127.1", "2130706433", "0.0.0.0"));
            for (String host : hosts) {
                String base = "http://" + host + ":" + port();
                assertWebhookRefused(api.send(
                        "PUT", "/api/settings/webhook", Map.of("X-API-Key", key), "{\"url\":\"" + base + "/hook\"}"));
                assertWebhookRefused(api.post("/api/settings/webhooks", key, "{\"url\":\"" + base + "/hook\"}"));
                assertError(
                        api.post(
                                "/api/whatsapp/session/main/send",
                                key,
                                "{\"to\":\"" + CUSTOMER + "\",\"type\":\"image\",\"mediaUrl\":\"" + base + "/x.jpg\"}"),
                        400,
                        "MEDIA_URL_FORBIDDEN");
                assertNull(previewOf(api, key, base + "/page"), "no preview of " + base);
            }
            assertEquals(List.of(), tripped, "the server connected to none of them");
        }
    }

    @Test
    void withPrivateNetworksAllowedInwardSpellingsAndRedirectsToThemAreStillRefused() throws Exception {
        Map<String, String> env = ServerProcess.freshDatabase("wapi_test_inward_dev", "inward-dev-data");
        env.put("WAPI_ALLOW_PRIVATE_NETWORKS", "true");
        String page =
                "<html><head><title>INTERNAL-SECRET-TITLE</title><meta property=\"og:description\" content=\"internal\">"
                        + "</head></html>";
        // Each would reach the tripwire (loopback, or every address) if it got through; none leaves the machine.
        // (IPv4-compatible, NAT64, 6to4, Teredo, 0177.0.0.1 and 0x7f.0.0.1 could route or resolve elsewhere on a
        // regression: the unit table, AddressGuardRefusesNonGlobalTargetsTest, proves those with no network at all.)
        List<String> refused = List.of(
                "http://127.1:" + port() + "/",
                "http://2130706433:" + port() + "/",
                "http://127.0.1:" + port() + "/",
                "http://0.0.0.0:" + port() + "/",
                "http://[::]:" + port() + "/");
        try (MediaServer local = new MediaServer();
                ServerProcess server = new ServerProcess(
                                env, ServerProcess.logFile("inward-dev-server").toPath())
                        .start()) {
            local.file("/ok", page.getBytes(StandardCharsets.UTF_8), "text/html");
            Api api = new Api(server.uri());
            String key = api.tenant("business").key();
            api.readySession(key, "main", "919800000951");
            Map<String, Object> allowed = previewOf(api, key, local.url("/ok"));
            assertEquals(
                    "INTERNAL-SECRET-TITLE",
                    allowed == null ? null : allowed.get("title"),
                    "WAPI_ALLOW_PRIVATE_NETWORKS still allows loopback, as before");
            for (int i = 0; i < refused.size(); i++) {
                String target = refused.get(i);
                local.redirect("/to-" + i, target);
                assertWebhookRefused(api.send(
                        "PUT", "/api/settings/webhook", Map.of("X-API-Key", key), "{\"url\":\"" + target + "hook\"}"));
                assertError(
                        api.post(
                                "/api/whatsapp/session/main/send",
                                key,
                                "{\"to\":\"" + CUSTOMER + "\",\"type\":\"image\",\"mediaUrl\":\"" + target
                                        + "x.jpg\"}"),
                        400,
                        "MEDIA_URL_FORBIDDEN");
                assertError(
                        api.post(
                                "/api/whatsapp/session/main/send",
                                key,
                                "{\"to\":\"" + CUSTOMER + "\",\"type\":\"image\",\"mediaUrl\":\""
                                        + local.url("/to-" + i) + "\"}"),
                        400,
                        "MEDIA_URL_FORBIDDEN");
                assertNull(previewOf(api, key, target + "page"), "no preview of " + target);
                assertNull(previewOf(api, key, local.url("/to-" + i)), "no preview through a redirect to " + target);
            }
            assertEquals(List.of(), tripped, "the server connected to none of them");
        }
    }

    /**
     * Refused as forbidden, or (127.1, 2130706433: java.net.URI finds no host in them) as no valid URL: either way a
     * 400 in the error shape, and nothing saved.
     */
    private static void assertWebhookRefused(Api.Response response) {
        assertEquals(400, response.status(), response.toString());
        assertTrue(
                List.of("WEBHOOK_URL_FORBIDDEN", "INVALID_WEBHOOK_URL").contains(response.code()), response.toString());
    }

    /** Sends a text with the URL and returns the preview the sandbox delivered with it (null: none). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> previewOf(Api api, String key, String url) {
        Api.Response sent = api.post(
                "/api/whatsapp/session/main/send",
                key,
                "{\"to\":\"" + CUSTOMER + "\",\"message\":\"see " + url + "\",\"linkPreview\":true}");
        assertEquals(200, sent.status(), sent.toString());
        String id = (String) sent.get("messageId");
        List<Map<String, Object>> all = (List<Map<String, Object>>)
                api.get("/api/sandbox/session/main/delivered", key).get("messages");
        Map<String, Object> delivery = all.stream()
                .filter(d -> id.equals(d.get("messageId")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("not delivered: " + id));
        return (Map<String, Object>) delivery.get("preview");
    }
}
