package cloud.wapiconnect.session;

import cloud.wapiconnect.qr.QrImage;
import cloud.wapiconnect.whatsapp.SendingLimits;

/**
 * What clients see of a session: stored facts overlaid with the live state of this node.
 *
 * @param qr        raw QR string while {@code qr_ready}
 * @param qrImage   the QR code with its image while {@code qr_ready} (only in single-session views)
 * @param reason    why the session is disconnected
 * @param limits    what WhatsApp allows the number to send now (a timelock whose end passed shows {@code ok})
 * @param proxy     the session's proxy, credentials masked ({@code socks5://***@host:port}), or null
 */
public record SessionView(
        String sessionId,
        String name,
        SessionStatus status,
        String phoneNumber,
        String qr,
        QrImage qrImage,
        String reason,
        SendingLimits limits,
        String proxy) {
    public boolean connected() {
        return status == SessionStatus.READY;
    }
}
