// Message mapping both ways, with Baileys' own protobuf types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DisconnectReason, WAMessageStatus, downloadMediaMessage, generateWAMessageContent, proto } from '@whiskeysockets/baileys';
import { ackOf, formatPairingCode, mapDisconnect, mediaFromRef, mediaOf, mediaRefOf, phoneOf, toContent, toIncoming } from '../lib/mapping.js';
import { makeLogger } from '../lib/logger.js';
import { receivedDocument } from './media-fixture.js';

const PERSON = '919876543210@s.whatsapp.net';
const GROUP = '120363040000000000@g.us';

function received(message, key = {}) {
  return proto.WebMessageInfo.fromObject({
    key: { remoteJid: PERSON, fromMe: false, id: '3EB0AAAABBBBCCCCDDDD', ...key },
    message,
    messageTimestamp: 1735689600,
  });
}

const incomingCases = [
  ['plain text', { conversation: 'hello' }, { type: 'text', body: 'hello', has_media: false }],
  ['extended text', { extendedTextMessage: { text: 'with a link https://x.y' } }, { type: 'text', body: 'with a link https://x.y', has_media: false }],
  ['image', { imageMessage: { caption: 'look', mimetype: 'image/jpeg' } }, { type: 'image', body: 'look', has_media: true }],
  ['video', { videoMessage: { caption: 'clip', mimetype: 'video/mp4' } }, { type: 'video', body: 'clip', has_media: true }],
  ['audio', { audioMessage: { mimetype: 'audio/mpeg' } }, { type: 'audio', body: '', has_media: true }],
  ['voice note', { audioMessage: { mimetype: 'audio/ogg; codecs=opus', ptt: true } }, { type: 'audio', body: '', has_media: true }],
  ['document', { documentMessage: { caption: 'invoice', mimetype: 'application/pdf', fileName: 'a.pdf' } }, { type: 'document', body: 'invoice', has_media: true }],
  ['document with caption wrapper', { documentWithCaptionMessage: { message: { documentMessage: { caption: 'wrapped', mimetype: 'application/pdf' } } } }, { type: 'document', body: 'wrapped', has_media: true }],
  ['sticker', { stickerMessage: { mimetype: 'image/webp' } }, { type: 'sticker', body: '', has_media: true }],
  ['location', { locationMessage: { degreesLatitude: 12.5, degreesLongitude: 77.25 } }, { type: 'location', body: '12.5,77.25', has_media: false }],
  ['contact', { contactMessage: { displayName: 'Asha', vcard: 'BEGIN:VCARD' } }, { type: 'contact', body: 'Asha', has_media: false }],
  ['poll', { pollCreationMessageV3: { name: 'Lunch?', options: [{ optionName: 'Yes' }, { optionName: 'No' }], selectableOptionsCount: 1 } }, { type: 'poll', body: 'Lunch?', has_media: false }],
  ['ephemeral wrapper', { ephemeralMessage: { message: { conversation: 'vanishing' } } }, { type: 'text', body: 'vanishing', has_media: false }],
];

for (const [name, message, expected] of incomingCases) {
  test(`incoming ${name} maps to type ${expected.type}`, () => {
    const incoming = toIncoming(received(message));
    assert.deepEqual(incoming, {
      id: '3EB0AAAABBBBCCCCDDDD', from: PERSON, body: expected.body, type: expected.type, is_group: false,
      participant: '', has_media: expected.has_media, timestamp: 1735689600000,
    });
  });
}

test('a group message names the group as sender and the writer as participant', () => {
  const incoming = toIncoming(received({ conversation: 'hi all' }, { remoteJid: GROUP, participant: PERSON }));
  assert.equal(incoming.from, GROUP);
  assert.equal(incoming.is_group, true);
  assert.equal(incoming.participant, PERSON);
});

test('a sender known by LID is reported by phone-number JID when WhatsApp gives it', () => {
  const msg = received({ conversation: 'x' }, { remoteJid: '123456789@lid' });
  msg.key.remoteJidAlt = PERSON;
  assert.equal(toIncoming(msg).from, PERSON);
  const group = received({ conversation: 'x' }, { remoteJid: GROUP, participant: '987@lid' });
  group.key.participantAlt = PERSON;
  assert.equal(toIncoming(group).participant, PERSON);
});

test('our own messages, status broadcasts and protocol traffic are not incoming messages', () => {
  assert.equal(toIncoming(received({ conversation: 'mine' }, { fromMe: true })), null);
  assert.equal(toIncoming(received({ conversation: 'story' }, { remoteJid: 'status@broadcast' })), null);
  assert.equal(toIncoming(received({ protocolMessage: { type: 0 } })), null);
  assert.equal(toIncoming(received(null)), null);
});

test('media of an incoming message is described for later download', () => {
  assert.deepEqual(mediaOf(received({ documentMessage: { mimetype: 'application/pdf', fileName: 'a.pdf' } })),
    { mimeType: 'application/pdf', fileName: 'a.pdf' });
  assert.equal(mediaOf(received({ conversation: 'no media' })), null);
});

// Outgoing: our content goes through Baileys' own message builder, which must accept it and produce
// the WhatsApp message type we mean. Uploads stop at a fake media server (no network here).
const upload = async () => ({ mediaUrl: 'https://mmg.whatsapp.net/x', directPath: '/v/x' });
const logger = makeLogger('silent');
const bytes = (text) => new Uint8Array(Buffer.from(text));
const media = (kind, mime, extra = {}) => ({
  content: 'media', media: { kind, data: bytes('not really ' + mime), mime_type: mime, file_name: '', caption: '', voice_note: false, ...extra },
});

const outgoingCases = [
  ['text', { content: 'text', text: { text: '*Header*\nbody\n_footer_' } }, (m) => assert.equal(m.extendedTextMessage?.text ?? m.conversation, '*Header*\nbody\n_footer_')],
  ['image', media('MEDIA_KIND_IMAGE', 'image/png', { caption: 'cap' }), (m) => { assert.equal(m.imageMessage.caption, 'cap'); assert.equal(m.imageMessage.mimetype, 'image/png'); }],
  ['video', media('MEDIA_KIND_VIDEO', 'video/mp4', { caption: 'clip' }), (m) => assert.equal(m.videoMessage.caption, 'clip')],
  ['audio', media('MEDIA_KIND_AUDIO', 'audio/mpeg'), (m) => { assert.equal(m.audioMessage.mimetype, 'audio/mpeg'); assert.ok(!m.audioMessage.ptt); }],
  ['voice note', media('MEDIA_KIND_AUDIO', 'audio/ogg', { voice_note: true }), (m) => { assert.equal(m.audioMessage.ptt, true); assert.equal(m.audioMessage.mimetype, 'audio/ogg; codecs=opus'); }],
  ['document', media('MEDIA_KIND_DOCUMENT', 'application/pdf', { file_name: 'invoice.pdf', caption: 'yours' }), (m) => {
    const doc = m.documentMessage ?? m.documentWithCaptionMessage?.message?.documentMessage;
    assert.equal(doc.fileName, 'invoice.pdf');
    assert.equal(doc.mimetype, 'application/pdf');
  }],
  ['poll', { content: 'poll', poll: { question: 'Lunch?', options: ['Yes', 'No', 'Later'], selectable_count: 1 } }, (m) => {
    const poll = m.pollCreationMessageV3 ?? m.pollCreationMessage;
    assert.equal(poll.name, 'Lunch?');
    assert.deepEqual(poll.options.map((o) => o.optionName), ['Yes', 'No', 'Later']);
  }],
];

for (const [name, request, check] of outgoingCases) {
  test(`outgoing ${name} becomes a WhatsApp message Baileys can encode`, async () => {
    const message = await generateWAMessageContent(toContent(request), { upload, logger, mediaTypeOverride: undefined });
    check(message);
    // Round trip through the wire encoding: what would be sent decodes to the same content.
    const decoded = proto.Message.decode(proto.Message.encode(message).finish());
    check(decoded);
  });
}

test('received media messages built by Baileys map back to their type', async () => {
  for (const [name, request] of outgoingCases) {
    const message = await generateWAMessageContent(toContent(request), { upload, logger });
    const incoming = toIncoming(received(proto.Message.toObject(proto.Message.decode(proto.Message.encode(message).finish()))));
    const expected = name === 'voice note' ? 'audio' : name;
    assert.equal(incoming.type, expected, name);
  }
});

test('a stored media ref is enough to download and decrypt the media again, without the thumbnail', async (t) => {
  const { msg, original, close } = await receivedDocument({ logger });
  t.after(close);
  const ref = mediaRefOf(msg);
  assert.ok(ref.length < 600, `a ref is small: ${ref.length} bytes`);
  const restored = mediaFromRef(ref);
  assert.equal(restored.key.id, msg.key.id);
  assert.equal(restored.message.documentMessage.jpegThumbnail?.length ?? 0, 0);
  assert.deepEqual(mediaOf(restored), { mimeType: 'application/pdf', fileName: 'invoice.pdf' });
  const data = await downloadMediaMessage(restored, 'buffer', {}, { logger, reuploadRequest: async (m) => m });
  assert.deepEqual(data, original);
});

test('disconnect codes map to our reasons, and only transient ones reconnect', () => {
  const boom = (statusCode, message = 'x') => Object.assign(new Error(message), { output: { statusCode } });
  const linked = { linked: true, qrShown: false };
  assert.deepEqual(pick(mapDisconnect(boom(DisconnectReason.loggedOut), linked)), ['DISCONNECT_REASON_LOGGED_OUT', false]);
  assert.deepEqual(pick(mapDisconnect(boom(DisconnectReason.forbidden), linked)), ['DISCONNECT_REASON_BANNED', false]);
  assert.deepEqual(pick(mapDisconnect(boom(DisconnectReason.connectionReplaced), linked)), ['DISCONNECT_REASON_REPLACED', false]);
  assert.deepEqual(pick(mapDisconnect(boom(DisconnectReason.timedOut, 'QR refs attempts ended'), { linked: false, qrShown: true })), ['DISCONNECT_REASON_QR_TIMEOUT', false]);
  assert.deepEqual(pick(mapDisconnect(boom(DisconnectReason.timedOut), linked)), ['DISCONNECT_REASON_CONNECTION_LOST', true]);
  assert.deepEqual(pick(mapDisconnect(boom(DisconnectReason.connectionClosed), linked)), ['DISCONNECT_REASON_CONNECTION_LOST', true]);
  assert.equal(mapDisconnect(boom(DisconnectReason.restartRequired), linked).immediate, true);
  assert.deepEqual(pick(mapDisconnect(new Error('getaddrinfo ENOTFOUND web.whatsapp.com'), linked)), ['DISCONNECT_REASON_CONNECTION_LOST', true]);
});

function pick(mapped) {
  return [mapped.reason, mapped.reconnect];
}

test('receipts become acks in network order', () => {
  assert.equal(ackOf(WAMessageStatus.SERVER_ACK), 'ACK_STATUS_SENT');
  assert.equal(ackOf(WAMessageStatus.DELIVERY_ACK), 'ACK_STATUS_DELIVERED');
  assert.equal(ackOf(WAMessageStatus.READ), 'ACK_STATUS_READ');
  assert.equal(ackOf(WAMessageStatus.PLAYED), 'ACK_STATUS_READ');
  assert.equal(ackOf(WAMessageStatus.PENDING), null);
});

test('pairing codes and linked numbers are shown as WhatsApp shows them', () => {
  assert.equal(formatPairingCode('ABCD1234'), 'ABCD-1234');
  assert.equal(phoneOf('919800000000:12@s.whatsapp.net'), '919800000000');
});
