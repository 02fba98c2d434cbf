package cloud.wapiconnect.session;

/**
 * What clients see of a session: stored facts overlaid with the live state of this node.
 *
 * @param qr        raw QR string while {@code qr_ready}
 * @param qrDataUrl the QR as a PNG data URL while {@code qr_ready} (only in single-session views)
 * @param reason    why the session is disconnected
 */
public record SessionView(String sessionId, String name, SessionStatus status, String phoneNumber, String qr,
                          String qrDataUrl, String reason) {
    public boolean connected() {
        return status == SessionStatus.READY;
    }
}
