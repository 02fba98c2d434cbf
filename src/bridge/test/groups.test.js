// Groups and contacts: the mapping of Baileys' group types and errors, and the bridge's group RPCs over
// the real gRPC contract (a stand-in session records what the server asked for).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import grpc from '@grpc/grpc-js';
import { assertNodeErrorFree } from '@whiskeysockets/baileys';
import { Boom } from '@hapi/boom';
import { CHANNEL_OPTIONS, loadContract } from '../lib/contract.js';
import { createBridgeServer } from '../bridge.js';
import { groupChangesOf, groupErrorOf, groupOf, groupUpdatesOf, participantOutcomeOf } from '../lib/mapping.js';

const GROUP = '120363040000000000@g.us';
const ME = '919800000001@s.whatsapp.net';
const ME_DEVICE = '919800000001:7@s.whatsapp.net';
const ME_LID = '112233445566@lid';

/** What Baileys' groupMetadata / groupCreate return (GroupMetadata; Baileys 7 participants carry LIDs and phone numbers). */
const METADATA = {
  id: GROUP,
  addressingMode: 'lid',
  owner: '998877665544@lid',
  ownerPn: ME,
  subject: 'Launch team',
  creation: 1735689600,
  desc: 'Ship it',
  participants: [
    { id: '998877665544@lid', phoneNumber: ME, admin: 'superadmin' },
    { id: '919800000002@s.whatsapp.net', admin: 'admin' },
    { id: '554433221100@lid', phoneNumber: '919800000003@s.whatsapp.net', admin: null },
  ],
};

/** A query's <error/> child exactly as Baileys turns it into an exception. */
function queryError(code, text) {
  try {
    assertNodeErrorFree({ tag: 'iq', attrs: {}, content: [{ tag: 'error', attrs: { code: String(code), text } }] });
  } catch (error) {
    return error;
  }
  throw new Error('no error thrown');
}

test('group metadata maps to the contract with phone-number JIDs and admin flags', () => {
  assert.deepEqual(groupOf(METADATA), {
    jid: GROUP,
    subject: 'Launch team',
    description: 'Ship it',
    owner: ME,
    created_at: 1735689600000,
    members: [
      { jid: ME, admin: true, super_admin: true },
      { jid: '919800000002@s.whatsapp.net', admin: true, super_admin: false },
      { jid: '919800000003@s.whatsapp.net', admin: false, super_admin: false },
    ],
  });
  assert.deepEqual(groupOf({ id: GROUP, subject: 'bare', participants: [] }),
    { jid: GROUP, subject: 'bare', description: '', owner: '', created_at: 0, members: [] });
});

test('participant statuses map to outcomes per action', () => {
  assert.equal(participantOutcomeOf('add', '200'), 'ok');
  assert.equal(participantOutcomeOf('add', '409'), 'already_in_group');
  assert.equal(participantOutcomeOf('add', '404'), 'not_on_whatsapp');
  assert.equal(participantOutcomeOf('add', '403'), 'refused');
  assert.equal(participantOutcomeOf('add', '408'), 'refused');
  assert.equal(participantOutcomeOf('remove', '404'), 'not_in_group');
  assert.equal(participantOutcomeOf('promote', '200'), 'ok');
});

test('query errors map to group errors: not in the group, not an admin, anything else', () => {
  assert.equal(groupErrorOf(queryError(404, 'item-not-found'), { change: false }).kind, 'GROUP_ERROR_KIND_NOT_FOUND');
  assert.equal(groupErrorOf(queryError(403, 'forbidden'), { change: false }).kind, 'GROUP_ERROR_KIND_NOT_FOUND');
  assert.equal(groupErrorOf(queryError(403, 'forbidden'), { change: true }).kind, 'GROUP_ERROR_KIND_NOT_ADMIN');
  assert.equal(groupErrorOf(queryError(401, 'not-authorized'), { change: true }).kind, 'GROUP_ERROR_KIND_NOT_ADMIN');
  const timeout = groupErrorOf(new Boom('Timed Out', { statusCode: 408 }), { change: false });
  assert.equal(timeout.kind, 'GROUP_ERROR_KIND_FAILED');
  assert.match(timeout.detail, /408: Timed Out/);
});

test('group-participants.update: the own number is a join or leave, everyone else a participants change', () => {
  const added = groupChangesOf({
    id: GROUP, author: '998877665544@lid', authorPn: '919800000009@s.whatsapp.net', action: 'add',
    participants: [{ id: ME_LID, phoneNumber: ME }, { id: '919800000004@s.whatsapp.net' }],
  }, [ME_DEVICE, ME_LID], 42);
  assert.deepEqual(added, [
    { group_jid: GROUP, action: 'add', author: '919800000009@s.whatsapp.net', timestamp: 42, kind: 'GROUP_CHANGE_KIND_JOIN', participants: [ME] },
    { group_jid: GROUP, action: 'add', author: '919800000009@s.whatsapp.net', timestamp: 42, kind: 'GROUP_CHANGE_KIND_PARTICIPANTS', participants: ['919800000004@s.whatsapp.net'] },
  ]);
  const removed = groupChangesOf({ id: GROUP, author: '919800000009@s.whatsapp.net', action: 'remove', participants: [ME] }, [ME_DEVICE], 1);
  assert.equal(removed.length, 1);
  assert.equal(removed[0].kind, 'GROUP_CHANGE_KIND_LEAVE');
  // Being promoted is a participants change like anyone else's; 'modify' (a LID change) is not reported.
  assert.equal(groupChangesOf({ id: GROUP, author: '', action: 'promote', participants: [ME] }, [ME_DEVICE])[0].kind,
    'GROUP_CHANGE_KIND_PARTICIPANTS');
  assert.deepEqual(groupChangesOf({ id: GROUP, author: '', action: 'modify', participants: ['1@s.whatsapp.net'] }, [ME_DEVICE]), []);
  // Older events carry bare JIDs.
  assert.deepEqual(groupChangesOf({ id: GROUP, author: '', action: 'demote', participants: ['919800000004@s.whatsapp.net'] }, [ME])[0].participants,
    ['919800000004@s.whatsapp.net']);
});

test('groups.update reports subject and description changes, not settings', () => {
  assert.deepEqual(groupUpdatesOf([
    { id: GROUP, subject: 'New name', author: '919800000009@s.whatsapp.net' },
    { id: GROUP, desc: '' },
    { id: GROUP, announce: true },
  ], 7), [
    { group_jid: GROUP, kind: 'GROUP_CHANGE_KIND_UPDATE', action: '', participants: [], author: '919800000009@s.whatsapp.net', subject: 'New name', timestamp: 7 },
    { group_jid: GROUP, kind: 'GROUP_CHANGE_KIND_UPDATE', action: '', participants: [], author: '', description: '', timestamp: 7 },
  ]);
});

const SESSION = { tenant_id: 't1', session_id: 'main' };
const unary = (client, method, request) => new Promise((resolve, reject) => {
  client[method](request, { deadline: Date.now() + 5000 }, (e, r) => (e ? reject(e) : resolve(r)));
});

test('group RPCs reach the session with optional fields kept apart; an unknown session is not ready', async () => {
  const asked = [];
  const session = {
    listGroups: async () => ({ groups: [groupOf(METADATA)] }),
    getGroup: async (r) => (r.group_jid === GROUP ? { group: groupOf(METADATA) }
      : { error: groupErrorOf(queryError(404, 'item-not-found'), { change: false }) }),
    updateGroup: async (r) => { asked.push({ subject: r.subject, description: r.description }); return {}; },
    updateParticipants: async (r) => ({ participants: r.participants.map((jid) => ({ jid, outcome: participantOutcomeOf(r.action, '200') })) }),
    checkNumbers: async (r) => ({ numbers: r.jids.map((jid) => ({ jid, exists: !jid.startsWith('999') })) }),
  };
  const host = { find: (ref) => (ref.session_id === 'main' ? session : undefined), attach() {}, detach() {}, closeAll() {}, size: 1 };
  const { server } = createBridgeServer(host);
  const port = await new Promise((resolve, reject) => server.bindAsync('127.0.0.1:0',
    grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  const client = new (loadContract().Bridge)(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
  try {
    const listed = await unary(client, 'ListGroups', { session: SESSION });
    assert.equal(listed.groups[0].members[0].jid, ME);
    assert.equal(listed.groups[0].created_at, 1735689600000);
    assert.equal((await unary(client, 'GetGroup', { session: SESSION, group_jid: '1203630@g.us' })).error.kind, 'GROUP_ERROR_KIND_NOT_FOUND');

    await unary(client, 'UpdateGroup', { session: SESSION, group_jid: GROUP, description: '' });
    await unary(client, 'UpdateGroup', { session: SESSION, group_jid: GROUP, subject: 'Renamed' });
    assert.deepEqual(asked, [{ subject: undefined, description: '' }, { subject: 'Renamed', description: undefined }]);

    const changed = await unary(client, 'UpdateParticipants', { session: SESSION, group_jid: GROUP, action: 'promote', participants: [ME] });
    assert.deepEqual(changed.participants, [{ jid: ME, outcome: 'ok' }]);
    const checked = await unary(client, 'CheckNumbers', { session: SESSION, jids: ['919800000002@s.whatsapp.net', '999000000001@s.whatsapp.net'] });
    assert.deepEqual(checked.numbers.map((n) => n.exists), [true, false]);

    const gone = await unary(client, 'LeaveGroup', { session: { tenant_id: 't1', session_id: 'other' }, group_jid: GROUP });
    assert.equal(gone.error.kind, 'GROUP_ERROR_KIND_NOT_READY');
  } finally {
    client.close();
    server.forceShutdown();
  }
});
