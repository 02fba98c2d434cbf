package cloud.wapiconnect.event;

import cloud.wapiconnect.engine.GroupEvent;
import cloud.wapiconnect.engine.IncomingEdit;
import cloud.wapiconnect.engine.IncomingMessage;
import cloud.wapiconnect.engine.IncomingRevoke;
import cloud.wapiconnect.qr.QrImage;
import cloud.wapiconnect.whatsapp.ContactCard;
import cloud.wapiconnect.whatsapp.Location;
import cloud.wapiconnect.whatsapp.Reaction;
import cloud.wapiconnect.whatsapp.SendingLimits;
import java.util.List;

/**
 * What an event of the log says: one record per kind of event ({@link #type()}). {@link EventJson} is their JSON,
 * the {@code data} of webhooks and of the stored rows. Statuses, reasons and actions are kept as their wire names
 * (what the log was told, old rows included).
 */
public sealed interface EventData {
    EventType type();

    /** The engine showed a QR code to scan ({@code qr}). */
    record Qr(QrImage code) implements EventData {
        @Override
        public EventType type() {
            return EventType.QR;
        }
    }

    /** The QR code was scanned ({@code authenticated}). */
    record Authenticated() implements EventData {
        @Override
        public EventType type() {
            return EventType.AUTHENTICATED;
        }
    }

    /** The session is linked and can send ({@code ready}). */
    record Ready(String phoneNumber) implements EventData {
        @Override
        public EventType type() {
            return EventType.READY;
        }
    }

    /** The connection ended ({@code disconnected}); {@code reason} is a disconnect reason's wire name. */
    record Disconnected(String reason) implements EventData {
        @Override
        public EventType type() {
            return EventType.DISCONNECTED;
        }
    }

    /**
     * A message arrived ({@code message}; {@code messageType} is its {@code type}). {@code participant} (groups),
     * {@code location}, {@code reaction} and {@code quotedMessageId} may be null; contacts carry no vCard.
     * {@code from} is the sender's phone-number JID when known, else its LID JID; {@code fromLid} and
     * {@code participantLid} the LID JIDs when known, else null.
     */
    record Message(
            String id,
            String from,
            String body,
            String messageType,
            boolean isGroup,
            String participant,
            boolean hasMedia,
            long timestamp,
            Location location,
            List<ContactCard> contacts,
            Reaction reaction,
            String quotedMessageId,
            List<String> mentions,
            String fromLid,
            String participantLid)
            implements EventData {
        public Message {
            contacts = contacts == null
                    ? List.of()
                    : contacts.stream()
                            .map(c -> c.vcard() == null ? c : new ContactCard(c.name(), c.phones(), null))
                            .toList();
            mentions = mentions == null ? List.of() : List.copyOf(mentions);
        }

        public static Message of(IncomingMessage m) {
            return new Message(
                    m.id(),
                    m.from(),
                    m.body(),
                    m.type(),
                    m.isGroup(),
                    m.participant(),
                    m.hasMedia(),
                    m.timestamp(),
                    m.location(),
                    m.contacts(),
                    m.reaction(),
                    m.quotedMessageId(),
                    m.mentions(),
                    m.fromLid(),
                    m.participantLid());
        }

        @Override
        public EventType type() {
            return EventType.MESSAGE;
        }
    }

    /** A message's status moved on ({@code message_status}); {@code status} is a message status's wire name. */
    record MessageStatus(String messageId, String status) implements EventData {
        @Override
        public EventType type() {
            return EventType.MESSAGE_STATUS;
        }
    }

    /**
     * Someone changed the text of a message they had sent ({@code message_edited}): {@code messageId} is the
     * original message's id, {@code body} its new text; {@code participant} (groups) may be null.
     */
    record MessageEdited(String messageId, String from, String participant, String body, long timestamp)
            implements EventData {
        public static MessageEdited of(IncomingEdit e) {
            return new MessageEdited(e.messageId(), e.from(), e.participant(), e.body(), e.timestamp());
        }

        @Override
        public EventType type() {
            return EventType.MESSAGE_EDITED;
        }
    }

    /**
     * Someone deleted for everyone a message they had sent ({@code message_revoked}): {@code messageId} is the
     * original message's id; {@code participant} (groups) may be null.
     */
    record MessageRevoked(String messageId, String from, String participant, long timestamp) implements EventData {
        public static MessageRevoked of(IncomingRevoke r) {
            return new MessageRevoked(r.messageId(), r.from(), r.participant(), r.timestamp());
        }

        @Override
        public EventType type() {
            return EventType.MESSAGE_REVOKED;
        }
    }

    /** Someone voted on a poll the session sent ({@code poll_vote}); no options: the vote was withdrawn. */
    record PollVote(String pollMessageId, String chat, String voter, List<String> options, long timestamp)
            implements EventData {
        public PollVote {
            options = options == null ? null : List.copyOf(options);
        }

        @Override
        public EventType type() {
            return EventType.POLL_VOTE;
        }
    }

    /**
     * A bulk job's progress ({@code bulk_job}): {@code status} is a job status's wire name, or {@code cancelled} in
     * events logged before cancelled jobs became failed and {@code cancelled}; {@code errorCode} may be null.
     */
    record BulkJob(
            String jobId,
            String status,
            int total,
            int succeeded,
            int failed,
            int processed,
            int skipped,
            String errorCode,
            boolean cancelled)
            implements EventData {
        @Override
        public EventType type() {
            return EventType.BULK_JOB;
        }
    }

    /**
     * What WhatsApp allows the session's number to send changed ({@code session_limits}): {@code reachOut} and
     * {@code newChats} are wire names of {@link SendingLimits}' states, {@code reachOutUntil} (epoch ms) may be null.
     */
    record SessionLimits(String reachOut, Long reachOutUntil, String newChats) implements EventData {
        public static SessionLimits of(SendingLimits limits) {
            return new SessionLimits(
                    limits.reachOut().wireName(),
                    limits.reachOutUntil(),
                    limits.newChats().wireName());
        }

        @Override
        public EventType type() {
            return EventType.SESSION_LIMITS;
        }
    }

    /** A webhook test the tenant asked for ({@code test}). */
    record Test(String message) implements EventData {
        @Override
        public EventType type() {
            return EventType.TEST;
        }
    }

    /**
     * Something happened to a group ({@code group_join}, {@code group_leave}, {@code group_participants},
     * {@code group_update}, by {@code kind}); see {@link GroupEvent}. {@code action} is a participant action's wire
     * name; it, {@code author}, {@code subject} and {@code description} may be null.
     */
    record Group(
            GroupEvent.Kind kind,
            String group,
            String action,
            List<String> participants,
            String author,
            String subject,
            String description,
            long timestamp)
            implements EventData {
        public Group {
            participants = participants == null ? null : List.copyOf(participants);
        }

        public static Group of(GroupEvent e) {
            String action = e.action() == null ? null : e.action().wireName();
            return new Group(
                    e.kind(),
                    e.groupJid(),
                    action,
                    e.participants(),
                    e.author(),
                    e.subject(),
                    e.description(),
                    e.timestamp());
        }

        @Override
        public EventType type() {
            return switch (kind) {
                case JOIN -> EventType.GROUP_JOIN;
                case LEAVE -> EventType.GROUP_LEAVE;
                case PARTICIPANTS -> EventType.GROUP_PARTICIPANTS;
                case UPDATE -> EventType.GROUP_UPDATE;
            };
        }
    }
}
