package cloud.wapiconnect.grpc;

import cloud.wapiconnect.tenant.Tenant;
import io.grpc.Context;

/** The tenant a gRPC call authenticated as; set by {@link ApiKeyInterceptor}. */
final class GrpcTenant {
    static final Context.Key<Tenant> KEY = Context.key("wapiconnect-tenant");
    /** The API key the call presented: long calls watch it ({@code Revocations}). */
    static final Context.Key<String> API_KEY = Context.key("wapiconnect-api-key");

    private GrpcTenant() {}

    static Tenant current() {
        Tenant tenant = KEY.get();
        if (tenant == null) {
            throw new IllegalStateException("Service is registered without ApiKeyInterceptor");
        }
        return tenant;
    }

    static String apiKey() {
        return API_KEY.get();
    }
}
