package cloud.wapiconnect.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openqa.selenium.support.ui.ExpectedConditions.invisibilityOfElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import cloud.wapiconnect.util.Axe;
import cloud.wapiconnect.util.DatabaseAgnostic;
import cloud.wapiconnect.util.QrCodes;
import cloud.wapiconnect.util.ServerProcess;
import cloud.wapiconnect.util.WebhookReceiver;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The tenant portal in a real browser: Debian's headless Chromium driven by Selenium through chromedriver,
 * against the packaged server as a separate process (a MariaDB database of its own, a real SMTP server
 * (GreenMail) for the verification mail, a real webhook receiver). It walks a new tenant's first visit: sign
 * up, confirm the email from the mail's link, get the API key, link a sandbox phone by its live QR code, set
 * up the webhook and watch its test delivery arrive, see an incoming message, log out.
 *
 * <p>Screenshots of the pages land in {@code target/portal-screenshots}; the README's
 * {@code src/docs/portal-dashboard.png} is a copy of {@code dashboard.png} from there.
 *
 * <p>Nothing is downloaded: Selenium is given the driver and the browser binary, so Selenium Manager never
 * runs ({@code src/scripts/chromium.sh} installs both with apt-get where missing).
 */
@DatabaseAgnostic
class PortalBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "portal-screenshots");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Dimension DESKTOP = new Dimension(1280, 900);
    private static final Dimension PHONE_SCREEN = new Dimension(390, 844);

    private static final String EMAIL = "asha@example.com";
    private static final String PASSWORD = "mango-monsoon-42";
    private static final String PHONE = "919876543210";
    private static final String WEBHOOK_SECRET = "portal-browser-secret";
    /** The sandbox's simulated phone form is prefilled with this sender and text. */
    private static final String INCOMING_FROM = "919800000001";

    private static final String INCOMING_TEXT = "Hello from the sandbox";

    private GreenMail smtp;
    private WebhookReceiver receiver;
    /** Holds the webhook receiver's answers back until the test has the webhooks page open (see below). */
    private final CountDownLatch webhookGate = new CountDownLatch(1);

    private ServerProcess server;
    private String base;
    private Path profile;
    private ChromeDriverService chromedriver;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void start() throws Exception {
        assertTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium and chromedriver are needed: apt-get install chromium chromium-driver (src/scripts/chromium.sh)");
        smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        receiver = new WebhookReceiver();
        receiver.respond(body -> {
            awaitGate();
            return 200;
        });

        Map<String, String> env = ServerProcess.freshDatabase("wapi_test_browser", "browser-data");
        Path log = ServerProcess.logFile("browser-server").toPath();
        Files.deleteIfExists(log);
        server = new ServerProcess(env, log);
        base = server.uri().toString();
        env.put("WAPI_PUBLIC_URL", base); // the links in the mails point here
        env.put("WAPI_SMTP_HOST", "127.0.0.1");
        env.put("WAPI_SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()));
        env.put("WAPI_SMTP_TLS", "none");
        env.put("WAPI_SMTP_FROM", "WapiConnect <no-reply@example.com>");
        env.put("WAPI_ALLOW_PRIVATE_NETWORKS", "true"); // the webhook receiver is on 127.0.0.1
        // A new QR code every 3 s (not 20) so the page can be seen replacing it; enough codes that the
        // sandbox does not give up on the unscanned session while the test looks at it.
        env.put("WAPI_SANDBOX_QR_INTERVAL_MS", "3000");
        env.put("WAPI_SANDBOX_QR_MAX_CODES", "40");
        server.start();

        deleteRecursively(SCREENSHOTS);
        browser = startChromium();
        // The live pages replace rows while a condition reads them: a stale row means "look again".
        wait = (WebDriverWait) new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class);
        resizeViewport(DESKTOP);
    }

    @AfterEach
    void stop() throws IOException {
        webhookGate.countDown();
        if (browser != null) {
            browser.quit();
        }
        if (chromedriver != null) {
            chromedriver.stop();
        }
        if (server != null) {
            server.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
        deleteRecursively(profile);
    }

    @Test
    void newTenantSignsUpLinksAPhoneAndReceivesWebhooks() throws Exception {
        try {
            signUp();
            String apiKey = confirmEmail(verificationLink());
            assertApiKeyWorks(apiKey);
            openDashboard(apiKey);
            addSessionAndWatchItsQrCode();
            scanWithTheSandboxPhone();
            setUpWebhookAndSeeTheTestDelivery();
            receiveAMessage();
            dashboardScreenshots();
            phoneWidthPagesDoNotScrollSideways();
            theSiteHasAnIconAndAReadableApiReference();
            logOut();
            operatorPageFitsAPhone();
        } catch (Exception | AssertionError e) {
            showWhereTheBrowserIs();
            throw e;
        }
    }

    // ---- the steps ----

    private void signUp() throws IOException {
        browser.get(base + "/portal/signup");
        type("name", "Asha Verma");
        type("email", EMAIL);
        type("password", PASSWORD);
        screenshot("signup");
        submit("signup-form");
        wait.until(textToBe(By.tagName("h1"), "Check your email"));
    }

    /** The link from the verification mail the server sent through SMTP. */
    private String verificationLink() throws Exception {
        assertTrue(smtp.waitForIncomingEmail(WAIT.toMillis(), 1), "No mail arrived at the SMTP server");
        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertEquals("Verify your email for WapiConnect", mail.getSubject());
        assertEquals(EMAIL, mail.getAllRecipients()[0].toString());
        String text = mail.getContent().toString();
        Matcher link = Pattern.compile("http\\S*/portal/verify\\?token=\\S+").matcher(text);
        assertTrue(link.find(), "No verification link in: " + text);
        assertTrue(link.group().startsWith(base + "/portal/verify?token="), "Not on WAPI_PUBLIC_URL: " + link.group());
        return link.group();
    }

    /** Opens the mail's link, confirms, and returns the API key the page shows (once). */
    private String confirmEmail(String link) throws IOException {
        browser.get(link);
        wait.until(textToBe(By.tagName("h1"), "Confirm your email"));
        submit("verify-form");
        String apiKey = wait.until(visibilityOfElementLocated(By.id("api-key"))).getText();
        assertTrue(apiKey.startsWith("wapi_"), apiKey);
        screenshot("api-key");
        return apiKey;
    }

    /** The key from the page is a real one: the REST API takes it. */
    private void assertApiKeyWorks(String apiKey) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/usage"))
                .header("X-API-Key", apiKey)
                .timeout(WAIT)
                .GET()
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> usage = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, usage.statusCode(), usage.body());
        }
    }

    private void openDashboard(String apiKey) {
        click(By.id("to-dashboard"));
        String hint = wait.until(visibilityOfElementLocated(By.id("key-hint"))).getText();
        assertFalse(hint.contains(apiKey), "The dashboard shows the whole key: " + hint);
        assertTrue(hint.endsWith("••••"), "Not masked: " + hint);
        assertTrue(apiKey.startsWith(hint.replace("•", "")), "Not this key's hint: " + hint);
    }

    private void addSessionAndWatchItsQrCode() throws IOException {
        browser.get(base + "/portal/sessions");
        type("sessionId", "main");
        submit("add-session");
        wait.until(textToBe(By.tagName("h1"), "Session main"));
        wait.until(d -> qrSrc().startsWith("data:image/png;base64,")
                && d.findElement(By.id("qr-image")).isDisplayed());
        wait.until(textToBe(By.id("session-status"), "Waiting for the QR code to be scanned"));
        String first = qrSrc();
        assertFalse(QrCodes.decodeDataUrl(first).isBlank(), "The QR image holds no code");
        screenshot("session-qr");

        // The page's script polls the session: the sandbox's next code replaces the image in place.
        markPage();
        wait.until(d -> !qrSrc().equals(first) && samePage());
        assertTrue(qrSrc().startsWith("data:image/png;base64,"), qrSrc());
    }

    private void scanWithTheSandboxPhone() throws IOException {
        assertEquals(PHONE, browser.findElement(By.id("phoneNumber")).getDomProperty("value"));
        submit("simulate-scan");
        wait.until(textToBePresentInElementLocated(By.id("session-status"), "Connected as +" + PHONE));
        wait.until(invisibilityOfElementLocated(By.id("qr")));
        screenshot("session-connected");
    }

    /**
     * The receiver holds its answer until the page is open and marked, so the delivery is still pending when
     * the page is rendered: seeing it turn "delivered" proves the table refreshes itself, without a reload.
     */
    private void setUpWebhookAndSeeTheTestDelivery() throws Exception {
        browser.get(base + "/portal/webhooks");
        type("url", receiver.url());
        type("secret", WEBHOOK_SECRET);
        submit("webhook-form");
        wait.until(textToBe(By.id("notice"), "Webhook saved."));
        submit("test-webhook");
        wait.until(textToBePresentInElementLocated(By.id("notice"), "Test event queued"));
        markPage();
        webhookGate.countDown();

        WebhookReceiver.Received test =
                receiver
                        .await(all -> all.stream().anyMatch(r -> "test".equals(r.event())), WAIT, "the test event")
                        .stream()
                        .filter(r -> "test".equals(r.event()))
                        .findFirst()
                        .orElseThrow();
        assertEquals(
                "sha256=" + hmacSha256(WEBHOOK_SECRET, test.body()),
                test.headers().get("x-hub-signature-256"),
                "Not signed with the secret typed into the form");
        wait.until(d -> hasDelivery("test", "delivered") && samePage());
        browser.executeScript("arguments[0].scrollIntoView({block: 'end'});", browser.findElement(By.id("deliveries")));
        screenshot("webhooks");
    }

    private void receiveAMessage() throws IOException {
        browser.get(base + "/portal/sessions/main");
        submit("simulate-incoming");
        wait.until(textToBePresentInElementLocated(By.id("notice"), "A simulated message arrived"));
        browser.get(base + "/portal/messages");
        WebElement messages = wait.until(visibilityOfElementLocated(By.id("messages")));
        assertTrue(
                messages.findElements(By.cssSelector("tbody tr")).stream()
                        .map(WebElement::getText)
                        .anyMatch(row ->
                                row.contains(INCOMING_FROM) && row.contains(INCOMING_TEXT) && row.contains("incoming")),
                messages.getText());
        screenshot("messages");
    }

    /** The dashboard once the phone is linked: the README's picture, and the same at a phone's width. */
    private void dashboardScreenshots() throws IOException {
        browser.get(base + "/portal");
        wait.until(visibilityOfElementLocated(By.id("key-hint")));
        wait.until(textToBePresentInElementLocated(By.id("main"), "Connected as +" + PHONE));
        // The charts are images to assistive technology, named by their titles, with their numbers one click away.
        WebElement traffic = browser.findElement(By.cssSelector("#traffic-chart svg"));
        // ARIA 1.3 renamed role img to image; Chromium reports the new name for either.
        assertTrue(List.of("img", "image").contains(traffic.getAriaRole()), traffic.getAriaRole());
        assertEquals("Messages per day, last 30 days", traffic.getAccessibleName());
        assertEquals(
                "Webhook deliveries per day, last 30 days",
                browser.findElement(By.cssSelector("#deliveries-chart svg")).getAccessibleName());
        screenshot("dashboard");
        resizeViewport(PHONE_SCREEN);
        screenshot("dashboard-phone");
        resizeViewport(DESKTOP);
        browser.findElement(By.cssSelector("#traffic-chart summary")).click();
        assertTrue(browser.findElement(By.id("traffic-chart-table")).isDisplayed());
        assertTrue(Files.isReadable(Axe.SCRIPT), "axe-core is needed: src/scripts/chromium.sh installs it");
        assertEquals(List.of(), Axe.seriousViolations(browser), "the dashboard with its charts");
    }

    /**
     * At a phone's width (390 px) no page is wider than the screen: wide tables scroll inside their own box, which
     * a keyboard can reach (axe's scrollable-region-focusable: focusable, and named as a region).
     */
    private void phoneWidthPagesDoNotScrollSideways() throws IOException {
        resizeViewport(PHONE_SCREEN);
        try {
            for (String page : List.of("/portal", "/portal/sessions", "/portal/webhooks", "/portal/messages")) {
                browser.get(base + page);
                wait.until(visibilityOfElementLocated(By.tagName("h1")));
                assertFitsTheScreen(page);
            }
            screenshot("messages-phone");
            for (WebElement scroll : browser.findElements(By.cssSelector(".scroll"))) {
                assertScrollRegionReachable(scroll);
            }
            browser.get(base + "/portal/webhooks");
            assertScrollRegionReachable(wait.until(d -> d.findElement(By.cssSelector(".scroll:has(#deliveries)"))));
        } finally {
            resizeViewport(DESKTOP);
        }
    }

    private void assertFitsTheScreen(String page) {
        Number scrollWidth = (Number) browser.executeScript("return document.documentElement.scrollWidth;");
        Number innerWidth = (Number) browser.executeScript("return window.innerWidth;");
        assertTrue(
                scrollWidth.intValue() <= innerWidth.intValue(),
                page + " is " + scrollWidth + " px wide on a " + innerWidth + " px screen");
    }

    private static void assertScrollRegionReachable(WebElement scroll) {
        assertEquals("0", scroll.getDomAttribute("tabindex"), "not focusable: " + scroll.getDomProperty("outerHTML"));
        assertEquals("region", scroll.getDomAttribute("role"));
        assertTrue(
                scroll.getDomAttribute("aria-label") != null || scroll.getDomAttribute("aria-labelledby") != null,
                "no name: " + scroll.getDomAttribute("class"));
    }

    /** The icon every page links (and the one browsers ask for unasked), and the API reference as a page, not YAML. */
    private void theSiteHasAnIconAndAReadableApiReference() throws Exception {
        assertEquals(
                "/favicon.svg",
                browser.findElement(By.cssSelector("link[rel=icon]")).getDomAttribute("href"));
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (String icon : List.of("/favicon.svg", "/favicon.ico")) {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(base + icon))
                                .timeout(WAIT)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), icon);
                assertEquals(
                        "image/svg+xml",
                        response.headers().firstValue("content-type").orElse(""),
                        icon);
                assertTrue(response.body().startsWith("<svg"), icon);
            }
        }
        click(By.cssSelector("footer a[href='/portal/api-reference']"));
        wait.until(textToBePresentInElementLocated(By.cssSelector(".swagger-ui .info .title"), "WapiConnect API"));
        wait.until(textToBePresentInElementLocated(By.id("reference"), "/api/whatsapp/session/{sessionId}/send"));
        screenshot("api-reference");
        browser.navigate().back();
        wait.until(visibilityOfElementLocated(By.tagName("h1")));
    }

    /** The operator's page (tenants and plans) at a phone's width. */
    private void operatorPageFitsAPhone() throws IOException {
        browser.get(base + "/portal/operator/login");
        type("adminKey", cloud.wapiconnect.util.Api.ADMIN_KEY);
        click(By.cssSelector("form[action='/portal/operator/login'] button[type=submit]"));
        wait.until(visibilityOfElementLocated(By.id("tenants")));
        resizeViewport(PHONE_SCREEN);
        try {
            browser.navigate().refresh();
            wait.until(visibilityOfElementLocated(By.id("tenants")));
            screenshot("operator-phone");
            assertFitsTheScreen("/portal/operator");
            for (WebElement scroll : browser.findElements(By.cssSelector(".scroll"))) {
                assertScrollRegionReachable(scroll);
            }
        } finally {
            resizeViewport(DESKTOP);
        }
    }

    private void logOut() {
        click(By.cssSelector("header form.logout button[type=submit]"));
        wait.until(urlToBe(base + "/portal/login"));
        browser.get(base + "/portal");
        wait.until(urlToBe(base + "/portal/login"));
        wait.until(textToBe(By.tagName("h1"), "Log in"));
    }

    // ---- browser helpers ----

    private ChromeDriver startChromium() throws IOException {
        profile = Files.createTempDirectory("portal-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--window-size=" + DESKTOP.getWidth() + "," + DESKTOP.getHeight());
        chromedriver = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(ServerProcess.logFile("browser-chromedriver"))
                .build();
        return new ChromeDriver(chromedriver, options);
    }

    /**
     * Makes the page area (what a screenshot shows) exactly this size: headless Chromium still takes room
     * for a window frame, so the window is grown by whatever the page area lacks.
     */
    private void resizeViewport(Dimension size) {
        browser.manage().window().setSize(size);
        @SuppressWarnings("unchecked")
        List<Number> inner = (List<Number>) browser.executeScript("return [window.innerWidth, window.innerHeight];");
        browser.manage()
                .window()
                .setSize(new Dimension(
                        2 * size.getWidth() - inner.get(0).intValue(),
                        2 * size.getHeight() - inner.get(1).intValue()));
        wait.until(d -> size.equals(new Dimension(
                ((Number) browser.executeScript("return window.innerWidth;")).intValue(),
                ((Number) browser.executeScript("return window.innerHeight;")).intValue())));
    }

    private void type(String id, String text) {
        WebElement field = wait.until(visibilityOfElementLocated(By.id(id)));
        field.clear();
        field.sendKeys(text);
    }

    /** Submits a form with its button, as a person would, and waits until the next page has replaced this one. */
    private void submit(String formId) {
        click(By.cssSelector("#" + formId + " button[type=submit]"));
    }

    /**
     * Clicks what leads to another page and waits until it is loaded. (The old page is told apart by a mark
     * in its window: chromedriver's staleness check of an element can fail with an inspector error while the
     * document is being replaced, and in that moment any call may fail: the wait just looks again.)
     */
    private void click(By target) {
        markPage();
        wait.until(visibilityOfElementLocated(target)).click();
        new WebDriverWait(browser, WAIT).ignoring(WebDriverException.class).until(d -> !samePage());
    }

    /** Marks the loaded page; {@link #samePage()} then tells whether it is still that page (no reload). */
    private void markPage() {
        browser.executeScript("window.wapiTestMark = true;");
    }

    private boolean samePage() {
        return Boolean.TRUE.equals(browser.executeScript("return window.wapiTestMark === true;"));
    }

    private String qrSrc() {
        String src = browser.findElement(By.id("qr-image")).getDomAttribute("src");
        return src == null ? "" : src;
    }

    private boolean hasDelivery(String event, String status) {
        List<WebElement> rows = browser.findElements(By.cssSelector("#deliveries tbody tr"));
        return rows.stream()
                .map(row -> row.findElements(By.tagName("td")))
                .anyMatch(cells -> cells.size() == 6
                        && cells.get(1).getText().equals(event)
                        && cells.get(2).getText().equals(status));
    }

    /** On a failure: the page the browser was on, as a screenshot and as text in the test output. */
    private void showWhereTheBrowserIs() {
        try {
            screenshot("failure");
            System.err.println("The browser was at " + browser.getCurrentUrl() + ", showing:\n"
                    + browser.findElement(By.tagName("body")).getText());
        } catch (IOException | RuntimeException e) {
            System.err.println("Could not capture the browser's page: " + e);
        }
    }

    private void screenshot(String name) throws IOException {
        if (browser != null) {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        }
    }

    // ---- other helpers ----

    private void awaitGate() {
        try {
            if (!webhookGate.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("The test never opened the webhook gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String hmacSha256(String secret, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (dir != null && Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
