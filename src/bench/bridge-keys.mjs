// Signal-key store round trips per message in the WhatsApp bridge: how often Baileys' reads and writes of signal
// keys reach the server (one Link request each, and a database statement on the server) for a sent and for a
// received one-to-one text, with the bridge's write-through key cache (src/bridge/lib/key-cache.js) and, as
// baselines measured in the same run, without any cache and with Baileys' makeCacheableSignalKeyStore (what the
// bridge used before; it cached writes before the server had them).
//
// No server and no WhatsApp: the session's auth state is the bridge's own (useRemoteAuthState over a store that
// counts its round trips and waits rtt_ms for each, as the Link would), Baileys' transactions are added as its
// socket adds them, and the signal work is Baileys' own (its libsignal repository): what relayMessage and
// handleMessage do with the key store for a 1:1 text, steady state (sessions established, devices known), with
// two devices on the other end of a send (the customer's phone and the session's own phone, which gets a copy).
// Round trips are counted, so they do not depend on the machine's load; times do, and are ratios only.
// Two scenarios: contacts whose LID the session does not know (every lookup of one is a miss), and contacts known
// by LID (Baileys 7 keeps their sessions under the LID).
//   node src/bench/bridge-keys.mjs [messages=200] [rtt_ms=1]
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const bridgeDir = resolve(import.meta.dirname, '../bridge');
const require = createRequire(resolve(bridgeDir, 'package.json'));
const baileys = await import(pathToFileURL(require.resolve('@whiskeysockets/baileys')).href);
const { useRemoteAuthState } = await import(resolve(bridgeDir, 'lib/auth-state.js'));
const { cachedKeyStore } = await import(resolve(bridgeDir, 'lib/key-cache.js'));
const { makeLogger } = await import(resolve(bridgeDir, 'lib/logger.js'));
const {
  addTransactionCapability, Curve, DEFAULT_CONNECTION_CONFIG, generateSignalPubKey, getDecryptionJid, makeCacheableSignalKeyStore,
} = baileys;

const messages = Number(process.argv[2] || 200);
const rttMs = Number(process.argv[3] ?? 1);
const logger = makeLogger('silent');

const GATEWAY = '919800000000:2@s.whatsapp.net'; // the session: a linked device of 919800000000
const OWN_PHONE = '919800000000@s.whatsapp.net';
const CUSTOMER = '919876543210@s.whatsapp.net';

/** The server's side of the Link: bytes per key, every request counted, each taking rtt_ms. */
function serverStore(rtt) {
  const data = new Map();
  const s = {
    reads: 0,
    writes: 0,
    async read(keys) {
      s.reads++;
      await pause(rtt);
      return keys.filter((k) => data.has(`${k.category}/${k.id}`)).map((k) => ({ key: k, value: data.get(`${k.category}/${k.id}`) }));
    },
    async write(put, del) {
      s.writes++;
      await pause(rtt);
      put.forEach((p) => data.set(`${p.key.category}/${p.key.id}`, Buffer.from(p.value)));
      del.forEach((d) => data.delete(`${d.category}/${d.id}`));
    },
  };
  return s;
}

const pause = (ms) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

/** One WhatsApp device with Baileys' signal repository over an auth state; `mode` says what sits in front of the store. */
async function device(me, mode, rtt) {
  const server = serverStore(rtt);
  const { state } = await useRemoteAuthState(mode === 'bridge cache' ? cachedKeyStore(server) : server, { restore: false });
  state.creds.me = { id: me };
  const raw = mode === 'baileys cache' ? makeCacheableSignalKeyStore(state.keys, logger) : state.keys;
  const keys = addTransactionCapability(raw, logger, DEFAULT_CONNECTION_CONFIG.transactionOpts);
  const repo = DEFAULT_CONNECTION_CONFIG.makeSignalRepository({ creds: state.creds, keys }, logger, undefined);
  return { me, server, creds: state.creds, keys, repo };
}

/** What the server hands out for a device (usync `encrypt` query): its keys, with one fresh one-time pre-key. */
async function bundleOf(d) {
  const preKey = Curve.generateKeyPair();
  await d.keys.set({ 'pre-key': { 1: preKey } });
  return {
    registrationId: d.creds.registrationId,
    identityKey: generateSignalPubKey(d.creds.signedIdentityKey.public),
    signedPreKey: {
      keyId: d.creds.signedPreKey.keyId,
      publicKey: generateSignalPubKey(d.creds.signedPreKey.keyPair.public),
      signature: d.creds.signedPreKey.signature,
    },
    preKey: { keyId: 1, publicKey: generateSignalPubKey(preKey.public) },
  };
}

/** relayMessage for a 1:1 text, steady state: sessions asserted, one encryption per device, the chat's tctoken. */
async function send(gw, peers, text) {
  const data = Buffer.from(text);
  const out = await gw.keys.transaction(async () => {
    for (const p of peers) {
      await gw.repo.validateSession(p.me);
    }
    const encrypted = [];
    for (const p of peers) {
      encrypted.push({ to: p, ...(await gw.repo.encryptMessage({ jid: p.me, data })) });
    }
    const tcTokenJid = (await gw.repo.lidMapping.getLIDForPN(CUSTOMER)) ?? CUSTOMER;
    await gw.keys.get('tctoken', [tcTokenJid]);
    return encrypted;
  }, gw.me);
  for (const { to, type, ciphertext } of out) {
    await to.repo.decryptMessage({ jid: gw.me, type, ciphertext });
  }
}

/** handleMessage for a 1:1 text from the customer: the decryption jid (LID mapping), then the decryption. */
async function receive(gw, customer, text) {
  const { type, ciphertext } = await customer.repo.encryptMessage({ jid: gw.me, data: Buffer.from(text) });
  const jid = await getDecryptionJid(CUSTOMER, gw.repo);
  const plain = await gw.repo.decryptMessage({ jid, type, ciphertext });
  if (Buffer.from(plain).toString() !== text) {
    throw new Error('decrypted something else');
  }
}

async function run(mode, lids) {
  const gw = await device(GATEWAY, mode, rttMs);
  const customer = await device(CUSTOMER, 'no cache', 0);
  const ownPhone = await device(OWN_PHONE, 'no cache', 0);
  if (lids) {
    // WhatsApp tells the phone-number <-> LID pairs as they come (usync, message envelopes): sessions are then by LID.
    await gw.repo.lidMapping.storeLIDPNMappings([{ lid: '100000000000001@lid', pn: CUSTOMER }, { lid: '100000000000002@lid', pn: OWN_PHONE }]);
  }
  // First contact (not measured): sessions from the devices' bundles, one exchange each way.
  for (const p of [customer, ownPhone]) {
    await gw.repo.injectE2ESession({ jid: p.me, session: await bundleOf(p) });
  }
  await send(gw, [customer, ownPhone], 'hello');
  await receive(gw, customer, 'hi');

  const sent = { reads: 0, writes: 0, ms: 0 };
  const received = { reads: 0, writes: 0, ms: 0 };
  const measure = async (into, step) => {
    const [r, w, t] = [gw.server.reads, gw.server.writes, performance.now()];
    await step();
    into.reads += gw.server.reads - r;
    into.writes += gw.server.writes - w;
    into.ms += performance.now() - t;
  };
  for (let i = 0; i < messages; i++) {
    await measure(sent, () => send(gw, [customer, ownPhone], `order ${i} shipped`));
    await measure(received, () => receive(gw, customer, `thanks ${i}`));
  }
  const per = (x) => ({ reads: x.reads / messages, writes: x.writes / messages, trips: (x.reads + x.writes) / messages, ms: x.ms / messages });
  return { sent: per(sent), received: per(received) };
}

const modes = ['no cache', 'baileys cache', 'bridge cache'];
const ratio = (a, b) => (b > 0 ? (a / b).toFixed(2) : 'n/a');
console.log(`messages=${messages} rtt_ms=${rttMs}: key-store round trips per message (ratios: to no cache, measured in this run)`);
for (const [scenario, lids] of [['contacts without LID', false], ['contacts by LID', true]]) {
  const results = {};
  for (const mode of modes) {
    results[mode] = await run(mode, lids);
  }
  const base = results['no cache'];
  console.log(`# ${scenario}`);
  for (const mode of modes) {
    for (const kind of ['sent', 'received']) {
      const r = results[mode][kind];
      console.log(`${mode.replace(' ', '_')} ${kind}: reads=${r.reads.toFixed(2)} writes=${r.writes.toFixed(2)} round_trips=${r.trips.toFixed(2)}`
        + ` (x${ratio(r.trips, base[kind].trips)})  ms=${r.ms.toFixed(2)} (x${ratio(r.ms, base[kind].ms)})`);
    }
  }
}
