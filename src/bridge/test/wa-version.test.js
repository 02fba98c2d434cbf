// Which WhatsApp Web version the bridge announces: pinned, fetched, or the built-in one within the timeout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONNECTION_CONFIG } from '@whiskeysockets/baileys';
import { resolveWaVersion } from '../lib/wa-version.js';

function recordingLogger() {
  const lines = [];
  return { lines, info: (o, m) => lines.push(['info', m ?? o]), warn: (o, m) => lines.push(['warn', m ?? o]) };
}

test('WAPI_WA_VERSION wins and nothing is fetched', async () => {
  const logger = recordingLogger();
  const version = await resolveWaVersion({ configured: '2.3000.42', logger, fetchLatest: () => assert.fail('fetched') });
  assert.deepEqual(version, [2, 3000, 42]);
});

test('without it, the current version is asked for', async () => {
  const logger = recordingLogger();
  const version = await resolveWaVersion({ configured: '', logger, fetchLatest: async () => ({ version: [2, 3000, 7], isLatest: true }) });
  assert.deepEqual(version, [2, 3000, 7]);
});

test('no answer (no Internet here) falls back to the built-in version within the timeout, with one log line', async () => {
  const logger = recordingLogger();
  const started = Date.now();
  const version = await resolveWaVersion({ configured: '', logger, timeoutMs: 200, fetchLatest: () => new Promise(() => {}) });
  const took = Date.now() - started;
  assert.deepEqual(version, DEFAULT_CONNECTION_CONFIG.version);
  assert.ok(took >= 150 && took < 1000, `gave up after ${took} ms`);
  assert.equal(logger.lines.length, 1);
  assert.match(logger.lines[0][1], /WAPI_WA_VERSION/);
  // A failed fetch (Baileys answers isLatest false) is the same.
  const failed = await resolveWaVersion({ configured: '', logger, fetchLatest: async () => ({ version: [9, 9, 9], isLatest: false, error: new Error('ENOTFOUND') }) });
  assert.deepEqual(failed, DEFAULT_CONNECTION_CONFIG.version);
});

test('the real fetch, here without a route to web.whatsapp.com, gives up within 3 s', async () => {
  const logger = recordingLogger();
  const started = Date.now();
  const version = await resolveWaVersion({ configured: '', logger });
  assert.ok(Date.now() - started < 3500, 'within FETCH_TIMEOUT_MS');
  assert.equal(version.length, 3);
});
