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
 * <p>
 * Each write goes out only when the stream is ready: a write the client's flow-control window does not
 * take is held by the transport (it never blocks this thread), and the next one waits until it has gone.
 * A client that takes nothing for {@code slowConsumer} (heartbeats included), or lets the subscription's
 * buffer overflow meanwhile, is cut with {@code SUBSCRIBER_TOO_SLOW}: at any event rate it learns the
 * stream ended, with the status in the trailers, and resumes from the last event it got.
 */
final class EventPump implements Runnable {
    private static final Logger LOG = Logger.getLogger(EventPump.class.getName());

    private final EventSubscription subscription;
    private final ServerCallStreamObserver<cloud.wapiconnect.proto.v1.Event> call;
    private final Duration heartbeat;
    private final Duration slowConsumer;
    private final Clock clock;

    EventPump(
            EventSubscription subscription,
            ServerCallStreamObserver<cloud.wapiconnect.proto.v1.Event> call,
            Duration heartbeat,
            Duration slowConsumer,
            Clock clock) {
        this.subscription = subscription;
        this.call = call;
        this.heartbeat = heartbeat;
        this.slowConsumer = slowConsumer;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            while (!subscription.isClosed() && !call.isCancelled()) {
                // Asked before the first write too: asking is what makes the transport hold, not block.
                subscription.awaitConsumer(call::isReady, slowConsumer);
                if (subscription.isClosed()) {
                    break;
                }
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
