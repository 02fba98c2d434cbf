// A session's proxy (issue 18): its WhatsApp WebSocket goes through a SOCKS5 or an HTTP CONNECT proxy (tiny ones,
// written here) in front of the stand-in WhatsApp server; media up- and downloads take the same way; a proxy that
// cannot be reached, or refuses, is PROXY_FAILED at once (reported once, retried), and no credential is reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import grpc from '@grpc/grpc-js';
import makeWASocket from '@whiskeysockets/baileys';
import { CHANNEL_OPTIONS, loadContract } from '../lib/contract.js';
import { createBridgeServer } from '../bridge.js';
import { SessionHost } from '../lib/session-host.js';
import { makeLogger } from '../lib/logger.js';
import { ProxyRoute } from '../lib/proxy.js';

const SESSION = { tenant_id: 't1', session_id: 'proxied' };
const PASSWORD = 'pr0xy-s3cret';

const unary = (client, method, request, ms = 5000) => new Promise((resolve, reject) => {
  client[method](request, { deadline: Date.now() + ms }, (e, r) => (e ? reject(e) : resolve(r)));
});

async function until(condition, ms, what) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (condition()) {
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A WhatsApp Web stand-in that completes the WebSocket upgrade and stays silent. */
async function silentWebSocketServer(t) {
  const sockets = [];
  const server = http.createServer();
  server.on('upgrade', (req, socket) => {
    const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    socket.on('error', () => {});
    socket.resume();
    sockets.push(socket);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => { sockets.forEach((s) => s.destroy()); server.close(); });
  return { url: `ws://127.0.0.1:${server.address().port}/ws/chat`, port: server.address().port, sockets };
}

/** A plain HTTP server standing in for WhatsApp's media hosts: answers every request with `media bytes`. */
async function mediaServer(t) {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    req.resume();
    req.on('end', () => res.end('media bytes'));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  return { port: server.address().port, requests };
}

/**
 * A SOCKS5 proxy (RFC 1928, user/password auth of RFC 1929 when asked to): records each tunnel's destination and the
 * user that opened it, and pipes the bytes.
 */
async function socks5Proxy(t, { user, password } = {}) {
  const tunnels = [];
  const open = new Set();
  const server = net.createServer((client) => {
    open.add(client);
    client.on('error', () => {});
    client.on('close', () => open.delete(client));
    let buffer = Buffer.alloc(0);
    let stage = 'greeting';
    let authedUser = null;
    const onData = (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (stage === 'greeting' && buffer.length >= 2 && buffer.length >= 2 + buffer[1]) {
        const methods = [...buffer.subarray(2, 2 + buffer[1])];
        buffer = buffer.subarray(2 + buffer[1]);
        if (user) {
          if (!methods.includes(2)) {
            client.end(Buffer.from([5, 0xff]));
            return;
          }
          client.write(Buffer.from([5, 2]));
          stage = 'auth';
        } else {
          client.write(Buffer.from([5, 0]));
          stage = 'request';
        }
      }
      if (stage === 'auth' && buffer.length >= 2) {
        const ulen = buffer[1];
        if (buffer.length < 3 + ulen) {
          return;
        }
        const plen = buffer[2 + ulen];
        if (buffer.length < 3 + ulen + plen) {
          return;
        }
        const u = buffer.subarray(2, 2 + ulen).toString();
        const p = buffer.subarray(3 + ulen, 3 + ulen + plen).toString();
        buffer = buffer.subarray(3 + ulen + plen);
        if (u !== user || p !== password) {
          client.end(Buffer.from([1, 1]));
          return;
        }
        authedUser = u;
        client.write(Buffer.from([1, 0]));
        stage = 'request';
      }
      if (stage === 'request' && buffer.length >= 5) {
        const type = buffer[3];
        let host;
        let offset;
        if (type === 1) {
          host = [...buffer.subarray(4, 8)].join('.');
          offset = 8;
        } else if (type === 3) {
          host = buffer.subarray(5, 5 + buffer[4]).toString();
          offset = 5 + buffer[4];
        } else {
          client.end(Buffer.from([5, 8, 0, 1, 0, 0, 0, 0, 0, 0]));
          return;
        }
        if (buffer.length < offset + 2) {
          return;
        }
        const port = buffer.readUInt16BE(offset);
        const rest = buffer.subarray(offset + 2);
        stage = 'piping';
        client.off('data', onData);
        const upstream = net.connect(port, host, () => {
          tunnels.push({ host, port, user: authedUser });
          client.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0]));
          if (rest.length) {
            upstream.write(rest);
          }
          client.pipe(upstream).pipe(client);
        });
        upstream.on('error', () => client.destroy());
      }
    };
    client.on('data', onData);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => { open.forEach((s) => s.destroy()); server.close(); });
  return { port: server.address().port, tunnels };
}

/** An HTTP proxy that only tunnels (CONNECT), with Basic proxy authentication when asked to (407 otherwise). */
async function connectProxy(t, { user, password } = {}) {
  const tunnels = [];
  const refused = [];
  const open = new Set();
  const server = http.createServer((req, res) => { res.statusCode = 405; res.end(); });
  server.on('connect', (req, client, head) => {
    open.add(client);
    client.on('error', () => {});
    client.on('close', () => open.delete(client));
    const expected = user ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` : undefined;
    if (expected && req.headers['proxy-authorization'] !== expected) {
      refused.push(req.url);
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="t"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const [host, port] = req.url.split(':');
    const upstream = net.connect(Number(port), host, () => {
      tunnels.push({ host, port: Number(port) });
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head?.length) {
        upstream.write(head);
      }
      client.pipe(upstream).pipe(client);
    });
    upstream.on('error', () => client.destroy());
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => { open.forEach((s) => s.destroy()); server.close(); server.closeAllConnections?.(); });
  return { port: server.address().port, tunnels, refused };
}

/** A bridge with real Baileys sockets (recorded) and a link that records the events it reports. */
async function bridgeWithLink(t, settings) {
  const sockets = [];
  const host = new SessionHost({ logger: makeLogger('silent'), makeSocket: (config) => { const s = makeWASocket(config); sockets.push(s); return s; } });
  const { server } = createBridgeServer(host);
  const port = await new Promise((resolve, reject) => server.bindAsync('127.0.0.1:0',
    grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  const client = new (loadContract().Bridge)(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
  t.after(() => { host.closeAll('test over'); client.close(); server.forceShutdown(); });
  const call = client.Link();
  const events = [];
  const store = new Map();
  call.on('data', (m) => {
    if (m.auth_read) {
      const entries = m.auth_read.keys.filter((k) => store.has(`${k.category}/${k.id}`))
        .map((k) => ({ key: k, value: store.get(`${k.category}/${k.id}`) }));
      call.write({ auth_read_result: { request_id: m.auth_read.request_id, entries } });
    } else if (m.auth_write) {
      for (const p of m.auth_write.put) {
        store.set(`${p.key.category}/${p.key.id}`, p.value);
      }
      call.write({ auth_write_result: { request_id: m.auth_write.request_id } });
    } else if (m.event) {
      events.push({ at: Date.now(), ...m.event });
    }
  });
  call.on('error', () => {});
  call.write({ hello: { auth_timeout_ms: 2000, wa_version: '2.3000.1043857760', ...settings } });
  await until(() => host.link, 2000, 'the link is up');
  return { host, client, events, sockets };
}

for (const kind of ['socks5', 'http']) {
  test(`through a ${kind} proxy the session's WebSocket reaches WhatsApp and the proxy sees it`, async (t) => {
    const wa = await silentWebSocketServer(t);
    const proxy = kind === 'socks5'
      ? await socks5Proxy(t, { user: 'alice', password: PASSWORD })
      : await connectProxy(t, { user: 'alice', password: PASSWORD });
    const { client, events, sockets } = await bridgeWithLink(t, {
      connect_timeout_ms: 5000, reconnect_min_ms: 200, reconnect_max_ms: 400, stale_ms: 60000, websocket_url: wa.url,
    });
    await unary(client, 'StartSession', { session: SESSION, restore: false, proxy: `${kind}://alice:${PASSWORD}@127.0.0.1:${proxy.port}` });
    await until(() => wa.sockets.length === 1, 4000, 'the WebSocket reached the WhatsApp stand-in');
    assert.equal(proxy.tunnels.length, 1, 'one tunnel through the proxy');
    assert.equal(proxy.tunnels[0].port, wa.port, 'to the WhatsApp endpoint');
    if (kind === 'socks5') {
      assert.equal(proxy.tunnels[0].user, 'alice', 'with the session\'s proxy credentials');
    }
    sockets[0].ev.emit('connection.update', { connection: 'open' });
    await until(() => events.some((e) => e.ready), 2000, 'ready');
    assert.equal(events.filter((e) => e.disconnected).length, 0);
  });
}

test('a proxy that refuses connections is PROXY_FAILED at once, reported once while it keeps trying, without credentials', async (t) => {
  const closed = await new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
  const wa = await silentWebSocketServer(t);
  const { client, events, sockets } = await bridgeWithLink(t, {
    connect_timeout_ms: 5000, reconnect_min_ms: 150, reconnect_max_ms: 300, websocket_url: wa.url,
  });
  const started = Date.now();
  await unary(client, 'StartSession', { session: SESSION, restore: false, proxy: `socks5://alice:${PASSWORD}@127.0.0.1:${closed}` });
  await until(() => events.some((e) => e.disconnected), 2000, 'a disconnect');
  const down = events.find((e) => e.disconnected);
  assert.equal(down.disconnected.reason, 'DISCONNECT_REASON_PROXY_FAILED');
  assert.equal(down.disconnected.reconnecting, true);
  assert.ok(down.at - started < 1500, `reported at once (${down.at - started} ms), not after the connect timeout`);
  assert.ok(!down.disconnected.detail.includes(PASSWORD), down.disconnected.detail);
  assert.ok(down.disconnected.detail.includes('***@127.0.0.1'), down.disconnected.detail);
  await until(() => sockets.length >= 3, 4000, 'retries');
  assert.equal(events.filter((e) => e.disconnected).length, 1, 'reported once per outage');
  assert.equal(wa.sockets.length, 0, 'nothing reached WhatsApp around the proxy');
});

test('an HTTP proxy that refuses the credentials (407) is PROXY_FAILED', async (t) => {
  const wa = await silentWebSocketServer(t);
  const proxy = await connectProxy(t, { user: 'alice', password: PASSWORD });
  const { client, events } = await bridgeWithLink(t, {
    connect_timeout_ms: 5000, reconnect_min_ms: 2000, reconnect_max_ms: 2000, websocket_url: wa.url,
  });
  await unary(client, 'StartSession', { session: SESSION, restore: false, proxy: `http://alice:wrong-${PASSWORD}@127.0.0.1:${proxy.port}` });
  await until(() => events.some((e) => e.disconnected), 3000, 'a disconnect');
  const down = events.find((e) => e.disconnected);
  assert.equal(down.disconnected.reason, 'DISCONNECT_REASON_PROXY_FAILED');
  assert.match(down.disconnected.detail, /407/);
  assert.ok(!down.disconnected.detail.includes(PASSWORD), down.disconnected.detail);
  assert.equal(proxy.refused.length, 1);
  assert.equal(wa.sockets.length, 0);
});

test('a proxy that accepts and never answers is PROXY_FAILED within the connect timeout', async (t) => {
  const held = [];
  const silent = net.createServer((s) => { held.push(s); s.on('error', () => {}); });
  await new Promise((r) => silent.listen(0, '127.0.0.1', r));
  t.after(() => { held.forEach((s) => s.destroy()); silent.close(); });
  const wa = await silentWebSocketServer(t);
  const { client, events } = await bridgeWithLink(t, {
    connect_timeout_ms: 1000, reconnect_min_ms: 5000, reconnect_max_ms: 5000, websocket_url: wa.url,
  });
  const started = Date.now();
  await unary(client, 'StartSession', { session: SESSION, restore: false, proxy: `http://127.0.0.1:${silent.address().port}` });
  await until(() => events.some((e) => e.disconnected), 4000, 'a disconnect');
  const down = events.find((e) => e.disconnected);
  assert.equal(down.disconnected.reason, 'DISCONNECT_REASON_PROXY_FAILED');
  assert.ok(down.at - started < 3500, `given up after ${down.at - started} ms`);
});

test('an unusable proxy URL is refused when the session starts', async (t) => {
  const { client } = await bridgeWithLink(t, { connect_timeout_ms: 1000, reconnect_min_ms: 200, reconnect_max_ms: 400 });
  await assert.rejects(unary(client, 'StartSession', { session: SESSION, restore: false, proxy: 'ftp://127.0.0.1:21' }),
    (e) => e.code === grpc.status.FAILED_PRECONDITION && /proxy/.test(e.details));
});

for (const kind of ['socks5', 'http']) {
  test(`media up- and downloads go through the ${kind} proxy (Baileys' fetchAgent and fetch dispatcher)`, async (t) => {
    const media = await mediaServer(t);
    const proxy = kind === 'socks5'
      ? await socks5Proxy(t, { user: 'bob', password: PASSWORD })
      : await connectProxy(t, { user: 'bob', password: PASSWORD });
    const route = new ProxyRoute(`${kind}://bob:${PASSWORD}@127.0.0.1:${proxy.port}`, { timeoutMs: 2000 });
    t.after(() => route.close());

    // A download, as Baileys makes it: fetch with the session's dispatcher.
    const response = await fetch(`http://127.0.0.1:${media.port}/mms/image/x.enc`, { dispatcher: route.dispatcher });
    assert.equal(await response.text(), 'media bytes');
    // An upload, as Baileys makes it on Node: an https/http request with the session's fetchAgent.
    const uploaded = await new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: media.port, path: '/mms/image/upload', method: 'POST', agent: route.agent }, (res) => {
        let body = '';
        res.on('data', (c) => { body += c; });
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.end('encrypted media');
    });
    assert.equal(uploaded, 'media bytes');
    assert.deepEqual(media.requests, ['/mms/image/x.enc', '/mms/image/upload']);
    assert.equal(proxy.tunnels.length, 2, 'both went through the proxy');
    assert.ok(proxy.tunnels.every((tunnel) => tunnel.port === media.port));
    assert.equal(route.failed(), null);
  });
}
