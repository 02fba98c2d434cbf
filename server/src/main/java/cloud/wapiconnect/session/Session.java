package cloud.wapiconnect.session;

import cloud.wapiconnect.whatsapp.SendingLimits;

/**
 * A session as stored. Live details (the current QR code) come from the {@link SessionRegistry}.
 *
 * @param linked       whether credentials are stored, so the session reconnects without a QR
 * @param wantedOnline whether the session should be connected; restored at start-up when true
 * @param limits       what WhatsApp last said the number may send (as stored: a timelock may have ended since)
 * @param proxy        the session's proxy as clients see it ({@code socks5://***@host:port}: no credentials), or null
 */
public record Session(
        String tenantId,
        String sessionId,
        String name,
        SessionStatus status,
        String phoneNumber,
        String disconnectReason,
        boolean linked,
        boolean wantedOnline,
        long createdAt,
        SendingLimits limits,
        String proxy) {}
