package cloud.wapiconnect.engine;

import cloud.wapiconnect.whatsapp.AckStatus;
import cloud.wapiconnect.whatsapp.SendingLimits;
import java.util.List;

/**
 * What an engine reports about one connection. Calls for one connection are never concurrent;
 * implementations may do database work but must not call back into the connection while handling one.
 */
public interface EngineListener {

    /** A new QR code to scan (each replaces the previous one). */
    void onQr(String qr);

    /** The phone scanned the QR code; the link is being finalised. */
    void onAuthenticated();

    /** Connected and able to send; {@code phoneNumber} is the linked number, digits only. */
    void onReady(String phoneNumber);

    /** The connection is gone. {@link DisconnectReason#reconnects()} tells whether the engine comes back by itself. */
    void onDisconnected(DisconnectReason reason);

    /** Credentials changed; they must be stored durably to restore the link later. */
    void onCredentials(byte[] credentials);

    /** Someone wrote to this number. */
    void onIncoming(IncomingMessage message);

    /** Someone changed the text of a message they had sent to this number. */
    void onIncomingEdit(IncomingEdit edit);

    /** Someone deleted, for everyone, a message they had sent to this number. */
    void onIncomingRevoke(IncomingRevoke revoke);

    /** Someone voted on a poll this session sent. */
    void onPollVote(PollVote vote);

    /** The network acknowledged a message this session sent. */
    void onAck(String messageId, AckStatus status);

    /** Something happened to a group the session's number is or was in (also changes it made itself). */
    void onGroupEvent(GroupEvent event);

    /**
     * WhatsApp said what the number may send now (its reach-out timelock, its new-chat capping): the whole state,
     * reported on every change and whenever the engine learns it afresh (it may repeat the state it reported).
     */
    void onLimits(SendingLimits limits);

    /**
     * WhatsApp said which LIDs and phone numbers are the same people (pairs may repeat what was reported before). The
     * default ignores them: a listener that keeps no contacts needs nothing.
     */
    default void onLidMappings(List<LidMapping> mappings) {}
}
