package cloud.wapiconnect.grpc;

import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.event.EventFeed;
import cloud.wapiconnect.event.EventFilter;
import cloud.wapiconnect.event.EventSubscription;
import cloud.wapiconnect.event.EventType;
import cloud.wapiconnect.proto.v1.Event;
import cloud.wapiconnect.proto.v1.EventsGrpc;
import cloud.wapiconnect.proto.v1.SubscribeRequest;
import cloud.wapiconnect.tenant.Revocations;
import cloud.wapiconnect.tenant.Tenant;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;

/** The event stream: a subscription to the {@link EventFeed}, written out by an {@link EventPump}. */
@Dependent // the generated bindService() is final, so no client proxy: GrpcRoutes holds the one instance
@Typed(EventsGrpcService.class)
public class EventsGrpcService extends EventsGrpc.EventsImplBase {
    @Inject
    EventFeed feed;

    @Inject
    WapiConfig config;

    @Inject
    Clock clock;

    @Inject
    Revocations revocations;

    @Override
    public void subscribe(SubscribeRequest r, StreamObserver<Event> out) {
        ServerCallStreamObserver<Event> call = (ServerCallStreamObserver<Event>) out;
        Tenant tenant = GrpcTenant.current();
        EventSubscription subscription;
        try {
            subscription = feed.subscribe(
                    filter(tenant, r), r.hasResumeAfter() ? OptionalLong.of(r.getResumeAfter()) : OptionalLong.empty());
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.toStatus(e));
            return;
        }
        call.setOnCancelHandler(subscription::close);
        call.setOnReadyHandler(subscription::consumerReady);
        // Helidon reports a client's RST_STREAM as "complete", not "cancelled".
        call.setOnCloseHandler(subscription::close);
        // The key checked when the stream opened may be reset, or the tenant suspended, while it is open: the
        // stream then ends with the status a new call would get (UNAUTHENTICATED, PERMISSION_DENIED).
        Revocations.Watch watch = revocations.watch(tenant, GrpcTenant.apiKey(), subscription::end);
        EventPump pump = new EventPump(
                subscription, call, config.events().heartbeat(), config.events().slowConsumer(), clock);
        // Waiting for the client's flow-control window must hold up this stream only.
        Thread.ofVirtual().name("events-" + tenant.id()).start(() -> {
            try (watch) {
                pump.run();
            }
        });
    }

    private static EventFilter filter(Tenant tenant, SubscribeRequest r) {
        Set<EventType> types = new HashSet<>();
        for (cloud.wapiconnect.proto.v1.EventType type : r.getTypesList()) {
            EventMapper.type(type).ifPresent(types::add);
        }
        return new EventFilter(tenant.id(), Set.copyOf(r.getSessionIdsList()), types);
    }
}
