// Who is who: WhatsApp addresses people by LID (`<digits>@lid`) as well as by phone number, and tells a linked
// device which LID is which number only for pairs it may know. The message keys' *Alt fields, lid-mapping.update,
// and history and contact sync carry those pairs; these functions turn them into the contract's LidMapping.
import { jidNormalizedUser } from '@whiskeysockets/baileys';

const LID = /^[0-9]+@lid$/;
const PHONE = /^[0-9]+@s\.whatsapp\.net$/;

/** A JID without its device part (`123:4@lid` -> `123@lid`); a bare number as the JID of `server`. */
function normalized(jid, server) {
  if (typeof jid !== 'string' || jid === '') {
    return '';
  }
  return jidNormalizedUser(jid.includes('@') ? jid : `${jid}@${server}`) ?? '';
}

/** The LID JID among a key's address and its alternate (remoteJid/remoteJidAlt, participant/participantAlt), or ''. */
export function lidOf(jid, alt) {
  for (const candidate of [jid, alt]) {
    if (typeof candidate === 'string' && candidate.endsWith('@lid')) {
      const lid = normalized(candidate, 'lid');
      if (LID.test(lid)) {
        return lid;
      }
    }
  }
  return '';
}

/** One pair as the contract's LidMapping, or null when either side is not what it should be. */
export function lidMappingOf(pn, lid) {
  const phoneJid = normalized(pn, 's.whatsapp.net');
  const lidJid = normalized(lid, 'lid');
  return PHONE.test(phoneJid) && LID.test(lidJid) ? { phone_jid: phoneJid, lid_jid: lidJid } : null;
}

/** Baileys' LIDMapping ({ lid, pn }) items, one or many, as LidMappings (invalid pairs dropped). */
export function lidMappingsOf(mappings) {
  const list = Array.isArray(mappings) ? mappings : [mappings];
  return list.map((m) => lidMappingOf(m?.pn, m?.lid)).filter(Boolean);
}

/**
 * The pairs a list of Baileys' Contacts reveals: `id` in either form, `lid` and `phoneNumber` beside it
 * (contacts.upsert, contacts.update, messaging-history.set).
 */
export function contactMappingsOf(contacts) {
  const pairs = [];
  for (const c of contacts ?? []) {
    const id = typeof c?.id === 'string' ? c.id : '';
    const pn = c?.phoneNumber || (id.endsWith('@s.whatsapp.net') ? id : '');
    const lid = c?.lid || (id.endsWith('@lid') ? id : '');
    const pair = lidMappingOf(pn, lid);
    if (pair) {
      pairs.push(pair);
    }
  }
  return pairs;
}

/** The pairs of a messaging-history.set: its lidPnMappings and its contacts, each pair once. */
export function historyMappingsOf({ lidPnMappings, contacts } = {}) {
  return unique([...lidMappingsOf(lidPnMappings ?? []), ...contactMappingsOf(contacts)]);
}

function unique(pairs) {
  const seen = new Set();
  return pairs.filter((p) => {
    const k = `${p.phone_jid} ${p.lid_jid}`;
    return seen.has(k) ? false : seen.add(k);
  });
}
