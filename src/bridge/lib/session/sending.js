// Sending for one session: messages (forwards included), edits and revokes, presence and read receipts. Every answer is data (a SendError for
// expected failures); a sent poll is remembered, since votes on it need its secret.
import { isJidGroup } from '@whiskeysockets/baileys';
import { isTimelockError, toChange, toContent, toForward, toReadKeys, toSendOptions } from '../mapping/index.js';

function notReady() {
  return { error: { kind: 'SEND_ERROR_KIND_NOT_READY', detail: 'the session is not connected to WhatsApp' } };
}

export class SessionSending {
  constructor(session) {
    this.session = session;
  }

  async send(request) {
    const session = this.session;
    if (!session.connected) {
      return notReady();
    }
    const locked = session.limits.refusal();
    if (locked) {
      return locked;
    }
    const jid = request.jid;
    if (!isJidGroup(jid) && !(await this.#isOnWhatsApp(jid))) {
      return { error: { kind: 'SEND_ERROR_KIND_NOT_ON_WHATSAPP', detail: `${jid.split('@')[0]} is not on WhatsApp` } };
    }
    try {
      const content = request.content === 'forward' ? await this.#forwarded(request.forward) : toContent(request);
      if (!content) {
        return { error: { kind: 'SEND_ERROR_KIND_FAILED', detail: `the bridge no longer keeps the media of message ${request.forward.original.id}, so it cannot be forwarded` } };
      }
      const sent = await session.sock.sendMessage(jid, content, toSendOptions(request));
      if (request.content === 'poll' && sent) {
        await session.polls.remember(sent);
      }
      return { message_id: sent?.key?.id ?? request.message_id };
    } catch (error) {
      if (isTimelockError(error)) {
        session.limits.refused(session.sock);
        return session.limits.refusal();
      }
      return { error: { kind: 'SEND_ERROR_KIND_FAILED', detail: error.message } };
    }
  }

  async presence(request) {
    if (!this.session.connected) {
      return notReady();
    }
    try {
      await this.session.sock.sendPresenceUpdate(request.state, request.jid || undefined);
      return {};
    } catch (error) {
      return { error: { kind: 'SEND_ERROR_KIND_FAILED', detail: error.message } };
    }
  }

  async markRead(request) {
    if (!this.session.connected) {
      return notReady();
    }
    try {
      await this.session.sock.readMessages(toReadKeys(request));
      return {};
    } catch (error) {
      return { error: { kind: 'SEND_ERROR_KIND_FAILED', detail: error.message } };
    }
  }

  /** Edits or revokes a message this session sent, or deletes one for this device only. */
  async changeMessage(request) {
    if (!this.session.connected) {
      return notReady();
    }
    try {
      const change = toChange(request);
      if (change.send) {
        await this.session.sock.sendMessage(request.chat_jid, change.send);
      } else {
        await this.session.sock.chatModify(change.modify, request.chat_jid);
      }
      return {};
    } catch (error) {
      return { error: { kind: 'SEND_ERROR_KIND_FAILED', detail: error.message } };
    }
  }

  /** Forward content: the kept message when this bridge has it (received media), else rebuilt from the log's text. */
  async #forwarded(forward) {
    const kept = await this.session.incomingMessages.kept(forward.original.id);
    return toForward(forward, kept);
  }

  async #isOnWhatsApp(jid) {
    const known = this.session.knownNumbers.lookup(jid);
    if (known !== undefined) {
      return known;
    }
    const [result] = (await this.session.sock.onWhatsApp(jid)) ?? [];
    const exists = Boolean(result?.exists);
    this.session.knownNumbers.remember(jid, exists);
    return exists;
  }
}
