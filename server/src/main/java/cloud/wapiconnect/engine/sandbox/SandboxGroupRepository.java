package cloud.wapiconnect.engine.sandbox;

import cloud.wapiconnect.persistence.SharedEntityManager;
import cloud.wapiconnect.whatsapp.GroupInfo;
import cloud.wapiconnect.whatsapp.GroupParticipant;
import cloud.wapiconnect.whatsapp.SessionKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The groups of the sandbox's simulated network, as each session's phone sees them. */
@ApplicationScoped
@Transactional
class SandboxGroupRepository {
    /** Roles as stored. */
    public static final String MEMBER = "member";

    public static final String ADMIN = "admin";
    public static final String SUPER_ADMIN = "superadmin";

    private final EntityManager em;

    @Inject
    SandboxGroupRepository(SharedEntityManager shared) {
        this.em = shared.get();
    }

    /** Stores a new group and its participants (JID to role) in one transaction. */
    public void insert(
            SessionKey s,
            String groupJid,
            String subject,
            String ownerJid,
            String inviteCode,
            long now,
            List<String[]> participants) {
        em.createNativeQuery(
                        "INSERT INTO sandbox_groups (tenant_id, session_id, group_jid, subject, description, owner_jid, "
                                + "invite_code, created_at) VALUES (?1, ?2, ?3, ?4, '', ?5, ?6, ?7)")
                .setParameter(1, s.tenantId())
                .setParameter(2, s.sessionId())
                .setParameter(3, groupJid)
                .setParameter(4, subject)
                .setParameter(5, ownerJid)
                .setParameter(6, inviteCode)
                .setParameter(7, now)
                .executeUpdate();
        for (String[] p : participants) {
            putParticipant(s, groupJid, p[0], p[1], now);
        }
    }

    public boolean exists(SessionKey s, String groupJid) {
        return !em.createNativeQuery(
                        "SELECT 1 FROM sandbox_groups WHERE tenant_id = ?1 AND session_id = ?2 AND group_jid = ?3")
                .setParameter(1, s.tenantId())
                .setParameter(2, s.sessionId())
                .setParameter(3, groupJid)
                .setMaxResults(1)
                .getResultList()
                .isEmpty();
    }

    /** The participant's role, if they are in the group. */
    public Optional<String> role(SessionKey s, String groupJid, String jid) {
        @SuppressWarnings("unchecked")
        List<String> roles = em.createNativeQuery("SELECT role FROM sandbox_group_participants "
                        + "WHERE tenant_id = ?1 AND session_id = ?2 AND group_jid = ?3 AND jid = ?4")
                .setParameter(1, s.tenantId())
                .setParameter(2, s.sessionId())
                .setParameter(3, groupJid)
                .setParameter(4, jid)
                .getResultList();
        return roles.stream().findFirst();
    }

    /** Adds a participant, or changes the role of one already in the group. */
    public void putParticipant(SessionKey s, String groupJid, String jid, String role, long now) {
        int updated = em.createNativeQuery("UPDATE sandbox_group_participants SET role = ?5 "
                        + "WHERE tenant_id = ?1 AND session_id = ?2 AND group_jid = ?3 AND jid = ?4")
                .setParameter(1, s.tenantId())
                .setParameter(2, s.sessionId())
                .setParameter(3, groupJid)
                .setParameter(4, jid)
                .setParameter(5, role)
                .executeUpdate();
        if (updated == 0) {
            em.createNativeQuery(
                            "INSERT INTO sandbox_group_participants (tenant_id, session_id, group_jid, jid, role, added_at) "
                                    + "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                    .setParameter(1, s.tenantId())
                    .setParameter(2, s.sessionId())
                    .setParameter(3, groupJid)
                    .setParameter(4, jid)
                    .setParameter(5, role)
                    .setParameter(6, now)
                    .executeUpdate();
        }
    }

    public void removeParticipant(SessionKey s, String groupJid, String jid) {
        em.createNativeQuery("DELETE FROM sandbox_group_participants WHERE tenant_id = ?1 AND session_id = ?2 "
                        + "AND group_jid = ?3 AND jid = ?4")
                .setParameter(1, s.tenantId())
                .setParameter(2, s.sessionId())
                .setParameter(3, groupJid)
                .setParameter(4, jid)
                .executeUpdate();
    }

    /** Changes the subject and/or the description; null keeps the current one. */
    public void update(SessionKey s, String groupJid, String subject, String description) {
        em.createNativeQuery(
                        "UPDATE sandbox_groups SET subject = COALESCE(?4, subject), description = COALESCE(?5, description) "
                                + "WHERE tenant_id = ?1 AND session_id = ?2 AND group_jid = ?3")
                .setParameter(1, s.tenantId())
                .setParameter(2, s.sessionId())
                .setParameter(3, groupJid)
                .setParameter(4, subject)
                .setParameter(5, description)
                .executeUpdate();
    }

    public Optional<String> inviteCode(SessionKey s, String groupJid) {
        @SuppressWarnings("unchecked")
        List<String> codes = em.createNativeQuery("SELECT invite_code FROM sandbox_groups "
                        + "WHERE tenant_id = ?1 AND session_id = ?2 AND group_jid = ?3")
                .setParameter(1, s.tenantId())
                .setParameter(2, s.sessionId())
                .setParameter(3, groupJid)
                .getResultList();
        return codes.stream().findFirst();
    }

    /** The group with its participants (admins first, then by when they joined). */
    public Optional<GroupInfo> find(SessionKey s, String groupJid) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT group_jid, subject, description, owner_jid, created_at FROM sandbox_groups "
                                + "WHERE tenant_id = ?1 AND session_id = ?2 AND group_jid = ?3")
                .setParameter(1, s.tenantId())
                .setParameter(2, s.sessionId())
                .setParameter(3, groupJid)
                .getResultList();
        return rows.stream()
                .findFirst()
                .map(r -> new GroupInfo(
                        (String) r[0],
                        (String) r[1],
                        r[2] == null ? "" : (String) r[2],
                        (String) r[3],
                        ((Number) r[4]).longValue(),
                        participants(s, groupJid)));
    }

    /** The groups {@code memberJid} is in, newest first. */
    public List<GroupInfo> groupsOf(SessionKey s, String memberJid) {
        @SuppressWarnings("unchecked")
        List<String> jids = em.createNativeQuery(
                        "SELECT g.group_jid FROM sandbox_groups g JOIN sandbox_group_participants p "
                                + "ON p.tenant_id = g.tenant_id AND p.session_id = g.session_id AND p.group_jid = g.group_jid "
                                + "WHERE g.tenant_id = ?1 AND g.session_id = ?2 AND p.jid = ?3 ORDER BY g.created_at DESC, g.group_jid")
                .setParameter(1, s.tenantId())
                .setParameter(2, s.sessionId())
                .setParameter(3, memberJid)
                .getResultList();
        List<GroupInfo> groups = new ArrayList<>();
        for (String jid : jids) {
            find(s, jid).ifPresent(groups::add);
        }
        return groups;
    }

    private List<GroupParticipant> participants(SessionKey s, String groupJid) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT jid, role FROM sandbox_group_participants "
                        + "WHERE tenant_id = ?1 AND session_id = ?2 AND group_jid = ?3 "
                        + "ORDER BY CASE role WHEN 'superadmin' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END, added_at, jid")
                .setParameter(1, s.tenantId())
                .setParameter(2, s.sessionId())
                .setParameter(3, groupJid)
                .getResultList();
        return rows.stream()
                .map(r -> {
                    String role = (String) r[1];
                    return new GroupParticipant((String) r[0], !MEMBER.equals(role), SUPER_ADMIN.equals(role));
                })
                .toList();
    }
}
