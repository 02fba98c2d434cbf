// Per-call overhead of the bridge contract: sequential Ping round trips on one channel, as the server's
// health check makes them. Prints p50, p99 and mean in microseconds.
//   node src/bench/bridge-ping.mjs <port> [calls=2000]
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const bridgeDir = resolve(import.meta.dirname, '../bridge');
const grpc = createRequire(resolve(bridgeDir, 'package.json'))('@grpc/grpc-js');
const { loadContract } = await import(resolve(bridgeDir, 'lib/contract.js'));

const port = process.argv[2];
const calls = Number(process.argv[3] || 2000);
const Bridge = loadContract().Bridge;
const client = new Bridge(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
const ping = () => new Promise((ok, fail) => client.Ping({}, { deadline: Date.now() + 5000 }, (e, r) => (e ? fail(e) : ok(r))));

for (let i = 0; i < 200; i++) {
  await ping(); // warm-up: channel, HTTP/2 window, JIT
}
const took = [];
for (let i = 0; i < calls; i++) {
  const t = process.hrtime.bigint();
  await ping();
  took.push(Number(process.hrtime.bigint() - t) / 1000);
}
took.sort((a, b) => a - b);
const at = (q) => took[Math.min(took.length - 1, Math.floor(q * took.length))];
const mean = took.reduce((a, b) => a + b, 0) / took.length;
console.log(`ping_p50_us=${at(0.5).toFixed(0)} ping_p99_us=${at(0.99).toFixed(0)} ping_mean_us=${mean.toFixed(0)}`);
client.close();
