package cloud.wapiconnect.grpc;

import cloud.wapiconnect.grpc.internal.ClusterSecretInterceptor;
import cloud.wapiconnect.grpc.internal.LiveSessionsGrpcService;
import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.helidon.common.HelidonServiceLoader;
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
    GroupsGrpcService groups;

    @Inject
    ChatsGrpcService chats;

    @Inject
    ApiKeyInterceptor apiKey;

    @Inject
    LiveSessionsGrpcService liveSessions;

    @Inject
    ClusterSecretInterceptor clusterSecret;

    /** Helidon's HTTP/1.1 to HTTP/2 ("h2c") upgrade; gRPC never uses it. */
    private static final String H2C_UPGRADE = "io.helidon.webserver.http2.Http2UpgradeProvider";

    @Override
    public void configure(GrpcMpContext context) {
        refuseH2cUpgrade();
        List<ServerServiceDefinition> definitions = new ArrayList<>();
        for (BindableService service :
                List.<BindableService>of(sessions, messages, bulkJobs, account, events, groups, chats)) {
            // The last interceptor listed runs first: HeadersFirst must wrap everything, even auth failures; the
            // request
            // log comes next, so that refused calls are logged and get their request id too.
            definitions.add(ServerInterceptors.intercept(
                    service, apiKey, RequestLogInterceptor.INSTANCE, HeadersFirstInterceptor.INSTANCE));
            health.setStatus(service.bindService().getServiceDescriptor().getName(), ServingStatus.SERVING);
        }
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        definitions.add(ServerInterceptors.intercept(
                health.getHealthService(), RequestLogInterceptor.INSTANCE, HeadersFirstInterceptor.INSTANCE));
        // Server reflection (for grpcurl and friends) lists everything above and itself.
        BindableService reflection = ProtoReflectionService.newInstance();
        List<ServerServiceDefinition> listed = new ArrayList<>(definitions);
        listed.add(reflection.bindService());
        definitions.add(ServerInterceptors.intercept(
                reflection,
                new ReflectionIndex(listed),
                RequestLogInterceptor.INSTANCE,
                HeadersFirstInterceptor.INSTANCE));
        // The internal service between cluster nodes: behind the cluster secret instead of an API key, and
        // added after reflection's list was taken, so reflection never shows it to clients.
        definitions.add(ServerInterceptors.intercept(
                liveSessions, clusterSecret, RequestLogInterceptor.INSTANCE, HeadersFirstInterceptor.INSTANCE));
        definitions.forEach(context.routing()::service);
    }

    /**
     * Cleartext HTTP/2 by prior knowledge only, which is what gRPC clients and mesh sidecars speak, and
     * no upgrade from HTTP/1.1: REST clients that offer one (java.net.http does by default) stay on
     * HTTP/1.1, where the REST API was built and tested. Over HTTP/2, Helidon 4.2.0's JAX-RS answers an
     * unknown path with its own plain-text 404 instead of the API's error body. Runs before the server
     * creates its listeners (this is called while routes are collected).
     */
    private static void refuseH2cUpgrade() {
        String excluded = System.getProperty(HelidonServiceLoader.SYSTEM_PROPERTY_EXCLUDE, "");
        if (!excluded.contains(H2C_UPGRADE)) {
            System.setProperty(
                    HelidonServiceLoader.SYSTEM_PROPERTY_EXCLUDE,
                    excluded.isBlank() ? H2C_UPGRADE : excluded + "," + H2C_UPGRADE);
        }
    }

    @PreDestroy
    void stop() {
        health.enterTerminalState();
    }
}
