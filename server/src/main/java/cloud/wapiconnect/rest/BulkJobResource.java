package cloud.wapiconnect.rest;

import cloud.wapiconnect.bulk.BulkAccepted;
import cloud.wapiconnect.bulk.BulkJobService;
import cloud.wapiconnect.bulk.BulkJobStatus;
import cloud.wapiconnect.bulk.BulkRecipientStatus;
import cloud.wapiconnect.paging.Page;
import cloud.wapiconnect.paging.PageRequest;
import cloud.wapiconnect.paging.PageSize;
import cloud.wapiconnect.rest.auth.RequestTenant;
import cloud.wapiconnect.rest.auth.TenantAuth;
import cloud.wapiconnect.rest.dto.Bodies;
import cloud.wapiconnect.rest.dto.BulkJson;
import cloud.wapiconnect.rest.dto.SendBulkBody;
import jakarta.enterprise.context.ApplicationScoped;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

@Path("/api/whatsapp")
@TenantAuth
@ApplicationScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class BulkJobResource {
    @Inject
    BulkJobService bulkJobs;

    @Inject
    RequestTenant tenant;

    @POST
    @Path("/session/{sessionId}/send-bulk")
    @BulkAdmission
    public Response sendBulk(@PathParam("sessionId") String sessionId, SendBulkBody body) {
        BulkAccepted accepted =
                bulkJobs.start(tenant.get(), sessionId, Bodies.require(body).toRequest());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jobId", accepted.jobId());
        json.put("total", accepted.total());
        json.put("duplicatesRemoved", accepted.duplicatesRemoved());
        return Response.accepted(json).build();
    }

    @GET
    @Path("/bulk-job/{jobId}")
    public Map<String, Object> job(@PathParam("jobId") String jobId) {
        return BulkJson.job(bulkJobs.get(tenant.get(), jobId));
    }

    @POST
    @Path("/bulk-job/{jobId}/cancel")
    public Map<String, Object> cancel(@PathParam("jobId") String jobId) {
        return BulkJson.job(bulkJobs.cancel(tenant.get(), jobId));
    }

    @GET
    @Path("/bulk-jobs")
    public Map<String, Object> jobs(
            @QueryParam("page") String page,
            @QueryParam("limit") String limit,
            @QueryParam("sessionId") String sessionId,
            @QueryParam("status") String status) {
        return pageJson(
                "jobs",
                bulkJobs.list(
                        tenant.get(),
                        QueryParams.optional(sessionId),
                        BulkJobStatus.filter(status),
                        PageRequest.parse(page, limit, PageSize.BULK_JOBS)),
                BulkJson::job);
    }

    @GET
    @Path("/bulk-job/{jobId}/recipients")
    public Map<String, Object> recipients(
            @PathParam("jobId") String jobId,
            @QueryParam("page") String page,
            @QueryParam("limit") String limit,
            @QueryParam("status") String status) {
        return pageJson(
                "recipients",
                bulkJobs.recipients(
                        tenant.get(),
                        jobId,
                        BulkRecipientStatus.filter(status),
                        PageRequest.parse(page, limit, PageSize.BULK_RECIPIENTS)),
                BulkJson::recipient);
    }

    private static <T> Map<String, Object> pageJson(String name, Page<T> page, Function<T, Map<String, Object>> item) {
        Map<String, Object> json = new LinkedHashMap<>();
        List<Map<String, Object>> items = page.items().stream().map(item).toList();
        json.put(name, items);
        json.put("total", page.total());
        json.put("page", page.page());
        json.put("pages", page.pages());
        return json;
    }
}
