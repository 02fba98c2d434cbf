// Edits, revokes, deletes for this device and forwards with Baileys' own builders: what we ask for is what
// Baileys sends, and what the other side's phone sends for its own edits and revokes maps to our events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chatModificationToAppPatch, generateWAMessageContent, proto } from '@whiskeysockets/baileys';
import { toChange, toForward, toIncomingChange } from '../../lib/mapping/changes.js';
import { toIncoming } from '../../lib/mapping/incoming.js';
import { GROUP, PERSON, logger, received, upload } from './fixtures.js';

const { Type } = proto.Message.ProtocolMessage;
const ours = { id: '3EB0OURS', from_me: true, participant: '' };
const build = (content) => generateWAMessageContent(content, { upload, logger });

test('an edit is Baileys\' MESSAGE_EDIT protocol message naming our message, with the new text', async () => {
  const change = toChange({ chat_jid: PERSON, target: ours, change: 'edit', edit: 'See you at 6' });
  const m = await build(change.send);
  assert.equal(m.protocolMessage.type, Type.MESSAGE_EDIT);
  const { remoteJid, id, fromMe } = m.protocolMessage.key;
  assert.deepEqual({ remoteJid, id, fromMe }, { remoteJid: PERSON, id: '3EB0OURS', fromMe: true });
  const edited = m.protocolMessage.editedMessage;
  assert.equal(edited.extendedTextMessage?.text ?? edited.conversation, 'See you at 6');
});

test('a revoke is Baileys\' REVOKE protocol message naming our message', async () => {
  const m = await build(toChange({ chat_jid: GROUP, target: ours, change: 'revoke', revoke: true }).send);
  assert.equal(m.protocolMessage.type, Type.REVOKE);
  assert.equal(m.protocolMessage.key.id, '3EB0OURS');
  assert.equal(m.protocolMessage.key.remoteJid, GROUP);
  assert.equal(m.protocolMessage.key.fromMe, true);
});

test('a delete for this device is a deleteForMe chat modification Baileys turns into an app-state patch', () => {
  const theirs = { id: '3EB0THEIRS', from_me: false, participant: '' };
  const change = toChange({ chat_jid: PERSON, target: theirs, change: 'delete_for_me_at', delete_for_me_at: 1735689600000 });
  assert.equal(change.send, undefined);
  assert.deepEqual(change.modify.deleteForMe.key, { remoteJid: PERSON, id: '3EB0THEIRS', fromMe: false, participant: undefined });
  assert.equal(change.modify.deleteForMe.timestamp, 1735689600);
  const patch = chatModificationToAppPatch(change.modify, PERSON);
  assert.deepEqual(patch.index, ['deleteMessageForMe', PERSON, '3EB0THEIRS', '0', '0']);
  // WhatsApp names the message by key and by its own time, in seconds like every message timestamp.
  assert.equal(patch.syncAction.deleteMessageForMeAction.messageTimestamp, 1735689600);
});

test('a forwarded text is rebuilt from the log and sent marked as forwarded', async () => {
  const forward = { original: { id: '3EB0TEXT', from_me: false, participant: '' }, original_chat: PERSON, type: 'text', text: 'Our address' };
  const m = await build(toForward(forward, null));
  assert.equal(m.extendedTextMessage.text, 'Our address');
  assert.equal(m.extendedTextMessage.contextInfo.isForwarded, true);
  assert.ok(m.extendedTextMessage.contextInfo.forwardingScore >= 1);
});

test('a forwarded media message uses the message the bridge keeps; without it, it cannot be forwarded', async () => {
  const forward = { original: { id: '3EB0AAAABBBBCCCCDDDD', from_me: false, participant: '' }, original_chat: PERSON, type: 'image', text: 'look' };
  const kept = received({ imageMessage: { caption: 'look', mimetype: 'image/jpeg', mediaKey: new Uint8Array(32), directPath: '/v/x' } });
  const m = await build(toForward(forward, kept));
  assert.equal(m.imageMessage.caption, 'look');
  assert.equal(m.imageMessage.directPath, '/v/x');
  assert.equal(m.imageMessage.contextInfo.isForwarded, true);
  assert.equal(toForward(forward, null), null);
});

test('the other side\'s edit, as its phone sends it, becomes incoming_edit with the original id', async () => {
  // What Baileys on the other phone builds for `sendMessage(jid, {text, edit: key})`, received here.
  const theirKey = { remoteJid: PERSON, id: '3EB0THEIRS', fromMe: true };
  const sent = await build({ text: 'Meet at 6', edit: theirKey });
  const edit = received(sent, { id: '3EB0EDITMSG' });
  const change = toIncomingChange(edit);
  assert.deepEqual(Object.keys(change), ['incoming_edit']);
  assert.equal(change.incoming_edit.message_id, '3EB0THEIRS');
  assert.equal(change.incoming_edit.from, PERSON);
  assert.equal(change.incoming_edit.participant, '');
  assert.equal(change.incoming_edit.body, 'Meet at 6');
  assert.ok(change.incoming_edit.timestamp > 0);
  assert.equal(toIncoming(edit), null, 'never reported as a new message');
});

test('an edit wrapped in editedMessage maps the same way, with the edit\'s own time', () => {
  const wrapped = received({
    editedMessage: {
      message: {
        protocolMessage: {
          key: { remoteJid: PERSON, id: '3EB0THEIRS', fromMe: true }, type: Type.MESSAGE_EDIT,
          editedMessage: { imageMessage: { caption: 'new caption' } }, timestampMs: 1735689700000,
        },
      },
    },
  });
  assert.deepEqual(toIncomingChange(wrapped).incoming_edit, {
    message_id: '3EB0THEIRS', from: PERSON, participant: '', body: 'new caption', timestamp: 1735689700000,
  });
});

test('the other side\'s revoke in a group becomes incoming_revoke naming the group and who wrote it', async () => {
  const sent = await build({ delete: { remoteJid: GROUP, id: '3EB0THEIRS', fromMe: true } });
  const revoke = received(sent, { remoteJid: GROUP, participant: PERSON });
  assert.deepEqual(toIncomingChange(revoke), {
    incoming_revoke: { message_id: '3EB0THEIRS', from: GROUP, participant: PERSON, timestamp: 1735689600000 },
  });
  assert.equal(toIncoming(revoke), null);
});

test('our own devices\' changes and other protocol messages are not incoming changes', () => {
  const protocol = (type) => ({ protocolMessage: { key: { remoteJid: PERSON, id: '3EB0X', fromMe: true }, type } });
  assert.equal(toIncomingChange(received(protocol(Type.REVOKE), { fromMe: true })), null);
  assert.equal(toIncomingChange(received(protocol(Type.EPHEMERAL_SETTING))), null);
  assert.equal(toIncomingChange(received({ conversation: 'just text' })), null);
});
