package cloud.wapiconnect.grpc;

import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.event.Event;
import cloud.wapiconnect.event.EventSubscription;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes one subscription to its stream on a thread of its own, with a heartbeat whenever nothing has
 * happened for a while. Ends when the client goes away, or with the subscription's error (events
 * expired, too slow).
 */
final class EventPump implements Runnable {
    private static final Logger LOG = Logger.getLogger(EventPump.class.getName());

    private final EventSubscription subscription;
    private final ServerCallStreamObserver<cloud.wapiconnect.proto.v1.Event> call;
    private final Duration heartbeat;
    private final Clock clock;

    EventPump(EventSubscription subscription, ServerCallStreamObserver<cloud.wapiconnect.proto.v1.Event> call,
              Duration heartbeat, Clock clock) {
        this.subscription = subscription;
        this.call = call;
        this.heartbeat = heartbeat;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            while (!subscription.isClosed() && !call.isCancelled()) {
                Optional<Event> next = subscription.next(heartbeat);
                call.onNext(next.map(EventMapper::toProto).orElseGet(() -> EventMapper.heartbeat(clock.millis())));
            }
        } catch (WapiException e) {
            fail(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!subscription.isClosed() && !call.isCancelled()) {
                LOG.log(Level.WARNING, "Event stream failed", e);
                fail(e);
            }
        } finally {
            subscription.close();
        }
    }

    private void fail(RuntimeException e) {
        try {
            call.onError(GrpcErrors.toStatus(e));
        } catch (RuntimeException alreadyGone) {
            // the client left while we were failing the stream: nothing to tell
        }
    }
}
