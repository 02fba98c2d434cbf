package cloud.wapiconnect.paging;

/** The page sizes each listing takes: the size when none is asked for, and the largest. */
public enum PageSize {
    MESSAGES(20, 100),
    CHATS(20, 100),
    CHAT_MESSAGES(20, 100),
    BULK_JOBS(20, 1000),
    BULK_RECIPIENTS(100, 1000),
    WEBHOOK_DELIVERIES(20, 100),
    ADMIN_SESSIONS(100, 1000);

    private final int defaultLimit;
    private final int maxLimit;

    PageSize(int defaultLimit, int maxLimit) {
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
    }

    public int defaultLimit() {
        return defaultLimit;
    }

    public int maxLimit() {
        return maxLimit;
    }
}
