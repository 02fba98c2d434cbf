// Message mapping both ways, with Baileys' own protobuf types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DisconnectReason, WAMessageStatus, downloadMediaMessage, generateWAMessageContent, proto } from '@whiskeysockets/baileys';
import { ackOf, formatPairingCode, isAnimatedWebp, mapDisconnect, messageFromRef, mediaOf, mediaRefOf, parseVCard, phoneOf, pollRefOf, pollUpdateTarget, pollVoteOf, toContent, toIncoming, toReadKeys, toSendOptions } from '../lib/mapping.js';
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
  ['location', { locationMessage: { degreesLatitude: 12.5, degreesLongitude: 77.25 } }, { type: 'location', body: '12.5,77.25', has_media: false,
    details: { location: { latitude: 12.5, longitude: 77.25, name: '', address: '' } } }],
  ['contact', { contactMessage: { displayName: 'Asha', vcard: 'BEGIN:VCARD' } }, { type: 'contact', body: 'Asha', has_media: false,
    details: { contacts: [{ name: 'Asha', vcard: 'BEGIN:VCARD', phones: [] }] } }],
  ['poll', { pollCreationMessageV3: { name: 'Lunch?', options: [{ optionName: 'Yes' }, { optionName: 'No' }], selectableOptionsCount: 1 } }, { type: 'poll', body: 'Lunch?', has_media: false }],
  ['ephemeral wrapper', { ephemeralMessage: { message: { conversation: 'vanishing' } } }, { type: 'text', body: 'vanishing', has_media: false }],
];

for (const [name, message, expected] of incomingCases) {
  test(`incoming ${name} maps to type ${expected.type}`, () => {
    const incoming = toIncoming(received(message));
    assert.deepEqual(incoming, {
      id: '3EB0AAAABBBBCCCCDDDD', from: PERSON, body: expected.body, type: expected.type, is_group: false,
      participant: '', has_media: expected.has_media, timestamp: 1735689600000, ...expected.details,
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

const VCARD = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Asha Rao\r\nN:;Asha Rao;;;\r\nORG:Rao\\, Sons & Co\r\n'
  + 'TEL;type=CELL;type=VOICE;waid=919876543210:+91 98765 43210\r\nEND:VCARD';

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
  ['sticker', media('MEDIA_KIND_STICKER', 'image/webp'), (m) => {
    assert.equal(m.stickerMessage.mimetype, 'image/webp');
    assert.ok(!m.stickerMessage.isAnimated);
  }],
  ['location', { content: 'location', location: { latitude: 12.9716, longitude: 77.5946, name: 'Office', address: 'MG Road, Bengaluru' } }, (m) => {
    assert.equal(m.locationMessage.degreesLatitude, 12.9716);
    assert.equal(m.locationMessage.degreesLongitude, 77.5946);
    assert.equal(m.locationMessage.name, 'Office');
    assert.equal(m.locationMessage.address, 'MG Road, Bengaluru');
  }],
  ['contact', { content: 'contacts', contacts: { contacts: [{ name: 'Asha Rao', vcard: VCARD }] } }, (m) => {
    assert.equal(m.contactMessage.displayName, 'Asha Rao');
    assert.equal(m.contactMessage.vcard, VCARD);
  }],
  ['reaction', { content: 'reaction', jid: PERSON, reaction: { target: { id: '3EB0TARGET', from_me: false, participant: '' }, emoji: '👍' } }, (m) => {
    assert.equal(m.reactionMessage.text, '👍');
    assert.equal(m.reactionMessage.key.id, '3EB0TARGET');
    assert.equal(m.reactionMessage.key.remoteJid, PERSON);
    assert.equal(m.reactionMessage.key.fromMe, false);
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
  const restored = messageFromRef(ref);
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

// ---- Locations, contacts, stickers, reactions, replies, mentions, link previews, read receipts, poll votes ----

test('several contacts go as one contacts array message', async () => {
  const request = { content: 'contacts', contacts: { contacts: [{ name: 'Asha', vcard: VCARD }, { name: 'Ravi', vcard: VCARD }] } };
  const m = await generateWAMessageContent(toContent(request), { upload, logger });
  assert.equal(m.contactsArrayMessage.contacts.length, 2);
  assert.equal(m.contactsArrayMessage.contacts[1].displayName, 'Ravi');
  const incoming = toIncoming(received(proto.Message.toObject(m)));
  assert.equal(incoming.type, 'contact');
  assert.deepEqual(incoming.contacts.map((c) => [c.name, c.phones]), [['Asha', ['+919876543210']], ['Ravi', ['+919876543210']]]);
});

test('a vCard is parsed for its name and phones, escapes undone', () => {
  assert.deepEqual(parseVCard(VCARD), { name: 'Asha Rao', phones: ['+919876543210'] });
  assert.deepEqual(parseVCard('BEGIN:VCARD\nVERSION:2.1\nN:Rao;Asha\nTEL;CELL:+1 555 0100\nitem1.TEL:+44 20 7946 0000\nEND:VCARD'),
    { name: 'Asha Rao', phones: ['+1 555 0100', '+44 20 7946 0000'] });
  assert.equal(parseVCard('BEGIN:VCARD\r\nFN:Smith\\, John\\; Jr\r\nEND:VCARD').name, 'Smith, John; Jr');
});

test('an animated WebP is sent as an animated sticker', async () => {
  const animated = Buffer.alloc(40);
  animated.write('RIFF', 0, 'ascii');
  animated.write('WEBP', 8, 'ascii');
  animated.write('VP8X', 12, 'ascii');
  animated[20] = 0x02;
  assert.equal(isAnimatedWebp(animated), true);
  assert.equal(isAnimatedWebp(Buffer.from('RIFF\0\0\0\0WEBPVP8 ' + 'x'.repeat(30))), false);
  const m = await generateWAMessageContent(toContent(media('MEDIA_KIND_STICKER', 'image/webp', { data: new Uint8Array(animated) })), { upload, logger });
  assert.equal(m.stickerMessage.isAnimated, true);
});

test('mentions are marked in the text message and in captions', async () => {
  const text = await generateWAMessageContent(toContent({ content: 'text', text: { text: 'Hi @919876543210' }, mentions: [PERSON] }), { upload, logger });
  assert.deepEqual(text.extendedTextMessage.contextInfo.mentionedJid, [PERSON]);
  const image = await generateWAMessageContent(toContent({ ...media('MEDIA_KIND_IMAGE', 'image/png', { caption: 'for @919876543210' }), mentions: [PERSON] }), { upload, logger });
  assert.deepEqual(image.imageMessage.contextInfo.mentionedJid, [PERSON]);
  const incoming = toIncoming(received(proto.Message.toObject(text)));
  assert.deepEqual(incoming.mentions, [PERSON]);
});

test('the server\'s link preview goes into the extendedTextMessage as it is, and Baileys never fetches the URL', async () => {
  let asked = 0;
  const getUrlInfo = async () => { asked++; return { 'matched-text': 'https://example.com', title: 'Fetched by Baileys' }; };
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
  // As the contract carries it: bytes and strings decoded by the proto loader.
  const preview = { canonical_url: 'https://example.com/article', matched_text: 'https://example.com', title: 'An article', description: 'What it is about', jpeg_thumbnail: jpeg };
  const withPreview = await generateWAMessageContent(toContent({ content: 'text', text: { text: 'see https://example.com', no_link_preview: false, preview } }), { upload, logger, getUrlInfo });
  const ext = withPreview.extendedTextMessage;
  assert.equal(ext.text, 'see https://example.com');
  assert.equal(ext.matchedText, 'https://example.com');
  assert.equal(ext.title, 'An article');
  assert.equal(ext.description, 'What it is about');
  assert.deepEqual(Buffer.from(ext.jpegThumbnail), jpeg);
  // It survives the wire encoding.
  const decoded = proto.Message.decode(proto.Message.encode(withPreview).finish()).extendedTextMessage;
  assert.equal(decoded.title, 'An article');
  assert.equal(decoded.matchedText, 'https://example.com');

  // No preview from the server (none made, or linkPreview false): none at all, and Baileys is not asked.
  for (const text of [{ text: 'see https://example.com', no_link_preview: false }, { text: 'see https://example.com', no_link_preview: true, preview }]) {
    const none = await generateWAMessageContent(toContent({ content: 'text', text }), { upload, logger, getUrlInfo });
    assert.ok(!none.extendedTextMessage?.title && !none.extendedTextMessage?.matchedText);
  }
  assert.equal(asked, 0);
});

test('a reply quotes the message by key, and the quote comes back as the incoming quoted id', async () => {
  const options = toSendOptions({ message_id: '3EB0NEW', jid: GROUP, quoted: { key: { id: '3EB0OLD', from_me: false, participant: PERSON }, text: 'the question' } });
  assert.equal(options.messageId, '3EB0NEW');
  assert.deepEqual(options.quoted.key, { remoteJid: GROUP, id: '3EB0OLD', fromMe: false, participant: PERSON });
  const { generateWAMessage } = await import('@whiskeysockets/baileys');
  const msg = await generateWAMessage(GROUP, toContent({ content: 'text', text: { text: 'the answer' } }),
    { ...options, upload, logger, userJid: '919800000000@s.whatsapp.net' });
  const context = msg.message.extendedTextMessage.contextInfo;
  assert.equal(context.stanzaId, '3EB0OLD');
  assert.equal(context.participant, PERSON);
  assert.equal(context.quotedMessage.conversation, 'the question');
  const incoming = toIncoming(received(proto.Message.toObject(msg.message), { remoteJid: GROUP, participant: PERSON }));
  assert.equal(incoming.quoted_message_id, '3EB0OLD');
  assert.equal(toSendOptions({ message_id: 'x', jid: PERSON, quoted: null }).quoted, undefined);
});

test('an incoming reaction names the message reacted to and the emoji', () => {
  const incoming = toIncoming(received({ reactionMessage: { key: { remoteJid: PERSON, id: '3EB0MINE', fromMe: true }, text: '❤️' } }));
  assert.equal(incoming.type, 'reaction');
  assert.equal(incoming.reaction_message_id, '3EB0MINE');
  assert.equal(incoming.reaction_emoji, '❤️');
});

test('read receipts address each message in its chat, with its participant in groups', () => {
  assert.deepEqual(toReadKeys({ chat_jid: GROUP, messages: [{ id: 'A', from_me: false, participant: PERSON }, { id: 'B', from_me: false, participant: '' }] }),
    [{ remoteJid: GROUP, id: 'A', fromMe: false, participant: PERSON }, { remoteJid: GROUP, id: 'B', fromMe: false, participant: undefined }]);
});

test('a vote on our poll is decrypted with the poll secret and names the chosen options', async () => {
  const { aesEncryptGCM, hmacSign, sha256 } = await import('@whiskeysockets/baileys');
  const me = '919800000000@s.whatsapp.net';
  const poll = await generateWAMessageContent(toContent({ content: 'poll', poll: { question: 'Lunch?', options: ['Pizza', 'Salad', 'Soup'], selectable_count: 2 } }), { upload, logger });
  const pollMessage = { key: { remoteJid: PERSON, id: '3EB0POLL', fromMe: true }, message: poll };
  // What the voter's phone sends: the chosen options' SHA-256, encrypted as decryptPollVote expects.
  const plain = proto.Message.PollVoteMessage.encode({ selectedOptions: [sha256(Buffer.from('Pizza')), sha256(Buffer.from('Soup'))] }).finish();
  const secret = poll.messageContextInfo.messageSecret;
  const sign = Buffer.concat([Buffer.from('3EB0POLL'), Buffer.from(me), Buffer.from(PERSON), Buffer.from('Poll Vote'), new Uint8Array([1])]);
  const key = hmacSign(sign, hmacSign(secret, new Uint8Array(32), 'sha256'), 'sha256');
  const iv = Buffer.alloc(12, 7);
  const encPayload = aesEncryptGCM(plain, key, iv, Buffer.from(`3EB0POLL\u0000${PERSON}`));
  const vote = received({ pollUpdateMessage: { pollCreationMessageKey: { remoteJid: PERSON, id: '3EB0POLL', fromMe: true }, vote: { encPayload, encIv: iv } } }, { id: '3EB0VOTE' });
  assert.equal(pollUpdateTarget(vote), '3EB0POLL');
  assert.equal(toIncoming(vote), null);
  const expected = {
    poll_message_id: '3EB0POLL', chat: PERSON, voter: PERSON, options: ['Pizza', 'Soup'], timestamp: 1735689600000,
  };
  assert.deepEqual(pollVoteOf(vote, pollMessage, me), expected);
  // After a restart the bridge only has what the server kept: the poll's ref decrypts the vote as well.
  assert.deepEqual(pollVoteOf(vote, messageFromRef(pollRefOf(pollMessage)), me), expected);
  assert.equal(pollUpdateTarget(received({ conversation: 'no vote' })), null);
});
