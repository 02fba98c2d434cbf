// The signal-key cache: reads served from memory, writes shown only once the server committed them, a refused
// write forgotten, and one cache per session (down to the bridge's Link, where the server fences writes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import makeWASocket from '@whiskeysockets/baileys';
import { cachedKeyStore } from '../lib/key-cache.js';
import { useRemoteAuthState } from '../lib/auth-state.js';
import { makeLogger } from '../lib/logger.js';
import { SessionHost } from '../lib/session-host.js';
import { startBridge, unary, until } from './link-fixture.js';

/** The server's side: bytes per (category, id), every round trip counted, writes refusable and slowable. */
function serverStore() {
  const data = new Map();
  const s = {
    data,
    reads: 0,
    writes: 0,
    refuse: null,
    delay: 0,
    async read(keys) {
      s.reads++;
      await new Promise((r) => setTimeout(r, s.delay));
      return keys.filter((k) => data.has(`${k.category}/${k.id}`)).map((k) => ({ key: k, value: data.get(`${k.category}/${k.id}`) }));
    },
    async write(put, del) {
      s.writes++;
      await new Promise((r) => setTimeout(r, s.delay));
      if (s.refuse) {
        throw new Error(s.refuse);
      }
      put.forEach((p) => data.set(`${p.key.category}/${p.key.id}`, Buffer.from(p.value)));
      del.forEach((d) => data.delete(`${d.category}/${d.id}`));
    },
  };
  return s;
}

const entry = (category, id, text) => ({ key: { category, id }, value: Buffer.from(text) });
const texts = (found) => Object.fromEntries(found.map((e) => [e.key.id, e.value.toString()]));

test('reads are served from the cache after the first, including keys the server does not hold', async () => {
  const server = serverStore();
  server.data.set('session/a', Buffer.from('A'));
  const cache = cachedKeyStore(server);

  assert.deepEqual(texts(await cache.read([{ category: 'session', id: 'a' }, { category: 'session', id: 'b' }])), { a: 'A' });
  assert.equal(server.reads, 1);
  for (let i = 0; i < 5; i++) {
    assert.deepEqual(texts(await cache.read([{ category: 'session', id: 'a' }, { category: 'session', id: 'b' }])), { a: 'A' });
  }
  assert.equal(server.reads, 1, 'present and absent keys alike are answered from memory');
  // Only what is missing goes to the server, in one round trip.
  assert.deepEqual(texts(await cache.read([{ category: 'session', id: 'a' }, { category: 'pre-key', id: '7' }])), { a: 'A' });
  assert.equal(server.reads, 2);
  assert.deepEqual(cache.stats, { hits: 11, misses: 3, reads: 2, writes: 0 });
});

test('a write resolves only once the server holds it, and then reads see it without asking the server', async () => {
  const server = serverStore();
  const cache = cachedKeyStore(server);
  await cache.read([{ category: 'session', id: 'a' }]);
  server.delay = 30;

  let acknowledged = false;
  const write = cache.write([entry('session', 'a', 'A2')], []).then(() => { acknowledged = true; });
  // While the server has not answered, readers still get what the server last acknowledged.
  assert.deepEqual(texts(await cache.read([{ category: 'session', id: 'a' }])), {});
  assert.equal(acknowledged, false);
  await write;
  assert.equal(server.data.get('session/a').toString(), 'A2', 'durable before acknowledged');
  const reads = server.reads;
  assert.deepEqual(texts(await cache.read([{ category: 'session', id: 'a' }])), { a: 'A2' });
  assert.equal(server.reads, reads);

  await cache.write([], [{ category: 'session', id: 'a' }]);
  assert.deepEqual(texts(await cache.read([{ category: 'session', id: 'a' }])), {});
  assert.equal(server.reads, reads, 'a delete is remembered as an absent key');
});

test('a write the server refuses is not cached: the next read asks the server and gets what it holds', async () => {
  const server = serverStore();
  server.data.set('session/a', Buffer.from('old'));
  const cache = cachedKeyStore(server);
  await cache.read([{ category: 'session', id: 'a' }, { category: 'session', id: 'b' }]);

  server.refuse = 'SESSION_MOVING: another node holds the session';
  await assert.rejects(cache.write([entry('session', 'a', 'new'), entry('session', 'b', 'new')], []), /SESSION_MOVING/);
  const reads = server.reads;
  assert.deepEqual(texts(await cache.read([{ category: 'session', id: 'a' }, { category: 'session', id: 'b' }])), { a: 'old' });
  assert.equal(server.reads, reads + 1, 'the refused keys were dropped from the cache');
});

test('an answer the server gave before a write committed does not overwrite that write in the cache', async () => {
  const server = serverStore();
  server.data.set('session/a', Buffer.from('old'));
  const cache = cachedKeyStore(server);
  // The read is on its way (answer: old) when the write starts and commits.
  const slowRead = server.read;
  let release;
  server.read = async (keys) => {
    const answer = await slowRead(keys);
    await new Promise((r) => { release = r; });
    return answer;
  };
  const reading = cache.read([{ category: 'session', id: 'a' }]);
  await new Promise((r) => setImmediate(r));
  server.read = slowRead;
  await cache.write([entry('session', 'a', 'new')], []);
  release();
  assert.deepEqual(texts(await reading), { a: 'old' });
  assert.deepEqual(texts(await cache.read([{ category: 'session', id: 'a' }])), { a: 'new' });
});

test('the cache stays within its byte budget, dropping the least recently used keys', async () => {
  const server = serverStore();
  for (let i = 0; i < 10; i++) {
    server.data.set(`session/${i}`, Buffer.alloc(1000, i));
  }
  const cache = cachedKeyStore(server, { maxBytes: 5000 });
  for (let i = 0; i < 10; i++) {
    await cache.read([{ category: 'session', id: String(i) }]);
  }
  const reads = server.reads;
  await cache.read([{ category: 'session', id: '9' }, { category: 'session', id: '6' }]);
  assert.equal(server.reads, reads, 'the newest keys are kept');
  await cache.read([{ category: 'session', id: '0' }]);
  assert.equal(server.reads, reads + 1, 'the oldest went');
});

test('Baileys\' keys over the cache decode the same on a hit as from the server', async () => {
  const server = serverStore();
  const cache = cachedKeyStore(server);
  const { state } = await useRemoteAuthState(cache, { restore: false });
  await state.keys.set({ 'pre-key': { 1: { public: Buffer.alloc(32, 1), private: Buffer.alloc(32, 2) } } });
  const reads = server.reads;
  const hit = await state.keys.get('pre-key', ['1', '2']);
  assert.equal(server.reads, reads + 1, 'only the absent key was asked for');
  assert.deepEqual(hit['1'], { public: Buffer.alloc(32, 1), private: Buffer.alloc(32, 2) });
  hit['1'].public.fill(9); // Baileys may change what it got: the cache holds bytes, not that object
  assert.deepEqual((await state.keys.get('pre-key', ['1']))['1'].public, Buffer.alloc(32, 1));
  assert.equal(server.reads, reads + 1);
});

// ---- Through the bridge: each session's keys over its own Link requests, fenced by the server ----

test('each session has its own cache, reads go over the Link once, and a write the server fences is not cached', async (t) => {
  const silent = net.createServer(() => {}); // sockets keep connecting: their keys are all the test uses
  await new Promise((r) => silent.listen(0, '127.0.0.1', r));
  let made = 0;
  const host = new SessionHost({
    logger: makeLogger('silent'),
    makeSocket: (config) => {
      const sock = makeWASocket(config);
      made++;
      sock.sessionConfig = config;
      return sock;
    },
  });
  const { host: h, client } = await startBridge(t, host);
  t.after(() => silent.close());

  // The server's end of the Link: one store per session, reads counted per session, writes of fenced sessions refused.
  const stores = new Map();
  const reads = new Map();
  const fenced = new Set();
  const call = client.Link();
  call.on('data', (m) => {
    const request = m.auth_read ?? m.auth_write;
    const session = request.session.session_id;
    const store = stores.get(session) ?? new Map();
    stores.set(session, store);
    if (m.auth_read) {
      reads.set(session, (reads.get(session) ?? 0) + 1);
      const entries = m.auth_read.keys.filter((k) => store.has(`${k.category}/${k.id}`)).map((k) => ({ key: k, value: store.get(`${k.category}/${k.id}`) }));
      call.write({ auth_read_result: { request_id: m.auth_read.request_id, entries } });
    } else if (fenced.has(session)) {
      call.write({ auth_write_result: { request_id: m.auth_write.request_id, error: 'SESSION_MOVING: this node no longer holds the session' } });
    } else {
      m.auth_write.put.forEach((p) => store.set(`${p.key.category}/${p.key.id}`, p.value));
      m.auth_write.delete.forEach((d) => store.delete(`${d.category}/${d.id}`));
      call.write({ auth_write_result: { request_id: m.auth_write.request_id } });
    }
  });
  call.on('error', () => {});
  call.write({ hello: { auth_timeout_ms: 2000, wa_version: '2.3000.1043857760', connect_timeout_ms: 20000,
    reconnect_min_ms: 20000, reconnect_max_ms: 20000, websocket_url: `ws://127.0.0.1:${silent.address().port}/ws/chat` } });
  await until(() => h.link, 3000, 'the link is up');
  await unary(client, 'StartSession', { session: { tenant_id: 't1', session_id: 'a' }, restore: false });
  await unary(client, 'StartSession', { session: { tenant_id: 't1', session_id: 'b' }, restore: false });
  await until(() => made === 2, 3000, 'both sockets are made');
  const keysOf = (id) => h.find({ tenant_id: 't1', session_id: id }).sock.sessionConfig.auth.keys;
  const a = keysOf('a');
  const b = keysOf('b');
  const session = { id: Buffer.from('a record') };

  await a.set({ session: { '919876543210.0': session } });
  assert.ok(stores.get('a').has('session/919876543210.0'), 'written to the server before the write resolved');
  const readsBefore = { a: reads.get('a') ?? 0, b: reads.get('b') ?? 0 };
  assert.deepEqual(await a.get('session', ['919876543210.0']), { '919876543210.0': session });
  assert.deepEqual(await a.get('session', ['919876543210.0']), { '919876543210.0': session });
  assert.equal(reads.get('a') ?? 0, readsBefore.a, 'session a reads its own write from its cache');
  assert.deepEqual(await b.get('session', ['919876543210.0']), {}, 'session b does not see a\'s keys');
  assert.equal(reads.get('b'), readsBefore.b + 1, 'b asked the server for its own');
  await b.get('session', ['919876543210.0']);
  assert.equal(reads.get('b'), readsBefore.b + 1, 'and remembers the answer');

  // Another node took session a over: the server refuses a's writes, and a's cache keeps the committed value.
  fenced.add('a');
  await assert.rejects(a.set({ session: { '919876543210.0': { id: Buffer.from('a newer record') } } }), /SESSION_MOVING/);
  assert.deepEqual(await a.get('session', ['919876543210.0']), { '919876543210.0': session });
  assert.equal(reads.get('a'), readsBefore.a + 1, 'the refused key was asked of the server again');
});
