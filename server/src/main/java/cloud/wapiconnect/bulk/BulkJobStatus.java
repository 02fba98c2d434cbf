package cloud.wapiconnect.bulk;

/** Lifecycle of a bulk job, named as the API document shows it ({@link #wireName()}). */
public enum BulkJobStatus {
    PENDING, RUNNING, COMPLETED, FAILED, CANCELLED;

    public boolean finished() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    public String wireName() {
        return name().toLowerCase();
    }

    public static BulkJobStatus fromWire(String value) {
        return valueOf(value.toUpperCase());
    }
}
