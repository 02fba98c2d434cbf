// A bridge over its real gRPC contract and the server's end of its Link (an in-memory auth store, every event
// recorded), for tests that drive sessions through the bridge's RPCs. (test/bridge.test.js has its own copy.)
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import grpc from '@grpc/grpc-js';
import { createBridgeServer } from '../bridge.js';
import { CHANNEL_OPTIONS, loadContract } from '../lib/contract.js';

export const SESSION = { tenant_id: 't1', session_id: 'main' };

/** Serves `host` (a SessionHost) on a free port; stopped when the test ends. */
export async function startBridge(t, sessionHost) {
  const { server, host } = createBridgeServer(sessionHost);
  const port = await new Promise((resolve, reject) => server.bindAsync('127.0.0.1:0',
    grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  const client = new (loadContract().Bridge)(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
  t.after(() => { host.closeAll('test over'); client.close(); server.forceShutdown(); });
  return { server, host, client };
}

/** The server's end of the Link: an in-memory auth store and a record of every event. */
export function serverLink(client, hello, store = new Map()) {
  const call = client.Link();
  const events = [];
  const waiters = [];
  call.on('data', (m) => {
    if (m.auth_read) {
      const entries = m.auth_read.keys.filter((k) => store.has(`${k.category}/${k.id}`))
        .map((k) => ({ key: k, value: store.get(`${k.category}/${k.id}`) }));
      call.write({ auth_read_result: { request_id: m.auth_read.request_id, entries } });
    } else if (m.auth_write) {
      m.auth_write.put.forEach((p) => store.set(`${p.key.category}/${p.key.id}`, p.value));
      m.auth_write.delete.forEach((d) => store.delete(`${d.category}/${d.id}`));
      call.write({ auth_write_result: { request_id: m.auth_write.request_id } });
    } else if (m.event) {
      events.push({ at: Date.now(), ...m.event });
      waiters.splice(0).forEach((w) => w());
    }
  });
  call.on('error', () => {});
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
  return { call, store, events, nextEvent };
}

export const unary = (client, method, request, ms = 5000) => new Promise((resolve, reject) => {
  client[method](request, { deadline: Date.now() + ms }, (e, r) => (e ? reject(e) : resolve(r)));
});

export async function until(condition, ms, what) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (condition()) {
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail(`not within ${ms} ms: ${what}`);
}

/** A WhatsApp Web stand-in that completes the WebSocket upgrade, takes every frame, and never answers. */
export async function silentWebSocketServer(t) {
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
  return { url: `ws://127.0.0.1:${server.address().port}/ws/chat`, sockets };
}
