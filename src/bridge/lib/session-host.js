// Many Baileys sockets in one process, one per session, each reporting to the server over the Link.
// A session owns its reconnection: transient closes are retried with backoff here, and the server
// hears about a drop once, not once per failed attempt. This file is the sessions' lifecycle (start,
// link, reconnect, stop); what a running session does lives in lib/session/: its events (events.js),
// sending (sending.js), polls (polls.js), received messages and their media (incoming.js), groups (groups.js).
import makeWASocket, { Browsers } from '@whiskeysockets/baileys';
import { MissingCredentialsError, useRemoteAuthState } from './auth-state.js';
import { cachedKeyStore } from './key-cache.js';
import { holdFramesForCreds } from './frame-gate.js';
import { formatPairingCode, mapDisconnect, phoneOf } from './mapping/index.js';
import { reportEvents } from './session/events.js';
import { SessionGroups } from './session/groups.js';
import { IncomingMessages } from './session/incoming.js';
import { KnownNumbers } from './session/known-numbers.js';
import { SessionPolls } from './session/polls.js';
import { SessionLimits } from './session/limits.js';
import { SessionSending } from './session/sending.js';
import { resolveWaVersion } from './wa-version.js';

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
    // Asked once per link (its hello may pin a version), at once, so that the first session does not wait for it.
    this.version = resolveWaVersion({ configured: link.settings?.wa_version, logger: this.logger });
  }

  /** The WhatsApp Web version sockets announce ([major, minor, revision]). */
  waVersion() {
    this.version ??= resolveWaVersion({ configured: this.link?.settings?.wa_version, logger: this.logger });
    return this.version;
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
    /** Reports to the server that must keep their order (received messages, poll votes): a promise chain. */
    this.reports = Promise.resolve();
    this.knownNumbers = new KnownNumbers();
    this.sending = new SessionSending(this);
    this.polls = new SessionPolls(this);
    this.incomingMessages = new IncomingMessages(this);
    this.groups = new SessionGroups(this);
    this.limits = new SessionLimits(this);
    this.watchdog = null;
  }

  get settings() {
    return this.link.settings;
  }

  /** Whether the socket is open to WhatsApp, so the session can send and query. */
  get connected() {
    return Boolean(this.open && this.sock);
  }

  /** Chains a step onto the ordered reports: `step` gets the chain so far and returns the new chain. */
  enqueue(step) {
    this.reports = step(this.reports);
  }

  async connect() {
    if (this.stopped) {
      return;
    }
    // A new cache per attempt: a reconnection starts again from what the server holds (lib/key-cache.js).
    const store = cachedKeyStore({
      read: (keys) => this.link.read(this.ref, keys),
      write: (put, del) => this.link.write(this.ref, put, del),
    });
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
    const version = await this.host.waVersion();
    if (this.stopped) {
      return;
    }
    const sock = this.host.makeSocket({
      version,
      // Pings often enough that a healthy socket always receives something within stale_ms.
      keepAliveIntervalMs: Math.min(30000, Math.max(100, Math.floor(this.#staleMs() / 2))),
      auth: auth.state,
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
    reportEvents(this, sock);
    this.limits.watch(sock);
  }

  #staleMs() {
    return this.settings.stale_ms > 0 ? this.settings.stale_ms : 60000;
  }

  /**
   * While open, a socket that receives no frame at all (not even the answer to a keep-alive ping) for stale_ms is
   * dead although nothing closed it (a half-open TCP connection, a proxy that stopped forwarding): it is ended,
   * reported as STALE, and reconnected.
   */
  #watch(sock) {
    this.#unwatch();
    const staleMs = this.#staleMs();
    let lastFrameAt = Date.now();
    const seen = () => { lastFrameAt = Date.now(); };
    sock.ws.on('message', seen);
    const timer = setInterval(() => {
      if (sock !== this.sock || this.stopped) {
        this.#unwatch();
        return;
      }
      const quiet = Date.now() - lastFrameAt;
      if (quiet >= staleMs) {
        this.logger.warn({ quietMs: quiet, staleMs }, 'no frame from WhatsApp within WAPI_ENGINE_STALE_MS: closing the socket to reconnect');
        this.#unwatch();
        const raw = sock.ws.socket;
        sock.end(Object.assign(new Error(`no frame for ${quiet} ms`), { stale: true }));
        // A dead peer never answers the WebSocket close handshake (ws would wait 30 s for it): drop the TCP
        // connection now, which also completes Baileys' end() with our error.
        raw?.terminate?.();
      }
    }, Math.max(25, Math.floor(staleMs / 4)));
    timer.unref?.();
    this.watchdog = { timer, stop: () => { clearInterval(timer); sock.ws.off?.('message', seen); } };
  }

  #unwatch() {
    this.watchdog?.stop();
    this.watchdog = null;
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
      this.#watch(sock);
      this.limits.refresh(sock);
    }
    if (update.connection === 'close') {
      this.#unwatch();
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
    if (reason === 'DISCONNECT_REASON_CLIENT_OUTDATED') {
      this.logger.error({ detail }, 'WhatsApp refused this WhatsApp Web version (405): set WAPI_WA_VERSION to the current one '
        + '(or unset it so that the bridge asks web.whatsapp.com), restart, and create the session again');
    }
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
    this.#unwatch();
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

  // ---- What a running session does: each in its own module (lib/session/) ----

  send(request) {
    return this.sending.send(request);
  }

  presence(request) {
    return this.sending.presence(request);
  }

  markRead(request) {
    return this.sending.markRead(request);
  }

  changeMessage(request) {
    return this.sending.changeMessage(request);
  }

  download(messageId, options) {
    return this.incomingMessages.download(messageId, options);
  }

  listGroups(request) {
    return this.groups.listGroups(request);
  }

  createGroup(request) {
    return this.groups.createGroup(request);
  }

  getGroup(request) {
    return this.groups.getGroup(request);
  }

  updateParticipants(request) {
    return this.groups.updateParticipants(request);
  }

  updateGroup(request) {
    return this.groups.updateGroup(request);
  }

  leaveGroup(request) {
    return this.groups.leaveGroup(request);
  }

  inviteCode(request) {
    return this.groups.inviteCode(request);
  }

  checkNumbers(request) {
    return this.groups.checkNumbers(request);
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
}
