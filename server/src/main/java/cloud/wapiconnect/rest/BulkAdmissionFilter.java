package cloud.wapiconnect.rest;

import cloud.wapiconnect.bulk.BulkJobService;
import cloud.wapiconnect.rest.auth.RequestTenant;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Runs after authentication and before the body is read: a tenant at its bulk bounds gets its
 * {@code 429 BULK_LIMIT_REACHED} without the server parsing the up to 100,000 recipients it sent; otherwise
 * the room left ({@link BulkRoom}) bounds what the body's reader keeps.
 */
@Provider
@BulkAdmission
@Priority(Priorities.AUTHORIZATION)
public class BulkAdmissionFilter implements ContainerRequestFilter {
    @Inject
    BulkJobService bulkJobs;

    @Inject
    RequestTenant tenant;

    @Inject
    BulkRoom room;

    @Override
    public void filter(ContainerRequestContext request) {
        room.set(bulkJobs.admitAnother(tenant.get()));
    }
}
