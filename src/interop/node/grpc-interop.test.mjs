// WapiConnect's gRPC API through Node's @grpc/grpc-js (pure JavaScript HTTP/2), a client we did not write.
//
// Run by InteropIT against the packaged server; by hand against any server on the sandbox engine:
//   WAPI_GRPC_TARGET=127.0.0.1:8080 WAPI_BASE_URL=http://127.0.0.1:8080 WAPI_KEY=wapi_... \
//   WAPI_PROTO_PATH=dir/with/wapiconnect+google+grpc/protos node --test node/
// The .proto files are loaded at run time by @grpc/proto-loader, as most Node services do; status details
// are decoded with protobufjs, as grpc-js leaves grpc-status-details-bin to the application.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';

const TARGET = process.env.WAPI_GRPC_TARGET;
const BASE_URL = process.env.WAPI_BASE_URL;
const KEY = process.env.WAPI_KEY;
const PROTO_PATH = process.env.WAPI_PROTO_PATH;
const SESSION = process.env.WAPI_SESSION ?? `node-${randomUUID().slice(0, 8)}`;
const DEADLINE_MS = 20_000; // every call: a server that stops answering fails the test instead of hanging it

const definition = protoLoader.loadSync(
  ['wapiconnect/v1/sessions.proto', 'wapiconnect/v1/messages.proto', 'wapiconnect/v1/events.proto',
    'grpc/health/v1/health.proto', 'grpc/reflection/v1alpha/reflection.proto'],
  { includeDirs: [PROTO_PATH], keepCase: false, longs: String, enums: String, defaults: true, oneofs: true });
const api = grpc.loadPackageDefinition(definition);

const rpcTypes = new protobuf.Root();
rpcTypes.resolvePath = (origin, target) => path.join(PROTO_PATH, target);
rpcTypes.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto', 'google/protobuf/descriptor.proto']);
const Status = rpcTypes.lookupType('google.rpc.Status');
const ErrorInfo = rpcTypes.lookupType('google.rpc.ErrorInfo');

const deadline = () => ({ deadline: Date.now() + DEADLINE_MS });
const keyed = (key = KEY) => {
  const metadata = new grpc.Metadata();
  if (key) metadata.set('x-api-key', key);
  return metadata;
};
const unary = (client, method, request, key) => new Promise((resolve, reject) =>
  client[method](request, keyed(key), deadline(), (error, response) => (error ? reject(error) : resolve(response))));

async function rest(method, urlPath, body) {
  const response = await fetch(BASE_URL + urlPath, {
    method, headers: { 'X-API-Key': KEY, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(DEADLINE_MS),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${urlPath}: ${response.status} ${text}`);
  return JSON.parse(text);
}

/** The google.rpc.ErrorInfo in grpc-status-details-bin. */
function errorInfo(error) {
  const [details] = error.metadata.get('grpc-status-details-bin');
  assert.ok(details, `no grpc-status-details-bin on ${error.code}: ${error.details}`);
  const status = Status.decode(details);
  assert.equal(status.code, error.code);
  const infos = status.details.filter((any) => any.type_url === 'type.googleapis.com/google.rpc.ErrorInfo');
  assert.equal(infos.length, 1);
  return ErrorInfo.decode(infos[0].value);
}

/** Reads a server stream until `enough(received)` says so, then cancels it; rejects on any other end. */
function readUntil(call, enough, onEvent = () => {}) {
  return new Promise((resolve, reject) => {
    const received = [];
    let done = false;
    call.on('data', (event) => {
      // Idle streams get a heartbeat every 15 s, whatever the filter.
      if (done || event.type === 'EVENT_TYPE_HEARTBEAT') return;
      received.push(event);
      onEvent(received);
      if (enough(received)) {
        done = true;
        call.cancel();
        resolve(received);
      }
    });
    call.on('error', (error) => {
      if (!done) reject(error);
    });
    call.on('end', () => {
      if (!done) reject(new Error(`stream ended after ${received.length} events`));
    });
  });
}

describe('grpc-js', () => {
  const v1 = api.wapiconnect.v1;
  let sessions;
  let messages;
  let events;

  async function awaitStatus(wanted) {
    const until = Date.now() + DEADLINE_MS;
    for (;;) {
      const session = await unary(sessions, 'GetSessionStatus', { sessionId: SESSION });
      if (session.status === wanted) return session;
      assert.ok(Date.now() < until, `session ${SESSION} never reached ${wanted}: ${JSON.stringify(session)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  before(async () => {
    const credentials = grpc.credentials.createInsecure();
    sessions = new v1.Sessions(TARGET, credentials);
    messages = new v1.Messages(TARGET, credentials);
    events = new v1.Events(TARGET, credentials);
    // A session made and linked over gRPC + the sandbox's REST scan, shared by the tests below.
    const created = await unary(sessions, 'CreateSession', { sessionId: SESSION, name: 'grpc-js' });
    assert.equal(created.sessionId, SESSION);
    assert.equal(created.isNew, true);
    await awaitStatus('SESSION_STATUS_QR_READY');
    await rest('POST', `/api/sandbox/session/${SESSION}/scan`, { phoneNumber: '919800000011' });
    await awaitStatus('SESSION_STATUS_READY');
  });

  after(() => {
    for (const client of [sessions, messages, events]) client?.close();
  });

  test('health check without a key', async () => {
    const health = new api.grpc.health.v1.Health(TARGET, grpc.credentials.createInsecure());
    try {
      const response = await unary(health, 'Check', { service: '' }, null);
      assert.equal(response.status, 'SERVING');
    } finally {
      health.close();
    }
  });

  test('reflection lists the services and serves their descriptors', async () => {
    const reflection = new api.grpc.reflection.v1alpha.ServerReflection(TARGET, grpc.credentials.createInsecure());
    try {
      const call = reflection.ServerReflectionInfo(deadline());
      const responses = [];
      const ended = new Promise((resolve, reject) => {
        call.on('data', (response) => responses.push(response));
        call.on('error', reject);
        call.on('end', resolve);
      });
      call.write({ listServices: '' });
      call.write({ fileContainingSymbol: 'wapiconnect.v1.Events' });
      call.end();
      await ended;
      assert.equal(responses.length, 2);
      const services = responses[0].listServicesResponse.service.map((s) => s.name);
      for (const expected of ['wapiconnect.v1.Sessions', 'wapiconnect.v1.Messages', 'wapiconnect.v1.Events',
        'wapiconnect.v1.BulkJobs', 'wapiconnect.v1.Account', 'grpc.health.v1.Health']) {
        assert.ok(services.includes(expected), `${expected} in ${services}`);
      }
      const files = responses[1].fileDescriptorResponse.fileDescriptorProto;
      assert.ok(files.length >= 1);
      const descriptors = rpcTypes.lookupType('google.protobuf.FileDescriptorProto');
      assert.ok(files.map((f) => descriptors.decode(f).name).includes('wapiconnect/v1/events.proto'));
    } finally {
      reflection.close();
    }
  });

  test('a failed call carries ErrorInfo with the REST code', async () => {
    const error = await unary(sessions, 'GetSessionStatus', { sessionId: 'no-such-session' }).then(
      () => assert.fail('expected NOT_FOUND'), (e) => e);
    assert.equal(error.code, grpc.status.NOT_FOUND);
    const info = errorInfo(error);
    assert.equal(info.reason, 'SESSION_NOT_FOUND');
    assert.equal(info.domain, 'wapiconnect.cloud');
  });

  test('a wrong key is UNAUTHENTICATED with ErrorInfo', async () => {
    const error = await unary(sessions, 'ListSessions', {}, 'wapi_not-a-key').then(
      () => assert.fail('expected UNAUTHENTICATED'), (e) => e);
    assert.equal(error.code, grpc.status.UNAUTHENTICATED);
    assert.equal(errorInfo(error).reason, 'UNAUTHORIZED');
  });

  test('send a message with the key', async () => {
    const sent = await unary(messages, 'SendMessage',
      { sessionId: SESSION, to: '919800000012', content: { message: 'Hello from grpc-js' } });
    assert.ok(sent.messageId);
    assert.ok(Number(sent.timestamp) > 0);
    const listed = await unary(messages, 'ListMessages', { sessionId: SESSION, limit: 100 });
    assert.ok(listed.messages.map((m) => m.messageId).includes(sent.messageId));
  });

  test('subscribe, then resume after the last event seen', async () => {
    const tag = randomUUID().slice(0, 6);
    const incoming = (body) => rest('POST', `/api/sandbox/session/${SESSION}/incoming`, { from: '919800000013', body });
    const first = [0, 1, 2, 3, 4, 5].map((i) => `${tag} ${i}`);
    for (const body of first) await incoming(body);
    const request = { sessionIds: [SESSION], types: ['EVENT_TYPE_MESSAGE'], resumeAfter: 0 };

    const seen = await readUntil(events.Subscribe(request, keyed(), deadline()), (r) => r.length === 3);
    assert.deepEqual(seen.map((e) => e.message.body), first.slice(0, 3));
    const lastId = BigInt(seen[2].id);

    // Two more while nobody listens, then resume: the rest of the log, then one live.
    const later = [`${tag} 6`, `${tag} 7`];
    for (const body of later) await incoming(body);
    const expected = [...first.slice(3), ...later, `${tag} live`];
    const resumed = await readUntil(
      events.Subscribe({ ...request, resumeAfter: lastId.toString() }, keyed(), deadline()),
      (r) => r.length === expected.length,
      (r) => { if (r.length === expected.length - 1) incoming(`${tag} live`).catch((e) => console.error(e)); });
    assert.deepEqual(resumed.map((e) => e.message.body), expected);
    assert.ok(resumed.every((e) => e.type === 'EVENT_TYPE_MESSAGE'));
    const ids = [lastId, ...resumed.map((e) => BigInt(e.id))];
    assert.ok(ids.every((id, i) => i === 0 || ids[i - 1] < id), `ids not ascending: ${ids}`);
  });
});
