// Groups and contacts: Baileys' group metadata, answers, errors and events in the contract's terms.
import { preferPhoneJid } from './common.js';

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
