package cloud.wapiconnect.engine.sandbox;

import cloud.wapiconnect.engine.EngineException;
import cloud.wapiconnect.engine.EngineListener;
import cloud.wapiconnect.engine.GroupEvent;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.whatsapp.GroupInfo;
import cloud.wapiconnect.whatsapp.ParticipantAction;
import cloud.wapiconnect.whatsapp.ParticipantResult;
import cloud.wapiconnect.whatsapp.ParticipantResult.Outcome;
import cloud.wapiconnect.whatsapp.SessionKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The group rules of the simulated network for one session: who may add, remove, promote and rename,
 * kept in its tables, with the group events WhatsApp would report. {@code me} is the session's own JID.
 * Callers hold the connection's lock and have checked that the session is connected.
 */
final class SandboxGroups {
    private final SessionKey session;
    private final SandboxGroupRepository groups;
    private final Clock clock;
    private final EngineListener listener;

    SandboxGroups(SessionKey session, SandboxGroupRepository groups, Clock clock, EngineListener listener) {
        this.session = session;
        this.groups = groups;
        this.clock = clock;
        this.listener = listener;
    }

    List<GroupInfo> all(String me) {
        return groups.groupsOf(session, me);
    }

    GroupInfo create(String me, String subject, List<String> participantJids) {
        String groupJid = SandboxIds.groupJid();
        long now = clock.millis();
        List<String[]> participants = new ArrayList<>();
        participants.add(new String[] {me, SandboxGroupRepository.SUPER_ADMIN});
        for (String jid : participantJids) {
            if (SandboxEngine.onWhatsApp(jid) && !jid.equals(me)) {
                participants.add(new String[] {jid, SandboxGroupRepository.MEMBER});
            }
        }
        groups.insert(session, groupJid, subject, me, SandboxIds.inviteCode(), now, participants);
        listener.onGroupEvent(new GroupEvent(
                groupJid, GroupEvent.Kind.JOIN, ParticipantAction.ADD, List.of(me), me, subject, null, now));
        return groups.find(session, groupJid).orElseThrow();
    }

    /** The group, if the session's number is in it. */
    Optional<GroupInfo> find(String me, String groupJid) {
        return groups.role(session, groupJid, me).flatMap(role -> groups.find(session, groupJid));
    }

    List<ParticipantResult> updateParticipants(
            String me, String groupJid, ParticipantAction action, List<String> jids) {
        requireAdmin(me, groupJid);
        long now = clock.millis();
        List<ParticipantResult> results = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (String jid : jids) {
            Optional<String> role = groups.role(session, groupJid, jid);
            boolean creator =
                    role.filter(SandboxGroupRepository.SUPER_ADMIN::equals).isPresent();
            Outcome outcome = switch (action) {
                case ADD ->
                    !SandboxEngine.onWhatsApp(jid)
                            ? Outcome.NOT_ON_WHATSAPP
                            : role.isPresent() ? Outcome.ALREADY_IN_GROUP : Outcome.OK;
                // The creator cannot be removed or demoted, and the session leaves by leaveGroup.
                case REMOVE, DEMOTE ->
                    role.isEmpty() ? Outcome.NOT_IN_GROUP : creator || jid.equals(me) ? Outcome.REFUSED : Outcome.OK;
                case PROMOTE -> role.isEmpty() ? Outcome.NOT_IN_GROUP : Outcome.OK;
            };
            if (outcome == Outcome.OK) {
                switch (action) {
                    case ADD, DEMOTE ->
                        groups.putParticipant(session, groupJid, jid, SandboxGroupRepository.MEMBER, now);
                    case REMOVE -> groups.removeParticipant(session, groupJid, jid);
                    case PROMOTE -> {
                        if (!creator) {
                            groups.putParticipant(session, groupJid, jid, SandboxGroupRepository.ADMIN, now);
                        }
                    }
                }
                changed.add(jid);
            }
            results.add(new ParticipantResult(jid, outcome));
        }
        if (!changed.isEmpty()) {
            listener.onGroupEvent(
                    new GroupEvent(groupJid, GroupEvent.Kind.PARTICIPANTS, action, changed, me, null, null, now));
        }
        return results;
    }

    void update(String me, String groupJid, String subject, String description) {
        requireAdmin(me, groupJid);
        groups.update(session, groupJid, subject, description);
        listener.onGroupEvent(new GroupEvent(
                groupJid, GroupEvent.Kind.UPDATE, null, List.of(), me, subject, description, clock.millis()));
    }

    void leave(String me, String groupJid) {
        requireMember(me, groupJid);
        groups.removeParticipant(session, groupJid, me);
        listener.onGroupEvent(new GroupEvent(
                groupJid,
                GroupEvent.Kind.LEAVE,
                ParticipantAction.REMOVE,
                List.of(me),
                me,
                null,
                null,
                clock.millis()));
    }

    String inviteCode(String me, String groupJid) {
        requireAdmin(me, groupJid);
        return groups.inviteCode(session, groupJid).orElseThrow();
    }

    /**
     * Someone else adds the session's number to a group: to an existing one the session left or was
     * removed from, or (without {@code groupJid}, or one the network does not know) to a new group that
     * {@code byJid} created.
     *
     * @return the group's JID
     */
    String addedBy(String me, String groupJid, String subject, String byJid) {
        long now = clock.millis();
        String jid = groupJid;
        if (jid == null || !groups.exists(session, jid)) {
            jid = jid != null ? jid : SandboxIds.groupJid();
            groups.insert(
                    session,
                    jid,
                    subject == null ? "Sandbox group" : subject,
                    byJid,
                    SandboxIds.inviteCode(),
                    now,
                    List.<String[]>of(new String[] {byJid, SandboxGroupRepository.SUPER_ADMIN}));
        } else if (groups.role(session, jid, me).isPresent()) {
            throw new EngineException(ErrorCode.INVALID_REQUEST, "The session's number is already in group " + jid);
        } else {
            groups.putParticipant(session, jid, byJid, SandboxGroupRepository.ADMIN, now);
        }
        groups.putParticipant(session, jid, me, SandboxGroupRepository.MEMBER, now);
        String current = groups.find(session, jid).orElseThrow().subject();
        listener.onGroupEvent(new GroupEvent(
                jid, GroupEvent.Kind.JOIN, ParticipantAction.ADD, List.of(me), byJid, current, null, now));
        return jid;
    }

    /** Someone else (an admin of the group) removes the session's number from a group. */
    void removedBy(String me, String groupJid, String byJid) {
        requireMember(me, groupJid);
        groups.removeParticipant(session, groupJid, me);
        listener.onGroupEvent(new GroupEvent(
                groupJid,
                GroupEvent.Kind.LEAVE,
                ParticipantAction.REMOVE,
                List.of(me),
                byJid,
                null,
                null,
                clock.millis()));
    }

    private String requireMember(String me, String groupJid) {
        return groups.role(session, groupJid, me)
                .orElseThrow(() -> new EngineException(
                        ErrorCode.GROUP_NOT_FOUND, "The session's number is not in group " + groupJid));
    }

    private void requireAdmin(String me, String groupJid) {
        if (SandboxGroupRepository.MEMBER.equals(requireMember(me, groupJid))) {
            throw new EngineException(
                    ErrorCode.NOT_GROUP_ADMIN, "The session's number is not an admin of group " + groupJid);
        }
    }
}
