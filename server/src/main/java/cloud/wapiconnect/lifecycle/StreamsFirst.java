package cloud.wapiconnect.lifecycle;

import cloud.wapiconnect.event.EventFeed;
import io.helidon.common.Weight;
import io.helidon.spi.HelidonShutdownHandler;

/**
 * The first step of a shutdown, before Helidon stops the server (its container's handler weighs 200;
 * heavier runs first): event streams end with a status while their connections are still open. Once
 * the server has closed the connections, a stream still being written to fails in Helidon's own code,
 * which logs it as an error.
 */
@Weight(300)
final class StreamsFirst implements HelidonShutdownHandler {
    private final EventFeed eventFeed;

    StreamsFirst(EventFeed eventFeed) {
        this.eventFeed = eventFeed;
    }

    @Override
    public void shutdown() {
        eventFeed.stop();
    }

    @Override
    public String toString() {
        return "WapiConnect: end event streams";
    }
}
