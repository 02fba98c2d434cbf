package cloud.wapiconnect.whatsapp;

/** Delivery progress of a sent message, in the order the network reports it. */
public enum AckStatus {
    SENT,
    DELIVERED,
    READ
}
