package cloud.wapiconnect.usage;

/** Today's consumption of a tenant against its plan. */
public record Usage(String plan, String date, int used, int limit, long sessions, int maxSessions) {
    public int remaining() {
        return Math.max(0, limit - used);
    }
}
