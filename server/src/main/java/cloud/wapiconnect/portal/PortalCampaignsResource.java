package cloud.wapiconnect.portal;

import cloud.wapiconnect.bulk.BulkAccepted;
import cloud.wapiconnect.bulk.BulkJob;
import cloud.wapiconnect.bulk.BulkJobService;
import cloud.wapiconnect.bulk.BulkRecipient;
import cloud.wapiconnect.bulk.BulkRecipientStatus;
import cloud.wapiconnect.bulk.BulkRequest;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.media.InlineMedia;
import cloud.wapiconnect.message.MessageFields;
import cloud.wapiconnect.paging.Page;
import cloud.wapiconnect.paging.PageRequest;
import cloud.wapiconnect.paging.PageSize;
import cloud.wapiconnect.rest.QueryParams;
import cloud.wapiconnect.session.SessionService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.glassfish.jersey.media.multipart.FormDataBodyPart;
import org.glassfish.jersey.media.multipart.FormDataMultiPart;

/**
 * Campaigns: a bulk job run from a browser. The list of past campaigns with the form for a new one (a CSV of
 * recipients, the message, media and pauses), a campaign's page with its progress (kept live by
 * {@code campaigns.js} from {@link PortalCampaignsLiveResource}), cancel, its per-recipient results and their
 * CSV. A third facade over {@link BulkJobService}: what a campaign may be, the service decides.
 */
@Path("/portal/campaigns")
@PortalLogin
@RequestScoped
@Produces(MediaType.TEXT_HTML)
public class PortalCampaignsResource {
    static final int RESULTS_PAGE = 50;
    private static final int CAMPAIGNS_PAGE = 20;
    private static final List<String> TYPES = List.of("text", "image", "video", "document", "audio");
    private static final Map<String, String> NOTICES = Map.of(
            "started", "Campaign started.",
            "cancelled", "Campaign cancelled: nothing more is sent; its remaining recipients are skipped.");

    @Inject
    PortalRequest portal;

    @Inject
    PortalPages pages;

    @Inject
    BulkJobService bulkJobs;

    @Inject
    SessionService sessions;

    @GET
    public Response list(@QueryParam("page") String page) {
        return listPage(null, Map.of(), page);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response start(FormDataMultiPart form) {
        Map<String, Object> typed = new HashMap<>();
        for (String field : List.of("sessionId", "header", "message", "footer", "mediaUrl", "delayMin", "delayMax")) {
            typed.put(field, text(form, field));
        }
        typed.put("type", text(form, "type"));
        typed.put("skipNotOnWhatsApp", "yes".equals(text(form, "skipNotOnWhatsApp")));
        CampaignCsv.Parsed csv;
        BulkAccepted accepted;
        try {
            if (text(form, "sessionId") == null) {
                throw WapiException.invalid("Choose the session to send from (add one under Sessions first)");
            }
            csv = csv(form);
        } catch (WapiException e) {
            return listPage(e, typed, null);
        }
        try {
            accepted = bulkJobs.start(portal.tenant(), text(form, "sessionId"), request(form, csv));
        } catch (WapiException e) {
            return listPage(withRows(e, csv), typed, null);
        }
        return PortalPages.redirect("/portal/campaigns/" + accepted.jobId() + "?done=started");
    }

    @GET
    @Path("/{jobId}")
    public Response campaign(
            @PathParam("jobId") String jobId,
            @QueryParam("status") String status,
            @QueryParam("page") String page,
            @QueryParam("done") String done) {
        return campaignPage(jobId, status, page, done, null);
    }

    @POST
    @Path("/{jobId}/cancel")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response cancel(@PathParam("jobId") String jobId) {
        try {
            bulkJobs.cancel(portal.tenant(), jobId);
        } catch (WapiException e) {
            return campaignPage(jobId, null, null, null, e);
        }
        return PortalPages.redirect("/portal/campaigns/" + jobId + "?done=cancelled");
    }

    /**
     * The results as CSV, streamed a page at a time (a job may have 100,000 recipients). A value a spreadsheet
     * would run as a formula ({@code = + - @}, tab, carriage return first) is prefixed with {@code '}.
     */
    @GET
    @Path("/{jobId}/results.csv")
    @Produces("text/csv")
    public Response results(@PathParam("jobId") String jobId, @QueryParam("status") String status) {
        BulkJob job = bulkJobs.get(portal.tenant(), jobId); // BULK_JOB_NOT_FOUND before anything is streamed
        Optional<BulkRecipientStatus> filter = BulkRecipientStatus.filter(status);
        var tenant = portal.tenant();
        StreamingOutput body = out -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            try (CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180)) {
                csv.printRecord("row", "recipient", "name", "status", "error_code", "message_id", "sent_at");
                int limit = PageSize.BULK_RECIPIENTS.maxLimit();
                for (int page = 1; ; page++) {
                    Page<BulkRecipient> results =
                            bulkJobs.recipients(tenant, job.id(), filter, new PageRequest(page, limit));
                    for (BulkRecipient r : results.items()) {
                        csv.printRecord(
                                r.index() + 1,
                                spreadsheetSafe(r.phone()),
                                spreadsheetSafe(r.name()),
                                r.status(),
                                spreadsheetSafe(r.error()),
                                spreadsheetSafe(r.messageId()),
                                CampaignViews.iso(r.sentAt()));
                    }
                    if (results.items().size() < limit) {
                        break;
                    }
                }
            }
        };
        return Response.ok(body, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"campaign-" + job.id() + "-results.csv\"")
                .build();
    }

    /** A cell a spreadsheet shows as text, never runs: OWASP's advice for CSV injection. */
    static String spreadsheetSafe(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value
                : value;
    }

    private static CampaignCsv.Parsed csv(FormDataMultiPart form) {
        FormDataBodyPart file = form.getField("csv");
        if (file == null
                || file.getContentDisposition().getFileName() == null
                || file.getContentDisposition().getFileName().isEmpty()) {
            throw WapiException.invalid("Choose the CSV file of recipients");
        }
        try (InputStream in = file.getValueAs(InputStream.class)) {
            return CampaignCsv.parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BulkRequest request(FormDataMultiPart form, CampaignCsv.Parsed csv) {
        String type = Optional.ofNullable(text(form, "type")).orElse("text");
        InlineMedia media = null;
        String mime = null;
        String fileName = null;
        FormDataBodyPart upload = form.getField("media");
        if (upload != null
                && upload.getContentDisposition().getFileName() != null
                && !upload.getContentDisposition().getFileName().isEmpty()) {
            byte[] bytes;
            try (InputStream in = upload.getValueAs(InputStream.class)) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            media = InlineMedia.ofBytes(bytes);
            mime = upload.getMediaType() == null || upload.getMediaType().isWildcardType()
                    ? null
                    : upload.getMediaType().getType() + "/"
                            + upload.getMediaType().getSubtype();
            fileName = upload.getContentDisposition().getFileName();
        }
        MessageFields message = MessageFields.ofBulk(
                text(form, "message"),
                type,
                text(form, "header"),
                text(form, "footer"),
                text(form, "mediaUrl"),
                media,
                mime,
                fileName,
                null,
                null,
                null);
        return new BulkRequest(
                csv.recipients(),
                message,
                millis("delayMin", text(form, "delayMin")),
                millis("delayMax", text(form, "delayMax")),
                "yes".equals(text(form, "skipNotOnWhatsApp")));
    }

    /** Seconds as typed (decimals allowed) in the milliseconds the service takes; blank is its default. */
    private static Integer millis(String field, String seconds) {
        if (seconds == null) {
            return null;
        }
        try {
            double value = Double.parseDouble(seconds.replace(',', '.'));
            if (!Double.isFinite(value) || value < 0 || value > 600) {
                throw WapiException.invalid(field + " must be 0 to 600 seconds");
            }
            return (int) Math.round(value * 1000);
        } catch (NumberFormatException e) {
            throw WapiException.invalid(field + " must be a number of seconds");
        }
    }

    /** The service's invalid recipients named by their spreadsheet row instead of their index in the list. */
    @SuppressWarnings("unchecked")
    private static WapiException withRows(WapiException e, CampaignCsv.Parsed csv) {
        if (e.code() != ErrorCode.INVALID_RECIPIENT || !(e.details().get("invalid") instanceof List<?> invalid)) {
            return e;
        }
        List<String> rows = new ArrayList<>();
        for (Object o : invalid) {
            Map<String, Object> offender = (Map<String, Object>) o;
            int index = ((Number) offender.get("index")).intValue();
            rows.add("row " + csv.row(index) + " (" + offender.get("value") + "): " + offender.get("error"));
        }
        return new WapiException(
                ErrorCode.INVALID_RECIPIENT, e.getMessage() + "; " + String.join("; ", rows), e.details());
    }

    private Response listPage(WapiException error, Map<String, Object> typed, String page) {
        Map<String, Object> model = new HashMap<>(typed);
        model.put("nav-campaigns", true);
        String chosenSession = (String) typed.get("sessionId");
        model.put(
                "sessionOptions",
                sessions.list(portal.tenant()).stream()
                        .map(s -> Map.of(
                                "value",
                                s.sessionId(),
                                "label",
                                s.sessionId() + (s.connected() ? "" : " (not connected)"),
                                "selected",
                                s.sessionId().equals(chosenSession)))
                        .toList());
        String chosenType = typed.get("type") == null ? "text" : (String) typed.get("type");
        model.put(
                "typeOptions",
                TYPES.stream()
                        .map(t -> Map.of("value", t, "selected", t.equals(chosenType)))
                        .toList());
        model.putIfAbsent("delayMin", "2");
        model.putIfAbsent("delayMax", "5");
        model.put("maxCsvMb", CampaignCsv.MAX_BYTES / (1024 * 1024));
        Page<BulkJob> jobs = bulkJobs.list(
                portal.tenant(),
                Optional.empty(),
                Optional.empty(),
                new PageRequest(Math.max(1, QueryParams.intValue("page", page, 1)), CAMPAIGNS_PAGE));
        model.put("campaigns", jobs.items().stream().map(CampaignViews::job).toList());
        model.put("campaignsPage", jobs.page());
        model.put("campaignsPages", Math.max(1, jobs.pages()));
        if (jobs.page() > 1) {
            model.put("newer", "?page=" + (jobs.page() - 1));
        }
        if (jobs.page() < jobs.pages()) {
            model.put("older", "?page=" + (jobs.page() + 1));
        }
        return error == null
                ? pages.ok("campaigns", "Campaigns", model)
                : pages.failed(error, "campaigns", "Campaigns", model);
    }

    private Response campaignPage(String jobId, String status, String page, String done, WapiException error) {
        Map<String, Object> model = new HashMap<>();
        model.put("nav-campaigns", true);
        BulkJob job;
        Optional<BulkRecipientStatus> filter;
        try {
            job = bulkJobs.get(portal.tenant(), jobId);
            filter = BulkRecipientStatus.filter(status);
        } catch (WapiException notFound) {
            return listPage(notFound, Map.of(), null);
        }
        model.put("job", CampaignViews.job(job));
        Page<BulkRecipient> results = bulkJobs.recipients(
                portal.tenant(),
                job.id(),
                filter,
                new PageRequest(Math.max(1, QueryParams.intValue("page", page, 1)), RESULTS_PAGE));
        model.put(
                "results",
                results.items().stream().map(CampaignViews::recipient).toList());
        model.put("resultsTotal", results.total());
        model.put("resultsPage", results.page());
        model.put("resultsPages", Math.max(1, results.pages()));
        String statusParam = filter.map(BulkRecipientStatus::wireName).orElse("");
        model.put(
                "statusOptions",
                Arrays.stream(BulkRecipientStatus.values())
                        .map(s -> Map.of(
                                "value", s.wireName(), "selected", s.wireName().equals(statusParam)))
                        .toList());
        String query = statusParam.isEmpty() ? "" : "&status=" + statusParam;
        if (results.page() > 1) {
            model.put("previous", "?page=" + (results.page() - 1) + query);
        }
        if (results.page() < results.pages()) {
            model.put("next", "?page=" + (results.page() + 1) + query);
        }
        model.put(
                "download",
                "/portal/campaigns/" + job.id() + "/results.csv" + (query.isEmpty() ? "" : "?" + query.substring(1)));
        if (done != null && NOTICES.containsKey(done)) {
            model.put("notice", NOTICES.get(done));
        }
        String title = "Campaign " + job.id();
        return error == null ? pages.ok("campaign", title, model) : pages.failed(error, "campaign", title, model);
    }

    /** A text field of the form, stripped; blank is absent. */
    static String text(FormDataMultiPart form, String name) {
        FormDataBodyPart field = form.getField(name);
        if (field == null) {
            return null;
        }
        String value = field.getValue();
        return value == null || value.isBlank() ? null : value.strip();
    }
}
