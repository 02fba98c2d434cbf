// Translation between Baileys' types and the bridge contract's vocabulary. Pure functions: the only
// place that knows both sides, tested with Baileys' own protobuf types (test/mapping.test.js).
import { DisconnectReason as WA, WAMessageStatus, decryptPollVote, getAggregateVotesInPollMessage, getContentType, getKeyAuthor, jidNormalizedUser, normalizeMessageContent, isJidGroup, proto } from '@whiskeysockets/baileys';

/** Incoming message kinds: Baileys' content type -> [our type, carries media]. */
const INCOMING_TYPES = {
  conversation: ['text', false],
  extendedTextMessage: ['text', false],
  imageMessage: ['image', true],
  videoMessage: ['video', true],
  ptvMessage: ['video', true],
  audioMessage: ['audio', true],
  documentMessage: ['document', true],
  stickerMessage: ['sticker', true],
  locationMessage: ['location', false],
  liveLocationMessage: ['location', false],
  contactMessage: ['contact', false],
  contactsArrayMessage: ['contact', false],
  pollCreationMessage: ['poll', false],
  pollCreationMessageV2: ['poll', false],
  pollCreationMessageV3: ['poll', false],
  reactionMessage: ['reaction', false],
};

/** Content that is protocol traffic, not something a person wrote. */
const NOT_A_MESSAGE = new Set(['protocolMessage', 'senderKeyDistributionMessage', 'messageContextInfo',
  'pollUpdateMessage', 'keepInChatMessage', 'encReactionMessage']);

/**
 * A received WAMessage as the contract's Incoming, or null when it is not a message someone wrote to
 * this number (our own, status broadcasts, protocol traffic).
 */
export function toIncoming(msg) {
  const key = msg?.key;
  if (!key || key.fromMe || !key.remoteJid || key.remoteJid === 'status@broadcast' || !msg.message) {
    return null;
  }
  const content = normalizeMessageContent(msg.message);
  const contentType = content && getContentType(content);
  if (!contentType || NOT_A_MESSAGE.has(contentType)) {
    return null;
  }
  const [type, hasMedia] = INCOMING_TYPES[contentType] ?? ['unknown', false];
  const isGroup = Boolean(isJidGroup(key.remoteJid));
  const incoming = {
    id: key.id,
    // WhatsApp increasingly addresses people by LID; the phone-number JID, when known, is what clients can reply to.
    from: isGroup ? key.remoteJid : preferPhoneJid(key.remoteJid, key.remoteJidAlt),
    body: bodyOf(contentType, content[contentType]),
    type,
    is_group: isGroup,
    participant: isGroup ? preferPhoneJid(key.participant, key.participantAlt) ?? '' : '',
    has_media: hasMedia,
    timestamp: toMillis(msg.messageTimestamp),
  };
  return Object.assign(incoming, detailsOf(contentType, content[contentType]));
}

/** What a message carries beyond its body: the place, the cards, the reaction, the quote, the mentions (only what is there). */
function detailsOf(contentType, c) {
  const details = {};
  switch (contentType) {
    case 'locationMessage':
    case 'liveLocationMessage':
      details.location = { latitude: c.degreesLatitude ?? 0, longitude: c.degreesLongitude ?? 0, name: c.name ?? '', address: c.address ?? '' };
      break;
    case 'contactMessage':
      details.contacts = [contactOf(c)];
      break;
    case 'contactsArrayMessage':
      details.contacts = (c.contacts ?? []).map(contactOf);
      break;
    case 'reactionMessage':
      details.reaction_message_id = c.key?.id ?? '';
      details.reaction_emoji = c.text ?? '';
      break;
    default:
  }
  const context = typeof c === 'object' && c ? c.contextInfo : null;
  if (context?.stanzaId) {
    details.quoted_message_id = context.stanzaId;
  }
  if (context?.mentionedJid?.length) {
    details.mentions = [...context.mentionedJid];
  }
  return details;
}

function contactOf(card) {
  const parsed = parseVCard(card.vcard ?? '');
  return { name: card.displayName || parsed.name, vcard: card.vcard ?? '', phones: parsed.phones };
}

/**
 * The name and phone numbers of a vCard (2.1, 3.0 or 4.0): FN (else N), and each TEL's WhatsApp id
 * (waid) or, without one, its value. Folded lines are unfolded and RFC 2426 escapes undone.
 */
export function parseVCard(text) {
  const lines = text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
  let name = '';
  let family = '';
  const phones = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon < 0) {
      continue;
    }
    const [property, ...params] = line.slice(0, colon).split(';');
    const value = line.slice(colon + 1);
    const prop = property.replace(/^item\d+\./i, '').toUpperCase();
    if (prop === 'FN') {
      name = unescapeVCard(value);
    } else if (prop === 'N' && !family) {
      family = value.split(';').map(unescapeVCard).filter(Boolean).reverse().join(' ');
    } else if (prop === 'TEL') {
      const waid = params.map((p) => /^waid=(\d+)$/i.exec(p)?.[1]).find(Boolean);
      phones.push(waid ? `+${waid}` : unescapeVCard(value).trim());
    }
  }
  return { name: name || family, phones };
}

function unescapeVCard(value) {
  return value.replace(/\\([\\,;nN])/g, (_, c) => (c === 'n' || c === 'N' ? '\n' : c));
}

function preferPhoneJid(jid, alt) {
  if (jid?.endsWith('@lid') && alt?.endsWith('@s.whatsapp.net')) {
    return alt;
  }
  return jid;
}

function bodyOf(contentType, c) {
  if (typeof c === 'string') {
    return c; // conversation
  }
  switch (contentType) {
    case 'extendedTextMessage': return c.text ?? '';
    case 'imageMessage':
    case 'videoMessage':
    case 'ptvMessage':
    case 'documentMessage': return c.caption ?? '';
    case 'locationMessage':
    case 'liveLocationMessage': return `${c.degreesLatitude},${c.degreesLongitude}`;
    case 'contactMessage': return c.displayName ?? '';
    case 'contactsArrayMessage': return c.displayName ?? '';
    case 'pollCreationMessage':
    case 'pollCreationMessageV2':
    case 'pollCreationMessageV3': return c.name ?? '';
    case 'reactionMessage': return c.text ?? '';
    default: return '';
  }
}

function toMillis(timestamp) {
  if (timestamp == null) {
    return Date.now();
  }
  const seconds = typeof timestamp === 'number' ? timestamp : Number(timestamp.toString());
  return seconds * 1000;
}

/** The media part of a received message, for later download; null when it has none. */
export function mediaOf(msg) {
  const content = msg?.message && normalizeMessageContent(msg.message);
  const contentType = content && getContentType(content);
  if (!contentType || !INCOMING_TYPES[contentType]?.[1]) {
    return null;
  }
  const c = content[contentType];
  return { mimeType: c.mimetype ?? 'application/octet-stream', fileName: c.fileName ?? '' };
}

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

/** A SendRequest's content as Baileys' AnyMessageContent, with its mentions. */
export function toContent(request) {
  const content = contentOf(request);
  if (request.mentions?.length) {
    content.mentions = [...request.mentions];
  }
  return content;
}

/** Baileys' send options of a SendRequest: our message id, and the quoted message for a reply. */
export function toSendOptions(request) {
  const options = { messageId: request.message_id };
  if (request.quoted?.key?.id) {
    const { key, text } = request.quoted;
    // Baileys builds the quote from a message; the text is what the recipient sees in it.
    options.quoted = {
      key: { remoteJid: request.jid, id: key.id, fromMe: Boolean(key.from_me), participant: key.participant || undefined },
      message: { conversation: text ?? '' },
    };
  }
  return options;
}

/** Read receipts' keys for Baileys' readMessages. */
export function toReadKeys(request) {
  return (request.messages ?? []).map((k) => ({
    remoteJid: request.chat_jid, id: k.id, fromMe: Boolean(k.from_me), participant: k.participant || undefined,
  }));
}

/** The id of the poll a received poll vote is for, or null when the message is no poll vote. */
export function pollUpdateTarget(msg) {
  const content = msg?.message && normalizeMessageContent(msg.message);
  return content?.pollUpdateMessage?.pollCreationMessageKey?.id ?? null;
}

/**
 * A vote on one of our polls as the contract's PollVote. Baileys 7 no longer decrypts votes by itself:
 * the vote is encrypted with the poll's secret (messageContextInfo.messageSecret of the poll we sent),
 * so `pollMessage` is that sent message.
 */
export function pollVoteOf(msg, pollMessage, meId) {
  const update = normalizeMessageContent(msg.message).pollUpdateMessage;
  const me = jidNormalizedUser(meId);
  const vote = decryptPollVote(update.vote, {
    pollEncKey: pollMessage.message.messageContextInfo.messageSecret,
    pollCreatorJid: me,
    pollMsgId: update.pollCreationMessageKey.id,
    voterJid: getKeyAuthor(msg.key, me),
  });
  const options = getAggregateVotesInPollMessage({ message: pollMessage.message, pollUpdates: [{ pollUpdateMessageKey: msg.key, vote }] }, me)
    .filter((o) => o.voters.length > 0).map((o) => o.name);
  const isGroup = Boolean(isJidGroup(msg.key.remoteJid));
  return {
    poll_message_id: update.pollCreationMessageKey.id,
    chat: isGroup ? msg.key.remoteJid : preferPhoneJid(msg.key.remoteJid, msg.key.remoteJidAlt),
    voter: isGroup ? preferPhoneJid(msg.key.participant, msg.key.participantAlt) : preferPhoneJid(msg.key.remoteJid, msg.key.remoteJidAlt),
    options,
    timestamp: toMillis(msg.messageTimestamp),
  };
}

/**
 * The server's preview of a text's URL as Baileys' WAUrlInfo, or null: null tells Baileys not to look for a
 * preview itself (fetching a tenant's URL from here would bypass the server's address guard).
 */
export function linkPreviewOf(text) {
  const p = text.preview;
  if (text.no_link_preview || !p) {
    return null;
  }
  const thumbnail = p.jpeg_thumbnail?.length ? Buffer.from(p.jpeg_thumbnail) : undefined;
  return {
    'canonical-url': p.canonical_url,
    'matched-text': p.matched_text,
    title: p.title ?? '',
    description: p.description || undefined,
    jpegThumbnail: thumbnail,
  };
}

function contentOf(request) {
  switch (request.content) {
    case 'text':
      return { text: request.text.text, linkPreview: linkPreviewOf(request.text) };
    case 'location': {
      const l = request.location;
      return { location: { degreesLatitude: l.latitude, degreesLongitude: l.longitude, name: l.name || undefined, address: l.address || undefined } };
    }
    case 'contacts': {
      const cards = request.contacts.contacts.map((c) => ({ displayName: c.name, vcard: c.vcard }));
      return { contacts: { displayName: cards.length === 1 ? cards[0].displayName : `${cards.length} contacts`, contacts: cards } };
    }
    case 'reaction': {
      const { target, emoji } = request.reaction;
      return {
        react: {
          text: emoji ?? '',
          key: { remoteJid: request.jid, id: target.id, fromMe: Boolean(target.from_me), participant: target.participant || undefined },
        },
      };
    }
    case 'poll':
      return {
        poll: {
          name: request.poll.question,
          values: request.poll.options,
          selectableCount: request.poll.selectable_count,
        },
      };
    case 'media': {
      const m = request.media;
      const data = Buffer.from(m.data);
      const caption = m.caption || undefined;
      switch (m.kind) {
        case 'MEDIA_KIND_IMAGE': return { image: data, mimetype: m.mime_type, caption };
        case 'MEDIA_KIND_VIDEO': return { video: data, mimetype: m.mime_type, caption };
        case 'MEDIA_KIND_AUDIO':
          // WhatsApp plays push-to-talk audio as a voice note; it expects OGG/Opus with the codec named.
          return m.voice_note
            ? { audio: data, mimetype: 'audio/ogg; codecs=opus', ptt: true }
            : { audio: data, mimetype: m.mime_type };
        case 'MEDIA_KIND_DOCUMENT':
          return { document: data, mimetype: m.mime_type, fileName: m.file_name || 'file', caption };
        case 'MEDIA_KIND_STICKER':
          return { sticker: data, mimetype: 'image/webp', isAnimated: isAnimatedWebp(data) };
        default:
          throw new Error(`unsupported media kind ${m.kind}`);
      }
    }
    default:
      throw new Error(`unsupported content ${request.content}`);
  }
}

/** An animated WebP has an ANIM chunk (RIFF....WEBPVP8X with the animation flag, then ANIM). */
export function isAnimatedWebp(data) {
  return data.length > 30 && data.toString('ascii', 12, 16) === 'VP8X' && (data[20] & 0x02) !== 0;
}

/**
 * Why a socket closed, in the contract's terms, and whether to reconnect by ourselves.
 *
 * @param error        lastDisconnect.error (a Boom, or a plain error)
 * @param linked       whether the session had finished linking (creds.registered)
 * @param qrShown      whether a QR code was shown on this socket
 */
export function mapDisconnect(error, { linked, qrShown }) {
  const code = error?.output?.statusCode ?? error?.data?.statusCode;
  const detail = `${code ?? 'no status'}: ${error?.message ?? 'closed'}`;
  switch (code) {
    case WA.loggedOut: // 401
    case WA.multideviceMismatch: // 411: this device's link is no longer valid
      return { reason: 'DISCONNECT_REASON_LOGGED_OUT', reconnect: false, detail };
    case WA.forbidden: // 403
      return { reason: 'DISCONNECT_REASON_BANNED', reconnect: false, detail };
    case WA.connectionReplaced: // 440
      return { reason: 'DISCONNECT_REASON_REPLACED', reconnect: false, detail };
    case WA.restartRequired: // 515: WhatsApp asks for a fresh socket right after linking
      return { reason: 'DISCONNECT_REASON_CONNECTION_LOST', reconnect: true, immediate: true, detail };
    case WA.timedOut: // 408: also how Baileys ends a QR round nobody scanned
      if (!linked && qrShown) {
        return { reason: 'DISCONNECT_REASON_QR_TIMEOUT', reconnect: false, detail };
      }
      return { reason: 'DISCONNECT_REASON_CONNECTION_LOST', reconnect: true, detail };
    default: // 428 closed, 500 bad session, 503, network errors
      return { reason: 'DISCONNECT_REASON_CONNECTION_LOST', reconnect: true, detail };
  }
}

/** A message status update (WAMessageStatus) as an ack, or null for statuses that are not acks. */
export function ackOf(status) {
  switch (status) {
    case WAMessageStatus.SERVER_ACK: return 'ACK_STATUS_SENT';
    case WAMessageStatus.DELIVERY_ACK: return 'ACK_STATUS_DELIVERED';
    case WAMessageStatus.READ:
    case WAMessageStatus.PLAYED: return 'ACK_STATUS_READ';
    default: return null;
  }
}

/** Baileys' pairing code (8 characters) as WhatsApp shows it on the phone. */
export function formatPairingCode(code) {
  return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

/** The digits of the linked account's JID ("919800000000:12@s.whatsapp.net" -> "919800000000"). */
export function phoneOf(meId) {
  return (meId ?? '').split('@')[0].split(':')[0];
}

// ---- Groups and contacts ----

/** A participant as Baileys gives it (a GroupParticipant, or a bare JID in older events): its phone-number JID when known. */
export function participantJid(p) {
  if (typeof p === 'string') {
    return p;
  }
  return preferPhoneJid(p?.id, p?.phoneNumber) ?? p?.phoneNumber ?? '';
}

/** Baileys' GroupMetadata as the contract's GroupInfo. */
export function groupOf(metadata) {
  return {
    jid: metadata.id,
    subject: metadata.subject ?? '',
    description: metadata.desc ?? '',
    owner: preferPhoneJid(metadata.owner, metadata.ownerPn) ?? '',
    created_at: metadata.creation ? metadata.creation * 1000 : 0,
    members: (metadata.participants ?? []).map((p) => ({
      jid: participantJid(p),
      admin: p.admin === 'admin' || p.admin === 'superadmin' || Boolean(p.isAdmin || p.isSuperAdmin),
      super_admin: p.admin === 'superadmin' || Boolean(p.isSuperAdmin),
    })),
  };
}

/** One entry of groupParticipantsUpdate's answer ({status: "200", jid}) as an outcome of the engine SPI. */
export function participantOutcomeOf(action, status) {
  switch (String(status)) {
    case '200': return 'ok';
    case '409': return action === 'add' ? 'already_in_group' : 'not_in_group';
    case '404': return action === 'add' ? 'not_on_whatsapp' : 'not_in_group';
    default: return 'refused'; // 403 (invites only), 408 (left recently), 401, ...
  }
}

/**
 * A failed group call (a Boom from Baileys' query) as the contract's GroupError. WhatsApp answers a group
 * the number is not in with 403/404, and a change by a non-admin with 401/403.
 */
export function groupErrorOf(error, { change }) {
  // Baileys throws a query's <error code=…> as Boom(text, { data: code }), leaving output.statusCode at 500.
  const code = typeof error?.data === 'number' ? error.data : error?.output?.statusCode;
  const detail = `${code ?? 'no status'}: ${error?.message ?? 'failed'}`;
  if (code === 404 || error?.message === 'item-not-found') {
    return { kind: 'GROUP_ERROR_KIND_NOT_FOUND', detail };
  }
  if (code === 401 || code === 403 || error?.message === 'not-authorized' || error?.message === 'forbidden') {
    return { kind: change ? 'GROUP_ERROR_KIND_NOT_ADMIN' : 'GROUP_ERROR_KIND_NOT_FOUND', detail };
  }
  return { kind: 'GROUP_ERROR_KIND_FAILED', detail };
}

/**
 * A group-participants.update event as GroupChanges: the session's own number being added or removed is
 * a JOIN or LEAVE, everyone else a PARTICIPANTS change. `me` lists the session's JIDs (phone and LID).
 */
export function groupChangesOf(update, me, now = Date.now()) {
  const mine = new Set((me ?? []).filter(Boolean).map(bareJid));
  const all = (update.participants ?? []).map(participantJid).filter(Boolean);
  const own = all.filter((jid) => mine.has(bareJid(jid)));
  const others = all.filter((jid) => !mine.has(bareJid(jid)));
  const author = preferPhoneJid(update.author, update.authorPn) ?? '';
  const base = { group_jid: update.id, action: update.action, author, timestamp: now };
  const changes = [];
  if (own.length && (update.action === 'add' || update.action === 'remove')) {
    changes.push({ ...base, kind: update.action === 'add' ? 'GROUP_CHANGE_KIND_JOIN' : 'GROUP_CHANGE_KIND_LEAVE', participants: own });
  } else {
    others.push(...own);
  }
  if (others.length && ['add', 'remove', 'promote', 'demote'].includes(update.action)) {
    changes.push({ ...base, kind: 'GROUP_CHANGE_KIND_PARTICIPANTS', participants: others });
  }
  return changes;
}

/** A groups.update event as UPDATE GroupChanges: only subject and description changes (not settings). */
export function groupUpdatesOf(updates, now = Date.now()) {
  return (updates ?? []).filter((u) => u?.id && (u.subject != null || u.desc != null)).map((u) => ({
    group_jid: u.id,
    kind: 'GROUP_CHANGE_KIND_UPDATE',
    action: '',
    participants: [],
    author: preferPhoneJid(u.author, u.authorPn) ?? '',
    ...(u.subject != null ? { subject: u.subject } : {}),
    ...(u.desc != null ? { description: u.desc } : {}),
    timestamp: now,
  }));
}

/** "919800000000:12@s.whatsapp.net" -> "919800000000@s.whatsapp.net" (the device part never identifies a participant). */
function bareJid(jid) {
  const [user, server] = jid.split('@');
  return `${user.split(':')[0]}@${server}`;
}
