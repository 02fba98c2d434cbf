package cloud.wapiconnect.rest;

import cloud.wapiconnect.bulk.BulkAccepted;
import cloud.wapiconnect.bulk.BulkJob;
import cloud.wapiconnect.bulk.BulkJobService;
import cloud.wapiconnect.bulk.BulkJobStatus;
import cloud.wapiconnect.bulk.BulkRecipient;
import cloud.wapiconnect.bulk.BulkRecipientStatus;
import cloud.wapiconnect.paging.Page;
import cloud.wapiconnect.paging.PageRequest;
import cloud.wapiconnect.paging.PageSize;
import cloud.wapiconnect.rest.auth.KeyAccess;
import cloud.wapiconnect.rest.auth.RequestTenant;
import cloud.wapiconnect.rest.auth.TenantAuth;
import cloud.wapiconnect.rest.dto.Bodies;
import cloud.wapiconnect.rest.dto.BulkJson;
import cloud.wapiconnect.rest.dto.SendBulkBody;
import cloud.wapiconnect.tenant.Access;
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

    @KeyAccess(Access.SEND)
    @POST
    @Path("/session/{sessionId}/send-bulk")
    @BulkAdmission
    public Response sendBulk(@PathParam("sessionId") String sessionId, SendBulkBody body) {
        BulkAccepted accepted =
                bulkJobs.start(tenant.get(), sessionId, Bodies.require(body).toRequest());
        return Response.accepted(BulkJson.Accepted.of(accepted)).build();
    }

    @KeyAccess(Access.READ)
    @GET
    @Path("/bulk-job/{jobId}")
    public BulkJson job(@PathParam("jobId") String jobId) {
        return BulkJson.of(bulkJobs.get(tenant.get(), jobId));
    }

    @KeyAccess(Access.SEND)
    @POST
    @Path("/bulk-job/{jobId}/cancel")
    public BulkJson cancel(@PathParam("jobId") String jobId) {
        return BulkJson.of(bulkJobs.cancel(tenant.get(), jobId));
    }

    @KeyAccess(Access.READ)
    @GET
    @Path("/bulk-jobs")
    public BulkJson.Jobs jobs(
            @QueryParam("page") String page,
            @QueryParam("limit") String limit,
            @QueryParam("sessionId") String sessionId,
            @QueryParam("status") String status) {
        Page<BulkJob> result = bulkJobs.list(
                tenant.get(),
                QueryParams.optional(sessionId),
                BulkJobStatus.filter(status),
                PageRequest.parse(page, limit, PageSize.BULK_JOBS));
        return new BulkJson.Jobs(
                result.items().stream().map(BulkJson::of).toList(), result.total(), result.page(), result.pages());
    }

    @KeyAccess(Access.READ)
    @GET
    @Path("/bulk-job/{jobId}/recipients")
    public BulkJson.Recipients recipients(
            @PathParam("jobId") String jobId,
            @QueryParam("page") String page,
            @QueryParam("limit") String limit,
            @QueryParam("status") String status) {
        Page<BulkRecipient> result = bulkJobs.recipients(
                tenant.get(),
                jobId,
                BulkRecipientStatus.filter(status),
                PageRequest.parse(page, limit, PageSize.BULK_RECIPIENTS));
        return new BulkJson.Recipients(
                result.items().stream().map(BulkJson.Recipient::of).toList(),
                result.total(),
                result.page(),
                result.pages());
    }
}
