// WhatsApp's sending caps in the contract's terms: Baileys' reach-out timelock (connection.update's
// reachoutTimeLock), its new-chat capping (message-capping.update's capping_status), and error 463 on a send's ack.
import { WAMessageStatus } from '@whiskeysockets/baileys';

const CAPPING = new Set(['NONE', 'FIRST_WARNING', 'SECOND_WARNING', 'CAPPED']);

/** What a session knows before WhatsApp says anything. */
export const NO_LIMITS = Object.freeze({ time_locked: false, locked_until: 0, new_chats: 'NONE' });

/**
 * The limits after Baileys' ReachoutTimelockState ({ isActive, timeEnforcementEnds?: Date, enforcementType }).
 */
export function withTimelock(limits, lock) {
  if (!lock) {
    return limits;
  }
  const ends = lock.timeEnforcementEnds instanceof Date ? lock.timeEnforcementEnds.getTime() : 0;
  return { ...limits, time_locked: Boolean(lock.isActive), locked_until: lock.isActive && ends > 0 ? ends : 0 };
}

/** The limits after Baileys' NewChatMessageCapInfo ({ capping_status?, total_quota?, used_quota?, … }). */
export function withCapping(limits, info) {
  const status = info?.capping_status;
  return CAPPING.has(status) ? { ...limits, new_chats: status } : limits;
}

/**
 * Whether a messages.update entry is WhatsApp refusing a sent message for the reach-out timelock: an ack with
 * error 463 (Baileys: status ERROR, messageStubParameters ['463', …]).
 */
export function isTimelockRefusal(update) {
  return update?.status === WAMessageStatus.ERROR && String(update?.messageStubParameters?.[0]) === '463';
}

/** Whether a thrown send error is WhatsApp's 463 (a Boom with that status, or the code in its data). */
export function isTimelockError(error) {
  const code = error?.output?.statusCode ?? error?.data?.statusCode ?? error?.data?.error;
  return String(code) === '463';
}

/** Whether the timelock refuses a send now. */
export function lockedNow(limits, now = Date.now()) {
  return limits.time_locked && (limits.locked_until === 0 || limits.locked_until > now);
}

export function sameLimits(a, b) {
  return a.time_locked === b.time_locked && a.locked_until === b.locked_until && a.new_chats === b.new_chats;
}
