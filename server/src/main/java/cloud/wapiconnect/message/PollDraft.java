package cloud.wapiconnect.message;

import cloud.wapiconnect.engine.OutgoingContent;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.media.Media;
import cloud.wapiconnect.whatsapp.MessageRef;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A poll.
 *
 * @param question        the question as given ({@code message}); stripped when sent
 * @param choices         the options to vote on, stripped and distinct
 * @param selectableCount how many options a voter may pick
 */
public record PollDraft(String question, List<String> choices, int selectableCount, DraftOptions options)
        implements MessageDraft {
    private static final int MAX_POLL_OPTIONS = 12;
    private static final int MAX_OPTION_LENGTH = 100;

    public PollDraft {
        choices = List.copyOf(choices);
    }

    /** @throws WapiException {@code INVALID_POLL} */
    static PollDraft of(MessageFields f, DraftOptions options) {
        List<String> choices = pollOptions(f.options());
        int selectable = f.selectableCount() == null ? 1 : f.selectableCount();
        if (selectable < 1 || selectable > choices.size()) {
            throw new WapiException(ErrorCode.INVALID_POLL, "selectableCount must be between 1 and " + choices.size());
        }
        if (f.message() == null || f.message().isBlank() || f.message().length() > MAX_OPTION_LENGTH * 3) {
            throw new WapiException(
                    ErrorCode.INVALID_POLL, "message (the poll question) is required, at most 300 characters");
        }
        return new PollDraft(f.message(), choices, selectable, options);
    }

    private static List<String> pollOptions(List<String> options) {
        if (options == null || options.size() < 2 || options.size() > MAX_POLL_OPTIONS) {
            throw new WapiException(ErrorCode.INVALID_POLL, "options must list 2 to " + MAX_POLL_OPTIONS + " choices");
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String option : options) {
            if (option == null || option.isBlank() || option.strip().length() > MAX_OPTION_LENGTH) {
                throw new WapiException(
                        ErrorCode.INVALID_POLL, "every option must be 1-" + MAX_OPTION_LENGTH + " characters");
            }
            if (!distinct.add(option.strip())) {
                throw new WapiException(
                        ErrorCode.INVALID_POLL, "options must be distinct ('" + option.strip() + "' repeats)");
            }
        }
        return List.copyOf(distinct);
    }

    @Override
    public MessageType type() {
        return MessageType.POLL;
    }

    @Override
    public OutgoingContent content(Optional<Media> media, MessageRef reactionTarget) {
        return new OutgoingContent.Poll(question.strip(), choices, selectableCount);
    }
}
