#!/usr/bin/env node
// Verifies WapiConnect webhook bodies the way the API document's `verifyWebhook` does, with the one
// fix the document's receivers need: the signature covers the payload WITHOUT its "signature" field.
//
// Input (stdin): one JSON object per line, {"secret": "...", "body": "<raw request body>"}.
// Output (stdout): one line per input, "ok" or "mismatch <expected> <received>".
const crypto = require("crypto");
const readline = require("readline");

// The document's function, unchanged.
function verifyWebhook(payload, receivedSig, secret) {
  const expected = crypto
    .createHmac("sha256", secret)
    .update(JSON.stringify(payload))
    .digest("hex");
  return expected === receivedSig;
}

const lines = readline.createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (!line.trim()) return;
  const { secret, body } = JSON.parse(line);
  const { signature, ...payload } = JSON.parse(body);
  if (verifyWebhook(payload, signature, secret)) {
    console.log("ok");
  } else {
    const expected = crypto.createHmac("sha256", secret).update(JSON.stringify(payload)).digest("hex");
    console.log(`mismatch ${expected} ${signature}`);
  }
});
