// The bridge's group RPCs over the real gRPC contract (a stand-in session records what the server asked for).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import grpc from '@grpc/grpc-js';
import { CHANNEL_OPTIONS, loadContract } from '../lib/contract.js';
import { createBridgeServer } from '../bridge.js';
import { groupErrorOf, groupOf, participantOutcomeOf } from '../lib/mapping/groups.js';
import { GROUP, ME, METADATA, queryError } from './group-fixture.js';

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
