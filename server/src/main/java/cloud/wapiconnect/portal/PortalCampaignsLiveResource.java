package cloud.wapiconnect.portal;

import cloud.wapiconnect.bulk.BulkJobService;
import cloud.wapiconnect.bulk.RecipientInput;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glassfish.jersey.media.multipart.FormDataBodyPart;
import org.glassfish.jersey.media.multipart.FormDataMultiPart;

/**
 * What the campaign pages' script ({@code campaigns.js}) calls: a campaign's progress, polled while it runs, and
 * the preview of a new campaign's message for the first rows of its CSV. Signed in by the login cookie; the
 * preview, a POST, carries the page's CSRF token like every portal form.
 */
@Path("/portal/api/campaigns")
@PortalLogin
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class PortalCampaignsLiveResource {
    /** Rows the preview shows. */
    static final int PREVIEW_ROWS = 3;

    @Inject
    PortalRequest portal;

    @Inject
    BulkJobService bulkJobs;

    @GET
    @Path("/{jobId}")
    public Map<String, Object> progress(@PathParam("jobId") String jobId) {
        return CampaignViews.job(bulkJobs.get(portal.tenant(), jobId));
    }

    /**
     * The CSV's columns and size, and the message, header and footer as the first rows' recipients would get them
     * (filled by the bulk service, as the job will fill them).
     *
     * @throws cloud.wapiconnect.error.WapiException {@code INVALID_REQUEST} naming the CSV's bad row
     */
    @POST
    @Path("/preview")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Map<String, Object> preview(FormDataMultiPart form) {
        FormDataBodyPart file = form.getField("csv");
        CampaignCsv.Parsed csv;
        if (file == null) {
            csv = null;
        } else {
            try (InputStream in = file.getValueAs(InputStream.class)) {
                csv = CampaignCsv.parse(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String header = PortalCampaignsResource.text(form, "header");
        String message = PortalCampaignsResource.text(form, "message");
        String footer = PortalCampaignsResource.text(form, "footer");
        Map<String, Object> answer = new LinkedHashMap<>();
        if (csv == null) {
            answer.put("recipients", 0);
            answer.put("columns", List.of());
            answer.put("rows", List.of());
            return answer;
        }
        answer.put("recipients", csv.recipients().size());
        answer.put("columns", csv.columns());
        answer.put(
                "rows",
                csv.recipients().stream()
                        .limit(PREVIEW_ROWS)
                        .map(r -> row(r, header, message, footer))
                        .toList());
        return answer;
    }

    private Map<String, Object> row(RecipientInput r, String header, String message, String footer) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("phone", r.phone());
        m.put("name", r.name() == null ? "" : r.name());
        m.put("header", header == null ? "" : bulkJobs.preview(header, r));
        m.put("message", message == null ? "" : bulkJobs.preview(message, r));
        m.put("footer", footer == null ? "" : bulkJobs.preview(footer, r));
        return m;
    }
}
