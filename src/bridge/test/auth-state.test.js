// The auth state round trip: Baileys' own credentials and keys through the remote store's encoding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Curve, initAuthCreds, proto } from '@whiskeysockets/baileys';
import { decode, encode, useRemoteAuthState } from '../lib/auth-state.js';

/** What the server does with the bytes: keeps them, unread, per (category, id). */
function memoryStore() {
  const data = new Map();
  const writes = [];
  return {
    data,
    writes,
    async read(keys) {
      return keys.filter((k) => data.has(`${k.category}/${k.id}`)).map((k) => ({ key: k, value: data.get(`${k.category}/${k.id}`) }));
    },
    async write(put, del) {
      writes.push({ put: put.map((p) => `${p.key.category}/${p.key.id}`), del: del.map((d) => `${d.category}/${d.id}`) });
      for (const p of put) {
        data.set(`${p.key.category}/${p.key.id}`, Buffer.from(p.value));
      }
      for (const d of del) {
        data.delete(`${d.category}/${d.id}`);
      }
    },
  };
}

/** Fields Baileys leaves undefined are not stored (JSON has no undefined): compare without them. */
function defined(value) {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array || value === null || typeof value !== 'object') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map(defined);
  }
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, defined(v)]));
}

test('Baileys credentials survive encode and decode byte for byte', () => {
  const creds = initAuthCreds();
  const bytes = encode(creds);
  assert.deepEqual(decode('creds', bytes), defined(creds));
  assert.ok(Buffer.isBuffer(decode('creds', bytes).signedIdentityKey.private));
  assert.deepEqual(encode(decode('creds', bytes)), bytes);
});

test('a new link stores fresh credentials before the socket may use them, and a restore reads the same ones', async () => {
  const store = memoryStore();
  const first = await useRemoteAuthState(store, { restore: false });
  assert.deepEqual(store.writes, [{ put: ['creds/creds'], del: [] }]);

  first.state.creds.registered = true;
  first.state.creds.me = { id: '919800000000:3@s.whatsapp.net', name: 'Shop' };
  await first.saveCreds();

  const restored = await useRemoteAuthState(store, { restore: true });
  assert.deepEqual(restored.state.creds, defined(first.state.creds));
  assert.ok(Buffer.isBuffer(restored.state.creds.noiseKey.private));
});

test('restoring a session the server holds nothing for fails instead of starting a new identity', async () => {
  await assert.rejects(useRemoteAuthState(memoryStore(), { restore: true }), /no stored credentials/);
});

test('signal keys are written, read back typed, and deleted with null', async () => {
  const store = memoryStore();
  const { state } = await useRemoteAuthState(store, { restore: false });
  const preKey = Curve.generateKeyPair();
  const syncKey = proto.Message.AppStateSyncKeyData.fromObject({ keyData: Buffer.from('k'.repeat(32)), timestamp: 1 });
  await state.keys.set({ 'pre-key': { 1: preKey, 2: Curve.generateKeyPair() }, 'app-state-sync-key': { AAAA: syncKey } });

  const keys = await state.keys.get('pre-key', ['1', '3']);
  assert.deepEqual(Object.keys(keys), ['1']);
  assert.deepEqual(keys['1'], preKey);
  const sync = (await state.keys.get('app-state-sync-key', ['AAAA'])).AAAA;
  assert.ok(sync instanceof proto.Message.AppStateSyncKeyData);
  assert.deepEqual(Buffer.from(sync.keyData), Buffer.from('k'.repeat(32)));

  await state.keys.set({ 'pre-key': { 1: null } });
  assert.deepEqual(await state.keys.get('pre-key', ['1', '2']).then(Object.keys), ['2']);
  assert.deepEqual(store.writes.at(-1), { put: [], del: ['pre-key/1'] });
});

test('credential saves are applied in order even when an earlier write is slower', async () => {
  const store = memoryStore();
  const { state, saveCreds } = await useRemoteAuthState(store, { restore: false });
  const slowWrite = store.write;
  let first = true;
  store.write = async (put, del) => {
    if (first) {
      first = false;
      await new Promise((r) => setTimeout(r, 50));
    }
    return slowWrite(put, del);
  };
  state.creds.registered = false;
  const a = saveCreds();
  state.creds.registered = true;
  const b = saveCreds();
  await Promise.all([a, b]);
  assert.equal(decode('creds', store.data.get('creds/creds')).registered, true);
});
