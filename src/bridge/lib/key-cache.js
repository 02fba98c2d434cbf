// A write-through cache in front of one session's remote auth store (the server's auth_state, over the Link).
// Baileys reads signal keys (sessions, identity keys, tokens, LID mappings) several times for every message it
// sends or receives; without a cache each read is a round trip to the server and its database.
//
// Durability is unchanged: a write reaches the cache only after the server has committed it, so Baileys is never
// told a key is stored that the server does not hold. A write the server refuses (cluster fencing: another node
// holds the session's lease) or that fails in any other way leaves no trace of the new value here: its keys are
// dropped, and the next read asks the server what it holds. Absent keys are remembered too (Baileys asks again
// and again for sessions and tokens that do not exist yet); that is safe because this session's socket is the one
// writer of its keys (the lease), and a new cache is made for every connection attempt.
//
// The cache holds the bytes the server stores, not Baileys' objects: nothing Baileys mutates in place can change
// what the cache returns, and a hit decodes as a read from the server would.

/** Bytes one session's cache may hold by default; least recently used entries go first. */
export const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
/** What an entry costs besides its value (its key, the map's bookkeeping; also what an absent key costs). */
const ENTRY_OVERHEAD = 96;

const keyOf = (k) => `${k.category}\u0000${k.id}`;

/**
 * Wraps a remote store ({ read(keys), write(put, del) }, as useRemoteAuthState takes it) with a write-through cache.
 *
 * @param store     the session's remote store: read resolves to the entries found, write once committed
 * @param maxBytes  the cache's budget (values plus ENTRY_OVERHEAD per entry)
 * @returns the same interface, plus `stats` ({ hits, misses, reads, writes }: keys served from memory, keys asked
 *          of the server, and the server round trips made)
 */
export function cachedKeyStore(store, { maxBytes = DEFAULT_MAX_BYTES } = {}) {
  /** key -> Buffer, or null for a key the server does not hold; in least-recently-used order. */
  const entries = new Map();
  let bytes = 0;
  /**
   * A read may fill in only keys that no write touched while the read was in flight: otherwise an answer the
   * server gave before a write committed could overwrite that write's value, or bring back the old value of keys
   * a failed write just dropped. Each read in flight has the set of keys writes touched meanwhile.
   */
  const readsInFlight = new Set();
  /** key -> the latest write started on it (while some write on it is in flight). */
  const latestWrite = new Map();
  let writeSeq = 0;
  const stats = { hits: 0, misses: 0, reads: 0, writes: 0 };

  const sizeOf = (value) => ENTRY_OVERHEAD + (value ? value.length : 0);
  const drop = (key) => {
    if (entries.has(key)) {
      bytes -= sizeOf(entries.get(key));
      entries.delete(key);
    }
  };
  const keep = (key, value) => {
    drop(key);
    const size = sizeOf(value);
    if (size > maxBytes) {
      return;
    }
    entries.set(key, value);
    bytes += size;
    for (const oldest of entries.keys()) {
      if (bytes <= maxBytes) {
        break;
      }
      drop(oldest);
    }
  };
  const touch = (keys) => {
    for (const read of readsInFlight) {
      keys.forEach((key) => read.add(key));
    }
  };

  return {
    stats,

    /** @returns the entries found, [{ key, value: Buffer }], hits and misses alike */
    async read(keys) {
      const found = [];
      const missing = [];
      for (const k of keys) {
        const key = keyOf(k);
        if (entries.has(key)) {
          const value = entries.get(key);
          entries.delete(key); // most recently used goes last
          entries.set(key, value);
          stats.hits++;
          if (value) {
            found.push({ key: k, value });
          }
        } else {
          missing.push(k);
        }
      }
      if (!missing.length) {
        return found;
      }
      stats.misses += missing.length;
      stats.reads++;
      const touched = new Set();
      readsInFlight.add(touched);
      let fetched;
      try {
        fetched = await store.read(missing);
      } finally {
        readsInFlight.delete(touched);
      }
      const byKey = new Map(fetched.map((e) => [keyOf(e.key), Buffer.from(e.value)]));
      for (const k of missing) {
        const key = keyOf(k);
        const value = byKey.get(key) ?? null;
        if (!touched.has(key)) {
          keep(key, value);
        }
        if (value) {
          found.push({ key: k, value });
        }
      }
      return found;
    },

    /** Resolves once the server committed the write, and only then shows it to later reads. */
    async write(put, del) {
      const keys = [...put.map((p) => keyOf(p.key)), ...del.map(keyOf)];
      const seq = ++writeSeq;
      keys.forEach((key) => latestWrite.set(key, seq));
      touch(keys);
      stats.writes++;
      try {
        await store.write(put, del);
        // A later write on the same key may have committed first or last: only the latest one knows its value.
        for (const p of put) {
          const key = keyOf(p.key);
          if (latestWrite.get(key) === seq) {
            keep(key, Buffer.from(p.value));
          } else {
            drop(key);
          }
        }
        for (const d of del) {
          const key = keyOf(d);
          if (latestWrite.get(key) === seq) {
            keep(key, null);
          } else {
            drop(key);
          }
        }
      } catch (error) {
        // Refused (fenced) or unanswered: what the server holds is not known here, so the next read asks it.
        keys.forEach(drop);
        throw error;
      } finally {
        touch(keys);
        for (const key of keys) {
          if (latestWrite.get(key) === seq) {
            latestWrite.delete(key);
          }
        }
      }
    },
  };
}
