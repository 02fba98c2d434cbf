package cloud.wapiconnect.tenant;

/** Limits a tenant buys: how many sessions it may link and how many messages it may send per UTC day. */
public record Plan(String id, String name, int maxSessions, int dailyMessageLimit) {
}
