package cloud.wapiconnect.session;

import cloud.wapiconnect.engine.EngineConnection;
import cloud.wapiconnect.qr.QrRenderer;
import cloud.wapiconnect.whatsapp.SessionKey;

/**
 * The in-memory state of a session that is connected, or connecting, on this node. Written by the
 * engine's callbacks, read by requests; the {@link SessionRegistry} is the only place that holds them.
 */
public final class LiveSession {
    private final SessionKey key;
    private volatile EngineConnection connection;
    private volatile SessionStatus status = SessionStatus.INITIALIZING;
    private volatile String qr;
    private volatile String qrDataUrl;
    private volatile String phoneNumber;
    private volatile String disconnectReason;

    LiveSession(SessionKey key) {
        this.key = key;
    }

    public SessionKey key() {
        return key;
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

    public String qr() {
        return status == SessionStatus.QR_READY ? qr : null;
    }

    /** The current QR code as a PNG data URL, rendered once per code however often clients poll. */
    public String qrDataUrl() {
        String current = qr();
        if (current == null) {
            return null;
        }
        String rendered = qrDataUrl;
        if (rendered == null) {
            synchronized (this) {
                if (qrDataUrl == null && current.equals(qr)) {
                    qrDataUrl = QrRenderer.dataUrl(current);
                }
                rendered = qrDataUrl;
            }
        }
        return rendered;
    }

    synchronized void showQr(String newQr) {
        qr = newQr;
        qrDataUrl = null;
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
