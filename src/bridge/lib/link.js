// The bridge's end of the Link stream: events out, auth-state requests out and their answers in.
// Requests carry an id and a timeout, so a server that stops answering can never hang a session.

export class Link {
  constructor(call, hello, logger) {
    this.call = call;
    this.hello = hello;
    this.logger = logger;
    this.nextId = 1;
    this.pending = new Map();
    this.closed = false;
    call.on('data', (message) => this.#answer(message));
  }

  /** Settings the server sent in its hello. */
  get settings() {
    return this.hello;
  }

  event(session, event) {
    if (!this.closed) {
      this.call.write({ event: { session, ...event } });
    }
  }

  /** @returns entries found: [{ key: {category, id}, value: Buffer }] */
  async read(session, keys) {
    const result = await this.#request('auth_read', { session, keys });
    return result.entries.map((e) => ({ key: e.key, value: e.value }));
  }

  async write(session, put, del) {
    await this.#request('auth_write', { session, put, delete: del });
  }

  close(reason) {
    if (this.closed) {
      return;
    }
    this.closed = true;
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject(new Error(`link closed: ${reason}`));
    }
    this.pending.clear();
  }

  #request(kind, body) {
    if (this.closed) {
      return Promise.reject(new Error('link closed'));
    }
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new Error(`${kind} not answered within ${this.hello.auth_timeout_ms} ms`));
      }, this.hello.auth_timeout_ms);
      this.pending.set(requestId, { resolve, reject, timer });
      this.call.write({ [kind]: { request_id: requestId, ...body } });
    });
  }

  #answer(message) {
    const result = message.auth_read_result ?? message.auth_write_result;
    if (!result) {
      this.logger.warn({ kind: message.kind }, 'unexpected message on the link');
      return;
    }
    const requestId = Number(result.request_id);
    const pending = this.pending.get(requestId);
    if (!pending) {
      return; // answered after its timeout
    }
    this.pending.delete(requestId);
    clearTimeout(pending.timer);
    if (result.error) {
      pending.reject(new Error(result.error));
    } else {
      pending.resolve(result);
    }
  }
}
