// Which numbers are on WhatsApp, as a session last heard (a send checks before it sends; CheckNumbers refreshes).

const ON_WHATSAPP_CACHE_MS = 10 * 60 * 1000;

export class KnownNumbers {
  #entries = new Map();

  /** Whether the number is on WhatsApp, or undefined when not known or no longer fresh. */
  lookup(jid) {
    const cached = this.#entries.get(jid);
    return cached && cached.until > Date.now() ? cached.exists : undefined;
  }

  remember(jid, exists) {
    this.#entries.set(jid, { exists, until: Date.now() + ON_WHATSAPP_CACHE_MS });
  }
}
