// Many Baileys sockets in one process, one per session, each reporting to the server over the Link.
// A session owns its reconnection: transient closes are retried with backoff here, and the server
// hears about a drop once, not once per failed attempt.
import makeWASocket, { Browsers, downloadMediaMessage, isJidGroup, makeCacheableSignalKeyStore } from '@whiskeysockets/baileys';
import { MissingCredentialsError, useRemoteAuthState } from './auth-state.js';
import { holdFramesForCreds } from './frame-gate.js';
import {
  ackOf, formatPairingCode, groupChangesOf, groupErrorOf, groupOf, groupUpdatesOf, mapDisconnect, messageFromRef, mediaOf,
  mediaRefOf, participantOutcomeOf, phoneOf, pollRefOf, pollUpdateTarget, pollVoteOf, toContent, toIncoming, toReadKeys, toSendOptions,
} from './mapping/index.js';

const MEDIA_CACHE_PER_SESSION = 200;
/** Auth-state category under which the server keeps incoming media refs (it prunes them by age). */
const MEDIA_REF = 'media-ref';
const ON_WHATSAPP_CACHE_MS = 10 * 60 * 1000;
/** Polls whose sent message (with the secret that decrypts votes) stays in memory; the rest are read back. */
const POLLS_KEPT_PER_SESSION = 500;
/** Auth-state category under which the server keeps the polls a session sent (it prunes them by age). */
const POLL_REF = 'poll-secret';

export function sessionKey(ref) {
  return `${ref.tenant_id}/${ref.session_id}`;
}

export class SessionHost {
  /**
   * @param makeSocket Baileys' makeWASocket (tests may pass a wrapper)
   */
  constructor({ logger, makeSocket = makeWASocket }) {
    this.logger = logger;
    this.makeSocket = makeSocket;
    this.sessions = new Map();
    this.link = null;
  }

  attach(link) {
    this.closeAll('a new link replaced the old one');
    this.link = link;
  }

  detach(link, reason) {
    if (this.link === link) {
      this.link = null;
      this.closeAll(reason);
    }
  }

  get size() {
    return this.sessions.size;
  }

  start(ref, restore) {
    if (!this.link) {
      throw new Error('no link: the server has not connected');
    }
    const key = sessionKey(ref);
    this.sessions.get(key)?.stop(false);
    const session = new HostedSession(ref, restore, this.link, this, this.logger.child({ session: key }));
    this.sessions.set(key, session);
    session.connect();
  }

  async stop(ref, logout) {
    const session = this.sessions.get(sessionKey(ref));
    if (session) {
      await session.stop(logout);
    }
  }

  find(ref) {
    return this.sessions.get(sessionKey(ref));
  }

  forget(session) {
    const key = sessionKey(session.ref);
    if (this.sessions.get(key) === session) {
      this.sessions.delete(key);
    }
  }

  closeAll(reason) {
    for (const session of [...this.sessions.values()]) {
      this.logger.info({ reason }, 'closing session');
      session.stop(false);
    }
  }
}

class HostedSession {
  constructor(ref, restore, link, host, logger) {
    this.ref = ref;
    this.restore = restore;
    this.link = link;
    this.host = host;
    this.logger = logger;
    this.sock = null;
    this.open = false;
    this.qrShown = false;
    this.stopped = false;
    this.attempts = 0;
    this.reportedDown = false;
    this.reconnectTimer = null;
    this.auth = null;
    this.media = new Map();
    this.incoming = Promise.resolve();
    this.onWhatsApp = new Map();
  }

  get settings() {
    return this.link.settings;
  }

  async connect() {
    if (this.stopped) {
      return;
    }
    const store = {
      read: (keys) => this.link.read(this.ref, keys),
      write: (put, del) => this.link.write(this.ref, put, del),
    };
    let auth;
    try {
      auth = await useRemoteAuthState(store, { restore: this.restore });
    } catch (error) {
      this.#closed(error instanceof MissingCredentialsError
        ? { reason: 'DISCONNECT_REASON_LOGGED_OUT', reconnect: false, detail: error.message }
        : { reason: 'DISCONNECT_REASON_CONNECTION_LOST', reconnect: true, detail: `auth state: ${error.message}` });
      return;
    }
    if (this.stopped) {
      return;
    }
    // From here on the server holds this identity: every later attempt restores it.
    this.restore = true;
    this.auth = auth;
    this.qrShown = false;
    const sock = this.host.makeSocket({
      auth: { creds: auth.state.creds, keys: makeCacheableSignalKeyStore(auth.state.keys, this.logger) },
      logger: this.logger,
      browser: Browsers.ubuntu('Chrome'),
      connectTimeoutMs: this.settings.connect_timeout_ms,
      defaultQueryTimeoutMs: this.settings.connect_timeout_ms,
      markOnlineOnConnect: false,
      syncFullHistory: false,
      getMessage: async () => undefined,
      ...(this.settings.websocket_url ? { waWebSocketUrl: this.settings.websocket_url } : {}),
    });
    this.sock = sock;
    sock.ev.on('creds.update', () => {
      auth.saveCreds().catch((error) => this.logger.error({ err: error }, 'credentials not stored'));
    });
    holdFramesForCreds(sock.ws, auth.pending, (error) => {
      // What WhatsApp has not seen can be redone from what the server holds: start again from there.
      this.logger.error({ err: error }, 'credentials not stored; reconnecting from the stored ones');
      sock.end(new Error(`credentials not stored: ${error.message}`));
    });
    sock.ev.on('connection.update', (update) => this.#connectionUpdate(sock, update));
    sock.ev.on('messages.upsert', ({ messages, type }) => {
      if (type !== 'notify') {
        return; // history and our own appends, not new messages
      }
      for (const msg of messages) {
        if (pollUpdateTarget(msg)) {
          this.#pollVote(msg);
          continue;
        }
        const incoming = toIncoming(msg);
        if (incoming) {
          this.#received(msg, incoming);
        }
      }
    });
    sock.ev.on('messages.update', (updates) => {
      for (const { key, update } of updates) {
        const status = key.fromMe && update.status != null ? ackOf(update.status) : null;
        if (status) {
          this.link.event(this.ref, { ack: { message_id: key.id, status } });
        }
      }
    });
    sock.ev.on('group-participants.update', (update) => {
      for (const group of groupChangesOf(update, [sock.user?.id, sock.user?.lid])) {
        this.link.event(this.ref, { group });
      }
    });
    sock.ev.on('groups.update', (updates) => {
      for (const group of groupUpdatesOf(updates)) {
        this.link.event(this.ref, { group });
      }
    });
    sock.ev.on('message-receipt.update', (receipts) => {
      for (const { key, receipt } of receipts) {
        if (key.fromMe) {
          const status = receipt.readTimestamp || receipt.playedTimestamp ? 'ACK_STATUS_READ' : 'ACK_STATUS_DELIVERED';
          this.link.event(this.ref, { ack: { message_id: key.id, status } });
        }
      }
    });
  }

  #connectionUpdate(sock, update) {
    if (sock !== this.sock || this.stopped) {
      return;
    }
    if (update.qr) {
      this.qrShown = true;
      this.link.event(this.ref, { qr: update.qr });
    }
    if (update.isNewLogin) {
      this.link.event(this.ref, { authenticated: {} });
    }
    if (update.connection === 'open') {
      this.open = true;
      this.attempts = 0;
      this.reportedDown = false;
      this.link.event(this.ref, { ready: { phone_number: phoneOf(sock.user?.id) } });
    }
    if (update.connection === 'close') {
      this.open = false;
      this.sock = null;
      const mapped = mapDisconnect(update.lastDisconnect?.error, {
        linked: Boolean(this.auth?.state.creds.registered),
        qrShown: this.qrShown,
      });
      this.#closed(mapped);
    }
  }

  #closed({ reason, reconnect, immediate, detail }) {
    if (this.stopped) {
      return;
    }
    this.logger.info({ reason, reconnect, detail }, 'socket closed');
    if (!reconnect) {
      this.stopped = true;
      this.host.forget(this);
      this.link.event(this.ref, { disconnected: { reason, reconnecting: false, detail } });
      return;
    }
    if (immediate) {
      this.#later(0);
      return;
    }
    if (!this.reportedDown) {
      this.reportedDown = true;
      this.link.event(this.ref, { disconnected: { reason, reconnecting: true, detail } });
    }
    this.#later(this.#backoff());
  }

  #backoff() {
    const { reconnect_min_ms: min, reconnect_max_ms: max } = this.settings;
    const base = Math.min(max, min * 2 ** Math.min(this.attempts, 20));
    this.attempts++;
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }

  #later(ms) {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect(), ms);
  }

  async stop(logout) {
    if (this.stopped) {
      return;
    }
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    this.host.forget(this);
    const sock = this.sock;
    this.sock = null;
    this.open = false;
    if (!sock) {
      return;
    }
    if (logout && this.auth?.state.creds.registered) {
      try {
        await sock.logout();
        return;
      } catch (error) {
        this.logger.warn({ err: error }, 'logout failed; closing the socket anyway');
      }
    }
    sock.end(undefined);
  }

  async send(request) {
    if (!this.open || !this.sock) {
      return { error: { kind: 'SEND_ERROR_KIND_NOT_READY', detail: 'the session is not connected to WhatsApp' } };
    }
    const jid = request.jid;
    if (!isJidGroup(jid) && !(await this.#isOnWhatsApp(jid))) {
      return { error: { kind: 'SEND_ERROR_KIND_NOT_ON_WHATSAPP', detail: `${jid.split('@')[0]} is not on WhatsApp` } };
    }
    try {
      const sent = await this.sock.sendMessage(jid, toContent(request), toSendOptions(request));
      if (request.content === 'poll' && sent) {
        await this.#rememberPoll(sent);
      }
      return { message_id: sent?.key?.id ?? request.message_id };
    } catch (error) {
      return { error: { kind: 'SEND_ERROR_KIND_FAILED', detail: error.message } };
    }
  }

  // ---- Presence, read receipts, poll votes (message types) ----

  async presence(request) {
    if (!this.open || !this.sock) {
      return { error: { kind: 'SEND_ERROR_KIND_NOT_READY', detail: 'the session is not connected to WhatsApp' } };
    }
    try {
      await this.sock.sendPresenceUpdate(request.state, request.jid || undefined);
      return {};
    } catch (error) {
      return { error: { kind: 'SEND_ERROR_KIND_FAILED', detail: error.message } };
    }
  }

  async markRead(request) {
    if (!this.open || !this.sock) {
      return { error: { kind: 'SEND_ERROR_KIND_NOT_READY', detail: 'the session is not connected to WhatsApp' } };
    }
    try {
      await this.sock.readMessages(toReadKeys(request));
      return {};
    } catch (error) {
      return { error: { kind: 'SEND_ERROR_KIND_FAILED', detail: error.message } };
    }
  }

  /** Keeps the sent poll in memory and, through the server, across restarts: its votes need its secret. */
  async #rememberPoll(sent) {
    this.polls ??= new Map();
    this.polls.set(sent.key.id, sent);
    if (this.polls.size > POLLS_KEPT_PER_SESSION) {
      this.polls.delete(this.polls.keys().next().value);
    }
    await this.link.write(this.ref, [{ key: { category: POLL_REF, id: sent.key.id }, value: pollRefOf(sent) }], [])
      .catch((error) => this.logger.warn({ err: error }, 'poll not stored; its votes decrypt until the bridge restarts'));
  }

  #pollVote(msg) {
    const target = pollUpdateTarget(msg);
    const me = this.sock?.user?.id;
    if (!me) {
      return;
    }
    this.incoming = this.incoming.then(async () => {
      const poll = this.polls?.get(target) ?? (await this.#storedRef(POLL_REF, target));
      if (!poll) {
        return; // not a poll this session sent (or older than the server keeps them)
      }
      try {
        this.link.event(this.ref, { poll_vote: pollVoteOf(msg, poll, me) });
      } catch (error) {
        this.logger.warn({ err: error }, 'poll vote not decrypted');
      }
    }).catch((error) => this.logger.warn({ err: error }, 'poll vote not handled'));
  }

  async #isOnWhatsApp(jid) {
    const cached = this.onWhatsApp.get(jid);
    if (cached && cached.until > Date.now()) {
      return cached.exists;
    }
    const [result] = (await this.sock.onWhatsApp(jid)) ?? [];
    const exists = Boolean(result?.exists);
    this.onWhatsApp.set(jid, { exists, until: Date.now() + ON_WHATSAPP_CACHE_MS });
    return exists;
  }

  // ---- Groups and contacts: every answer is data (a GroupError for expected failures) ----

  async #groupCall(change, call) {
    if (!this.open || !this.sock) {
      return { error: { kind: 'GROUP_ERROR_KIND_NOT_READY', detail: 'the session is not connected to WhatsApp' } };
    }
    try {
      return await call(this.sock);
    } catch (error) {
      return { error: groupErrorOf(error, { change }) };
    }
  }

  listGroups() {
    return this.#groupCall(false, async (sock) => ({
      groups: Object.values(await sock.groupFetchAllParticipating()).map(groupOf),
    }));
  }

  createGroup({ subject, participants }) {
    return this.#groupCall(true, async (sock) => {
      const group = groupOf(await sock.groupCreate(subject, participants));
      // WhatsApp announces a new group as groups.upsert, not as a participants change: report the join here.
      const me = `${phoneOf(sock.user?.id)}@s.whatsapp.net`;
      this.link.event(this.ref, { group: { group_jid: group.jid, kind: 'GROUP_CHANGE_KIND_JOIN', action: 'add',
        participants: [me], author: me, subject: group.subject, timestamp: Date.now() } });
      return { group };
    });
  }

  getGroup({ group_jid: jid }) {
    return this.#groupCall(false, async (sock) => ({ group: groupOf(await sock.groupMetadata(jid)) }));
  }

  updateParticipants({ group_jid: jid, action, participants }) {
    return this.#groupCall(true, async (sock) => {
      const results = await sock.groupParticipantsUpdate(jid, participants, action);
      const byJid = new Map((results ?? []).map((r) => [r.jid, r.status]));
      return {
        participants: participants.map((p) => ({ jid: p, outcome: participantOutcomeOf(action, byJid.get(p) ?? '200') })),
      };
    });
  }

  updateGroup({ group_jid: jid, subject, description }) {
    return this.#groupCall(true, async (sock) => {
      if (subject != null) {
        await sock.groupUpdateSubject(jid, subject);
      }
      if (description != null) {
        await sock.groupUpdateDescription(jid, description || undefined);
      }
      return {};
    });
  }

  leaveGroup({ group_jid: jid }) {
    return this.#groupCall(false, async (sock) => {
      await sock.groupLeave(jid);
      return {};
    });
  }

  inviteCode({ group_jid: jid }) {
    return this.#groupCall(true, async (sock) => ({ code: await sock.groupInviteCode(jid) }));
  }

  checkNumbers({ jids }) {
    return this.#groupCall(false, async (sock) => {
      const found = new Map(((await sock.onWhatsApp(...jids)) ?? []).map((r) => [r.jid, Boolean(r.exists)]));
      const numbers = jids.map((jid) => ({ jid, exists: found.get(jid) ?? false }));
      for (const { jid, exists } of numbers) {
        this.onWhatsApp.set(jid, { exists, until: Date.now() + ON_WHATSAPP_CACHE_MS });
      }
      return { numbers };
    });
  }

  async pairingCode(phoneNumber) {
    if (this.auth?.state.creds.registered) {
      return { error: { kind: 'PAIRING_ERROR_KIND_ALREADY_LINKED', detail: 'the session is already linked' } };
    }
    // WhatsApp only takes a pairing request on a socket that got as far as offering a QR code.
    if (!this.sock || !this.qrShown) {
      return { error: { kind: 'PAIRING_ERROR_KIND_NOT_CONNECTED', detail: 'the session has not reached WhatsApp yet' } };
    }
    try {
      return { code: formatPairingCode(await this.sock.requestPairingCode(phoneNumber)) };
    } catch (error) {
      return { error: { kind: 'PAIRING_ERROR_KIND_FAILED', detail: error.message } };
    }
  }

  async download(messageId) {
    const msg = this.media.get(messageId) ?? (await this.#storedRef(MEDIA_REF, messageId));
    if (!msg) {
      return { found: false };
    }
    const { mimeType, fileName } = mediaOf(msg);
    const data = await downloadMediaMessage(msg, 'buffer', {}, {
      logger: this.logger,
      reuploadRequest: this.sock ? this.sock.updateMediaMessage : async (m) => m,
    });
    return { found: true, data, mime_type: mimeType, file_name: fileName };
  }

  /**
   * Reports a message once the ref to its media (if any) is stored, so whoever hears of it can download
   * it, also after a restart. Reports stay in arrival order.
   */
  #received(msg, incoming) {
    if (!incoming.has_media) {
      this.incoming = this.incoming.then(() => this.link.event(this.ref, { incoming }));
      return;
    }
    this.#remember(msg);
    const stored = this.link.write(this.ref, [{ key: { category: MEDIA_REF, id: msg.key.id }, value: mediaRefOf(msg) }], [])
      .catch((error) => this.logger.warn({ err: error }, 'media ref not stored; downloadable until the bridge restarts'));
    this.incoming = this.incoming.then(() => stored).then(() => this.link.event(this.ref, { incoming }));
  }

  /** A media or poll ref the server keeps for this session, as the message it was made from; null if none. */
  async #storedRef(category, messageId) {
    const [entry] = await this.link.read(this.ref, [{ category, id: messageId }]);
    return entry ? messageFromRef(entry.value) : null;
  }

  #remember(msg) {
    this.media.set(msg.key.id, msg);
    if (this.media.size > MEDIA_CACHE_PER_SESSION) {
      this.media.delete(this.media.keys().next().value);
    }
  }
}
