// Votes on our polls, decrypted with the poll's secret (from the sent message, or from its stored ref).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aesEncryptGCM, generateWAMessageContent, hmacSign, proto, sha256 } from '@whiskeysockets/baileys';
import { pollUpdateTarget, pollVoteOf } from '../../lib/mapping/polls.js';
import { messageFromRef, pollRefOf } from '../../lib/mapping/refs.js';
import { toIncoming } from '../../lib/mapping/incoming.js';
import { toContent } from '../../lib/mapping/outgoing.js';
import { PERSON, logger, received, upload } from './fixtures.js';

test('a vote on our poll is decrypted with the poll secret and names the chosen options', async () => {
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
