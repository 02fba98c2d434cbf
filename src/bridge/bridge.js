#!/usr/bin/env node
// The WapiConnect WhatsApp bridge: hosts Baileys sockets for many sessions and serves the local gRPC
// contract (proto/.../bridge/v1/bridge.proto) on 127.0.0.1:<--port>. Started and supervised by the
// server; it exits when the server's end of its stdin closes, so it never outlives a killed server.
import grpc from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { CHANNEL_OPTIONS, loadContract } from './lib/contract.js';
import { Link } from './lib/link.js';
import { makeLogger } from './lib/logger.js';
import { SessionHost } from './lib/session-host.js';

const logger = makeLogger();
const ENGINE_VERSION = JSON.parse(readFileSync(new URL('./node_modules/@whiskeysockets/baileys/package.json', import.meta.url))).version;

function argument(name) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

/** A request with proto3 `optional` fields read as present or absent (proto-loader fills defaults otherwise). */
function groupRequest(request) {
  const present = (name) => request[`_${name}`] === name || (request[`_${name}`] === undefined && request[name] != null);
  return {
    ...request,
    subject: present('subject') ? request.subject : undefined,
    description: present('description') ? request.description : undefined,
  };
}

export function createBridgeServer(host = new SessionHost({ logger })) {
  const contract = loadContract();
  const server = new grpc.Server(CHANNEL_OPTIONS);
  const fail = (callback, code, details) => callback({ code, details });

  server.addService(contract.Bridge.service, {
    Ping(call, callback) {
      callback(null, { sessions: host.size, pid: process.pid, rss_bytes: process.memoryUsage().rss, engine_version: ENGINE_VERSION });
    },
    StartSession({ request }, callback) {
      try {
        host.start(request.session, request.restore);
        callback(null, {});
      } catch (error) {
        fail(callback, grpc.status.FAILED_PRECONDITION, error.message);
      }
    },
    StopSession({ request }, callback) {
      host.stop(request.session, request.logout).then(() => callback(null, {}),
        (error) => fail(callback, grpc.status.INTERNAL, error.message));
    },
    Send({ request }, callback) {
      const session = host.find(request.session);
      if (!session) {
        callback(null, { error: { kind: 'SEND_ERROR_KIND_NOT_READY', detail: 'the session is not started' } });
        return;
      }
      session.send(request).then((result) => callback(null, result),
        (error) => fail(callback, grpc.status.INTERNAL, error.message));
    },
    RequestPairingCode({ request }, callback) {
      const session = host.find(request.session);
      if (!session) {
        callback(null, { error: { kind: 'PAIRING_ERROR_KIND_NOT_CONNECTED', detail: 'the session is not started' } });
        return;
      }
      session.pairingCode(request.phone_number).then((result) => callback(null, result),
        (error) => fail(callback, grpc.status.INTERNAL, error.message));
    },
    DownloadMedia(call, callback) {
      const { request } = call;
      const session = host.find(request.session);
      if (!session) {
        callback(null, { found: false });
        return;
      }
      session.download(request.message_id, { deadline: Number(call.getDeadline()) }).then((result) => callback(null, result),
        (error) => fail(callback, grpc.status.UNAVAILABLE, error.message));
    },
    SendPresence({ request }, callback) {
      const session = host.find(request.session);
      if (!session) {
        callback(null, { error: { kind: 'SEND_ERROR_KIND_NOT_READY', detail: 'the session is not started' } });
        return;
      }
      session.presence(request).then((result) => callback(null, result),
        (error) => fail(callback, grpc.status.INTERNAL, error.message));
    },
    MarkRead({ request }, callback) {
      const session = host.find(request.session);
      if (!session) {
        callback(null, { error: { kind: 'SEND_ERROR_KIND_NOT_READY', detail: 'the session is not started' } });
        return;
      }
      session.markRead(request).then((result) => callback(null, result),
        (error) => fail(callback, grpc.status.INTERNAL, error.message));
    },
    ChangeMessage({ request }, callback) {
      const session = host.find(request.session);
      if (!session) {
        callback(null, { error: { kind: 'SEND_ERROR_KIND_NOT_READY', detail: 'the session is not started' } });
        return;
      }
      session.changeMessage(request).then((result) => callback(null, result),
        (error) => fail(callback, grpc.status.INTERNAL, error.message));
    },
    // Groups and contacts: the session answers with data; a session this bridge does not run is NOT_READY.
    ...Object.fromEntries([
      ['ListGroups', 'listGroups'], ['CreateGroup', 'createGroup'], ['GetGroup', 'getGroup'],
      ['UpdateParticipants', 'updateParticipants'], ['UpdateGroup', 'updateGroup'], ['LeaveGroup', 'leaveGroup'],
      ['GroupInviteCode', 'inviteCode'], ['CheckNumbers', 'checkNumbers'],
    ].map(([rpc, method]) => [rpc, ({ request }, callback) => {
      const session = host.find(request.session);
      if (!session) {
        callback(null, { error: { kind: 'GROUP_ERROR_KIND_NOT_READY', detail: 'the session is not started' } });
        return;
      }
      session[method](groupRequest(request)).then((result) => callback(null, result),
        (error) => fail(callback, grpc.status.INTERNAL, error.message));
    }])),
    Link(call) {
      let link = null;
      call.once('data', (first) => {
        if (!first.hello) {
          call.destroy(new Error('the first message on the link must be a hello'));
          return;
        }
        link = new Link(call, first.hello, logger);
        host.attach(link);
        logger.info({ hello: first.hello }, 'server linked');
      });
      const end = (reason) => {
        if (link) {
          link.close(reason);
          host.detach(link, reason);
          link = null;
        }
      };
      call.on('end', () => {
        end('the server closed the link');
        call.end();
      });
      call.on('error', (error) => end(error.message));
      call.on('cancelled', () => end('cancelled'));
    },
  });
  return { server, host };
}

async function main() {
  const port = Number(argument('port') ?? process.env.WAPI_BRIDGE_PORT ?? 0);
  const { server, host } = createBridgeServer();
  const bound = await new Promise((resolve, reject) => {
    server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(),
      (error, actual) => (error ? reject(error) : resolve(actual)));
  });
  // The server waits for this line before it calls.
  process.stdout.write(`WAPI_BRIDGE_LISTENING ${bound}\n`);

  const shutdown = (why) => {
    logger.warn({ why }, 'bridge stopping');
    host.closeAll(why);
    server.forceShutdown();
    process.exit(0);
  };
  if (argument('watch-stdin') !== 'false') {
    process.stdin.on('end', () => shutdown('the server is gone (stdin closed)'));
    process.stdin.on('error', () => shutdown('the server is gone (stdin error)'));
    process.stdin.resume();
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  // One session's bug must not take the others down: log and keep serving.
  process.on('unhandledRejection', (error) => logger.error({ err: error }, 'unhandled rejection'));
  // An exception nobody caught leaves a socket in an unknown state: exit, and the server restarts the bridge
  // and restores every session from its stored credentials.
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error, stack: error.stack }, 'uncaught exception');
    process.exit(1);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    logger.fatal({ err: error }, 'bridge failed to start');
    process.exit(1);
  });
}
