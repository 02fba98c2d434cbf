// Received messages of one session: each is reported once the ref to its media (if any) is stored, so
// whoever hears of it can download it, also after a restart; downloads read the message from memory or,
// after a restart, from the stored ref.
import { downloadMediaMessage } from '@whiskeysockets/baileys';
import { mediaOf, mediaRefOf } from '../mapping/index.js';
import { MEDIA_REF, readRef, storeRef } from './stored-refs.js';

const MEDIA_CACHE_PER_SESSION = 200;

export class IncomingMessages {
  #media = new Map();

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

  async download(messageId) {
    const session = this.session;
    const msg = await this.kept(messageId);
    if (!msg) {
      return { found: false };
    }
    const { mimeType, fileName } = mediaOf(msg);
    const data = await downloadMediaMessage(msg, 'buffer', session.downloadOptions?.() ?? {}, {
      logger: session.logger,
      reuploadRequest: session.sock ? session.sock.updateMediaMessage : async (m) => m,
    });
    return { found: true, data, mime_type: mimeType, file_name: fileName };
  }

  #remember(msg) {
    this.#media.set(msg.key.id, msg);
    if (this.#media.size > MEDIA_CACHE_PER_SESSION) {
      this.#media.delete(this.#media.keys().next().value);
    }
  }
}
