package cloud.wapiconnect.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.Axe;
import cloud.wapiconnect.util.ServerProcess;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
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
 * Campaigns in a real browser (Debian's headless Chromium through chromedriver, as {@link PortalBrowserIT}) against
 * the packaged server on a database of its own, in both database passes: a CSV chosen in the form is previewed for
 * its first rows, the campaign starts, its progress moves on the page without a reload until it ends, the results
 * refresh in place and their CSV downloads with every recipient; a slow campaign is cancelled; a bad row is named.
 * axe-core (src/portal-a11y, installed by src/scripts/chromium.sh) finds no serious or critical violation on the
 * campaign pages, and at a phone's width (390 px) they do not scroll sideways.
 */
class PortalCampaignsBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "portal-screenshots");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Dimension DESKTOP = new Dimension(1280, 900);
    private static final Dimension PHONE_SCREEN = new Dimension(390, 844);
    private static final String EMAIL = "campaigns@example.com";
    private static final int RECIPIENTS = 12;

    private GreenMail smtp;
    private ServerProcess server;
    private String base;
    private Path profile;
    private Path downloads;
    private Path files;
    private ChromeDriverService chromedriver;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void start() throws Exception {
        assertTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium and chromedriver are needed: src/scripts/chromium.sh installs them");
        assertTrue(
                Files.isReadable(Axe.SCRIPT),
                "axe-core is needed: src/scripts/chromium.sh installs it (" + Axe.SCRIPT + ")");
        smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Map<String, String> env = ServerProcess.freshDatabase("wapi_test_campaigns", "campaigns-browser-data");
        Path log = ServerProcess.logFile("campaigns-browser-server").toPath();
        Files.deleteIfExists(log);
        server = new ServerProcess(env, log);
        base = server.uri().toString();
        env.put("WAPI_PUBLIC_URL", base);
        env.put("WAPI_SMTP_HOST", "127.0.0.1");
        env.put("WAPI_SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()));
        env.put("WAPI_SMTP_TLS", "none");
        env.put("WAPI_SMTP_FROM", "WapiConnect <no-reply@example.com>");
        server.start();
        files = Files.createTempDirectory("campaign-files-");
        downloads = Files.createTempDirectory("campaign-downloads-");
        browser = startChromium();
        wait = (WebDriverWait) new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class);
        browser.manage().window().setSize(DESKTOP);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (chromedriver != null) {
            chromedriver.stop();
        }
        if (server != null) {
            server.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
        for (Path dir : new Path[] {profile, downloads, files}) {
            if (dir != null) {
                ServerProcess.deleteRecursively(dir);
            }
        }
    }

    @Test
    void aCsvCampaignRunsLiveToItsResultsAndASlowOneIsCancelled() throws Exception {
        try {
            String apiKey = signUp();
            new Api(server.uri()).readySession(apiKey, "main", "919800000300");

            aBadRowIsNamed();
            String jobId = startACampaignAfterItsPreview();
            watchItRunWithoutAReload();
            downloadTheResults(jobId);
            thePagesFitAPhone(jobId);
            cancelASlowCampaign();
        } catch (Exception | AssertionError e) {
            try {
                screenshot("campaigns-failure");
                System.err.println("The browser was at " + browser.getCurrentUrl() + ", showing:\n"
                        + browser.findElement(By.tagName("body")).getText());
            } catch (RuntimeException ignored) {
                // the failure itself matters more
            }
            throw e;
        }
    }

    // ---- the steps ----

    private String signUp() throws Exception {
        browser.get(base + "/portal/signup");
        type("name", "Campaign Runner");
        type("email", EMAIL);
        type("password", "mango-monsoon-42");
        submit("signup-form");
        wait.until(textToBe(By.tagName("h1"), "Check your email"));
        assertTrue(smtp.waitForIncomingEmail(WAIT.toMillis(), 1), "No mail arrived");
        MimeMessage mail = smtp.getReceivedMessages()[0];
        Matcher link = Pattern.compile("http\\S*/portal/verify\\?token=\\S+")
                .matcher(mail.getContent().toString());
        assertTrue(link.find());
        browser.get(link.group());
        submit("verify-form");
        return wait.until(visibilityOfElementLocated(By.id("api-key"))).getText();
    }

    private void aBadRowIsNamed() throws IOException {
        browser.get(base + "/portal/campaigns");
        wait.until(textToBe(By.tagName("h1"), "Campaigns"));
        assertNoSeriousAccessibilityViolations("/portal/campaigns (empty)");
        Path bad = csv("bad.csv", "phone,name\n919876543210,Asha\n919876543211,Ravi,extra\n");
        type("message", "Hi {{name}}");
        browser.findElement(By.id("csv")).sendKeys(bad.toString());
        // The preview names the row at once, before anything is submitted...
        wait.until(textToBePresentInElementLocated(By.id("preview-summary"), "Row 3 has 3 fields; the header has 2"));
        // ... and so does the server when it is submitted anyway.
        submit("campaign-form");
        wait.until(textToBePresentInElementLocated(By.id("error"), "Row 3 has 3 fields"));
        assertEquals("Hi {{name}}", browser.findElement(By.id("message")).getDomProperty("value"));
        assertNoSeriousAccessibilityViolations("/portal/campaigns (an error)");
    }

    private String startACampaignAfterItsPreview() throws IOException {
        StringBuilder rows = new StringBuilder("phone,name,order\n");
        for (int i = 0; i < RECIPIENTS; i++) {
            rows.append("9198765432")
                    .append(String.format("%02d", i))
                    .append(",Person ")
                    .append(i)
                    .append(",A-")
                    .append(100 + i)
                    .append('\n');
        }
        browser.get(base + "/portal/campaigns");
        browser.findElement(By.id("csv"))
                .sendKeys(csv("customers.csv", rows.toString()).toString());
        type("message", "Hi {{name}}, order {{order}} has shipped");
        wait.until(textToBePresentInElementLocated(By.id("preview-summary"), RECIPIENTS + " recipients"));
        wait.until(textToBePresentInElementLocated(By.id("preview-rows"), "Hi Person 0, order A-100 has shipped"));
        wait.until(textToBePresentInElementLocated(By.id("preview-rows"), "Hi Person 2, order A-102 has shipped"));
        assertEquals(
                3, browser.findElements(By.cssSelector("#preview-rows figure")).size());
        type("delayMin", "0.4");
        type("delayMax", "0.6");
        screenshot("campaign-new");
        assertNoSeriousAccessibilityViolations("/portal/campaigns (preview)");
        submit("campaign-form");
        wait.until(textToBe(By.id("notice"), "Campaign started."));
        return browser.getCurrentUrl().replaceAll(".*/portal/campaigns/([0-9a-f]{24}).*", "$1");
    }

    /** The bar and counts move while the page stays the same (marked), until the campaign ends. */
    private void watchItRunWithoutAReload() throws IOException {
        markPage();
        TreeSet<Integer> seen = new TreeSet<>();
        wait.until(d -> {
            assertTrue(samePage(), "the page was reloaded");
            seen.add(progress());
            return seen.stream().anyMatch(v -> v > 0 && v < RECIPIENTS);
        });
        assertNoSeriousAccessibilityViolations("/portal/campaigns/{id} (running)");
        screenshot("campaign-running");
        wait.until(d -> {
            seen.add(progress());
            return d.findElement(By.id("campaign-done")).isDisplayed();
        });
        assertTrue(samePage(), "the page was reloaded");
        assertTrue(seen.size() >= 2, "the bar did not move: " + seen);
        assertEquals(RECIPIENTS, progress());
        assertEquals("Finished", browser.findElement(By.id("campaign-status")).getText());
        assertEquals(
                String.valueOf(RECIPIENTS),
                browser.findElement(By.id("count-sent")).getText());
        assertEquals("0", browser.findElement(By.id("count-remaining")).getText());
        assertTrue(
                browser.findElement(By.id("campaign-summary")).getText().contains(RECIPIENTS + " sent"),
                browser.findElement(By.id("campaign-summary")).getText());
        // The results table was refreshed in place: every recipient sent.
        List<WebElement> results = browser.findElements(By.cssSelector("#results tbody tr"));
        assertEquals(RECIPIENTS, results.size());
        assertTrue(
                results.stream().allMatch(r -> r.getText().contains("sent")),
                results.getFirst().getText());
        assertTrue(browser.findElements(By.id("cancel-campaign")).stream().noneMatch(WebElement::isDisplayed));
        screenshot("campaign-finished");
        assertNoSeriousAccessibilityViolations("/portal/campaigns/{id} (finished)");
    }

    private void downloadTheResults(String jobId) throws IOException {
        browser.findElement(By.id("download")).click();
        Path file = downloads.resolve("campaign-" + jobId + "-results.csv");
        wait.until(d -> Files.exists(file) && !Files.exists(Path.of(file + ".crdownload")));
        List<CSVRecord> rows = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .get()
                .parse(new StringReader(Files.readString(file, StandardCharsets.UTF_8)))
                .getRecords();
        assertEquals(RECIPIENTS, rows.size());
        for (int i = 0; i < RECIPIENTS; i++) {
            CSVRecord row = rows.get(i);
            assertEquals(String.valueOf(i + 1), row.get("row"));
            assertEquals("9198765432" + String.format("%02d", i), row.get("recipient"));
            assertEquals("Person " + i, row.get("name"));
            assertEquals("sent", row.get("status"));
            assertTrue(row.get("message_id").length() > 5, row.toString());
            assertTrue(row.get("sent_at").endsWith("Z"), row.toString());
        }
        // The past campaigns list it with its outcome.
        browser.get(base + "/portal/campaigns");
        WebElement first = wait.until(visibilityOfElementLocated(By.cssSelector("#campaigns tbody tr")));
        assertTrue(first.getText().contains("Finished") && first.getText().contains(String.valueOf(RECIPIENTS)));
        assertEquals(
                base + "/portal/campaigns/" + jobId,
                first.findElement(By.tagName("a")).getDomProperty("href"));
    }

    private void thePagesFitAPhone(String jobId) throws IOException {
        browser.manage().window().setSize(PHONE_SCREEN);
        try {
            for (String page : List.of("/portal/campaigns", "/portal/campaigns/" + jobId)) {
                browser.get(base + page);
                wait.until(visibilityOfElementLocated(By.tagName("h1")));
                Number scrollWidth = (Number) browser.executeScript("return document.documentElement.scrollWidth;");
                Number innerWidth = (Number) browser.executeScript("return window.innerWidth;");
                assertTrue(
                        scrollWidth.intValue() <= innerWidth.intValue(),
                        page + " is " + scrollWidth + " px wide on a " + innerWidth + " px screen");
                for (WebElement scroll : browser.findElements(By.cssSelector(".scroll"))) {
                    assertEquals("0", scroll.getDomAttribute("tabindex"));
                    assertEquals("region", scroll.getDomAttribute("role"));
                }
                assertNoSeriousAccessibilityViolations(page + " at 390 px");
            }
            screenshot("campaign-phone");
        } finally {
            browser.manage().window().setSize(DESKTOP);
        }
    }

    private void cancelASlowCampaign() throws IOException {
        browser.get(base + "/portal/campaigns");
        browser.findElement(By.id("csv"))
                .sendKeys(csv("slow.csv", "phone\n919811111111\n919811111112\n919811111113\n")
                        .toString());
        type("message", "Slowly");
        type("delayMin", "60");
        type("delayMax", "60");
        submit("campaign-form");
        wait.until(textToBe(By.id("notice"), "Campaign started."));
        submit("cancel-campaign");
        wait.until(textToBePresentInElementLocated(By.id("notice"), "Campaign cancelled"));
        assertEquals("Cancelled", browser.findElement(By.id("campaign-status")).getText());
        assertEquals("0", browser.findElement(By.id("count-remaining")).getText());
        assertTrue(browser.findElements(By.id("cancel-campaign")).isEmpty());
        browser.get(base + "/portal/campaigns");
        assertTrue(wait.until(visibilityOfElementLocated(By.cssSelector("#campaigns tbody tr")))
                .getText()
                .contains("Cancelled"));
    }

    // ---- helpers ----

    /** axe-core's serious and critical violations on the page as it is now: none. */
    private void assertNoSeriousAccessibilityViolations(String page) throws IOException {
        assertEquals(List.of(), Axe.seriousViolations(browser), page);
    }

    private Path csv(String name, String content) throws IOException {
        return Files.writeString(files.resolve(name), content, StandardCharsets.UTF_8);
    }

    private int progress() {
        String value = browser.findElement(By.id("campaign-progress")).getDomProperty("value");
        return (int) Double.parseDouble(value == null ? "0" : value);
    }

    private ChromeDriver startChromium() throws IOException {
        profile = Files.createTempDirectory("campaigns-chromium-");
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
        options.setExperimentalOption(
                "prefs",
                Map.of("download.default_directory", downloads.toString(), "download.prompt_for_download", false));
        chromedriver = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(ServerProcess.logFile("campaigns-chromedriver"))
                .build();
        ChromeDriver driver = new ChromeDriver(chromedriver, options);
        driver.manage().timeouts().scriptTimeout(WAIT);
        return driver;
    }

    private void type(String id, String text) {
        WebElement field = wait.until(visibilityOfElementLocated(By.id(id)));
        field.clear();
        field.sendKeys(text);
    }

    private void submit(String formId) {
        markPage();
        wait.until(visibilityOfElementLocated(By.cssSelector("#" + formId + " button[type=submit]")))
                .click();
        new WebDriverWait(browser, WAIT).ignoring(WebDriverException.class).until(d -> !samePage());
    }

    private void markPage() {
        browser.executeScript("window.wapiTestMark = true;");
    }

    private boolean samePage() {
        return Boolean.TRUE.equals(browser.executeScript("return window.wapiTestMark === true;"));
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
