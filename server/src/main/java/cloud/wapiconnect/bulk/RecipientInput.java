package cloud.wapiconnect.bulk;

/** A recipient as a client listed it: a phone (or JID) and an optional name; either may be missing or wrong. */
public record RecipientInput(String phone, String name) {}
