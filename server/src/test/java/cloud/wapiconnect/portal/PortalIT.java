package cloud.wapiconnect.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.PortalBrowser;
import cloud.wapiconnect.util.PortalBrowser.Page;
import cloud.wapiconnect.util.WebhookReceiver;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.ws.rs.client.WebTarget;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The portal's server side over real HTTP, with a real SMTP server (GreenMail) catching the mails: sign-up,
 * verification, login and its throttle, CSRF, cookie flags, password reset, the operator, and tenants kept apart.
 */
@HelidonTest
@AddConfig(key = "WAPI_SMTP_HOST", value = "127.0.0.1")
@AddConfig(key = "WAPI_SMTP_PORT", value = "3925")
@AddConfig(key = "WAPI_SMTP_TLS", value = "none")
@AddConfig(key = "WAPI_SMTP_FROM", value = "WapiConnect <no-reply@example.com>")
// the dashboard's webhook chart: deliveries to a receiver on this machine
@AddConfig(key = "WAPI_ALLOW_PRIVATE_NETWORKS", value = "true")
@AddConfig(key = "WAPI_PUBLIC_URL", value = "https://wapi.example.com")
class PortalIT {
    private static final Pattern LINK =
            Pattern.compile("https://wapi\\.example\\.com(/portal/[a-z-]+\\?token=[A-Za-z0-9_%-]+)");
    private static final String PASSWORD = "correct horse battery";
    private static GreenMail smtp;

    @Inject
    WebTarget target;

    @BeforeAll
    static void startSmtp() {
        smtp = new GreenMail(new ServerSetup(3925, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @Test
    void signUpMailsAVerificationLinkWhoseConfirmationCreatesTheApiKeyShownOnce() throws Exception {
        PortalBrowser browser = browser();
        String email = uniqueEmail("asha");
        Page checkMail = browser.submit(
                "/portal/signup", "/portal/signup", "name", "Asha Rao", "email", email, "password", PASSWORD);
        assertEquals(200, checkMail.status(), checkMail.body());
        assertEquals("Check your email", checkMail.heading());

        MimeMessage mail = lastMailTo(email);
        assertEquals("Verify your email for WapiConnect", mail.getSubject());
        String link = link(mail);
        assertTrue(link.startsWith("/portal/verify?token="), link);

        // Until the email is verified there is no API key, and no login.
        Page early = browser.submit("/portal/login", "/portal/login", "email", email, "password", PASSWORD);
        assertEquals(403, early.status());
        assertTrue(early.alert().contains("Verify your email"), early.alert());

        // Opening the link (as mail scanners do) does not use it up: only the confirmation does.
        assertEquals(200, browser.get(link).status());
        Page opened = browser.get(link);
        String token = link.substring(link.indexOf('=') + 1);
        Page keyPage = browser.post("/portal/verify", Map.of(), "csrf", opened.csrf(), "token", token);
        assertEquals(200, keyPage.status(), keyPage.body());
        String apiKey = between(keyPage.body(), "id=\"api-key\">", "<");
        assertTrue(apiKey.startsWith("wapi_"), apiKey);
        assertEquals(200, new Api(target.getUri()).get("/api/usage", apiKey).status(), "the key works on the API");

        String loginCookie = setCookie(browser, "wapi_portal");
        assertTrue(loginCookie.contains("HttpOnly"), loginCookie);
        assertTrue(loginCookie.contains("Secure"), loginCookie);
        assertTrue(loginCookie.contains("SameSite=Lax"), loginCookie);
        assertTrue(loginCookie.contains("Path=/portal"), loginCookie);

        Page dashboard = browser.get("/portal");
        assertEquals(200, dashboard.status());
        assertTrue(dashboard.body().contains(apiKey.substring(0, 9)), "the key's start identifies it");
        assertFalse(dashboard.body().contains(apiKey), "after the first showing the key is masked");

        Page again = browser.post("/portal/verify", Map.of(), "csrf", dashboard.csrf(), "token", token);
        assertEquals(400, again.status(), "a verification link works once");
    }

    @Test
    void signingUpWithAnAddressThatHasAnAccountLooksTheSameButMailsTheOwnerInstead() throws Exception {
        String email = uniqueEmail("twice");
        verifiedAccount("First Owner", email);
        PortalBrowser stranger = browser();
        Page page = stranger.submit(
                "/portal/signup",
                "/portal/signup",
                "name",
                "Someone Else",
                "email",
                email.toUpperCase(),
                "password",
                "another long password");
        assertEquals(200, page.status());
        assertEquals("Check your email", page.heading());
        assertEquals("You already have a WapiConnect account", lastMailTo(email).getSubject());
    }

    @Test
    void badSignUpsAreRefusedWithTheReason() {
        PortalBrowser browser = browser();
        Page weak = browser.submit(
                "/portal/signup", "/portal/signup", "name", "A", "email", uniqueEmail("weak"), "password", "short");
        assertEquals(400, weak.status());
        assertTrue(weak.alert().contains("at least 10 characters"), weak.alert());
        Page badEmail = browser.submit(
                "/portal/signup", "/portal/signup", "name", "A", "email", "not-an-email", "password", PASSWORD);
        assertEquals(400, badEmail.status());
        assertTrue(badEmail.body().contains("value=\"not-an-email\""), "the form keeps what was typed");
    }

    @Test
    void fiveWrongPasswordsMakeThatAddressWaitForThatAccountEvenWithTheRightOne() throws Exception {
        String email = uniqueEmail("locked");
        verifiedAccount("Lock Me", email);
        PortalBrowser browser = browser();
        for (int i = 0; i < 5; i++) {
            Page wrong =
                    browser.submit("/portal/login", "/portal/login", "email", email, "password", "wrong password " + i);
            assertEquals(401, wrong.status());
            assertEquals("Wrong email or password", wrong.alert());
        }
        Page locked = browser.submit("/portal/login", "/portal/login", "email", email, "password", PASSWORD);
        assertEquals(429, locked.status());
        assertTrue(locked.response().headers().firstValue("Retry-After").isPresent());
        assertTrue(locked.alert().contains("try again in"), locked.alert());

        Page unknown =
                browser.submit("/portal/login", "/portal/login", "email", uniqueEmail("nobody"), "password", PASSWORD);
        assertEquals(
                "Wrong email or password", unknown.alert(), "an unknown address is answered like a wrong password");
    }

    @Test
    void stateChangingRequestsWithoutThePagesTokenOrFromAnotherSiteAreRejectedAndChangeNothing() throws Exception {
        Signed user = verifiedAccount("Csrf Target", uniqueEmail("csrf"));
        Page noToken = user.browser().post("/portal/sessions", Map.of(), "sessionId", "forged");
        assertEquals(403, noToken.status());
        assertTrue(noToken.alert().contains("did not come from this site"), noToken.body());

        Page wrongToken =
                user.browser().post("/portal/sessions", Map.of(), "csrf", "x".repeat(43), "sessionId", "forged");
        assertEquals(403, wrongToken.status());

        String csrf = user.browser().get("/portal/sessions").csrf();
        Page crossSite = user.browser()
                .post(
                        "/portal/sessions",
                        Map.of("Origin", "https://evil.example"),
                        "csrf",
                        csrf,
                        "sessionId",
                        "forged");
        assertEquals(403, crossSite.status());

        Page logoutForged = user.browser().post("/portal/logout", Map.of());
        assertEquals(403, logoutForged.status());
        assertFalse(user.browser().get("/portal/sessions").body().contains("forged"));
        assertEquals(200, user.browser().get("/portal").status(), "still signed in");

        // The same request with the page's token goes through.
        Page made = user.browser().post("/portal/sessions", Map.of(), "csrf", csrf, "sessionId", "real");
        assertEquals(303, made.status(), made.body());
    }

    @Test
    void aPasswordResetLinkSetsANewPasswordOnceAndSignsEveryBrowserOut() throws Exception {
        String email = uniqueEmail("reset");
        Signed user = verifiedAccount("Forgetful", email);
        PortalBrowser other = browser();
        Page asked = other.submit("/portal/forgot-password", "/portal/forgot-password", "email", email);
        assertEquals(200, asked.status());
        String link = link(lastMailTo(email));
        assertTrue(link.startsWith("/portal/reset-password?token="), link);
        Page form = other.get(link);
        assertEquals(200, form.status());
        String token = link.substring(link.indexOf('=') + 1);
        Page done = other.post(
                "/portal/reset-password",
                Map.of(),
                "csrf",
                form.csrf(),
                "token",
                token,
                "password",
                "a brand new passphrase");
        assertEquals(200, done.status(), done.body());

        assertEquals(303, user.browser().get("/portal").status(), "the old login was ended");
        Page oldPassword = other.submit("/portal/login", "/portal/login", "email", email, "password", PASSWORD);
        assertEquals(401, oldPassword.status());
        Page newPassword =
                other.submit("/portal/login", "/portal/login", "email", email, "password", "a brand new passphrase");
        assertEquals(303, newPassword.status());
        assertTrue(newPassword.location().endsWith("/portal"), newPassword.location());

        assertEquals(400, other.get(link).status(), "a reset link works once");
        int mails = smtp.getReceivedMessages().length;
        assertEquals(
                200,
                browser()
                        .submit("/portal/forgot-password", "/portal/forgot-password", "email", uniqueEmail("unknown"))
                        .status(),
                "unknown addresses get the same answer");
        assertEquals(mails, smtp.getReceivedMessages().length, "and no mail");
    }

    @Test
    void oneTenantsPortalNeverShowsAnothersSessionsMessagesOrDeliveries() throws Exception {
        Signed a = verifiedAccount("Tenant A", uniqueEmail("a"));
        Signed b = verifiedAccount("Tenant B", uniqueEmail("b"));
        Api api = new Api(target.getUri());
        api.readySession(b.apiKey(), "b-secret-session", "919811111111");
        api.post(
                "/api/sandbox/session/b-secret-session/incoming",
                b.apiKey(),
                "{\"from\":\"919822222222\",\"body\":\"only for B\"}");

        assertEquals(404, a.browser().get("/portal/sessions/b-secret-session").status());
        assertEquals(
                404, a.browser().get("/portal/api/sessions/b-secret-session").status());
        assertFalse(a.browser().get("/portal/sessions").body().contains("b-secret-session"));
        assertFalse(a.browser().get("/portal/messages").body().contains("only for B"));
        assertFalse(a.browser()
                .get("/portal/messages?session=b-secret-session")
                .body()
                .contains("only for B"));
        Page aSimulates = a.browser()
                .submit(
                        "/portal/sessions",
                        "/portal/sessions/b-secret-session/sandbox/incoming",
                        "from",
                        "919833333333",
                        "body",
                        "A writes into B");
        assertEquals(404, aSimulates.status());

        assertTrue(b.browser().get("/portal/messages").body().contains("only for B"));
        assertTrue(b.browser().get("/portal/sessions/b-secret-session").body().contains("Connected as +919811111111"));
    }

    @Test
    void theOperatorSignsInWithTheAdminKeyAndASuspendedTenantsLoginEnds() throws Exception {
        String name = "To Suspend " + UUID.randomUUID().toString().substring(0, 8);
        Signed tenant = verifiedAccount(name, uniqueEmail("suspend"));
        PortalBrowser operator = browser();
        assertEquals(303, operator.get("/portal/operator").status());
        Page wrong = operator.submit("/portal/operator/login", "/portal/operator/login", "adminKey", "not the key");
        assertEquals(401, wrong.status());
        Page in = operator.submit("/portal/operator/login", "/portal/operator/login", "adminKey", Api.ADMIN_KEY);
        assertEquals(303, in.status());
        Page overview = operator.follow(in);
        assertTrue(overview.body().contains(name), overview.body());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> nodes = (List<Map<String, Object>>)
                new Api(target.getUri()).admin("GET", "/api/admin/nodes", null).get("nodes");
        String nodesTable = between(overview.body(), "<table id=\"nodes\">", "</table>");
        nodes.forEach(n -> assertTrue(nodesTable.contains("<code>" + n.get("id") + "</code>"), nodesTable));
        assertTrue(overview.body().contains("<table id=\"sessions\">"), "the sessions and their nodes");
        assertEquals(303, operator.get("/portal").status(), "the operator is no tenant");

        String tenantId = between(overview.body().substring(overview.body().indexOf(name)), "<code>", "</code>");
        Page saved = operator.post(
                "/portal/operator/tenants/" + tenantId,
                Map.of(),
                "csrf",
                overview.csrf(),
                "plan",
                "starter",
                "suspended",
                "yes");
        assertEquals(303, saved.status(), saved.body());

        assertEquals(303, tenant.browser().get("/portal").status(), "a suspended tenant's login ends");
        assertEquals(
                "TENANT_SUSPENDED",
                new Api(target.getUri()).get("/api/usage", tenant.apiKey()).code());
        assertEquals(303, browser().get("/portal/operator").status(), "tenants are not operators");
        assertEquals(303, tenant.browser().get("/portal/operator").status());
    }

    @Test
    void theDashboardShowsTheKeyMaskedAndResetsItOnlyWhenConfirmed() throws Exception {
        Signed user = verifiedAccount("Resetter", uniqueEmail("key"));
        Api api = new Api(target.getUri());
        Page unconfirmed = user.browser().submit("/portal/api-key/reset", "/portal/api-key/reset");
        assertEquals(400, unconfirmed.status());
        assertEquals(200, api.get("/api/usage", user.apiKey()).status(), "the old key still works");

        Page reset = user.browser().submit("/portal/api-key/reset", "/portal/api-key/reset", "confirm", "yes");
        String newKey = between(reset.body(), "id=\"api-key\">", "<");
        assertEquals("UNAUTHORIZED", api.get("/api/usage", user.apiKey()).code());
        assertEquals(200, api.get("/api/usage", newKey).status());
    }

    @Test
    void theApiKeysPageCreatesAKeyShownOnceAndRevokesItOnlyWithThePagesToken() throws Exception {
        Signed user = verifiedAccount("Key Maker", uniqueEmail("keys"));
        Api api = new Api(target.getUri());
        Page created = user.browser()
                .submit("/portal/api-keys", "/portal/api-keys", "name", "Zapier", "scope", "send", "sessions", "main");
        assertEquals(200, created.status(), created.body());
        String secret = between(created.body(), "id=\"new-api-key\">", "<");
        assertEquals(404, api.get("/api/whatsapp/session/main/status", secret).status(), "its session: allowed");
        assertEquals("KEY_SCOPE_FORBIDDEN", api.get("/api/usage", secret).code(), "restricted to main");

        Page listed = user.browser().get("/portal/api-keys");
        assertTrue(listed.body().contains("Zapier"), listed.body());
        assertFalse(listed.body().contains(secret), "shown once");
        String id = between(listed.body(), "<tr id=\"key-", "\"");

        Page forged = user.browser().post("/portal/api-keys/" + id + "/revoke", Map.of());
        assertEquals(403, forged.status());
        assertEquals(404, api.get("/api/whatsapp/session/main/status", secret).status(), "not revoked");

        Page revoked = user.browser().submit("/portal/api-keys", "/portal/api-keys/" + id + "/revoke");
        assertEquals(303, revoked.status(), revoked.body());
        assertEquals(
                "UNAUTHORIZED",
                api.get("/api/whatsapp/session/main/status", secret).code());
        assertFalse(user.browser().get("/portal/api-keys").body().contains("Zapier"));
    }

    // ---- helpers

    @Test
    void theDashboardChartsThisTenantsMessagesAndWebhookDeliveriesPerDayWithTheNumbersAsATable() throws Exception {
        Signed a = verifiedAccount("Charts A", uniqueEmail("charts-a"));
        Signed b = verifiedAccount("Charts B", uniqueEmail("charts-b"));
        Api api = new Api(target.getUri());
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            assertEquals(
                    200,
                    api.send(
                                    "PUT",
                                    "/api/settings/webhook",
                                    Map.of("X-API-Key", a.apiKey()),
                                    "{\"url\":\"" + receiver.url() + "\"}")
                            .status());
            api.readySession(a.apiKey(), "main", "919812000001");
            api.readySession(b.apiKey(), "main", "919812000002");
            for (int i = 0; i < 3; i++) {
                assertEquals(
                        200,
                        api.post(
                                        "/api/whatsapp/session/main/send",
                                        a.apiKey(),
                                        "{\"to\":\"91987654330" + i + "\",\"message\":\"hi\"}")
                                .status());
            }
            for (int i = 0; i < 2; i++) {
                incoming(api, a.apiKey(), "A " + i);
            }
            // Another tenant's traffic counts for it only.
            api.post("/api/whatsapp/session/main/send", b.apiKey(), "{\"to\":\"919876543309\",\"message\":\"b\"}");
            for (int i = 0; i < 4; i++) {
                incoming(api, b.apiKey(), "B " + i);
            }
            awaitNoPending(api, a.apiKey());
            receiver.respondWith(500);
            incoming(api, a.apiKey(), "while the receiver fails");
            Api.await(
                    () -> api.get("/api/settings/webhook/deliveries?status=pending", a.apiKey()),
                    r -> ((Number) r.get("total")).intValue() >= 1,
                    "a delivery to retry");

            Page dashboard = a.browser().get("/portal");
            assertEquals(200, dashboard.status());
            String traffic = between(dashboard.body(), "<figure class=\"chart\" id=\"traffic-chart\">", "</figure>");
            assertTrue(
                    traffic.contains("<svg viewBox=\"0 0 360 190\" role=\"img\" aria-labelledby=\"traffic-chart-title\""
                            + " aria-describedby=\"traffic-chart-summary\""),
                    traffic);
            assertTrue(
                    traffic.contains("<title id=\"traffic-chart-title\">Messages per day, last 30 days</title>"),
                    traffic);
            assertTrue(traffic.contains("3 sent, 3 received and 0 failed from "), traffic);
            assertEquals(List.of("3", "3", "0"), row(traffic, today));
            assertEquals(30, traffic.split("<th scope=\"row\">").length - 1, "every day of the 30");
            assertEquals(1, count(traffic, "<rect class=\"sent\""), "one day with sends");
            assertEquals(1, count(traffic, "<rect class=\"received\""), traffic);

            String deliveries =
                    between(dashboard.body(), "<figure class=\"chart\" id=\"deliveries-chart\">", "</figure>");
            assertTrue(deliveries.contains("role=\"img\" aria-labelledby=\"deliveries-chart-title\""), deliveries);
            int delivered = ((Number) api.get("/api/settings/webhook/deliveries?status=delivered", a.apiKey())
                            .get("total"))
                    .intValue();
            int pending = ((Number) api.get("/api/settings/webhook/deliveries?status=pending", a.apiKey())
                            .get("total"))
                    .intValue();
            assertTrue(delivered >= 5, "the sends' and messages' events: " + delivered);
            assertEquals(
                    List.of(Integer.toString(delivered), Integer.toString(pending), "0", "0"), row(deliveries, today));
            assertTrue(
                    deliveries.contains(delivered + " delivered, " + pending + " pending, 0 failed and 0 cancelled"),
                    deliveries);

            String other = b.browser().get("/portal").body();
            assertEquals(List.of("1", "4", "0"), row(between(other, "id=\"traffic-chart\">", "</figure>"), today));
            assertTrue(other.contains("No webhook deliveries from "), "B has no webhook");
        }
    }

    private static void incoming(Api api, String key, String body) {
        Api.Response r = api.post(
                "/api/sandbox/session/main/incoming", key, "{\"from\":\"919800000009\",\"body\":\"" + body + "\"}");
        assertEquals(200, r.status(), r.toString());
    }

    /** Waits until the tenant's events so far are delivered and no more come (acks arrive after the sends). */
    private static void awaitNoPending(Api api, String key) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        Object last = null;
        while (System.nanoTime() < deadline) {
            Api.Response all = api.get("/api/settings/webhook/deliveries?limit=100", key);
            Object pending = api.get("/api/settings/webhook/deliveries?status=pending", key)
                    .get("total");
            if (((Number) pending).intValue() == 0 && all.get("total").equals(last)) {
                return;
            }
            last = all.get("total");
            Thread.sleep(300);
        }
        throw new AssertionError("deliveries still pending or growing");
    }

    /** The cells of a chart table's row for {@code day}. */
    private static List<String> row(String chart, String day) {
        String row = between(chart, "<th scope=\"row\">" + day + "</th>", "</tr>");
        return Pattern.compile("<td>([^<]*)</td>")
                .matcher(row)
                .results()
                .map(m -> m.group(1))
                .toList();
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    private record Signed(PortalBrowser browser, String apiKey) {}

    private Signed verifiedAccount(String name, String email) throws Exception {
        PortalBrowser browser = browser();
        browser.submit("/portal/signup", "/portal/signup", "name", name, "email", email, "password", PASSWORD);
        String link = link(lastMailTo(email));
        Page keyPage = browser.post(
                "/portal/verify",
                Map.of(),
                "csrf",
                browser.get(link).csrf(),
                "token",
                link.substring(link.indexOf('=') + 1));
        assertEquals(200, keyPage.status(), keyPage.body());
        return new Signed(browser, between(keyPage.body(), "id=\"api-key\">", "<"));
    }

    private PortalBrowser browser() {
        return new PortalBrowser(target.getUri());
    }

    private static String uniqueEmail(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private static MimeMessage lastMailTo(String email) throws MessagingException {
        List<MimeMessage> to = Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> {
                    try {
                        return m.getAllRecipients()[0].toString().equalsIgnoreCase(email);
                    } catch (MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
        assertFalse(to.isEmpty(), "no mail to " + email);
        return to.get(to.size() - 1);
    }

    /** The portal link in a mail, as a path on the server under test. */
    private static String link(MimeMessage mail) throws MessagingException, IOException {
        Matcher m = LINK.matcher((String) mail.getContent());
        assertTrue(m.find(), "no link in: " + mail.getContent());
        return m.group(1);
    }

    private static String setCookie(PortalBrowser browser, String name) {
        return browser.lastSetCookies().stream()
                .filter(c -> c.startsWith(name + "="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + browser.lastSetCookies()));
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertNotNull(from >= 0 ? text : null, "no " + start + " in " + text);
        int begin = from + start.length();
        return text.substring(begin, text.indexOf(end, begin));
    }
}
