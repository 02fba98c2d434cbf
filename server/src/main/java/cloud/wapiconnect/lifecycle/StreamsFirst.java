package cloud.wapiconnect.lifecycle;

import cloud.wapiconnect.bulk.BulkJobService;
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
    private final BulkJobService bulkJobs;
    private final java.time.Duration bulkGrace;

    StreamsFirst(EventFeed eventFeed, SessionService sessions, BulkJobService bulkJobs, java.time.Duration bulkGrace) {
        this.eventFeed = eventFeed;
        this.sessions = sessions;
        this.bulkJobs = bulkJobs;
        this.bulkGrace = bulkGrace;
    }

    @Override
    public void shutdown() {
        try {
            if (sessions.clustered()) {
                // Each bulk sender finishes the send it is in, then the sessions go to the other nodes,
                // which resume the jobs.
                bulkJobs.stop(bulkGrace);
                sessions.drain();
            }
        } catch (RuntimeException e) {
            java.util.logging.Logger.getLogger(StreamsFirst.class.getName())
                    .log(java.util.logging.Level.WARNING, "Draining failed; the leases lapse instead", e);
        }
        eventFeed.stop();
    }

    @Override
    public String toString() {
        return "WapiConnect: drain the sessions, end event streams";
    }
}
