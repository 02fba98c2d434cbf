// What WhatsApp allows one session's number to send, as Baileys reports it: the reach-out timelock and the
// new-chat capping. The whole state goes to the server on every change; while the timelock holds, sends are
// refused here (retrying counts as another reach-out and prolongs the lock, as WhatsApp Web knows).
import {
  NO_LIMITS, isTimelockRefusal, lockedNow, sameLimits, withCapping, withTimelock,
} from '../mapping/index.js';

export class SessionLimits {
  constructor(session) {
    this.session = session;
    this.current = NO_LIMITS;
  }

  /** Follows one socket's reports (the state itself outlives reconnects). */
  watch(sock) {
    sock.ev.on('connection.update', (update) => {
      if (update.reachoutTimeLock) {
        // Reported even when unchanged: WhatsApp's answer on connecting is how the server learns that a lock it
        // stored (before a restart of the bridge) is over. The server records changes only.
        this.#set(withTimelock(this.current, update.reachoutTimeLock), true);
      }
    });
    sock.ev.on('message-capping.update', (info) => this.#set(withCapping(this.current, info)));
    sock.ev.on('messages.update', (updates) => {
      if (updates.some(({ key, update }) => key?.fromMe && isTimelockRefusal(update))) {
        this.refused(sock);
      }
    });
  }

  /** Asks WhatsApp for the current timelock once connected (its answer arrives as a connection.update). */
  refresh(sock) {
    sock.fetchAccountReachoutTimelock?.()
      .catch((error) => this.session.logger.debug({ err: error }, 'reach-out timelock not fetched'));
  }

  /** WhatsApp refused a send with 463: locked (until it says when), and asked when it ends. */
  refused(sock) {
    if (!lockedNow(this.current)) {
      this.#set({ ...this.current, time_locked: true, locked_until: 0 });
    }
    this.refresh(sock);
  }

  /** The send error for a send the timelock refuses now, or null. */
  refusal() {
    if (!lockedNow(this.current)) {
      return null;
    }
    return {
      error: {
        kind: 'SEND_ERROR_KIND_RATE_LIMITED',
        detail: 'WhatsApp has time-locked this number from starting conversations (error 463)',
        locked_until: this.current.locked_until,
      },
    };
  }

  #set(next, always = false) {
    if (!always && sameLimits(next, this.current)) {
      return;
    }
    this.current = next;
    this.session.logger.info({ limits: next }, 'WhatsApp sending limits changed');
    this.session.link.event(this.session.ref, { limits: next });
  }
}
