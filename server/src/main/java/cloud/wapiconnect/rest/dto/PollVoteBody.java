package cloud.wapiconnect.rest.dto;

import java.util.List;

/** A vote someone casts on a sandbox session's poll. */
public record PollVoteBody(String from, String pollMessageId, List<String> options) {}
