// Expired media: a download WhatsApp's media servers refuse (403, 404, 410) asks the phone once to upload it again
// and tries once more; the answer is `expired` (the API's MEDIA_NOT_FOUND) only when that fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import makeWASocket from '@whiskeysockets/baileys';
import { makeLogger } from '../lib/logger.js';
import { messageFromRef } from '../lib/mapping/refs.js';
import { downloadWithReupload } from '../lib/session/media-download.js';
import { SessionHost } from '../lib/session-host.js';
import { receivedDocument } from './media-fixture.js';
import { SESSION, serverLink, silentWebSocketServer, startBridge, unary, until } from './link-fixture.js';

const logger = makeLogger('silent');
const ME = '919800000000:2@s.whatsapp.net';

/**
 * A bridge whose session has received `msg` on a real Baileys socket, then linked as ME (connected to a WhatsApp
 * stand-in that never answers); `phone(msg)` plays the phone's side of a re-upload request, or is left to
 * Baileys' own updateMediaMessage when absent. Every re-upload request is recorded.
 */
async function sessionThatReceived(t, msg, phone) {
  const wa = await silentWebSocketServer(t);
  const sockets = [];
  const reuploads = [];
  let creds;
  const host = new SessionHost({
    logger,
    makeSocket: (config) => {
      creds = config.auth.creds;
      const real = makeWASocket(config);
      const sock = Object.create(real, {
        updateMediaMessage: { value: async (m) => { reuploads.push(m); return phone ? phone(m) : real.updateMediaMessage(m); } },
      });
      sockets.push(sock);
      return sock;
    },
  });
  const bridge = await startBridge(t, host);
  const l = serverLink(bridge.client, { connect_timeout_ms: 20000, reconnect_min_ms: 20000, reconnect_max_ms: 20000, websocket_url: wa.url });
  await until(() => bridge.host.link, 2000, 'the link is up');
  await unary(bridge.client, 'StartSession', { session: SESSION, restore: false });
  await until(() => sockets.length === 1 && wa.sockets.length === 1, 3000, 'the socket reached the WhatsApp stand-in');
  sockets[0].ev.emit('messages.upsert', { messages: [msg], type: 'notify' });
  await l.nextEvent((e) => e.incoming, 2000);
  // Linked (a media-retry request is signed as ME) only now: a socket linked from the start buffers its events
  // until WhatsApp's offline notifications are in, which the stand-in never sends.
  creds.me = { id: ME };
  return { ...bridge, l, sock: sockets[0], reuploads };
}

for (const status of [410, 404, 403]) {
  test(`media the CDN answers ${status} for is uploaded again by the phone and downloaded on the second try; its new path is kept`, async (t) => {
    const { msg, original, close, cdn } = await receivedDocument({ logger });
    t.after(close);
    // The phone uploads it again: WhatsApp gives the message a new path (on the local CDN here).
    const phone = async (m) => {
      m.message.documentMessage.url = cdn.urlOf('/d/f/renewed');
      m.message.documentMessage.directPath = '';
      return m;
    };
    const { client, l, reuploads } = await sessionThatReceived(t, msg, phone);
    cdn.gone('/d/f/enc', status);

    const media = await unary(client, 'DownloadMedia', { session: SESSION, message_id: msg.key.id });
    assert.equal(media.found, true);
    assert.equal(media.expired, '');
    assert.deepEqual(Buffer.from(media.data), original);
    assert.deepEqual(cdn.requests, ['/d/f/enc', '/d/f/renewed']);
    assert.equal(reuploads.length, 1, 'one re-upload request');
    assert.equal(reuploads[0].key.id, msg.key.id);
    assert.deepEqual(Buffer.from(reuploads[0].message.documentMessage.mediaKey), Buffer.from(msg.message.documentMessage.mediaKey),
      'the request carries the original media key');

    // The renewed path replaced the stored ref: the next download (also after a restart) goes straight there.
    const stored = messageFromRef(l.store.get(`media-ref/${msg.key.id}`));
    assert.equal(stored.message.documentMessage.url, cdn.urlOf('/d/f/renewed'));
    const again = await unary(client, 'DownloadMedia', { session: SESSION, message_id: msg.key.id });
    assert.deepEqual(Buffer.from(again.data), original);
    assert.deepEqual(cdn.requests, ['/d/f/enc', '/d/f/renewed', '/d/f/renewed']);
    assert.equal(reuploads.length, 1);
  });
}

test('a phone that refuses to upload the media again makes the download answer expired, through Baileys\' own media-retry request', async (t) => {
  const { msg, close, cdn } = await receivedDocument({ logger });
  t.after(close);
  const { client, sock, reuploads } = await sessionThatReceived(t, msg, null);
  cdn.gone('/d/f/enc', 410);

  const download = unary(client, 'DownloadMedia', { session: SESSION, message_id: msg.key.id });
  await until(() => reuploads.length === 1, 2000, 'the re-upload request');
  await new Promise((r) => setTimeout(r, 50)); // Baileys sends its request, then listens for the answer
  // What Baileys makes of the phone's <media-retry> answer with an error code.
  sock.ev.emit('messages.media-update', [{ key: msg.key, error: Object.assign(new Error('Failed to re-upload media (2)'), { output: { statusCode: 404 } }) }]);
  const media = await download;
  assert.equal(media.found, false);
  assert.match(media.expired, /did not upload it again: Failed to re-upload media/);
  assert.deepEqual(cdn.requests, ['/d/f/enc'], 'no second download without a new path');
});

test('a phone that does not answer is given up before the call\'s deadline, as expired', async (t) => {
  const { msg, close, cdn } = await receivedDocument({ logger });
  t.after(close);
  const { client, reuploads } = await sessionThatReceived(t, msg, null);
  cdn.gone('/d/f/enc', 410);
  const started = Date.now();
  const media = await unary(client, 'DownloadMedia', { session: SESSION, message_id: msg.key.id }, 1600);
  assert.equal(reuploads.length, 1);
  assert.equal(media.found, false);
  assert.match(media.expired, /within \d+ ms/);
  assert.ok(Date.now() - started < 1600, 'answered within the deadline');
});

test('media still refused after the re-upload is expired; a server error (500) asks the phone for nothing', async (t) => {
  const { msg, close, cdn } = await receivedDocument({ logger });
  t.after(close);
  cdn.gone('/d/f/enc', 410);
  cdn.gone('/d/f/renewed', 404);
  let asked = 0;
  const renew = async (m) => {
    asked++;
    m.message.documentMessage.url = cdn.urlOf('/d/f/renewed');
    return m;
  };
  const refused = await downloadWithReupload(msg, { reupload: renew, logger });
  assert.match(refused.expired, /still refused \(404\)/);
  assert.equal(asked, 1, 'asked once, not again');

  const { msg: other, close: closeOther, cdn: otherCdn } = await receivedDocument({ logger, id: '3EB0SERVERERROR' });
  t.after(closeOther);
  otherCdn.gone('/d/f/enc', 500);
  await assert.rejects(downloadWithReupload(other, { reupload: renew, logger }), (e) => e.output?.statusCode === 500);
  assert.equal(asked, 1);
  // Without a socket the phone cannot be asked: that is no answer about the media (the API says unavailable).
  otherCdn.gone('/d/f/enc', 410);
  await assert.rejects(downloadWithReupload(other, { reupload: null, logger }), /not connected/);
});
