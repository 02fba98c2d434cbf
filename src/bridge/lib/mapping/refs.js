// Messages the server keeps for a session as WebMessageInfo protobuf bytes (media refs and poll refs),
// and the way back to the message.
import { getContentType, normalizeMessageContent, proto } from '@whiskeysockets/baileys';

/**
 * A received media message cut down to what fetching its media again needs (the message key, media key,
 * paths and hashes; no thumbnail), as WebMessageInfo protobuf bytes for the server to keep.
 */
export function mediaRefOf(msg) {
  const content = normalizeMessageContent(msg.message);
  const type = getContentType(content);
  return Buffer.from(proto.WebMessageInfo.encode(proto.WebMessageInfo.fromObject({
    key: msg.key,
    message: { [type]: { ...content[type], jpegThumbnail: undefined } },
  })).finish());
}

/**
 * A poll this session sent, as decrypting its votes later needs it (the options and the poll's secret in
 * messageContextInfo), as WebMessageInfo protobuf bytes for the server to keep.
 */
export function pollRefOf(sent) {
  return Buffer.from(proto.WebMessageInfo.encode(proto.WebMessageInfo.fromObject({
    key: sent.key,
    message: sent.message,
  })).finish());
}

/** The message a media or poll ref was made from (for downloadMediaMessage, or pollVoteOf). */
export function messageFromRef(bytes) {
  return proto.WebMessageInfo.decode(bytes);
}
