// The polls one session sent, and the votes on them: a vote is encrypted with its poll's secret, so the sent
// poll is kept in memory and, through the server, across restarts.
import { pollRefOf, pollUpdateTarget, pollVoteOf } from '../mapping/index.js';
import { POLL_REF, readRef, storeRef } from './stored-refs.js';

/** Polls whose sent message (with the secret that decrypts votes) stays in memory; the rest are read back. */
const POLLS_KEPT_PER_SESSION = 500;

export class SessionPolls {
  #kept = new Map();

  constructor(session) {
    this.session = session;
  }

  /** Keeps the sent poll in memory and, through the server, across restarts: its votes need its secret. */
  async remember(sent) {
    this.#kept.set(sent.key.id, sent);
    if (this.#kept.size > POLLS_KEPT_PER_SESSION) {
      this.#kept.delete(this.#kept.keys().next().value);
    }
    await storeRef(this.session, POLL_REF, sent.key.id, pollRefOf(sent))
      .catch((error) => this.session.logger.warn({ err: error }, 'poll not stored; its votes decrypt until the bridge restarts'));
  }

  /** Reports a received vote on one of our polls (in arrival order with the other reports). */
  vote(msg) {
    const session = this.session;
    const target = pollUpdateTarget(msg);
    const me = session.sock?.user?.id;
    if (!me) {
      return;
    }
    session.enqueue((reports) => reports.then(async () => {
      const poll = this.#kept.get(target) ?? (await readRef(session, POLL_REF, target));
      if (!poll) {
        return; // not a poll this session sent (or older than the server keeps them)
      }
      try {
        session.link.event(session.ref, { poll_vote: pollVoteOf(msg, poll, me) });
      } catch (error) {
        session.logger.warn({ err: error }, 'poll vote not decrypted');
      }
    }).catch((error) => session.logger.warn({ err: error }, 'poll vote not handled')));
  }
}
