package cloud.wapiconnect.session;

import cloud.wapiconnect.qr.QrImage;

/**
 * What clients see of a session: stored facts overlaid with the live state of this node.
 *
 * @param qr        raw QR string while {@code qr_ready}
 * @param qrImage   the QR code with its image while {@code qr_ready} (only in single-session views)
 * @param reason    why the session is disconnected
 */
public record SessionView(
        String sessionId,
        String name,
        SessionStatus status,
        String phoneNumber,
        String qr,
        QrImage qrImage,
        String reason) {
    public boolean connected() {
        return status == SessionStatus.READY;
    }
}
