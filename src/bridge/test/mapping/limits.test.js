// WhatsApp's sending caps and the connection's end in the contract's terms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WAMessageStatus } from '@whiskeysockets/baileys';
import {
  NO_LIMITS, isTimelockError, isTimelockRefusal, lockedNow, withCapping, withTimelock,
} from '../../lib/mapping/limits.js';
import { mapDisconnect, parseWaVersion } from '../../lib/mapping/connection.js';

test('Baileys\' reach-out timelock becomes time_locked with its end, and lifts', () => {
  const ends = new Date('2030-01-01T00:00:00Z');
  const locked = withTimelock(NO_LIMITS, { isActive: true, timeEnforcementEnds: ends, enforcementType: 'BIZ_QUALITY' });
  assert.deepEqual(locked, { time_locked: true, locked_until: ends.getTime(), new_chats: 'NONE' });
  assert.equal(lockedNow(locked, ends.getTime() - 1), true);
  assert.equal(lockedNow(locked, ends.getTime()), false, 'over at its end');
  assert.deepEqual(withTimelock(NO_LIMITS, { isActive: true }), { time_locked: true, locked_until: 0, new_chats: 'NONE' });
  assert.equal(lockedNow(withTimelock(NO_LIMITS, { isActive: true })), true, 'no end said: locked until lifted');
  assert.deepEqual(withTimelock(locked, { isActive: false, enforcementType: 'DEFAULT' }), NO_LIMITS);
  assert.equal(withTimelock(locked, undefined), locked);
});

test('new-chat capping statuses are taken as Baileys names them; unknown ones change nothing', () => {
  for (const status of ['NONE', 'FIRST_WARNING', 'SECOND_WARNING', 'CAPPED']) {
    assert.equal(withCapping(NO_LIMITS, { capping_status: status, used_quota: 3 }).new_chats, status);
  }
  assert.equal(withCapping(NO_LIMITS, { capping_status: 'SOMETHING_NEW' }), NO_LIMITS);
  assert.equal(withCapping(NO_LIMITS, { total_quota: 10 }), NO_LIMITS);
});

test('error 463 on a sent message\'s ack, or thrown by a send, is the timelock', () => {
  assert.equal(isTimelockRefusal({ status: WAMessageStatus.ERROR, messageStubParameters: ['463', 'restricted'] }), true);
  assert.equal(isTimelockRefusal({ status: WAMessageStatus.ERROR, messageStubParameters: ['479'] }), false);
  assert.equal(isTimelockRefusal({ status: WAMessageStatus.SERVER_ACK }), false);
  assert.equal(isTimelockError(Object.assign(new Error('x'), { output: { statusCode: 463 } })), true);
  assert.equal(isTimelockError(Object.assign(new Error('x'), { data: { error: '463' } })), true);
  assert.equal(isTimelockError(new Error('timed out')), false);
});

test('405 is client_outdated (not retried); our watchdog\'s close is stale (retried)', () => {
  const failure = Object.assign(new Error('Connection Failure'), { output: { statusCode: 405 }, data: { reason: '405' } });
  assert.deepEqual(pick(mapDisconnect(failure, { linked: true, qrShown: false })), ['DISCONNECT_REASON_CLIENT_OUTDATED', false]);
  const stale = Object.assign(new Error('no frame for 60000 ms'), { stale: true });
  assert.deepEqual(pick(mapDisconnect(stale, { linked: true, qrShown: false })), ['DISCONNECT_REASON_STALE', true]);
});

test('WAPI_WA_VERSION is three dot-separated numbers', () => {
  assert.deepEqual(parseWaVersion('2.3000.1023223821'), [2, 3000, 1023223821]);
  assert.deepEqual(parseWaVersion(' 2.3000.1 '), [2, 3000, 1]);
  assert.equal(parseWaVersion(''), null);
  assert.equal(parseWaVersion('2.3000'), null);
  assert.equal(parseWaVersion(undefined), null);
});

function pick(mapped) {
  return [mapped.reason, mapped.reconnect];
}
