// The socket's state in the contract's terms: why it closed, acks, pairing codes, the linked number.
import { DisconnectReason as WA, WAMessageStatus } from '@whiskeysockets/baileys';

/**
 * Why a socket closed, in the contract's terms, and whether to reconnect by ourselves.
 *
 * @param error        lastDisconnect.error (a Boom, or a plain error)
 * @param linked       whether the session had finished linking (creds.registered)
 * @param qrShown      whether a QR code was shown on this socket
 */
export function mapDisconnect(error, { linked, qrShown }) {
  const code = error?.output?.statusCode ?? error?.data?.statusCode;
  const detail = `${code ?? 'no status'}: ${error?.message ?? 'closed'}`;
  if (error?.stale) {
    // Our own watchdog closed a socket that received nothing for stale_ms (see session-host.js).
    return { reason: 'DISCONNECT_REASON_STALE', reconnect: true, detail };
  }
  switch (code) {
    case 405: // WhatsApp's failure stanza: this client's WhatsApp Web version is no longer accepted
      return { reason: 'DISCONNECT_REASON_CLIENT_OUTDATED', reconnect: false, detail };
    case WA.loggedOut: // 401
    case WA.multideviceMismatch: // 411: this device's link is no longer valid
      return { reason: 'DISCONNECT_REASON_LOGGED_OUT', reconnect: false, detail };
    case WA.forbidden: // 403
      return { reason: 'DISCONNECT_REASON_BANNED', reconnect: false, detail };
    case WA.connectionReplaced: // 440
      return { reason: 'DISCONNECT_REASON_REPLACED', reconnect: false, detail };
    case WA.restartRequired: // 515: WhatsApp asks for a fresh socket right after linking
      return { reason: 'DISCONNECT_REASON_CONNECTION_LOST', reconnect: true, immediate: true, detail };
    case WA.timedOut: // 408: also how Baileys ends a QR round nobody scanned
      if (!linked && qrShown) {
        return { reason: 'DISCONNECT_REASON_QR_TIMEOUT', reconnect: false, detail };
      }
      return { reason: 'DISCONNECT_REASON_CONNECTION_LOST', reconnect: true, detail };
    default: // 428 closed, 500 bad session, 503, network errors
      return { reason: 'DISCONNECT_REASON_CONNECTION_LOST', reconnect: true, detail };
  }
}

/** A message status update (WAMessageStatus) as an ack, or null for statuses that are not acks. */
export function ackOf(status) {
  switch (status) {
    case WAMessageStatus.SERVER_ACK: return 'ACK_STATUS_SENT';
    case WAMessageStatus.DELIVERY_ACK: return 'ACK_STATUS_DELIVERED';
    case WAMessageStatus.READ:
    case WAMessageStatus.PLAYED: return 'ACK_STATUS_READ';
    default: return null;
  }
}

/** Baileys' pairing code (8 characters) as WhatsApp shows it on the phone. */
export function formatPairingCode(code) {
  return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

/** The digits of the linked account's JID ("919800000000:12@s.whatsapp.net" -> "919800000000"). */
export function phoneOf(meId) {
  return (meId ?? '').split('@')[0].split(':')[0];
}

/** WAPI_WA_VERSION ("2.3000.1023223821") as Baileys' [major, minor, revision], or null when empty or malformed. */
export function parseWaVersion(text) {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec((text ?? '').trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}
