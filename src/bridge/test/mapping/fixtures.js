// What the mapping tests share: received messages as Baileys hands them over, and a media server stand-in
// for Baileys' own message builder (uploads stop here; no network).
import { proto } from '@whiskeysockets/baileys';
import { makeLogger } from '../../lib/logger.js';

export const PERSON = '919876543210@s.whatsapp.net';
export const GROUP = '120363040000000000@g.us';

/** A message as Baileys hands over a received one (from PERSON unless `key` says otherwise). */
export function received(message, key = {}) {
  return proto.WebMessageInfo.fromObject({
    key: { remoteJid: PERSON, fromMe: false, id: '3EB0AAAABBBBCCCCDDDD', ...key },
    message,
    messageTimestamp: 1735689600,
  });
}

export const upload = async () => ({ mediaUrl: 'https://mmg.whatsapp.net/x', directPath: '/v/x' });
export const logger = makeLogger('silent');
const bytes = (text) => new Uint8Array(Buffer.from(text));
/** A media SendRequest as the contract carries it. */
export const media = (kind, mime, extra = {}) => ({
  content: 'media', media: { kind, data: bytes('not really ' + mime), mime_type: mime, file_name: '', caption: '', voice_note: false, ...extra },
});

export const VCARD = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Asha Rao\r\nN:;Asha Rao;;;\r\nORG:Rao\\, Sons & Co\r\n'
  + 'TEL;type=CELL;type=VOICE;waid=919876543210:+91 98765 43210\r\nEND:VCARD';
