// The bridge over its real gRPC contract, with real Baileys sockets and no route to WhatsApp: sessions
// report the drop once, keep retrying with backoff, and no call hangs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import grpc from '@grpc/grpc-js';
import { CHANNEL_OPTIONS, loadContract } from '../lib/contract.js';
import makeWASocket, { aesEncryptGCM, generateWAMessageContent, hmacSign, proto, sha256 } from '@whiskeysockets/baileys';
import { createBridgeServer } from '../bridge.js';
import { SessionHost } from '../lib/session-host.js';
import { makeLogger } from '../lib/logger.js';
import { messageFromRef } from '../lib/mapping/refs.js';
import { receivedDocument } from './media-fixture.js';

const SESSION = { tenant_id: 't1', session_id: 'main' };

async function startBridge(sessionHost) {
  const { server, host } = createBridgeServer(sessionHost);
  const port = await new Promise((resolve, reject) => server.bindAsync('127.0.0.1:0',
    grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  const client = new (loadContract().Bridge)(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
  return { server, host, client };
}

/** The server's end of the Link: an in-memory auth store and a record of every event. */
function link(client, hello, store = new Map()) {
  const call = client.Link();
  const events = [];
  const reads = [];
  const waiters = [];
  call.on('data', (m) => {
    if (m.auth_read) {
      reads.push(Date.now());
      const entries = m.auth_read.keys.filter((k) => store.has(`${k.category}/${k.id}`))
        .map((k) => ({ key: k, value: store.get(`${k.category}/${k.id}`) }));
      call.write({ auth_read_result: { request_id: m.auth_read.request_id, entries } });
    } else if (m.auth_write) {
      for (const p of m.auth_write.put) {
        store.set(`${p.key.category}/${p.key.id}`, p.value);
      }
      for (const d of m.auth_write.delete) {
        store.delete(`${d.category}/${d.id}`);
      }
      call.write({ auth_write_result: { request_id: m.auth_write.request_id } });
    } else if (m.event) {
      events.push({ at: Date.now(), ...m.event });
      waiters.splice(0).forEach((w) => w());
    }
  });
  call.on('error', () => {});
  // A pinned version: the tests never wait for web.whatsapp.com (test/wa-version.test.js covers asking it).
  call.write({ hello: { auth_timeout_ms: 2000, wa_version: '2.3000.1043857760', ...hello } });
  const nextEvent = (predicate, ms) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching event within ${ms} ms: ${JSON.stringify(events)}`)), ms);
    const check = () => {
      const found = events.find(predicate);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      } else {
        waiters.push(check);
      }
    };
    check();
  });
  return { call, store, events, reads, nextEvent };
}

const unary = (client, method, request, ms = 5000) => new Promise((resolve, reject) => {
  client[method](request, { deadline: Date.now() + ms }, (e, r) => (e ? reject(e) : resolve(r)));
});

async function until(condition, ms, what) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (condition()) {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`not within ${ms} ms: ${what}`);
}

test('without a route to WhatsApp a new session reports connection_lost once and retries with backoff', async (t) => {
  const { server, host, client } = await startBridge();
  t.after(() => { host.closeAll('test over'); client.close(); server.forceShutdown(); });
  const l = link(client, { connect_timeout_ms: 3000, reconnect_min_ms: 200, reconnect_max_ms: 800 });
  await until(() => host.link, 2000, 'the link is up');

  const started = Date.now();
  await unary(client, 'StartSession', { session: SESSION, restore: false });
  const down = await l.nextEvent((e) => e.disconnected, 3000 + 1000);
  assert.equal(down.disconnected.reason, 'DISCONNECT_REASON_CONNECTION_LOST');
  assert.equal(down.disconnected.reconnecting, true);
  assert.ok(down.disconnected.detail.length > 0, 'a detail says what failed');
  assert.ok(down.at - started <= 4000);
  assert.ok(l.store.has('creds/creds'), 'the new identity was stored before the socket opened');

  // Each retry reads the stored identity again; the drop is reported only once.
  await until(() => l.reads.length >= 3, 5000, 'three reconnection attempts');
  const gaps = l.reads.slice(1).map((at, i) => at - l.reads[i]);
  assert.ok(gaps[0] >= 150, `backoff between attempts (${gaps})`);
  assert.equal(l.events.filter((e) => e.disconnected).length, 1);

  const ping = await unary(client, 'Ping', {});
  assert.equal(ping.sessions, 1);
  const send = await unary(client, 'Send', { session: SESSION, message_id: '3EB0000000000001', jid: '919876543210@s.whatsapp.net', text: { text: 'x' } });
  assert.equal(send.error.kind, 'SEND_ERROR_KIND_NOT_READY');
  const pairing = await unary(client, 'RequestPairingCode', { session: SESSION, phone_number: '919876543210' });
  assert.equal(pairing.error.kind, 'PAIRING_ERROR_KIND_NOT_CONNECTED');
  // The media of a message the session never received, or of a session the bridge does not run: not found, at once.
  const media = await unary(client, 'DownloadMedia', { session: SESSION, message_id: '3EB0NOSUCHMESSAGE' }, 1000);
  assert.equal(media.found, false);
  assert.equal(media.data.length, 0);
  assert.equal((await unary(client, 'DownloadMedia', { session: { tenant_id: 't1', session_id: 'nobody' }, message_id: 'x' }, 1000)).found, false);

  await unary(client, 'StopSession', { session: SESSION, logout: false });
  assert.equal((await unary(client, 'Ping', {})).sessions, 0);
  const readsAtStop = l.reads.length;
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(l.reads.length, readsAtStop, 'a stopped session does not retry');
});

test('a WhatsApp endpoint that accepts and never answers is given up within the connect timeout', async (t) => {
  const silent = net.createServer(() => {}); // accepts, never speaks
  await new Promise((r) => silent.listen(0, '127.0.0.1', r));
  const { server, host, client } = await startBridge();
  t.after(() => { host.closeAll('test over'); client.close(); server.forceShutdown(); silent.close(); });
  const l = link(client, {
    connect_timeout_ms: 1500, reconnect_min_ms: 500, reconnect_max_ms: 1000,
    websocket_url: `ws://127.0.0.1:${silent.address().port}/ws/chat`,
  });
  await until(() => host.link, 2000, 'the link is up');

  const started = Date.now();
  await unary(client, 'StartSession', { session: SESSION, restore: false });
  const down = await l.nextEvent((e) => e.disconnected, 1500 + 2000);
  assert.equal(down.disconnected.reason, 'DISCONNECT_REASON_CONNECTION_LOST');
  assert.ok(down.at - started >= 1000, 'it waited for the timeout, not less');
});

test('restoring a session whose credentials the server lost reports it logged out and stops', async (t) => {
  const { server, host, client } = await startBridge();
  t.after(() => { host.closeAll('test over'); client.close(); server.forceShutdown(); });
  const l = link(client, { connect_timeout_ms: 2000, reconnect_min_ms: 200, reconnect_max_ms: 400 });
  await until(() => host.link, 2000, 'the link is up');
  await unary(client, 'StartSession', { session: SESSION, restore: true });
  const down = await l.nextEvent((e) => e.disconnected, 3000);
  assert.equal(down.disconnected.reason, 'DISCONNECT_REASON_LOGGED_OUT');
  assert.equal(down.disconnected.reconnecting, false);
  assert.equal(host.size, 0);
});

test('closing the link closes every session: the bridge runs nothing nobody listens to', async (t) => {
  const { server, host, client } = await startBridge();
  t.after(() => { client.close(); server.forceShutdown(); });
  const l = link(client, { connect_timeout_ms: 2000, reconnect_min_ms: 200, reconnect_max_ms: 400 });
  await until(() => host.link, 2000, 'the link is up');
  await unary(client, 'StartSession', { session: SESSION, restore: false });
  assert.equal(host.size, 1);
  l.call.end();
  await until(() => host.size === 0, 2000, 'sessions closed');
  await assert.rejects(unary(client, 'StartSession', { session: SESSION, restore: false }), /no link/);
});

test('an incoming media message is reported once its media ref is stored, and a restarted bridge can still download it', async (t) => {
  const logger = makeLogger('silent');
  const { msg, original, close } = await receivedDocument({ logger });
  t.after(close);
  const sockets = [];
  const recording = new SessionHost({ logger, makeSocket: (config) => { const s = makeWASocket(config); sockets.push(s); return s; } });
  const silent = net.createServer(() => {}); // keeps the socket connecting while the message arrives
  await new Promise((r) => silent.listen(0, '127.0.0.1', r));
  t.after(() => silent.close());
  const first = await startBridge(recording);
  const l = link(first.client, {
    connect_timeout_ms: 5000, reconnect_min_ms: 5000, reconnect_max_ms: 5000,
    websocket_url: `ws://127.0.0.1:${silent.address().port}/ws/chat`,
  });
  await until(() => first.host.link, 2000, 'the link is up');
  await unary(first.client, 'StartSession', { session: SESSION, restore: false });
  await until(() => sockets.length === 1, 2000, 'the socket is made');

  let storedFirst = null;
  sockets[0].ev.emit('messages.upsert', { messages: [msg], type: 'notify' });
  const event = await l.nextEvent((e) => {
    if (e.incoming && storedFirst === null) {
      storedFirst = l.store.has(`media-ref/${msg.key.id}`);
    }
    return e.incoming;
  }, 2000);
  assert.equal(event.incoming.has_media, true);
  assert.equal(storedFirst, true, 'the ref was stored before the message was reported');
  first.host.closeAll('restart');
  first.client.close();
  first.server.forceShutdown();

  // A new bridge process knows nothing in memory; the server's store is all it has.
  const second = await startBridge();
  t.after(() => { second.host.closeAll('test over'); second.client.close(); second.server.forceShutdown(); });
  link(second.client, { connect_timeout_ms: 3000, reconnect_min_ms: 5000, reconnect_max_ms: 5000 }, l.store);
  await until(() => second.host.link, 2000, 'the new link is up');
  await unary(second.client, 'StartSession', { session: SESSION, restore: true });
  const media = await unary(second.client, 'DownloadMedia', { session: SESSION, message_id: msg.key.id });
  assert.equal(media.found, true);
  assert.equal(media.mime_type, 'application/pdf');
  assert.equal(media.file_name, 'invoice.pdf');
  assert.deepEqual(Buffer.from(media.data), original);
});

test('a sent poll\'s secret is stored before the send returns, and a restarted bridge decrypts votes on it from that alone', async (t) => {
  const logger = makeLogger('silent');
  const me = '919800000000@s.whatsapp.net';
  const voter = '919876543210@s.whatsapp.net';
  // A real socket that cannot reach WhatsApp, logged in as `me`: sending builds the message as Baileys would.
  const sockets = [];
  const loggedIn = (config) => {
    const s = makeWASocket(config);
    const w = Object.create(s, {
      user: { value: { id: me } },
      onWhatsApp: { value: async () => [{ exists: true, jid: voter }] },
      sendMessage: {
        value: async (jid, content, options) => ({
          key: { remoteJid: jid, id: options.messageId, fromMe: true },
          message: await generateWAMessageContent(content, { logger, upload: async () => assert.fail('no upload') }),
        }),
      },
    });
    sockets.push(w);
    return w;
  };
  const silent = net.createServer(() => {});
  await new Promise((r) => silent.listen(0, '127.0.0.1', r));
  t.after(() => silent.close());
  const settings = {
    connect_timeout_ms: 5000, reconnect_min_ms: 5000, reconnect_max_ms: 5000,
    websocket_url: `ws://127.0.0.1:${silent.address().port}/ws/chat`,
  };
  const first = await startBridge(new SessionHost({ logger, makeSocket: loggedIn }));
  const l = link(first.client, settings);
  await until(() => first.host.link, 2000, 'the link is up');
  await unary(first.client, 'StartSession', { session: SESSION, restore: false });
  await until(() => sockets.length === 1, 2000, 'the socket is made');
  sockets[0].ev.emit('connection.update', { connection: 'open' });
  await l.nextEvent((e) => e.ready, 2000);
  const sent = await unary(first.client, 'Send', {
    session: SESSION, message_id: '3EB0POLLRESTART', jid: voter, poll: { question: 'Lunch?', options: ['Pizza', 'Salad', 'Soup'], selectable_count: 2 },
  });
  assert.equal(sent.message_id, '3EB0POLLRESTART');
  assert.ok(l.store.has('poll-secret/3EB0POLLRESTART'), 'the poll was stored before the send returned');
  first.host.closeAll('restart');
  first.client.close();
  first.server.forceShutdown();

  // The vote the voter's phone sends, encrypted with the poll's secret (taken here from what the server kept).
  const stored = messageFromRef(l.store.get('poll-secret/3EB0POLLRESTART'));
  const secret = stored.message.messageContextInfo.messageSecret;
  assert.ok(secret?.length > 0, 'the stored poll carries its secret');
  const plain = proto.Message.PollVoteMessage.encode({ selectedOptions: [sha256(Buffer.from('Salad'))] }).finish();
  const sign = Buffer.concat([Buffer.from('3EB0POLLRESTART'), Buffer.from(me), Buffer.from(voter), Buffer.from('Poll Vote'), new Uint8Array([1])]);
  const key = hmacSign(sign, hmacSign(secret, new Uint8Array(32), 'sha256'), 'sha256');
  const iv = Buffer.alloc(12, 3);
  const vote = proto.WebMessageInfo.fromObject({
    key: { remoteJid: voter, fromMe: false, id: '3EB0VOTERESTART' },
    message: {
      pollUpdateMessage: {
        pollCreationMessageKey: { remoteJid: voter, id: '3EB0POLLRESTART', fromMe: true },
        vote: { encPayload: aesEncryptGCM(plain, key, iv, Buffer.from(`3EB0POLLRESTART\u0000${voter}`)), encIv: iv },
      },
    },
    messageTimestamp: 1735689600,
  });

  // A new bridge process knows nothing in memory; the server's store is all it has.
  const second = await startBridge(new SessionHost({ logger, makeSocket: loggedIn }));
  t.after(() => { second.host.closeAll('test over'); second.client.close(); second.server.forceShutdown(); });
  const l2 = link(second.client, settings, l.store);
  await until(() => second.host.link, 2000, 'the new link is up');
  await unary(second.client, 'StartSession', { session: SESSION, restore: true });
  await until(() => sockets.length === 2, 2000, 'the new socket is made');
  sockets[1].ev.emit('messages.upsert', { messages: [vote], type: 'notify' });
  const event = await l2.nextEvent((e) => e.poll_vote, 2000);
  assert.deepEqual({ ...event.poll_vote }, {
    poll_message_id: '3EB0POLLRESTART', chat: voter, voter, options: ['Salad'], timestamp: 1735689600000,
  });
});

/** A WhatsApp Web stand-in that completes the WebSocket upgrade and then never sends a frame (nor closes). */
async function silentWebSocketServer(t) {
  const sockets = [];
  const server = http.createServer();
  server.on('upgrade', (req, socket) => {
    const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    const entry = { socket, closed: false };
    socket.on('end', () => { entry.closed = true; socket.end(); }); // the client hung up
    socket.on('close', () => { entry.closed = true; });
    socket.on('error', () => {});
    socket.resume(); // reads (and ignores) what the client sends, so that its hang-up is seen
    sockets.push(entry);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => { sockets.forEach((s) => s.socket.destroy()); server.close(); });
  return { url: `ws://127.0.0.1:${server.address().port}/ws/chat`, sockets };
}

/** A bridge whose sessions use real Baileys sockets (recorded, to play WhatsApp's side of events on them). */
async function recordedBridge(t, settings) {
  const sockets = [];
  const host = new SessionHost({ logger: makeLogger('silent'), makeSocket: (config) => { const s = makeWASocket(config); sockets.push(s); return s; } });
  const bridge = await startBridge(host);
  t.after(() => { bridge.host.closeAll('test over'); bridge.client.close(); bridge.server.forceShutdown(); });
  const l = link(bridge.client, settings);
  await until(() => bridge.host.link, 2000, 'the link is up');
  return { ...bridge, l, sockets };
}

test('an open socket that receives nothing for stale_ms is closed as stale and reconnected, though WhatsApp never closed it', async (t) => {
  const wa = await silentWebSocketServer(t);
  const { client, l, sockets } = await recordedBridge(t, {
    connect_timeout_ms: 20000, reconnect_min_ms: 200, reconnect_max_ms: 400, stale_ms: 500, websocket_url: wa.url,
  });
  await unary(client, 'StartSession', { session: SESSION, restore: false });
  await until(() => sockets.length === 1 && wa.sockets.length === 1, 3000, 'the socket reached the server');
  const openedAt = Date.now();
  sockets[0].ev.emit('connection.update', { connection: 'open' });
  await l.nextEvent((e) => e.ready, 2000);

  const down = await l.nextEvent((e) => e.disconnected, 3000);
  assert.equal(down.disconnected.reason, 'DISCONNECT_REASON_STALE');
  assert.equal(down.disconnected.reconnecting, true);
  const after = down.at - openedAt;
  assert.ok(after >= 450 && after < 1500, `found stale after ${after} ms (stale_ms 500)`);
  await until(() => wa.sockets[0].closed, 2000, 'the bridge closed the silent connection');

  // It reconnects by itself: a new socket, ready again once WhatsApp answers.
  await until(() => sockets.length === 2, 3000, 'a new socket');
  sockets[1].ev.emit('connection.update', { connection: 'open' });
  const again = await l.nextEvent((e) => e.ready && e.at > down.at, 2000);
  assert.ok(again.ready);
});

test('WhatsApp\'s reach-out timelock and new-chat capping are reported as limits, and a time-locked send is refused without reaching WhatsApp', async (t) => {
  const wa = await silentWebSocketServer(t);
  const { client, l, sockets } = await recordedBridge(t, {
    connect_timeout_ms: 20000, reconnect_min_ms: 5000, reconnect_max_ms: 5000, stale_ms: 60000, websocket_url: wa.url,
  });
  await unary(client, 'StartSession', { session: SESSION, restore: false });
  await until(() => sockets.length === 1, 3000, 'the socket is made');
  const sock = sockets[0];
  sock.ev.emit('connection.update', { connection: 'open' });
  await l.nextEvent((e) => e.ready, 2000);

  const ends = new Date(Date.now() + 3600_000);
  sock.ev.emit('connection.update', { reachoutTimeLock: { isActive: true, timeEnforcementEnds: ends, enforcementType: 'BIZ_QUALITY' } });
  const locked = await l.nextEvent((e) => e.limits, 2000);
  assert.deepEqual({ ...locked.limits, locked_until: Number(locked.limits.locked_until) },
    { time_locked: true, locked_until: ends.getTime(), new_chats: 'NONE' });

  const send = await unary(client, 'Send', { session: SESSION, message_id: '3EB0LOCKED', jid: '919876543210@s.whatsapp.net', text: { text: 'x' } });
  assert.equal(send.error.kind, 'SEND_ERROR_KIND_RATE_LIMITED');
  assert.equal(Number(send.error.locked_until), ends.getTime());

  sock.ev.emit('message-capping.update', { capping_status: 'SECOND_WARNING', total_quota: 100, used_quota: 90 });
  const capped = await l.nextEvent((e) => e.limits?.new_chats === 'SECOND_WARNING', 2000);
  assert.equal(capped.limits.time_locked, true);

  sock.ev.emit('connection.update', { reachoutTimeLock: { isActive: false, enforcementType: 'DEFAULT' } });
  await l.nextEvent((e) => e.limits && !e.limits.time_locked, 2000);
  const before = l.events.filter((e) => e.limits).length;
  sock.ev.emit('connection.update', { reachoutTimeLock: { isActive: false, enforcementType: 'DEFAULT' } });

  // A send WhatsApp answers with error 463 locks the number (no end known yet).
  sock.ev.emit('messages.update', [{ key: { remoteJid: '919876543210@s.whatsapp.net', id: '3EB0X', fromMe: true }, update: { status: 0, messageStubParameters: ['463', 'restricted'] } }]);
  const refused = await l.nextEvent((e) => e.limits?.time_locked && Number(e.limits.locked_until) === 0, 2000);
  assert.equal(refused.limits.new_chats, 'SECOND_WARNING');
  assert.equal(l.events.filter((e) => e.limits).length, before + 2, 'WhatsApp\'s timelock answer is reported even when unchanged');
  sock.ev.emit('message-capping.update', { capping_status: 'SECOND_WARNING' });
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(l.events.filter((e) => e.limits).length, before + 2, 'an unchanged capping status is not reported again');
});

test('WhatsApp refusing the client version (405) is client_outdated and is not retried with the same version', async (t) => {
  const wa = await silentWebSocketServer(t);
  const { client, l, sockets, host } = await recordedBridge(t, {
    connect_timeout_ms: 20000, reconnect_min_ms: 200, reconnect_max_ms: 400, websocket_url: wa.url, wa_version: '2.3000.1',
  });
  assert.deepEqual(await host.waVersion(), [2, 3000, 1], 'WAPI_WA_VERSION is announced');
  await unary(client, 'StartSession', { session: SESSION, restore: false });
  await until(() => sockets.length === 1, 3000, 'the socket is made');
  // What Baileys reports for WhatsApp's <failure reason="405"/> stanza.
  sockets[0].ev.emit('connection.update', {
    connection: 'close',
    lastDisconnect: { error: Object.assign(new Error('Connection Failure'), { output: { statusCode: 405 }, data: { reason: '405' } }), date: new Date() },
  });
  const down = await l.nextEvent((e) => e.disconnected, 2000);
  assert.equal(down.disconnected.reason, 'DISCONNECT_REASON_CLIENT_OUTDATED');
  assert.equal(down.disconnected.reconnecting, false);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(sockets.length, 1, 'no retry with a version WhatsApp refuses');
});

test('edits, revokes, deletes for this device and forwards go to the socket as Baileys expects; the other side\'s edits come back as events', async (t) => {
  const logger = makeLogger('silent');
  const me = '919800000000@s.whatsapp.net';
  const customer = '919876543210@s.whatsapp.net';
  const calls = [];
  const sockets = [];
  const loggedIn = (config) => {
    const s = makeWASocket(config);
    const w = Object.create(s, {
      user: { value: { id: me } },
      onWhatsApp: { value: async () => [{ exists: true, jid: customer }] },
      sendMessage: {
        value: async (jid, content, options) => {
          calls.push({ sendMessage: [jid, content, options] });
          return { key: { remoteJid: jid, id: options?.messageId ?? '3EB0GENERATED', fromMe: true } };
        },
      },
      chatModify: { value: async (mod, jid) => { calls.push({ chatModify: [mod, jid] }); } },
    });
    sockets.push(w);
    return w;
  };
  const silent = net.createServer(() => {});
  await new Promise((r) => silent.listen(0, '127.0.0.1', r));
  t.after(() => silent.close());
  const bridge = await startBridge(new SessionHost({ logger, makeSocket: loggedIn }));
  t.after(() => { bridge.host.closeAll('test over'); bridge.client.close(); bridge.server.forceShutdown(); });
  const l = link(bridge.client, {
    connect_timeout_ms: 5000, reconnect_min_ms: 5000, reconnect_max_ms: 5000,
    websocket_url: `ws://127.0.0.1:${silent.address().port}/ws/chat`,
  });
  await until(() => bridge.host.link, 2000, 'the link is up');
  await unary(bridge.client, 'StartSession', { session: SESSION, restore: false });
  await until(() => sockets.length === 1, 2000, 'the socket is made');
  sockets[0].ev.emit('connection.update', { connection: 'open' });
  await l.nextEvent((e) => e.ready, 2000);

  const target = { id: '3EB0OURS', from_me: true, participant: '' };
  assert.deepEqual(await unary(bridge.client, 'ChangeMessage', { session: SESSION, chat_jid: customer, target, edit: 'See you at 6' }), { error: null });
  assert.deepEqual(await unary(bridge.client, 'ChangeMessage', { session: SESSION, chat_jid: customer, target, revoke: true }), { error: null });
  await unary(bridge.client, 'ChangeMessage', { session: SESSION, chat_jid: customer, target, delete_for_me_at: 1735689600000 });
  const key = { remoteJid: customer, id: '3EB0OURS', fromMe: true, participant: undefined };
  assert.deepEqual(calls[0].sendMessage.slice(0, 2), [customer, { text: 'See you at 6', edit: key }]);
  assert.deepEqual(calls[1].sendMessage.slice(0, 2), [customer, { delete: key }]);
  assert.deepEqual(calls[2].chatModify, [{ deleteForMe: { key, timestamp: 1735689600, deleteMedia: false } }, customer]);

  const sent = await unary(bridge.client, 'Send', {
    session: SESSION, message_id: '3EB0FORWARD', jid: customer,
    forward: { original: { id: '3EB0THEIRS', from_me: false, participant: '' }, original_chat: '919876543211@s.whatsapp.net', type: 'text', text: 'Our address' },
  });
  assert.equal(sent.message_id, '3EB0FORWARD');
  const [jid, content, options] = calls[3].sendMessage;
  assert.equal(jid, customer);
  assert.equal(options.messageId, '3EB0FORWARD');
  assert.equal(content.forward.key.id, '3EB0THEIRS');
  assert.deepEqual({ ...content.forward.message }, { conversation: 'Our address' });
  const lost = await unary(bridge.client, 'Send', {
    session: SESSION, message_id: '3EB0FORWARD2', jid: customer,
    forward: { original: { id: '3EB0GONE', from_me: false, participant: '' }, original_chat: customer, type: 'image', text: '' },
  });
  assert.equal(lost.error.kind, 'SEND_ERROR_KIND_FAILED');
  assert.equal(calls.length, 4, 'nothing sent for a media message the bridge no longer has');

  const edit = proto.WebMessageInfo.fromObject({
    key: { remoteJid: customer, fromMe: false, id: '3EB0EDITMSG' },
    message: await generateWAMessageContent(
      { text: 'Meet at 6', edit: { remoteJid: customer, id: '3EB0THEIRS', fromMe: true } }, { logger, upload: async () => assert.fail('no upload') }),
    messageTimestamp: 1735689600,
  });
  sockets[0].ev.emit('messages.upsert', { messages: [edit], type: 'notify' });
  const event = await l.nextEvent((e) => e.incoming_edit, 2000);
  assert.equal(event.incoming_edit.message_id, '3EB0THEIRS');
  assert.equal(event.incoming_edit.from, customer);
  assert.equal(event.incoming_edit.body, 'Meet at 6');
  assert.equal(l.events.filter((e) => e.incoming).length, 0, 'an edit is no new message');
});
