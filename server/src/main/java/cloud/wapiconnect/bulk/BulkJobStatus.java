package cloud.wapiconnect.bulk;

import cloud.wapiconnect.error.WapiException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Lifecycle of a bulk job: the four statuses the API document lists ({@link #wireName()}), and no other,
 * so that clients polling until {@code completed} or {@code failed} always stop. A cancelled job is
 * {@link #FAILED} with the error code {@code CANCELLED} ({@link BulkJob#cancelled()}).
 */
public enum BulkJobStatus {
    PENDING,
    RUNNING,
    COMPLETED,
    FAILED;

    public boolean finished() {
        return this == COMPLETED || this == FAILED;
    }

    public String wireName() {
        return name().toLowerCase();
    }

    public static BulkJobStatus fromWire(String value) {
        return valueOf(value.toUpperCase());
    }

    /**
     * A listing's filter as a client typed it: absent or blank is every job; otherwise a wire name in any case
     * (white space around it ignored). {@code cancelled} is none: a cancelled job is {@code failed}.
     *
     * @throws WapiException {@code INVALID_REQUEST} for any other value
     */
    public static Optional<BulkJobStatus> filter(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw WapiException.invalid("status must be one of "
                    + Arrays.stream(values()).map(BulkJobStatus::wireName).toList());
        }
    }
}
