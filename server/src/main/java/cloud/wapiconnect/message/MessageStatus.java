package cloud.wapiconnect.message;

import cloud.wapiconnect.whatsapp.AckStatus;

/**
 * Status of a logged message. Outgoing messages move forward only:
 * {@code pending → sent → delivered → read}, or {@code failed}. Incoming ones are {@code received}.
 */
public enum MessageStatus {
    PENDING,
    SENT,
    DELIVERED,
    READ,
    FAILED,
    RECEIVED;

    public String wireName() {
        return name().toLowerCase();
    }

    public static MessageStatus of(AckStatus ack) {
        return switch (ack) {
            case SENT -> SENT;
            case DELIVERED -> DELIVERED;
            case READ -> READ;
        };
    }
}
