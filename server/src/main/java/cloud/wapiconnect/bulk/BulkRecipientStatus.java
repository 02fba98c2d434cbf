package cloud.wapiconnect.bulk;

import cloud.wapiconnect.error.WapiException;
import java.util.Locale;
import java.util.Optional;

/** Where one recipient of a bulk job stands: the four statuses the API document lists ({@link #wireName()}). */
public enum BulkRecipientStatus {
    PENDING,
    SENT,
    FAILED,
    SKIPPED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * A listing's filter as a client typed it: absent or blank is every recipient; otherwise exactly a wire name
     * (white space around it ignored).
     *
     * @throws WapiException {@code INVALID_REQUEST} for any other value
     */
    public static Optional<BulkRecipientStatus> filter(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        for (BulkRecipientStatus status : values()) {
            if (status.wireName().equals(value.trim())) {
                return Optional.of(status);
            }
        }
        throw WapiException.invalid("status must be one of pending, sent, failed, skipped");
    }
}
