// The socket's state in the contract's terms: disconnect reasons, acks, pairing codes, the linked number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DisconnectReason, WAMessageStatus } from '@whiskeysockets/baileys';
import { ackOf, formatPairingCode, mapDisconnect, phoneOf } from '../../lib/mapping/connection.js';

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
