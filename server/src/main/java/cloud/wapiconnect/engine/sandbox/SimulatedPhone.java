package cloud.wapiconnect.engine.sandbox;

import cloud.wapiconnect.engine.DisconnectReason;
import cloud.wapiconnect.engine.IncomingEdit;
import cloud.wapiconnect.engine.IncomingMedia;
import cloud.wapiconnect.engine.IncomingMessage;
import cloud.wapiconnect.engine.IncomingRevoke;
import cloud.wapiconnect.engine.LidMapping;
import cloud.wapiconnect.engine.PollVote;
import cloud.wapiconnect.whatsapp.MessageIds;
import cloud.wapiconnect.whatsapp.SendingLimits;
import java.util.List;

/**
 * The controls of one session's simulated phone, and of the people who write to it, as the sandbox
 * control panel drives them. Each control holds its connection's lock, so listener calls for one session
 * stay serial as the engine contract asks. A control the phone could not do now (no QR shown, not
 * connected) throws {@link IllegalStateException}.
 */
public final class SimulatedPhone {
    private final SandboxConnection connection;

    SimulatedPhone(SandboxConnection connection) {
        this.connection = connection;
    }

    /** The phone scans the current QR code: authenticated, credentials, ready. */
    public void scan(String phone) {
        synchronized (connection) {
            connection.requireState(SandboxConnection.State.QR, "no QR code is waiting to be scanned");
            connection.linked(phone);
        }
    }

    /**
     * Someone writes to this number.
     *
     * @param attachment the media the message carries, or null
     */
    public String receive(String fromJid, String body, String type, boolean isGroup, IncomingMedia attachment) {
        return receive(
                new IncomingMessage(null, fromJid, body, type, isGroup, null, attachment != null, 0), attachment);
    }

    /**
     * Someone writes to this number: {@code message} as WhatsApp would report it (its id and timestamp are
     * given here), with location, contacts, reaction, quote, mentions and participant as the sender made them.
     *
     * @param attachment the media the message carries, or null
     */
    public String receive(IncomingMessage message, IncomingMedia attachment) {
        synchronized (connection) {
            connection.requireState(SandboxConnection.State.READY, "the session is not connected");
            String id = MessageIds.next();
            if (attachment != null) {
                connection.keepMedia(id, attachment);
            }
            IncomingMessage m = message;
            connection
                    .listener()
                    .onIncoming(new IncomingMessage(
                            id,
                            m.from(),
                            m.body(),
                            m.type(),
                            m.isGroup(),
                            m.participant(),
                            attachment != null,
                            connection.now(),
                            m.location(),
                            m.contacts(),
                            m.reaction(),
                            m.quotedMessageId(),
                            m.mentions(),
                            m.fromLid(),
                            m.participantLid()));
            return id;
        }
    }

    /** WhatsApp tells the linked device that the LID and the phone number are one person. */
    public void lidMapping(String phoneJid, String lidJid) {
        synchronized (connection) {
            connection.requireState(SandboxConnection.State.READY, "the session is not connected");
            connection.listener().onLidMappings(List.of(new LidMapping(phoneJid, lidJid)));
        }
    }

    /** The sender of a message to this number changes its text. */
    public void edit(String messageId, String fromJid, String participant, String body) {
        synchronized (connection) {
            connection.requireState(SandboxConnection.State.READY, "the session is not connected");
            connection
                    .listener()
                    .onIncomingEdit(new IncomingEdit(messageId, fromJid, participant, body, connection.now()));
        }
    }

    /** The sender of a message to this number deletes it for everyone. */
    public void revoke(String messageId, String fromJid, String participant) {
        synchronized (connection) {
            connection.requireState(SandboxConnection.State.READY, "the session is not connected");
            connection
                    .listener()
                    .onIncomingRevoke(new IncomingRevoke(messageId, fromJid, participant, connection.now()));
        }
    }

    /** Someone votes on a poll this session sent. */
    public void vote(String pollMessageId, String chatJid, String voterJid, List<String> options) {
        synchronized (connection) {
            connection.requireState(SandboxConnection.State.READY, "the session is not connected");
            connection.listener().onPollVote(new PollVote(pollMessageId, chatJid, voterJid, options, connection.now()));
        }
    }

    /** The network drops; the connection comes back by itself without a QR. */
    public void dropConnection() {
        synchronized (connection) {
            connection.requireState(SandboxConnection.State.READY, "the session is not connected");
            connection.lost();
        }
    }

    /**
     * WhatsApp changes what the number may send: its reach-out timelock (sends are refused as WhatsApp's 463
     * until {@code reachOutUntil}, or until lifted) and its new-chat capping.
     */
    public void limits(SendingLimits limits) {
        synchronized (connection) {
            connection.requireState(SandboxConnection.State.READY, "the session is not connected");
            connection.limits(limits);
        }
    }

    /** The current limits, for a change of one part of them. */
    public SendingLimits limits() {
        return connection.currentLimits();
    }

    /**
     * The network stops sending anything on the connection without closing it: the watchdog finds it dead after
     * {@code WAPI_ENGINE_STALE_MS} ({@code disconnected}, reason {@code stale}) and reconnects.
     */
    public void goSilent() {
        synchronized (connection) {
            connection.requireState(SandboxConnection.State.READY, "the session is not connected");
            connection.goSilent();
        }
    }

    /** The phone unlinks this device. */
    public void unlinkFromPhone() {
        synchronized (connection) {
            if (connection.state() == SandboxConnection.State.CLOSED) {
                throw new IllegalStateException("the session is not connected");
            }
            connection.shutDown();
            connection.listener().onDisconnected(DisconnectReason.LOGGED_OUT);
        }
    }

    /**
     * Someone else adds this session's number to a group: to an existing one the session left or was
     * removed from, or (without {@code groupJid}, or one the network does not know) to a new group that
     * {@code byJid} created.
     *
     * @return the group's JID
     */
    public String addedToGroup(String groupJid, String subject, String byJid) {
        synchronized (connection) {
            connection.requireState(SandboxConnection.State.READY, "the session is not connected");
            return connection.groupRules().addedBy(connection.me(), groupJid, subject, byJid);
        }
    }

    /** Someone else (an admin of the group) removes this session's number from a group. */
    public void removedFromGroup(String groupJid, String byJid) {
        synchronized (connection) {
            connection.requireState(SandboxConnection.State.READY, "the session is not connected");
            connection.groupRules().removedBy(connection.me(), groupJid, byJid);
        }
    }
}
