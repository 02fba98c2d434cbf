package cloud.wapiconnect.bulk;

/**
 * Lifecycle of a bulk job: the four statuses the API document lists ({@link #wireName()}), and no other,
 * so that clients polling until {@code completed} or {@code failed} always stop. A cancelled job is
 * {@link #FAILED} with the error code {@code CANCELLED} ({@link BulkJob#cancelled()}).
 */
public enum BulkJobStatus {
    PENDING, RUNNING, COMPLETED, FAILED;

    public boolean finished() {
        return this == COMPLETED || this == FAILED;
    }

    public String wireName() {
        return name().toLowerCase();
    }

    public static BulkJobStatus fromWire(String value) {
        return valueOf(value.toUpperCase());
    }
}
