package cloud.wapiconnect.session;

/**
 * What a node's live session shows the others: the part of {@link LiveSession} a status answer and the
 * readiness check read.
 *
 * @param qrText           the QR code's text while {@code status} is {@code qr_ready}, else null
 * @param phoneNumber      the linked number, or null
 * @param disconnectReason why it disconnected, or null
 */
public record LiveState(SessionStatus status, String qrText, String phoneNumber, String disconnectReason) {
    public static LiveState of(LiveSession live) {
        return new LiveState(
                live.status(),
                live.qr() == null ? null : live.qr().text(),
                live.phoneNumber(),
                live.disconnectReason());
    }
}
