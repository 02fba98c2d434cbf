// Baileys' auth state (creds and signal keys) kept by the WapiConnect server instead of in files.
// Every value is encoded here (JSON with Baileys' Buffer encoding) and travels as opaque bytes; the
// server stores it encrypted. Writes resolve only once the server reports them committed.
import { BufferJSON, initAuthCreds, proto } from '@whiskeysockets/baileys';

const CREDS = { category: 'creds', id: 'creds' };

/** The server holds no identity for a session it asked to restore: only a new link can help. */
export class MissingCredentialsError extends Error {
  constructor() {
    super('no stored credentials for this session');
  }
}

export function encode(value) {
  return Buffer.from(JSON.stringify(value, BufferJSON.replacer), 'utf8');
}

export function decode(category, bytes) {
  const value = JSON.parse(Buffer.from(bytes).toString('utf8'), BufferJSON.reviver);
  return category === 'app-state-sync-key' ? proto.Message.AppStateSyncKeyData.fromObject(value) : value;
}

/**
 * An AuthenticationState backed by a remote key/value store.
 *
 * @param store    { read(keys: {category,id}[]) -> Promise<{key:{category,id}, value: Uint8Array}[]>,
 *                   write(put: {key, value}[], del: {category,id}[]) -> Promise<void> }
 * @param restore  whether stored creds are expected; without it a new identity is made (a new link)
 */
export async function useRemoteAuthState(store, { restore }) {
  let creds;
  if (restore) {
    const [found] = await store.read([CREDS]);
    if (!found) {
      throw new MissingCredentialsError();
    }
    creds = decode('creds', found.value);
  } else {
    creds = initAuthCreds();
    await store.write([{ key: CREDS, value: encode(creds) }], []);
  }

  // Creds updates arrive as events Baileys does not wait for: chain them so a later state is never
  // overwritten by an earlier write that finished late. Each write carries the whole creds, so a
  // failed one is made good by the next; `pending` tells the frame gate (frame-gate.js) what to wait for.
  let credsWrites = Promise.resolve();
  let inFlight = 0;
  const saveCreds = () => {
    const bytes = encode(creds);
    inFlight++;
    const write = credsWrites.catch(() => {}).then(() => store.write([{ key: CREDS, value: bytes }], []));
    credsWrites = write;
    write.then(() => inFlight--, () => inFlight--);
    return write;
  };
  const pending = () => (inFlight > 0 ? credsWrites : null);

  const keys = {
    async get(category, ids) {
      const found = await store.read(ids.map((id) => ({ category, id })));
      const data = {};
      for (const entry of found) {
        data[entry.key.id] = decode(category, entry.value);
      }
      return data;
    },
    async set(data) {
      const put = [];
      const del = [];
      for (const category of Object.keys(data)) {
        for (const [id, value] of Object.entries(data[category])) {
          if (value) {
            put.push({ key: { category, id }, value: encode(value) });
          } else {
            del.push({ category, id });
          }
        }
      }
      if (put.length || del.length) {
        await store.write(put, del);
      }
    },
  };
  return { state: { creds, keys }, saveCreds, pending };
}
