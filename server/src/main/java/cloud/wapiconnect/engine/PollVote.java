package cloud.wapiconnect.engine;

import java.util.List;

/**
 * Someone voted on a poll this session sent (a later vote of the same voter replaces the earlier one).
 *
 * @param pollMessageId the poll's message id
 * @param chat          the chat JID the poll was sent to
 * @param voter         the voter's JID
 * @param options       the options now chosen (empty: the vote was withdrawn)
 * @param timestamp     epoch milliseconds
 */
public record PollVote(String pollMessageId, String chat, String voter, List<String> options, long timestamp) {
    public PollVote {
        options = List.copyOf(options);
    }
}
