package cloud.wapiconnect.rest.dto;

/** @param node the id of the live node the session moves to */
public record MoveBody(String node) {}
