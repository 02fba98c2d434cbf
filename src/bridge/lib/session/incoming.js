// Received messages of one session: each is reported once the ref to its media (if any) is stored, so
// whoever hears of it can download it, also after a restart; downloads read the message from memory or,
// after a restart, from the stored ref; media WhatsApp's servers no longer keep is uploaded again by the phone
// (media-download.js), and the renewed ref replaces the old one.
import { mediaOf, mediaRefOf, messageFromRef } from '../mapping/index.js';
import { downloadWithReupload } from './media-download.js';
import { MEDIA_REF, readRef, storeRef } from './stored-refs.js';

const MEDIA_CACHE_PER_SESSION = 200;

export class IncomingMessages {
  #media = new Map();
  /**
   * Re-upload requests waiting for the phone, by message id: asked once however often the media is downloaded
   * meanwhile (Baileys listens for each answer until the phone gives it or the socket closes).
   */
  #reuploads = new Map();

  constructor(session) {
    this.session = session;
  }

  /** Reports a message (toIncoming's answer for `msg`); reports stay in arrival order. */
  received(msg, incoming) {
    const session = this.session;
    if (!incoming.has_media) {
      session.enqueue((reports) => reports.then(() => session.link.event(session.ref, { incoming })));
      return;
    }
    this.#remember(msg);
    const stored = storeRef(session, MEDIA_REF, msg.key.id, mediaRefOf(msg))
      .catch((error) => session.logger.warn({ err: error }, 'media ref not stored; downloadable until the bridge restarts'));
    session.enqueue((reports) => reports.then(() => stored).then(() => session.link.event(session.ref, { incoming })));
  }

  /** A received media message as this bridge keeps it (in memory, else its stored ref); null if it keeps none. */
  async kept(messageId) {
    return this.#media.get(messageId) ?? (await readRef(this.session, MEDIA_REF, messageId));
  }

  /**
   * @param deadline  when the caller stops waiting (epoch ms; Infinity if never): the phone may take until
   *                  shortly before it to upload expired media again
   * @returns { found: false } when the bridge keeps no such message; { found: false, expired } when WhatsApp's
   *          media servers no longer have it and the phone did not upload it again; else the media
   */
  async download(messageId, { deadline = Infinity } = {}) {
    const session = this.session;
    const msg = await this.kept(messageId);
    if (!msg) {
      return { found: false };
    }
    const { mimeType, fileName } = mediaOf(msg);
    const sock = session.sock;
    const left = deadline - Date.now();
    const result = await downloadWithReupload(msg, {
      logger: session.logger,
      reupload: sock ? (m) => this.#reupload(sock, m) : null,
      // What is left for the second download: a quarter of the time, at most 10 s.
      waitMs: Number.isFinite(left) ? Math.max(0, Math.floor(left - Math.min(10000, left / 4))) : undefined,
    });
    if (result.expired) {
      return { found: false, expired: result.expired };
    }
    if (result.renewed) {
      await this.#renew(result.renewed);
    }
    return { found: true, data: result.data, mime_type: mimeType, file_name: fileName };
  }

  #reupload(sock, msg) {
    const id = msg.key.id;
    let pending = this.#reuploads.get(id);
    if (!pending) {
      // On a copy: Baileys writes the new path into the message it is given.
      pending = sock.updateMediaMessage(messageFromRef(mediaRefOf(msg)));
      this.#reuploads.set(id, pending);
      const forget = () => this.#reuploads.delete(id);
      pending.then(forget, forget);
    }
    return pending;
  }

  /** Keeps a message's new media path (after a re-upload), so that the next download does not ask the phone again. */
  async #renew(msg) {
    if (this.#media.has(msg.key.id)) {
      this.#remember(msg);
    }
    await storeRef(this.session, MEDIA_REF, msg.key.id, mediaRefOf(msg))
      .catch((error) => this.session.logger.warn({ err: error }, 'renewed media ref not stored; the next download asks the phone again'));
  }

  #remember(msg) {
    this.#media.set(msg.key.id, msg);
    if (this.#media.size > MEDIA_CACHE_PER_SESSION) {
      this.#media.delete(this.#media.keys().next().value);
    }
  }
}
