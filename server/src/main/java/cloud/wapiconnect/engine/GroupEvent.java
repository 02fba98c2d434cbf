package cloud.wapiconnect.engine;

import cloud.wapiconnect.whatsapp.ParticipantAction;
import java.util.List;
import java.util.Locale;

/**
 * Something happened to a group the session's number is (or was) in.
 *
 * @param action       for {@link Kind#PARTICIPANTS}, {@link Kind#JOIN} and {@link Kind#LEAVE}: what was done
 *                     ({@code add}/{@code remove} for joins and leaves); null for {@link Kind#UPDATE}
 * @param participants the JIDs it was done to (for joins and leaves: the session's own number)
 * @param author       JID of who did it, or null when WhatsApp does not say
 * @param subject      for {@link Kind#UPDATE} and {@link Kind#JOIN}: the (new) subject, or null if unchanged or unknown
 * @param description  for {@link Kind#UPDATE}: the new description, or null if unchanged
 * @param timestamp    epoch milliseconds
 */
public record GroupEvent(
        String groupJid,
        Kind kind,
        ParticipantAction action,
        List<String> participants,
        String author,
        String subject,
        String description,
        long timestamp) {

    public enum Kind {
        /** The session's number was added to a group, or created one. */
        JOIN,
        /** The session's number left a group or was removed from it. */
        LEAVE,
        /** Other participants were added, removed, promoted or demoted. */
        PARTICIPANTS,
        /** The subject or description changed. */
        UPDATE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
