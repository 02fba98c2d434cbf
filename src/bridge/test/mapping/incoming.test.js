// Received messages with Baileys' own protobuf types: the contract's Incoming, and the media they carry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mediaOf, toIncoming } from '../../lib/mapping/incoming.js';
import { GROUP, PERSON, received } from './fixtures.js';


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

test('an incoming reaction names the message reacted to and the emoji', () => {
  const incoming = toIncoming(received({ reactionMessage: { key: { remoteJid: PERSON, id: '3EB0MINE', fromMe: true }, text: '❤️' } }));
  assert.equal(incoming.type, 'reaction');
  assert.equal(incoming.reaction_message_id, '3EB0MINE');
  assert.equal(incoming.reaction_emoji, '❤️');
});
