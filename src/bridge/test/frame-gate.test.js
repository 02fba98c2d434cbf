// Frames to WhatsApp wait for the creds writes before them: with a fake socket for the ordering rules,
// and with a real Baileys socket talking to a local WebSocket server for the real frame path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocketServer } from 'ws';
import makeWASocket from '@whiskeysockets/baileys';
import { holdFramesForCreds } from '../lib/frame-gate.js';
import { useRemoteAuthState } from '../lib/auth-state.js';
import { makeLogger } from '../lib/logger.js';

/** A creds store whose writes complete only when the test says so. */
function heldStore() {
  const held = [];
  return {
    held,
    async read() {
      return [];
    },
    write() {
      return new Promise((resolve, reject) => held.push({ resolve, reject }));
    },
  };
}

function fakeClient() {
  const sent = [];
  return { sent, socket: { send: (data, cb) => { sent.push(data); cb?.(); } } };
}

const tick = () => new Promise((r) => setImmediate(r));

test('frames pass straight through while no creds write is in flight', () => {
  const client = fakeClient();
  holdFramesForCreds(client, () => null, assert.fail);
  client.socket.send('a');
  client.socket.send('b');
  assert.deepEqual(client.sent, ['a', 'b']);
});

test('frames sent during a creds write wait for its commit and keep their order', async () => {
  const client = fakeClient();
  let write = null;
  let release;
  holdFramesForCreds(client, () => write, assert.fail);
  write = new Promise((r) => { release = r; });
  client.socket.send('pre-keys');
  write = null; // committed writes are no longer pending, but the frame behind them still queues in order
  client.socket.send('after');
  await tick();
  assert.deepEqual(client.sent, []);
  release();
  await tick();
  await tick();
  assert.deepEqual(client.sent, ['pre-keys', 'after']);
});

test('a failed creds write stops every frame behind it and reports the loss once', async () => {
  const client = fakeClient();
  let reject;
  const write = new Promise((_, r) => { reject = r; });
  write.catch(() => {});
  const lost = [];
  holdFramesForCreds(client, () => write, (e) => lost.push(e.message));
  const errors = [];
  client.socket.send('x', (e) => errors.push(e?.message));
  client.socket.send('y', (e) => errors.push(e?.message));
  reject(new Error('database down'));
  await tick();
  await tick();
  client.socket.send('z', (e) => errors.push(e?.message));
  assert.deepEqual(client.sent, []);
  assert.deepEqual(lost, ['database down']);
  assert.equal(errors.length, 3);
});

test('a real Baileys socket sends nothing to WhatsApp until its creds update is committed', async (t) => {
  const frames = [];
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.on('listening', r));
  wss.on('connection', (ws) => ws.on('message', (data) => frames.push(data)));
  const store = heldStore();
  const storeWrite = store.write;
  let holding = false;
  store.write = (put, del) => (holding ? storeWrite(put, del) : Promise.resolve());
  const auth = await useRemoteAuthState(store, { restore: false });
  const sock = makeWASocket({
    auth: auth.state,
    logger: makeLogger('silent'),
    waWebSocketUrl: `ws://127.0.0.1:${wss.address().port}/ws/chat`,
    connectTimeoutMs: 5000,
  });
  t.after(() => { sock.end(undefined); wss.close(); });
  sock.ev.on('creds.update', () => auth.saveCreds());
  holdFramesForCreds(sock.ws, auth.pending, assert.fail);

  holding = true;
  sock.ev.emit('creds.update', { nextPreKeyId: auth.state.creds.nextPreKeyId + 30 });
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(frames.length, 0, 'the noise hello waited for the creds write');
  assert.equal(store.held.length, 1);

  store.held[0].resolve();
  const deadline = Date.now() + 3000;
  while (!frames.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.ok(frames.length >= 1, 'the hello went out once the write committed');
});
