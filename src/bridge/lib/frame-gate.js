// Baileys emits 'creds.update' and carries on without waiting for anyone to store it: it may upload
// pre-keys or answer a pairing right after advancing the counters in its creds. If the bridge or the
// server crashed between that frame and the creds write, the restored session would reuse ids WhatsApp
// already holds and fail to decrypt. So frames to WhatsApp wait here until every creds write issued
// before them is committed by the server: WhatsApp never learns a state we could lose.

/**
 * Holds the frames a Baileys socket sends while credential writes are in flight, in their order.
 *
 * @param client   Baileys' WebSocketClient (`sock.ws`), already connecting
 * @param pending  () -> Promise of the creds writes in flight, or null when none is
 * @param onLost   called once when a write failed: the frames behind it must not be sent
 */
export function holdFramesForCreds(client, pending, onLost) {
  const raw = client.socket;
  if (!raw) {
    return;
  }
  const send = raw.send.bind(raw);
  let queue = null;
  let lost = false;
  raw.send = (data, cb) => {
    if (lost) {
      cb?.(new Error('credentials could not be stored; the connection is being restarted'));
      return;
    }
    const waitFor = pending();
    if (!waitFor && !queue) {
      send(data, cb); // the common case: nothing to wait for, no reordering possible
      return;
    }
    const tail = (queue ?? Promise.resolve())
      .then(() => waitFor)
      .then(() => send(data, cb), (error) => {
        if (!lost) {
          lost = true;
          onLost(error);
        }
        cb?.(error);
      });
    queue = tail;
    tail.finally(() => {
      if (queue === tail) {
        queue = null;
      }
    });
  };
}
