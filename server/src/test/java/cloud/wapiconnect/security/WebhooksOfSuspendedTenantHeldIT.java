package cloud.wapiconnect.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.ServerProcess;
import cloud.wapiconnect.util.WebhookReceiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, finding 2 (webhooks): while a tenant is suspended its webhook deliveries are held, not sent, not
 * counted as attempts, and their retry window does not run; reinstated, they go out. The window here (3 s) is
 * shorter than the suspension (4 s), and the first call after reinstatement fails: a delivery whose window had
 * run during the suspension would be given up there. Both passes.
 */
class WebhooksOfSuspendedTenantHeldIT {
    @Test
    @SuppressWarnings("unchecked")
    void deliveriesWaitWhileTheTenantIsSuspendedAndGoOutAfterReinstatement() throws Exception {
        Map<String, String> env =
                ServerProcess.freshDatabase("wapi_test_suspended_webhooks", "suspended-webhooks-data");
        env.put("WAPI_ALLOW_PRIVATE_NETWORKS", "true");
        env.put("WAPI_WEBHOOK_RETRY_INITIAL_MS", "200");
        env.put("WAPI_WEBHOOK_RETRY_MAX_INTERVAL_MS", "400");
        env.put("WAPI_WEBHOOK_RETRY_WINDOW_MS", "3000");
        env.put("WAPI_WEBHOOK_TIMEOUT_MS", "1000");
        try (WebhookReceiver receiver = new WebhookReceiver();
                ServerProcess server = new ServerProcess(
                                env,
                                ServerProcess.logFile("suspended-webhooks-server")
                                        .toPath())
                        .start()) {
            receiver.respondWith(503);
            Api api = new Api(server.uri());
            Api.TestTenant tenant = api.tenant("business");
            api.send(
                    "PUT",
                    "/api/settings/webhook",
                    Map.of("X-API-Key", tenant.key()),
                    "{\"url\":\"" + receiver.url() + "\",\"events\":[\"message\"]}");
            api.readySession(tenant.key(), "main", "919800000821");
            api.post(
                    "/api/sandbox/session/main/incoming",
                    tenant.key(),
                    "{\"from\":\"919876543210\",\"body\":\"while-suspended\"}");
            receiver.await(r -> !r.isEmpty(), Duration.ofSeconds(10), "a first (failed) attempt");

            assertEquals(
                    200,
                    api.admin("PATCH", "/api/admin/tenants/" + tenant.id(), "{\"suspended\":true}")
                            .status());
            WebhookReceiver.sleep(
                    1_200); // a call already under way when the suspension committed ends within the timeout
            int beforeHold = receiver.received().size();
            WebhookReceiver.sleep(4_000); // longer than the retry window: nothing may go out, nothing may be given up
            assertEquals(beforeHold, receiver.received().size(), "no call while the tenant is suspended");

            AtomicInteger afterReinstatement = new AtomicInteger();
            receiver.respond(body -> afterReinstatement.incrementAndGet() == 1 ? 503 : 200);
            assertEquals(
                    200,
                    api.admin("PATCH", "/api/admin/tenants/" + tenant.id(), "{\"suspended\":false}")
                            .status());
            receiver.await(
                    r -> !receiver.delivered().isEmpty(), Duration.ofSeconds(15), "the delivery after reinstatement");

            Map<String, Object> delivery = Api.await(
                            () -> api.get("/api/settings/webhook/deliveries?limit=10", tenant.key()),
                            r -> "delivered"
                                    .equals(((List<Map<String, Object>>) r.get("deliveries"))
                                            .getFirst()
                                            .get("status")),
                            "the delivery recorded")
                    .json();
            Map<String, Object> d = ((List<Map<String, Object>>) delivery.get("deliveries")).getFirst();
            assertEquals(
                    receiver.received().size(),
                    ((Number) d.get("attempts")).intValue(),
                    "attempts = calls made; the hold counted none: " + d);
            assertEquals(1, ((Number) delivery.get("total")).intValue());
        }
    }
}
