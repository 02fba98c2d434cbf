// Groups and contacts for one session: every answer is data (a GroupError for expected failures).
import { groupErrorOf, groupOf, participantOutcomeOf, phoneOf } from '../mapping/index.js';

export class SessionGroups {
  constructor(session) {
    this.session = session;
  }

  async #call(change, call) {
    if (!this.session.connected) {
      return { error: { kind: 'GROUP_ERROR_KIND_NOT_READY', detail: 'the session is not connected to WhatsApp' } };
    }
    try {
      return await call(this.session.sock);
    } catch (error) {
      return { error: groupErrorOf(error, { change }) };
    }
  }

  listGroups() {
    return this.#call(false, async (sock) => ({
      groups: Object.values(await sock.groupFetchAllParticipating()).map(groupOf),
    }));
  }

  createGroup({ subject, participants }) {
    return this.#call(true, async (sock) => {
      const group = groupOf(await sock.groupCreate(subject, participants));
      // WhatsApp announces a new group as groups.upsert, not as a participants change: report the join here.
      const me = `${phoneOf(sock.user?.id)}@s.whatsapp.net`;
      this.session.link.event(this.session.ref, { group: { group_jid: group.jid, kind: 'GROUP_CHANGE_KIND_JOIN', action: 'add',
        participants: [me], author: me, subject: group.subject, timestamp: Date.now() } });
      return { group };
    });
  }

  getGroup({ group_jid: jid }) {
    return this.#call(false, async (sock) => ({ group: groupOf(await sock.groupMetadata(jid)) }));
  }

  updateParticipants({ group_jid: jid, action, participants }) {
    return this.#call(true, async (sock) => {
      const results = await sock.groupParticipantsUpdate(jid, participants, action);
      const byJid = new Map((results ?? []).map((r) => [r.jid, r.status]));
      return {
        participants: participants.map((p) => ({ jid: p, outcome: participantOutcomeOf(action, byJid.get(p) ?? '200') })),
      };
    });
  }

  updateGroup({ group_jid: jid, subject, description }) {
    return this.#call(true, async (sock) => {
      if (subject != null) {
        await sock.groupUpdateSubject(jid, subject);
      }
      if (description != null) {
        await sock.groupUpdateDescription(jid, description || undefined);
      }
      return {};
    });
  }

  leaveGroup({ group_jid: jid }) {
    return this.#call(false, async (sock) => {
      await sock.groupLeave(jid);
      return {};
    });
  }

  inviteCode({ group_jid: jid }) {
    return this.#call(true, async (sock) => ({ code: await sock.groupInviteCode(jid) }));
  }

  checkNumbers({ jids }) {
    return this.#call(false, async (sock) => {
      const found = new Map(((await sock.onWhatsApp(...jids)) ?? []).map((r) => [r.jid, Boolean(r.exists)]));
      const numbers = jids.map((jid) => ({ jid, exists: found.get(jid) ?? false }));
      for (const { jid, exists } of numbers) {
        this.session.knownNumbers.remember(jid, exists);
      }
      return { numbers };
    });
  }
}
