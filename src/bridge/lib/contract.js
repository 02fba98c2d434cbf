// Loads the bridge contract (proto/src/main/proto/wapiconnect/bridge/v1/bridge.proto). The server passes
// the copy it was built with in WAPI_BRIDGE_PROTO; run from a checkout, the bridge finds it in the tree.
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';

const here = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_PROTO = resolve(here, '../../../proto/src/main/proto/wapiconnect/bridge/v1/bridge.proto');

export function loadContract(protoPath = process.env.WAPI_BRIDGE_PROTO || DEFAULT_PROTO) {
  const definition = protoLoader.loadSync(protoPath, {
    keepCase: true,
    longs: Number,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  return grpc.loadPackageDefinition(definition).wapiconnect.bridge.v1;
}

/** gRPC options for both ends: media travels in single messages. */
export const CHANNEL_OPTIONS = {
  'grpc.max_receive_message_length': 128 * 1024 * 1024,
  'grpc.max_send_message_length': 128 * 1024 * 1024,
};
