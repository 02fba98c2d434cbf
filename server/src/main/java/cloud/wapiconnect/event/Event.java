package cloud.wapiconnect.event;

import java.util.Map;

/**
 * One entry of the event log.
 *
 * @param id        position in the log: increases with every event of the deployment
 * @param timestamp epoch milliseconds
 * @param data      the event's fields, JSON-shaped (strings, numbers, booleans, nested maps)
 */
public record Event(long id, String tenantId, String sessionId, EventType type, long timestamp,
                    Map<String, Object> data) {
}
