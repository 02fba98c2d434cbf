// Outgoing: our content goes through Baileys' own message builder, which must accept it and produce
// the WhatsApp message type we mean. Uploads stop at a fake media server (no network here). Where
// WhatsApp echoes content back (contacts, mentions, quotes), the round trip ends in toIncoming.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateWAMessage, generateWAMessageContent, proto } from '@whiskeysockets/baileys';
import { isAnimatedWebp, toContent, toReadKeys, toSendOptions } from '../../lib/mapping/outgoing.js';
import { toIncoming } from '../../lib/mapping/incoming.js';
import { GROUP, PERSON, VCARD, logger, media, received, upload } from './fixtures.js';

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

test('read receipts address each message in its chat, with its participant in groups', () => {
  assert.deepEqual(toReadKeys({ chat_jid: GROUP, messages: [{ id: 'A', from_me: false, participant: PERSON }, { id: 'B', from_me: false, participant: '' }] }),
    [{ remoteJid: GROUP, id: 'A', fromMe: false, participant: PERSON }, { remoteJid: GROUP, id: 'B', fromMe: false, participant: undefined }]);
});
