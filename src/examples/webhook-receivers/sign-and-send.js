#!/usr/bin/env node
// Sends webhook deliveries signed exactly as WapiConnect signs them, to try a receiver without a server.
//
//   node sign-and-send.js URL SECRET            one signed "message" delivery; prints the answer
//   node sign-and-send.js --check URL SECRET    the checks test.sh runs: good deliveries (emoji, RTL,
//                                               quotes, control characters, </script>, …) must get a 2xx;
//                                               tampered, wrongly signed and stale ones must not
//
// How the server signs (server/.../webhook/WebhookSender.java): it serializes the payload without
// "signature" once, the way JSON.stringify does; "signature" is the HMAC-SHA256 (hex) of those bytes
// and is appended before the closing brace; the headers sign the exact bytes sent.
'use strict';
const crypto = require('node:crypto');

const hmacHex = (secret, data) => crypto.createHmac('sha256', secret).update(data).digest('hex');

/** A delivery as the server makes it: the body and the headers. */
function delivery({ secret, eventId, event, sessionId = 'main', data, t = Math.floor(Date.now() / 1000) }) {
  const unsigned = JSON.stringify({ tenantId: 'my-business-a1b2c3', event, sessionId, timestamp: Date.now(), data });
  const body = secret ? `${unsigned.slice(0, -1)},"signature":"${hmacHex(secret, unsigned)}"}` : unsigned;
  return { unsigned, body, headers: headers({ secret, eventId, event, body, t }) };
}

function headers({ secret, eventId, event, body, t }) {
  const h = {
    'Content-Type': 'application/json',
    'User-Agent': 'WapiConnect-Webhooks/1',
    'X-Wapi-Event': event,
    'X-Wapi-Event-Id': String(eventId),
    'X-Wapi-Timestamp': String(t),
  };
  if (secret) {
    h['X-Wapi-Signature'] = `t=${t},v1=${hmacHex(secret, `${t}.${body}`)}`;
    h['X-Hub-Signature-256'] = `sha256=${hmacHex(secret, body)}`;
  }
  return h;
}

async function post(url, { body, headers: h }, method = 'POST') {
  const res = await fetch(url, { method, headers: h, body: method === 'POST' ? body : undefined });
  return { status: res.status, text: await res.text() };
}

const message = (id, body, extra = {}) => ({
  id, from: '919876543210@s.whatsapp.net', body, type: 'text', isGroup: false, hasMedia: false,
  timestamp: Date.now(), ...extra,
});

const TRICKY = [
  'Olá! ¿Qué tal? Ünïcödé ñ 😀👍🏽👨‍👩‍👧 مرحبا بالعالم שלום עולם 你好 ✓',
  'He said "hi" \\ back\\slash / slash\nnew line\r\n\ttab </script><script>alert(1)</script> & < > \'',
  'controls \u0000 \u0001 \u001f \u007f \b \f line\u2028para\u2029 bom\ufeff zwj\u200d',
  'a lone surrogate \ud83d and its mate \ude00 apart',
  '{"signature":"nested"} ,"signature":"x"} trailing',
  'long: ' + '🙂 Lorem ipsum dolor sit amet, ü "q" \\ '.repeat(1500),
];

async function check(url, secret) {
  const run = `${Date.now() % 1e9}`;
  let id = Number(run) * 100;
  const next = () => ++id;
  let passed = 0;
  let failed = 0;
  const expect = (name, got, want) => {
    const ok = want === 2 ? got >= 200 && got < 300 : got === want;
    if (ok) passed++; else failed++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: HTTP ${got}${ok ? '' : ` (wanted ${want === 2 ? '2xx' : want})`}`);
  };

  const assert = (name, ok) => {
    if (ok) passed++; else failed++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
  };

  // What the API document's receivers do, and why it cannot work.
  const sample = delivery({ secret, eventId: next(), event: 'message', data: message('doc', TRICKY[0]) });
  const parsed = JSON.parse(sample.body);
  const documentWay = hmacHex(secret, JSON.stringify(parsed)) === parsed.signature;
  const { signature, ...rest } = parsed;
  const withoutField = hmacHex(secret, JSON.stringify(rest)) === signature;
  assert('self-check: hashing the parsed body WITH its signature field (the document\'s receivers) never matches', !documentWay);
  assert('self-check: JSON.stringify of the parsed body WITHOUT the field matches (in Node only)', withoutField);

  const good = (name, d) => post(url, d).then((r) => expect(name, r.status, 2));
  const bad = (name, d) => post(url, d).then((r) => expect(name, r.status, 401));

  const simple = delivery({ secret, eventId: `${run}01`, event: 'message', data: message(`wamid-${run}`, 'Hello from the test') });
  await good('message, plain text', simple);
  for (const [i, text] of TRICKY.entries()) {
    await good(`message, tricky body ${i + 1}`, delivery({ secret, eventId: next(), event: 'message', data: message(`tricky-${i}`, text) }));
  }
  await good('message in a group', delivery({ secret, eventId: next(), event: 'message',
    data: message('grp', 'hi all', { from: '120363025246125486@g.us', isGroup: true }) }));
  await good('test (sessionId null)', delivery({ secret, eventId: next(), event: 'test', sessionId: null,
    data: { message: 'This is a test event from WapiConnect' } }));
  await good('authenticated ({} data)', delivery({ secret, eventId: next(), event: 'authenticated', data: {} }));
  await good('qr', delivery({ secret, eventId: next(), event: 'qr',
    data: { qrCode: 'data:image/png;base64,iVBORw0KGgo=', qr: '2@abc+/=,def' } }));
  await good('ready', delivery({ secret, eventId: next(), event: 'ready', data: { phoneNumber: '919876543210' } }));
  await good('disconnected', delivery({ secret, eventId: next(), event: 'disconnected', data: { reason: 'connection_lost' } }));
  await good('message_status', delivery({ secret, eventId: next(), event: 'message_status', data: { messageId: 'wamid-1', status: 'read' } }));
  await good('bulk_job', delivery({ secret, eventId: next(), event: 'bulk_job',
    data: { jobId: 'job_1', status: 'completed', total: 3, succeeded: 2, failed: 1, processed: 3, skipped: 0 } }));
  // A redelivery: same event id, signed again at send time.
  await good('duplicate event id (answered 2xx, not handled twice)',
    { body: simple.body, headers: headers({ secret, eventId: `${run}01`, event: 'message', body: simple.body, t: Math.floor(Date.now() / 1000) }) });

  const base = delivery({ secret, eventId: next(), event: 'message', data: message('attack', 'Pay 10 USD') });
  const tampered = base.body.replace('Pay 10 USD', 'Pay 99 USD');
  await bad('tampered body, original headers', { body: tampered, headers: base.headers });
  await bad('signed with another secret', delivery({ secret: `${secret}x`, eventId: next(), event: 'message', data: message('x', 'x') }));
  const now = Math.floor(Date.now() / 1000);
  await bad('timestamp 10 minutes old (replay)', delivery({ secret, eventId: next(), event: 'message', data: message('old', 'x'), t: now - 600 }));
  await bad('timestamp 10 minutes ahead', delivery({ secret, eventId: next(), event: 'message', data: message('new', 'x'), t: now + 600 }));
  const noHeader = { ...base.headers };
  delete noHeader['X-Wapi-Signature'];
  await bad('no X-Wapi-Signature header', { body: base.body, headers: noHeader });
  const retimed = { ...base.headers, 'X-Wapi-Signature': base.headers['X-Wapi-Signature'].replace(/^t=\d+/, `t=${now - 1}`) };
  await bad('X-Wapi-Signature with its t changed', { body: base.body, headers: retimed });
  // Header valid for these bytes, but the signature field inside them is wrong or missing: the field check must catch it.
  const wrongField = tampered;
  await bad('wrong signature field, header re-signed', { body: wrongField,
    headers: headers({ secret, eventId: next(), event: 'message', body: wrongField, t: now }) });
  const noField = base.unsigned;
  await bad('no signature field, header re-signed', { body: noField,
    headers: headers({ secret, eventId: next(), event: 'message', body: noField, t: now }) });
  const getStatus = (await post(url, base, 'GET')).status;
  expect('GET is refused', getStatus, 405);

  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0;
}

async function main() {
  const args = process.argv.slice(2);
  const checking = args[0] === '--check';
  if (checking) args.shift();
  const [url, secret] = args;
  if (!url || !secret) {
    console.error('usage: node sign-and-send.js [--check] URL SECRET');
    process.exit(2);
  }
  if (checking) {
    process.exit((await check(url, secret)) ? 0 : 1);
  }
  const d = delivery({ secret, eventId: Date.now(), event: 'message', data: message(`wamid-${Date.now()}`, 'Hello! 👋 "quoted" </script>') });
  const r = await post(url, d);
  console.log(`HTTP ${r.status} ${r.text}`);
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
