package cloud.wapiconnect.event;

/**
 * One entry of the event log.
 *
 * @param id        position in the log: increases with every event of the deployment
 * @param sessionId the session it is about; empty for none (a webhook test)
 * @param timestamp epoch milliseconds
 * @param data      what it says; its kind is the event's {@link #type()}
 */
public record Event(long id, String tenantId, String sessionId, long timestamp, EventData data) {
    public EventType type() {
        return data.type();
    }
}
