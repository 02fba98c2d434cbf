package cloud.wapiconnect.rest.dto;

/**
 * The sandbox's WhatsApp changing a session's sending limits: {@code reachOut} ({@code ok}, {@code time_locked}),
 * {@code until} (an ISO-8601 instant, with {@code time_locked}), {@code newChats}; a field left out stays as it is.
 */
public record LimitsBody(String reachOut, String until, String newChats) {}
