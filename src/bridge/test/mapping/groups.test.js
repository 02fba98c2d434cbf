// Groups and contacts: the mapping of Baileys' group types, answers, errors and events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Boom } from '@hapi/boom';
import { groupChangesOf, groupErrorOf, groupOf, groupUpdatesOf, participantOutcomeOf } from '../../lib/mapping/groups.js';
import { GROUP, ME, METADATA, queryError } from '../group-fixture.js';

const ME_DEVICE = '919800000001:7@s.whatsapp.net';
const ME_LID = '112233445566@lid';

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
