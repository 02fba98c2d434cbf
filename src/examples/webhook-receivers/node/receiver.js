#!/usr/bin/env node
// A WapiConnect webhook receiver in plain Node.js (no npm packages).
//
//   WAPI_WEBHOOK_SECRET=... PORT=4000 node receiver.js
//
// Verifies both signatures on the raw bytes received, rejects stale timestamps (replays),
// de-duplicates on X-Wapi-Event-Id (delivery is at-least-once) and answers 200 at once.
'use strict';
const http = require('node:http');
const crypto = require('node:crypto');

const SECRET = process.env.WAPI_WEBHOOK_SECRET || '';
const PORT = Number(process.env.PORT || 4000);
const TOLERANCE_SECONDS = 300;
const MAX_BODY_BYTES = 5 * 1024 * 1024;
// The body ends with ,"signature":"<64 hex>"} when a secret is set: 80 ASCII bytes.
const SIGNATURE_SUFFIX = /^,"signature":"([0-9a-f]{64})"\}$/;
const SUFFIX_BYTES = 80;

function hmacHex(data) {
  return crypto.createHmac('sha256', SECRET).update(data).digest('hex');
}

function safeEqual(expected, given) {
  const a = Buffer.from(expected);
  const b = Buffer.from(String(given));
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** X-Wapi-Signature: t=<unix seconds>,v1=<HMAC of "<t>.<raw body>">. Returns why it fails, or null. */
function checkSignatureHeader(raw, header, nowSeconds) {
  if (!header) return 'no X-Wapi-Signature header';
  let t = '';
  const v1 = [];
  for (const part of header.split(',')) {
    const i = part.indexOf('=');
    const key = part.slice(0, i).trim();
    const value = part.slice(i + 1).trim();
    if (key === 't') t = value;
    else if (key === 'v1') v1.push(value);
  }
  if (!/^\d{1,12}$/.test(t) || v1.length === 0) return 'malformed X-Wapi-Signature header';
  if (Math.abs(nowSeconds - Number(t)) > TOLERANCE_SECONDS) return 'stale timestamp (replay?)';
  const expected = hmacHex(Buffer.concat([Buffer.from(t + '.'), raw]));
  return v1.some((given) => safeEqual(expected, given)) ? null : 'X-Wapi-Signature does not match';
}

/**
 * The "signature" field: HMAC of the body without that field. Cut the suffix off the raw bytes and
 * put the "}" back; never hash JSON.stringify(req.body), which still holds the signature field.
 */
function checkSignatureField(raw) {
  const match = SIGNATURE_SUFFIX.exec(raw.subarray(-SUFFIX_BYTES).toString('latin1'));
  if (!match) return 'no signature field';
  const unsigned = Buffer.concat([raw.subarray(0, raw.length - SUFFIX_BYTES), Buffer.from('}')]);
  return safeEqual(hmacHex(unsigned), match[1]) ? null : 'signature field does not match';
}

// Remembers recent event ids. A real receiver keeps them in its database (a unique key on the id).
const seen = new Set();
function firstTime(eventId) {
  if (!eventId) return true;
  if (seen.has(eventId)) return false;
  seen.add(eventId);
  if (seen.size > 10000) seen.delete(seen.values().next().value);
  return true;
}

function handle(payload) {
  const { event, sessionId, data } = payload;
  if (event === 'message') {
    const from = data.from.replace(/@s\.whatsapp\.net$/, '');
    console.log(`message ${data.id} from ${from} in ${sessionId}: ${data.body}`);
    // Auto-reply, store in a database, etc. Long work belongs on a queue: answer within 10 s.
  } else {
    console.log(`${event} in ${sessionId}: ${JSON.stringify(data)}`);
  }
}

function reply(res, status, json) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(json));
}

const server = http.createServer((req, res) => {
  if (req.method !== 'POST') return reply(res, 405, { error: 'POST only' });
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      reply(res, 413, { error: 'too large' });
      req.destroy();
    } else {
      chunks.push(chunk);
    }
  });
  req.on('end', () => {
    if (res.writableEnded) return;
    const raw = Buffer.concat(chunks);
    if (SECRET) {
      const failure = checkSignatureHeader(raw, req.headers['x-wapi-signature'], Math.floor(Date.now() / 1000))
        || checkSignatureField(raw);
      if (failure) {
        console.warn(`rejected event ${req.headers['x-wapi-event-id']}: ${failure}`);
        return reply(res, 401, { error: failure });
      }
    }
    let payload;
    try {
      payload = JSON.parse(raw.toString('utf8'));
    } catch {
      return reply(res, 400, { error: 'not JSON' });
    }
    const eventId = req.headers['x-wapi-event-id'];
    if (!firstTime(eventId)) {
      console.log(`duplicate event ${eventId} ignored`);
      return reply(res, 200, { ok: true, duplicate: true });
    }
    reply(res, 200, { ok: true });
    setImmediate(() => handle(payload));
  });
});

if (!SECRET) console.warn('WAPI_WEBHOOK_SECRET is not set: accepting unsigned deliveries');
server.listen(PORT, () => console.log(`listening on http://0.0.0.0:${PORT}/`));
