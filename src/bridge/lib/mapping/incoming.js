// Received messages: a WAMessage as the contract's Incoming, and the media part it carries.
import { getContentType, isJidGroup, normalizeMessageContent } from '@whiskeysockets/baileys';
import { preferPhoneJid, toMillis } from './common.js';
import { lidOf } from './identities.js';
import { parseVCard } from './vcard.js';

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
  // The LID beside the phone number (key.addressingMode says which of remoteJid/remoteJidAlt is which): the server
  // learns the pair, or resolves the LID to a number it learned earlier. Only when there is one: plain traffic is unchanged.
  const lid = isGroup ? lidOf(key.participant, key.participantAlt) : lidOf(key.remoteJid, key.remoteJidAlt);
  if (lid) {
    incoming[isGroup ? 'participant_lid' : 'from_lid'] = lid;
  }
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
