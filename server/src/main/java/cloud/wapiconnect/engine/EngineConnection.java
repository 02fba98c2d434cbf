package cloud.wapiconnect.engine;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.whatsapp.GroupInfo;
import cloud.wapiconnect.whatsapp.MessageRef;
import cloud.wapiconnect.whatsapp.NumberCheck;
import cloud.wapiconnect.whatsapp.ParticipantAction;
import cloud.wapiconnect.whatsapp.ParticipantResult;
import cloud.wapiconnect.whatsapp.PresenceState;
import java.util.List;
import java.util.Optional;

/** One live link between a session and WhatsApp. Methods may block on network I/O: never call them in a transaction. */
public interface EngineConnection {

    /**
     * Sends a message and returns once the network accepted it.
     *
     * @throws EngineException {@code RECIPIENT_NOT_ON_WHATSAPP}, {@code SESSION_NOT_READY} or {@code ENGINE_UNAVAILABLE}
     */
    void send(OutgoingMessage message);

    /**
     * Asks for a code the phone's owner types instead of scanning the QR code; only while the
     * connection waits to be linked.
     *
     * @param phoneNumber digits with the country code
     * @return the code as WhatsApp shows it, e.g. {@code ABCD-EFGH}
     * @throws EngineException {@code SESSION_ALREADY_LINKED}, {@code SESSION_NOT_READY} (not waiting to be linked,
     *                         or not in touch with WhatsApp yet) or {@code ENGINE_UNAVAILABLE}
     */
    String requestPairingCode(String phoneNumber);

    /**
     * The media of a message this connection received, fetched again from WhatsApp. Engines keep what a
     * download needs for recent incoming messages only (the whatsapp engine: {@code WAPI_BRIDGE_MEDIA_RETENTION_DAYS},
     * across restarts; the sandbox: its bounded store).
     *
     * @return empty when the message is unknown, has no media, or is no longer kept
     * @throws EngineException {@code SESSION_NOT_READY} or {@code ENGINE_UNAVAILABLE}
     */
    Optional<IncomingMedia> downloadMedia(String messageId);

    // ---- Groups and contacts. Optional features: an engine that lacks one inherits NOT_SUPPORTED_BY_ENGINE. ----

    /**
     * The groups the session's number is in.
     *
     * @throws EngineException {@code SESSION_NOT_READY}, {@code ENGINE_UNAVAILABLE}, {@code NOT_SUPPORTED_BY_ENGINE}
     */
    default List<GroupInfo> groups() {
        throw notSupported("listing groups");
    }

    /**
     * Creates a group with the session's number as its (super) admin. Participants WhatsApp refuses are
     * left out of the returned group.
     *
     * @param participantJids {@code <digits>@s.whatsapp.net}, at least one
     * @throws EngineException {@code SESSION_NOT_READY}, {@code ENGINE_UNAVAILABLE}, {@code NOT_SUPPORTED_BY_ENGINE}
     */
    default GroupInfo createGroup(String subject, List<String> participantJids) {
        throw notSupported("creating groups");
    }

    /**
     * One group the session's number is in.
     *
     * @return empty when the number is not in such a group
     * @throws EngineException {@code SESSION_NOT_READY}, {@code ENGINE_UNAVAILABLE}, {@code NOT_SUPPORTED_BY_ENGINE}
     */
    default Optional<GroupInfo> group(String groupJid) {
        throw notSupported("reading groups");
    }

    /**
     * Adds, removes, promotes or demotes participants; one outcome per JID, in order.
     *
     * @throws EngineException {@code GROUP_NOT_FOUND}, {@code NOT_GROUP_ADMIN}, {@code SESSION_NOT_READY},
     *                         {@code ENGINE_UNAVAILABLE}, {@code NOT_SUPPORTED_BY_ENGINE}
     */
    default List<ParticipantResult> updateParticipants(String groupJid, ParticipantAction action, List<String> jids) {
        throw notSupported("changing group participants");
    }

    /**
     * Changes a group's subject and/or description; null leaves that one as it is.
     *
     * @throws EngineException {@code GROUP_NOT_FOUND}, {@code NOT_GROUP_ADMIN}, {@code SESSION_NOT_READY},
     *                         {@code ENGINE_UNAVAILABLE}, {@code NOT_SUPPORTED_BY_ENGINE}
     */
    default void updateGroup(String groupJid, String subject, String description) {
        throw notSupported("changing groups");
    }

    /**
     * The session's number leaves the group.
     *
     * @throws EngineException {@code GROUP_NOT_FOUND}, {@code SESSION_NOT_READY}, {@code ENGINE_UNAVAILABLE},
     *                         {@code NOT_SUPPORTED_BY_ENGINE}
     */
    default void leaveGroup(String groupJid) {
        throw notSupported("leaving groups");
    }

    /**
     * The group's current invite code (the part after {@code https://chat.whatsapp.com/}).
     *
     * @throws EngineException {@code GROUP_NOT_FOUND}, {@code NOT_GROUP_ADMIN}, {@code SESSION_NOT_READY},
     *                         {@code ENGINE_UNAVAILABLE}, {@code NOT_SUPPORTED_BY_ENGINE}
     */
    default String groupInviteCode(String groupJid) {
        throw notSupported("group invite codes");
    }

    /**
     * Which of these numbers have a WhatsApp account; one answer per JID, in order.
     *
     * @param jids {@code <digits>@s.whatsapp.net}
     * @throws EngineException {@code SESSION_NOT_READY}, {@code ENGINE_UNAVAILABLE}, {@code NOT_SUPPORTED_BY_ENGINE}
     */
    default List<NumberCheck> checkNumbers(List<String> jids) {
        throw notSupported("checking numbers");
    }

    /**
     * Shows a presence: {@code typing}, {@code recording} or {@code paused} to one chat, {@code available} or
     * {@code unavailable} to everyone (then {@code jid} is null). Engines that cannot: the default.
     *
     * @throws EngineException {@code NOT_SUPPORTED_BY_ENGINE}, {@code SESSION_NOT_READY} or {@code ENGINE_UNAVAILABLE}
     */
    default void sendPresence(String jid, PresenceState state) {
        throw notSupported("presence");
    }

    /**
     * Marks messages of one chat as read (blue ticks for their senders).
     *
     * @param chatJid  the chat
     * @param messages the messages, as received (in groups each with its participant when known)
     * @throws EngineException {@code NOT_SUPPORTED_BY_ENGINE}, {@code SESSION_NOT_READY} or {@code ENGINE_UNAVAILABLE}
     */
    default void markRead(String chatJid, List<MessageRef> messages) {
        throw notSupported("marking messages read");
    }

    // ---- Changing messages already sent. The service checks that the message is the session's own and young enough.
    // ----

    /**
     * Replaces the text of a text message this session sent (WhatsApp shows it as edited).
     *
     * @param chatJid the chat the message went to
     * @param target  the message ({@code fromMe})
     * @throws EngineException {@code NOT_SUPPORTED_BY_ENGINE}, {@code SESSION_NOT_READY} or {@code ENGINE_UNAVAILABLE}
     */
    default void edit(String chatJid, MessageRef target, String text) {
        throw notSupported("editing messages");
    }

    /**
     * Deletes a message this session sent for everyone in the chat ("This message was deleted").
     *
     * @throws EngineException {@code NOT_SUPPORTED_BY_ENGINE}, {@code SESSION_NOT_READY} or {@code ENGINE_UNAVAILABLE}
     */
    default void revoke(String chatJid, MessageRef target) {
        throw notSupported("revoking messages");
    }

    /**
     * Deletes a message (sent or received) from this linked device's copy of the chat only; the other side keeps it.
     *
     * @param timestamp when the message was sent or received, epoch milliseconds (WhatsApp's app state names
     *                  the message by key and time)
     * @throws EngineException {@code NOT_SUPPORTED_BY_ENGINE}, {@code SESSION_NOT_READY} or {@code ENGINE_UNAVAILABLE}
     */
    default void deleteForMe(String chatJid, MessageRef target, long timestamp) {
        throw notSupported("deleting messages for this device only");
    }

    /** What an engine answers for a feature (a message type, presence, …) it does not have. */
    static EngineException notSupported(String feature) {
        return new EngineException(
                ErrorCode.NOT_SUPPORTED_BY_ENGINE, "This session's engine does not support " + feature);
    }

    /** Closes the connection and keeps the link: a later {@code connect} with the credentials restores it. */
    void close();

    /** Unlinks the device from the phone and closes the connection; the credentials become useless. */
    void logout();
}
