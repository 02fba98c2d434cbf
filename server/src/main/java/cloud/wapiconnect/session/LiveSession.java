package cloud.wapiconnect.session;

import cloud.wapiconnect.engine.EngineConnection;
import cloud.wapiconnect.qr.QrImage;
import cloud.wapiconnect.whatsapp.SendingLimits;
import cloud.wapiconnect.whatsapp.SessionKey;

/**
 * The in-memory state of a session that is connected, or connecting, on this node. Written by the
 * engine's callbacks, read by requests; the {@link SessionRegistry} is the only place that holds them.
 * A request that reached a node other than the session's owner gets a {@linkplain #remote copy} of the
 * owner's state whose connection is the owner's, reached over the internal service.
 */
public final class LiveSession {
    private final SessionKey key;
    private final long generation;
    private String ownerNode;
    private volatile EngineConnection connection;
    private volatile SessionStatus status = SessionStatus.INITIALIZING;
    private volatile QrImage qr;
    private volatile String phoneNumber;
    private volatile String disconnectReason;
    /** What WhatsApp last said the number may send; a remote copy does not know it (its owner's connection does). */
    private volatile SendingLimits limits = SendingLimits.NONE;

    LiveSession(SessionKey key, long generation) {
        this.key = key;
        this.generation = generation;
    }

    /**
     * A snapshot of the owner's live session, with {@code connection} reaching the owner's; writes on its behalf
     * carry the owner's lease generation, fenced like the owner's own.
     */
    static LiveSession remote(
            SessionKey key, String ownerNode, long generation, LiveState state, EngineConnection connection) {
        LiveSession copy = new LiveSession(key, generation);
        copy.ownerNode = ownerNode;
        copy.connection = connection;
        copy.status = state.status();
        copy.qr = state.qrText() == null ? null : QrImage.of(state.qrText());
        copy.phoneNumber = state.phoneNumber();
        copy.disconnectReason = state.disconnectReason();
        return copy;
    }

    public SessionKey key() {
        return key;
    }

    /** The generation of the session's lease this connection runs under: writes on its behalf carry it. */
    public long generation() {
        return generation;
    }

    /** The node whose connection this is when it is another node's (a remote copy), else null (this node's). */
    public String ownerNode() {
        return ownerNode;
    }

    public EngineConnection connection() {
        return connection;
    }

    void attach(EngineConnection connection) {
        this.connection = connection;
    }

    public SessionStatus status() {
        return status;
    }

    public String phoneNumber() {
        return phoneNumber;
    }

    public String disconnectReason() {
        return disconnectReason;
    }

    /** What WhatsApp last said this number may send (on another node's copy: {@link SendingLimits#NONE}). */
    public SendingLimits limits() {
        return limits;
    }

    void limits(SendingLimits newLimits) {
        limits = newLimits;
    }

    /** The QR code to scan while the session waits for one (its image rendered once however often clients poll). */
    public QrImage qr() {
        return status == SessionStatus.QR_READY ? qr : null;
    }

    synchronized void showQr(QrImage newQr) {
        qr = newQr;
        status = SessionStatus.QR_READY;
    }

    void status(SessionStatus newStatus) {
        status = newStatus;
    }

    void ready(String phone) {
        phoneNumber = phone;
        disconnectReason = null;
        status = SessionStatus.READY;
    }

    void disconnected(String reason) {
        disconnectReason = reason;
        status = SessionStatus.DISCONNECTED;
    }
}
