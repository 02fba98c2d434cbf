package cloud.wapiconnect.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.MediaFiles;
import cloud.wapiconnect.util.PortalBrowser;
import cloud.wapiconnect.util.PortalBrowser.Page;
import cloud.wapiconnect.util.PortalBrowser.Upload;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.ws.rs.client.WebTarget;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The portal's campaigns over real HTTP (multipart uploads as browsers send them): a CSV with extra columns
 * becomes a bulk job whose recipients get their own placeholders filled, the results CSV is safe to open in a
 * spreadsheet, bad rows are named, forms need the page's token, and one tenant never sees another's campaigns.
 */
@HelidonTest
@AddConfig(key = "WAPI_SMTP_HOST", value = "127.0.0.1")
@AddConfig(key = "WAPI_SMTP_PORT", value = "3926")
@AddConfig(key = "WAPI_SMTP_TLS", value = "none")
@AddConfig(key = "WAPI_SMTP_FROM", value = "WapiConnect <no-reply@example.com>")
@AddConfig(key = "WAPI_PUBLIC_URL", value = "https://wapi.example.com")
class PortalCampaignsIT {
    private static final Pattern LINK = Pattern.compile("https://wapi\\.example\\.com(/portal/verify\\?token=\\S+)");
    private static final String PASSWORD = "correct horse battery";
    private static GreenMail smtp;

    @Inject
    WebTarget target;

    @BeforeAll
    static void startSmtp() {
        smtp = new GreenMail(new ServerSetup(3926, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCsvCampaignFillsEachRowsColumnsAndItsResultsCsvCannotRunFormulas() throws Exception {
        Signed user = verifiedAccount("Campaigner");
        Api api = new Api(target.getUri());
        api.readySession(user.apiKey(), "main", "919800000200");
        String csv = """
                phone,name,order,city
                919876543210,Asha,A-17,Pune
                "919876543211","=HYPERLINK(""http://evil"")",B-2,"Kochi, KL"

                919876543212,+cmd,-3,@SUM(A1)
                """;
        Page preview = user.browser()
                .upload(
                        "/portal/api/campaigns/preview",
                        Map.of(
                                "X-CSRF-Token",
                                user.browser().get("/portal/campaigns").csrf()),
                        List.of(csvFile(csv)),
                        "message",
                        "Hi {{name}}, order {{order}} ships to {{city}}");
        assertEquals(200, preview.status(), preview.body());
        assertTrue(preview.body().contains("\"recipients\":3"), preview.body());
        assertTrue(preview.body().contains("\"columns\":[\"phone\",\"name\",\"order\",\"city\"]"), preview.body());
        assertTrue(preview.body().contains("Hi Asha, order A-17 ships to Pune"), preview.body());

        Page started = start(user, csv, "Hi {{name}}, order {{order}} ships to {{city}} {{unknown}}", "0", "0");
        assertEquals(303, started.status(), started.body());
        assertTrue(started.location().matches(".*/portal/campaigns/[0-9a-f]{24}\\?done=started"), started.location());
        String jobId = started.location().replaceAll(".*/portal/campaigns/([0-9a-f]{24}).*", "$1");
        Page page = user.browser().follow(started);
        assertEquals(200, page.status());
        assertTrue(page.body().contains("Campaign started."), page.body());
        assertTrue(
                page.body().contains("<p>Hi {{name}}, order {{order}} ships to {{city}} {{unknown}}</p>"),
                "the page shows the message as written");

        // The same job over the API: the portal is one more facade over the bulk service.
        Api.Response done = Api.await(
                () -> api.get("/api/whatsapp/bulk-job/" + jobId, user.apiKey()),
                r -> "completed".equals(r.get("status")),
                "the campaign to complete");
        assertEquals(3, ((Number) done.get("succeeded")).intValue());
        List<Map<String, Object>> delivered = (List<Map<String, Object>>)
                api.get("/api/sandbox/session/main/delivered", user.apiKey()).get("messages");
        assertEquals(
                Set.of(
                        "Hi Asha, order A-17 ships to Pune {{unknown}}",
                        "Hi =HYPERLINK(\"http://evil\"), order B-2 ships to Kochi, KL {{unknown}}",
                        "Hi +cmd, order -3 ships to @SUM(A1) {{unknown}}"),
                delivered.stream().map(m -> (String) m.get("message")).collect(Collectors.toSet()));

        Page live = user.browser().get("/portal/api/campaigns/" + jobId);
        assertEquals(200, live.status());
        assertTrue(
                live.body().contains("\"status\":\"completed\"")
                        && live.body().contains("\"sent\":3")
                        && live.body().contains("\"remaining\":0")
                        && live.body().contains("\"finished\":true"),
                live.body());

        Page results = user.browser().get("/portal/campaigns/" + jobId + "/results.csv");
        assertEquals(200, results.status());
        assertTrue(results.response()
                .headers()
                .firstValue("Content-Type")
                .orElse("")
                .startsWith("text/csv"));
        assertTrue(results.response()
                .headers()
                .firstValue("Content-Disposition")
                .orElse("")
                .startsWith("attachment"));
        List<CSVRecord> rows = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .get()
                .parse(new StringReader(results.body()))
                .getRecords();
        assertEquals(3, rows.size(), results.body());
        assertEquals("Asha", rows.get(0).get("name"));
        assertEquals("'=HYPERLINK(\"http://evil\")", rows.get(1).get("name"));
        assertEquals("'+cmd", rows.get(2).get("name"));
        for (CSVRecord row : rows) {
            assertEquals("sent", row.get("status"));
            assertFalse(row.get("message_id").isEmpty());
            assertTrue(row.get("sent_at").endsWith("Z"), row.get("sent_at"));
        }
        assertEquals(
                0,
                user.browser()
                        .get("/portal/campaigns/" + jobId + "/results.csv?status=failed")
                        .body()
                        .lines()
                        .skip(1)
                        .count());

        Page list = user.browser().get("/portal/campaigns");
        assertTrue(list.body().contains("/portal/campaigns/" + jobId), "past campaigns list it");
        assertTrue(list.body().contains("Finished"), list.body());
    }

    @Test
    @SuppressWarnings("unchecked")
    void anUploadedImageGoesToEveryRecipientWithItsCaptionAndMissingMediaIsRefused() throws Exception {
        Signed user = verifiedAccount("Media Sender");
        Api api = new Api(target.getUri());
        api.readySession(user.apiKey(), "main", "919800000205");
        byte[] png = MediaFiles.png();
        Page started = user.browser()
                .upload(
                        "/portal/campaigns",
                        Map.of(),
                        List.of(
                                csvFile("phone,name\n919876543210,Asha\n919876543211,Ravi\n"),
                                new Upload("media", "offer.png", "image/png", png)),
                        "csrf",
                        user.browser().get("/portal/campaigns").csrf(),
                        "sessionId",
                        "main",
                        "type",
                        "image",
                        "message",
                        "For {{name}}",
                        "delayMin",
                        "0",
                        "delayMax",
                        "0");
        String jobId = jobIdOf(started);
        Api.await(
                () -> api.get("/api/whatsapp/bulk-job/" + jobId, user.apiKey()),
                r -> "completed".equals(r.get("status")),
                "the campaign to complete");
        String sha = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(png));
        List<Map<String, Object>> delivered = (List<Map<String, Object>>)
                api.get("/api/sandbox/session/main/delivered", user.apiKey()).get("messages");
        assertEquals(2, delivered.size(), delivered.toString());
        assertTrue(
                delivered.stream().allMatch(d -> "image".equals(d.get("type")) && sha.equals(d.get("sha256"))),
                delivered.toString());
        assertTrue(delivered.toString().contains("For Asha")
                && delivered.toString().contains("For Ravi"));

        Page noMedia = start(user, "phone\n919876543212\n", "caption", "0", "0", "image");
        assertEquals(400, noMedia.status(), noMedia.body());
        assertTrue(noMedia.body().contains("<option value=\"image\" selected"), "the form keeps the type");
    }

    @Test
    void aBadRowIsNamedByItsRowAndNothingIsQueued() throws Exception {
        Signed user = verifiedAccount("Bad Rows");
        Api api = new Api(target.getUri());
        api.readySession(user.apiKey(), "main", "919800000201");

        Page shortRow = start(user, "phone,name\n919876543210,Asha\n919876543211\n", "Hi", "0", "0");
        assertEquals(400, shortRow.status(), shortRow.body());
        assertTrue(shortRow.alert().contains("Row 3 has 1 fields; the header has 2"), shortRow.alert());
        assertTrue(shortRow.body().contains(">Hi</textarea>"), "the form keeps the message");

        Page badPhone = start(user, "phone,name\n919876543210,Asha\n\nabc,Bad\n", "Hi", "0", "0");
        assertEquals(400, badPhone.status(), badPhone.body());
        assertTrue(badPhone.alert().contains("row 4 (abc)"), badPhone.alert());

        Page noPhone = start(user, "mobile,name\n919876543210,Asha\n", "Hi", "0", "0");
        assertEquals(400, noPhone.status());
        assertTrue(noPhone.alert().contains("needs a column named phone"), noPhone.alert());

        Page badColumn = start(user, "phone,first name\n919876543210,Asha\n", "Hi", "0", "0");
        assertEquals(400, badColumn.status());
        assertTrue(badColumn.alert().contains("column 2"), badColumn.alert());

        Page notUtf8 = user.browser()
                .upload(
                        "/portal/campaigns",
                        Map.of(),
                        List.of(new Upload(
                                "csv",
                                "latin1.csv",
                                "text/csv",
                                "phone,name\n919876543210,Jos\u00e9\n".getBytes(StandardCharsets.ISO_8859_1))),
                        "csrf",
                        user.browser().get("/portal/campaigns").csrf(),
                        "sessionId",
                        "main",
                        "message",
                        "Hi");
        assertEquals(400, notUtf8.status());
        assertTrue(notUtf8.alert().contains("not UTF-8"), notUtf8.alert());

        Page previewError = user.browser()
                .upload(
                        "/portal/api/campaigns/preview",
                        Map.of(
                                "X-CSRF-Token",
                                user.browser().get("/portal/campaigns").csrf()),
                        List.of(csvFile("phone\n919876543210\n\"unclosed\n")),
                        "message",
                        "Hi");
        assertEquals(400, previewError.status(), previewError.body());
        assertTrue(previewError.body().contains("\"code\":\"INVALID_REQUEST\""), previewError.body());

        assertEquals(
                0, ((Number) api.get("/api/whatsapp/bulk-jobs", user.apiKey()).get("total")).intValue());
    }

    @Test
    void withoutThePagesTokenNoCampaignStartsOrIsCancelled() throws Exception {
        Signed user = verifiedAccount("No Token");
        Api api = new Api(target.getUri());
        api.readySession(user.apiKey(), "main", "919800000202");
        Page forged = user.browser()
                .upload(
                        "/portal/campaigns",
                        Map.of(),
                        List.of(csvFile("phone\n919876543210\n")),
                        "csrf",
                        "not-the-token-of-this-page-at-all",
                        "sessionId",
                        "main",
                        "message",
                        "Hi");
        assertEquals(403, forged.status(), forged.body());
        Page noToken = user.browser()
                .upload(
                        "/portal/api/campaigns/preview",
                        Map.of(),
                        List.of(csvFile("phone\n919876543210\n")),
                        "message",
                        "Hi");
        assertEquals(403, noToken.status(), noToken.body());
        assertEquals(
                0, ((Number) api.get("/api/whatsapp/bulk-jobs", user.apiKey()).get("total")).intValue());

        String jobId = jobIdOf(start(user, "phone\n919876543210\n919876543211\n", "Slow", "60", "60"));
        Page noCancel = user.browser().post("/portal/campaigns/" + jobId + "/cancel", Map.of());
        assertEquals(403, noCancel.status());
        assertEquals(
                "running",
                Api.await(
                                () -> api.get("/api/whatsapp/bulk-job/" + jobId, user.apiKey()),
                                r -> !"pending".equals(r.get("status")),
                                "the campaign to start")
                        .get("status"));
        Page cancelled = user.browser().submit("/portal/campaigns/" + jobId, "/portal/campaigns/" + jobId + "/cancel");
        assertEquals(303, cancelled.status(), cancelled.body());
        Api.Response job = api.get("/api/whatsapp/bulk-job/" + jobId, user.apiKey());
        assertEquals("failed", job.get("status"));
        assertEquals(true, job.get("cancelled"));
        Page page = user.browser().follow(cancelled);
        assertTrue(page.body().contains("Campaign cancelled"), page.body());
        assertTrue(page.body().contains(">Cancelled<"), page.body());
        assertFalse(page.body().contains("id=\"cancel-campaign\""), "no cancel button on an ended campaign");
        Page again = user.browser().submit("/portal/campaigns/" + jobId, "/portal/campaigns/" + jobId + "/cancel");
        assertEquals(409, again.status());
        assertTrue(again.alert().contains("already ended"), again.alert());
    }

    @Test
    void anotherTenantCannotSeeDownloadOrCancelACampaign() throws Exception {
        Signed owner = verifiedAccount("Owner");
        Signed other = verifiedAccount("Other");
        Api api = new Api(target.getUri());
        api.readySession(owner.apiKey(), "main", "919800000203");
        api.readySession(other.apiKey(), "main", "919800000204");
        String jobId = jobIdOf(start(owner, "phone\n919876543210\n919876543211\n", "Private", "60", "60"));

        assertEquals(404, other.browser().get("/portal/campaigns/" + jobId).status());
        assertEquals(404, other.browser().get("/portal/api/campaigns/" + jobId).status());
        assertEquals(
                404,
                other.browser()
                        .get("/portal/campaigns/" + jobId + "/results.csv")
                        .status());
        Page cancel = other.browser().submit("/portal/campaigns", "/portal/campaigns/" + jobId + "/cancel");
        assertEquals(404, cancel.status());
        assertFalse(other.browser().get("/portal/campaigns").body().contains(jobId));

        Api.Response job = api.get("/api/whatsapp/bulk-job/" + jobId, owner.apiKey());
        assertFalse(Boolean.TRUE.equals(job.get("cancelled")), job.toString());
        assertEquals(200, owner.browser().get("/portal/campaigns/" + jobId).status());
        assertEquals(
                303,
                owner.browser()
                        .submit("/portal/campaigns/" + jobId, "/portal/campaigns/" + jobId + "/cancel")
                        .status());
    }

    // ---- helpers

    private record Signed(PortalBrowser browser, String apiKey) {}

    private static Upload csvFile(String content) {
        return new Upload("csv", "recipients.csv", "text/csv", content.getBytes(StandardCharsets.UTF_8));
    }

    private static Page start(Signed user, String csv, String message, String delayMin, String delayMax) {
        return start(user, csv, message, delayMin, delayMax, "text");
    }

    private static Page start(Signed user, String csv, String message, String delayMin, String delayMax, String type) {
        return user.browser()
                .upload(
                        "/portal/campaigns",
                        Map.of(),
                        List.of(csvFile(csv)),
                        "csrf",
                        user.browser().get("/portal/campaigns").csrf(),
                        "sessionId",
                        "main",
                        "message",
                        message,
                        "type",
                        type,
                        "delayMin",
                        delayMin,
                        "delayMax",
                        delayMax);
    }

    private static String jobIdOf(Page started) {
        assertEquals(303, started.status(), started.body());
        return started.location().replaceAll(".*/portal/campaigns/([0-9a-f]{24}).*", "$1");
    }

    private Signed verifiedAccount(String name) throws Exception {
        String email = name.toLowerCase().replace(' ', '-') + "-"
                + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        PortalBrowser browser = new PortalBrowser(target.getUri());
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
        String body = keyPage.body();
        int from = body.indexOf("id=\"api-key\">") + "id=\"api-key\">".length();
        return new Signed(browser, body.substring(from, body.indexOf('<', from)));
    }

    private static MimeMessage lastMailTo(String email) throws MessagingException, InterruptedException {
        List<MimeMessage> to = List.of();
        for (int i = 0; i < 100 && to.isEmpty(); i++) {
            if (i > 0) {
                Thread.sleep(100);
            }
            to = mailsTo(email);
        }
        assertFalse(to.isEmpty(), "no mail to " + email);
        return to.getLast();
    }

    private static List<MimeMessage> mailsTo(String email) {
        return Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> {
                    try {
                        return m.getAllRecipients()[0].toString().equalsIgnoreCase(email);
                    } catch (MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    private static String link(MimeMessage mail) throws MessagingException, IOException {
        Matcher m = LINK.matcher((String) mail.getContent());
        assertTrue(m.find(), "no link in: " + mail.getContent());
        return m.group(1);
    }
}
