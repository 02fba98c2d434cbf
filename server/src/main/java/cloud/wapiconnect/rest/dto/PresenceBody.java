package cloud.wapiconnect.rest.dto;

/** {@code POST …/presence}: the chat and the state to show in it. */
public record PresenceBody(String to, String state) {}
