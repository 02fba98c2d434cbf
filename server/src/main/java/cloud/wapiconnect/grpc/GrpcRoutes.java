package cloud.wapiconnect.grpc;

import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.helidon.microprofile.grpc.server.spi.GrpcMpContext;
import io.helidon.microprofile.grpc.server.spi.GrpcMpExtension;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the gRPC API on Helidon's routing (the HTTP port, over HTTP/2): our services behind API-key
 * authentication, plus the standard {@code grpc.health.v1.Health} service and server reflection (no key). Helidon does not apply its
 * global interceptors to plain {@link BindableService}s, so each service is wrapped here.
 */
@ApplicationScoped
public class GrpcRoutes implements GrpcMpExtension {
    private final HealthStatusManager health = new HealthStatusManager();

    @Inject
    SessionsGrpcService sessions;
    @Inject
    MessagesGrpcService messages;
    @Inject
    BulkJobsGrpcService bulkJobs;
    @Inject
    AccountGrpcService account;
    @Inject
    EventsGrpcService events;
    @Inject
    ApiKeyInterceptor apiKey;

    @Override
    public void configure(GrpcMpContext context) {
        List<ServerServiceDefinition> definitions = new ArrayList<>();
        for (BindableService service : List.<BindableService>of(sessions, messages, bulkJobs, account, events)) {
            // The last interceptor listed runs first: HeadersFirst must wrap everything, even auth failures.
            definitions.add(ServerInterceptors.intercept(service, apiKey, HeadersFirstInterceptor.INSTANCE));
            health.setStatus(service.bindService().getServiceDescriptor().getName(), ServingStatus.SERVING);
        }
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        definitions.add(ServerInterceptors.intercept(health.getHealthService(), HeadersFirstInterceptor.INSTANCE));
        // Server reflection (for grpcurl and friends) lists everything above and itself.
        BindableService reflection = ProtoReflectionService.newInstance();
        List<ServerServiceDefinition> listed = new ArrayList<>(definitions);
        listed.add(reflection.bindService());
        definitions.add(ServerInterceptors.intercept(reflection, new ReflectionIndex(listed), HeadersFirstInterceptor.INSTANCE));
        definitions.forEach(context.routing()::service);
    }

    @PreDestroy
    void stop() {
        health.enterTerminalState();
    }
}
