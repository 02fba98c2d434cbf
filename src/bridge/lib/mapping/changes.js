// Changes to messages already sent: edits, revokes (for everyone), deletes for this device and forwards, as
// Baileys' content; and the other side's edits and revokes (protocol messages) as the contract's events.
import { getContentType, isJidGroup, normalizeMessageContent, proto } from '@whiskeysockets/baileys';
import { preferPhoneJid, toMillis } from './common.js';

const { Type } = proto.Message.ProtocolMessage;

/** A contract MessageKey of the chat `jid` as Baileys' WAMessageKey. */
function keyOf(jid, key) {
  return { remoteJid: jid, id: key.id, fromMe: Boolean(key.from_me), participant: key.participant || undefined };
}

/**
 * A ChangeMessageRequest as what the socket does: `{ send }` (content for sendMessage to the chat) for an edit
 * or a revoke, `{ modify }` (a ChatModification for chatModify) for a delete for this device only.
 */
export function toChange(request) {
  const key = keyOf(request.chat_jid, request.target);
  switch (request.change) {
    case 'edit':
      return { send: { text: request.edit, edit: key } };
    case 'revoke':
      return { send: { delete: key } };
    case 'delete_for_me_at':
      return {
        modify: {
          deleteForMe: { key, timestamp: Math.floor(Number(request.delete_for_me_at) / 1000), deleteMedia: false },
        },
      };
    default:
      throw new Error(`unsupported message change ${request.change}`);
  }
}

/**
 * The message a Forward sends on, as Baileys' `{ forward }` content: the kept message when the bridge has one
 * (a received media message's ref), else a text message rebuilt from what the server logged. Null when the
 * original carries media the bridge no longer has (its bytes cannot be rebuilt from the log).
 */
export function toForward(forward, kept) {
  const key = keyOf(forward.original_chat, forward.original);
  if (kept?.message) {
    return { forward: { key, message: kept.message } };
  }
  if (forward.type !== 'text') {
    return null;
  }
  return { forward: { key, message: { conversation: forward.text ?? '' } } };
}

/**
 * A received protocol message that edits or revokes one the sender wrote earlier, as the contract's
 * `{ incoming_edit }` or `{ incoming_revoke }`; null for anything else (our own devices' changes included).
 */
export function toIncomingChange(msg) {
  const key = msg?.key;
  if (!key || key.fromMe || !key.remoteJid || key.remoteJid === 'status@broadcast' || !msg.message) {
    return null;
  }
  const content = normalizeMessageContent(msg.message);
  const protocol = content?.protocolMessage;
  if (!protocol?.key?.id || (protocol.type !== Type.MESSAGE_EDIT && protocol.type !== Type.REVOKE)) {
    return null;
  }
  const isGroup = Boolean(isJidGroup(key.remoteJid));
  const change = {
    message_id: protocol.key.id,
    from: isGroup ? key.remoteJid : preferPhoneJid(key.remoteJid, key.remoteJidAlt),
    participant: isGroup ? preferPhoneJid(key.participant, key.participantAlt) ?? '' : '',
  };
  const timestamp = protocol.timestampMs ? Number(protocol.timestampMs.toString()) : toMillis(msg.messageTimestamp);
  if (protocol.type === Type.REVOKE) {
    return { incoming_revoke: { ...change, timestamp } };
  }
  return { incoming_edit: { ...change, body: textOf(protocol.editedMessage), timestamp } };
}

/** The text or caption of an edited message's new content. */
function textOf(message) {
  const content = normalizeMessageContent(message);
  const type = content && getContentType(content);
  const c = type ? content[type] : null;
  if (typeof c === 'string') {
    return c;
  }
  return c?.text ?? c?.caption ?? '';
}
