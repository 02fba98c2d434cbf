package cloud.wapiconnect.lifecycle;

import cloud.wapiconnect.event.EventFeed;
import cloud.wapiconnect.session.SessionService;
import io.helidon.common.Weight;
import io.helidon.spi.HelidonShutdownHandler;

/**
 * The first step of a shutdown, before Helidon stops the server (its container's handler weighs 200;
 * heavier runs first): the node drains (it releases its session leases at once, so that the other nodes of a
 * cluster take its sessions over while it finishes the requests in flight), then event streams end with a
 * status while their connections are still open. Once
 * the server has closed the connections, a stream still being written to fails in Helidon's own code,
 * which logs it as an error.
 */
@Weight(300)
final class StreamsFirst implements HelidonShutdownHandler {
    private final EventFeed eventFeed;
    private final SessionService sessions;

    StreamsFirst(EventFeed eventFeed, SessionService sessions) {
        this.eventFeed = eventFeed;
        this.sessions = sessions;
    }

    @Override
    public void shutdown() {
        sessions.drain();
        eventFeed.stop();
    }

    @Override
    public String toString() {
        return "WapiConnect: drain the sessions, end event streams";
    }
}
