// LIDs with Baileys' own shapes: message keys with remoteJidAlt/participantAlt/addressingMode as Baileys 7 fills
// them, its LIDMapping ({ lid, pn }) and Contact ({ id, lid, phoneNumber }), and a socket's events through Baileys'
// own event emitter, as the session reports them to the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeEventBuffer } from '@whiskeysockets/baileys';
import { toIncoming } from '../../lib/mapping/incoming.js';
import { contactMappingsOf, historyMappingsOf, lidMappingsOf, lidOf } from '../../lib/mapping/identities.js';
import { reportIdentities } from '../../lib/session/identities.js';
import { GROUP, PERSON, logger, received } from './fixtures.js';

const LID = '123456789012345@lid';

test('a LID-only sender is reported by its LID as both from and from_lid (its number unknown)', () => {
  const msg = received({ conversation: 'who am I?' }, { remoteJid: LID });
  msg.key.addressingMode = 'lid';
  const incoming = toIncoming(msg);
  assert.equal(incoming.from, LID);
  assert.equal(incoming.from_lid, LID);
  assert.equal(incoming.participant, '');
  assert.equal('participant_lid' in incoming, false);
});

test('a LID sender whose number the key gives (remoteJidAlt) is reported by number, with its LID', () => {
  const msg = received({ conversation: 'x' }, { remoteJid: LID });
  Object.assign(msg.key, { remoteJidAlt: PERSON, addressingMode: 'lid' });
  const incoming = toIncoming(msg);
  assert.equal(incoming.from, PERSON);
  assert.equal(incoming.from_lid, LID);
});

test('a chat addressed by number whose key carries the LID as alternate reports both', () => {
  const msg = received({ conversation: 'x' }, { remoteJid: PERSON });
  Object.assign(msg.key, { remoteJidAlt: '123456789012345:7@lid', addressingMode: 'pn' });
  const incoming = toIncoming(msg);
  assert.equal(incoming.from, PERSON);
  assert.equal(incoming.from_lid, LID, 'the device part is dropped');
});

test('in a group, the writer known by LID is the participant, with participant_lid; the group stays the sender', () => {
  const hidden = received({ conversation: 'hi all' }, { remoteJid: GROUP, participant: LID });
  hidden.key.addressingMode = 'lid';
  assert.deepEqual(
    [toIncoming(hidden).from, toIncoming(hidden).participant, toIncoming(hidden).participant_lid, 'from_lid' in toIncoming(hidden)],
    [GROUP, LID, LID, false]);
  const known = received({ conversation: 'hi all' }, { remoteJid: GROUP, participant: LID });
  Object.assign(known.key, { participantAlt: PERSON, addressingMode: 'lid' });
  assert.equal(toIncoming(known).participant, PERSON);
  assert.equal(toIncoming(known).participant_lid, LID);
});

test('plain traffic (no LID anywhere) carries no LID field', () => {
  const incoming = toIncoming(received({ conversation: 'hello' }));
  assert.equal('from_lid' in incoming, false);
  assert.equal('participant_lid' in incoming, false);
});

test('lidOf finds the LID among a key address and its alternate, or none', () => {
  assert.equal(lidOf(LID, PERSON), LID);
  assert.equal(lidOf(PERSON, LID), LID);
  assert.equal(lidOf(PERSON, undefined), '');
  assert.equal(lidOf('not-a@lid', undefined), '');
});

test("Baileys' LIDMapping items become LidMappings; bare numbers get their server, bad pairs are dropped", () => {
  assert.deepEqual(lidMappingsOf({ lid: LID, pn: '919876543210:3@s.whatsapp.net' }), [{ phone_jid: PERSON, lid_jid: LID }]);
  assert.deepEqual(lidMappingsOf([{ lid: '123456789012345', pn: '919876543210' }]), [{ phone_jid: PERSON, lid_jid: LID }]);
  assert.deepEqual(lidMappingsOf([{ lid: LID }, { pn: PERSON }, { lid: GROUP, pn: PERSON }, null]), []);
});

test("contacts reveal pairs whichever form their id has (Baileys' Contact: id, lid, phoneNumber)", () => {
  assert.deepEqual(contactMappingsOf([
    { id: PERSON, lid: LID },
    { id: '222333444555666@lid', phoneNumber: '919876543211@s.whatsapp.net' },
    { id: '919876543212@s.whatsapp.net' },
    { id: '333@lid' },
  ]), [
    { phone_jid: PERSON, lid_jid: LID },
    { phone_jid: '919876543211@s.whatsapp.net', lid_jid: '222333444555666@lid' },
  ]);
  assert.deepEqual(historyMappingsOf({ lidPnMappings: [{ lid: LID, pn: PERSON }], contacts: [{ id: PERSON, lid: LID }], chats: [], messages: [] }),
    [{ phone_jid: PERSON, lid_jid: LID }], 'each pair once');
});

test('a socket reports the pairs it learns later: lid-mapping.update, history and contact sync', async () => {
  const ev = makeEventBuffer(logger);
  const reported = [];
  const session = { ref: { tenant_id: 't', session_id: 's' }, link: { event: (ref, event) => reported.push(event) } };
  reportIdentities(session, { ev });

  // First a LID-only message (reported by LID), then WhatsApp tells the pair: the server merges the two.
  const first = received({ conversation: 'who am I?' }, { remoteJid: LID });
  assert.equal(toIncoming(first).from, LID);
  ev.emit('lid-mapping.update', { lid: LID, pn: PERSON });
  ev.emit('messaging-history.set', {
    chats: [], messages: [], contacts: [{ id: '919876543211@s.whatsapp.net', lid: '222333444555666@lid' }],
    lidPnMappings: [{ lid: '333444555666777@lid', pn: '919876543212@s.whatsapp.net' }], isLatest: true,
  });
  ev.emit('contacts.upsert', [{ id: '444555666777888@lid', phoneNumber: '919876543213@s.whatsapp.net' }]);
  ev.emit('contacts.update', [{ id: '919876543214@s.whatsapp.net' }]); // no pair: nothing reported
  await new Promise((resolve) => setImmediate(resolve));

  assert.deepEqual(reported, [
    { lid_mappings: { mappings: [{ phone_jid: PERSON, lid_jid: LID }] } },
    { lid_mappings: { mappings: [
      { phone_jid: '919876543212@s.whatsapp.net', lid_jid: '333444555666777@lid' },
      { phone_jid: '919876543211@s.whatsapp.net', lid_jid: '222333444555666@lid' },
    ] } },
    { lid_mappings: { mappings: [{ phone_jid: '919876543213@s.whatsapp.net', lid_jid: '444555666777888@lid' }] } },
  ]);
});
