package cloud.wapiconnect.group;

import cloud.wapiconnect.engine.EngineConnection;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.message.Recipient;
import cloud.wapiconnect.session.SessionService;
import cloud.wapiconnect.tenant.Tenant;
import cloud.wapiconnect.whatsapp.GroupInfo;
import cloud.wapiconnect.whatsapp.ParticipantAction;
import cloud.wapiconnect.whatsapp.ParticipantResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Group management of a session's number, through its engine. No transaction here: every method is an
 * engine (network) call; the group events it causes reach the event log through the engine's listener.
 * A tenant reaches only its own sessions ({@code SESSION_NOT_FOUND} for anyone else's).
 */
@ApplicationScoped
public class GroupService {
    /** WhatsApp's limits: subject 100 characters, description 2048. */
    static final int MAX_SUBJECT = 100;

    static final int MAX_DESCRIPTION = 2048;
    /** At most this many participants per request (WhatsApp groups hold up to 1024). */
    static final int MAX_PARTICIPANTS = 256;

    private static final Pattern GROUP_ID = Pattern.compile("^[0-9]{5,32}(-[0-9]{5,16})?$");

    private final SessionService sessions;

    @Inject
    public GroupService(SessionService sessions) {
        this.sessions = sessions;
    }

    /**
     * The groups the session's number is in.
     *
     * @throws WapiException {@code SESSION_NOT_FOUND}, {@code SESSION_NOT_READY}, {@code ENGINE_UNAVAILABLE},
     *                       {@code NOT_SUPPORTED_BY_ENGINE}
     */
    public List<GroupInfo> list(Tenant tenant, String sessionId) {
        return connection(tenant, sessionId).groups();
    }

    /**
     * Creates a group with the session's number as its admin.
     *
     * @throws WapiException {@code INVALID_REQUEST} (subject empty or over 100 characters, no participants),
     *                       {@code INVALID_RECIPIENT} (a participant that is not a phone number), {@code SESSION_NOT_FOUND},
     *                       {@code SESSION_NOT_READY}, {@code ENGINE_UNAVAILABLE}, {@code NOT_SUPPORTED_BY_ENGINE}
     */
    public GroupInfo create(Tenant tenant, String sessionId, String subject, List<String> participants) {
        String validSubject = subject(subject);
        List<String> jids = participantJids(participants, "participants");
        return connection(tenant, sessionId).createGroup(validSubject, jids);
    }

    /**
     * One group with its participants.
     *
     * @throws WapiException {@code INVALID_REQUEST} (not a group JID), {@code GROUP_NOT_FOUND}, {@code SESSION_NOT_FOUND},
     *                       {@code SESSION_NOT_READY}, {@code ENGINE_UNAVAILABLE}, {@code NOT_SUPPORTED_BY_ENGINE}
     */
    public GroupInfo get(Tenant tenant, String sessionId, String groupJid) {
        String jid = groupJid(groupJid);
        return connection(tenant, sessionId).group(jid).orElseThrow(() -> notFound(jid));
    }

    /**
     * Adds, removes, promotes or demotes participants: {@code changes} must name exactly one action.
     *
     * @return one outcome per participant, in the order given
     * @throws WapiException {@code INVALID_REQUEST}, {@code INVALID_RECIPIENT}, {@code GROUP_NOT_FOUND},
     *                       {@code NOT_GROUP_ADMIN}, {@code SESSION_NOT_FOUND}, {@code SESSION_NOT_READY},
     *                       {@code ENGINE_UNAVAILABLE}, {@code NOT_SUPPORTED_BY_ENGINE}
     */
    public List<ParticipantResult> updateParticipants(
            Tenant tenant, String sessionId, String groupJid, Map<ParticipantAction, List<String>> changes) {
        String jid = groupJid(groupJid);
        List<Map.Entry<ParticipantAction, List<String>>> given =
                changes.entrySet().stream().filter(e -> e.getValue() != null).toList();
        if (given.size() != 1) {
            throw WapiException.invalid(
                    "Give exactly one of add, remove, promote, demote with a list of phone numbers");
        }
        ParticipantAction action = given.getFirst().getKey();
        List<String> jids = participantJids(given.getFirst().getValue(), action.wireName());
        return connection(tenant, sessionId).updateParticipants(jid, action, jids);
    }

    /**
     * Changes the subject and/or description (null leaves one unchanged; an empty description removes it).
     *
     * @return the group as it is afterwards
     * @throws WapiException {@code INVALID_REQUEST}, {@code GROUP_NOT_FOUND}, {@code NOT_GROUP_ADMIN},
     *                       {@code SESSION_NOT_FOUND}, {@code SESSION_NOT_READY}, {@code ENGINE_UNAVAILABLE},
     *                       {@code NOT_SUPPORTED_BY_ENGINE}
     */
    public GroupInfo update(Tenant tenant, String sessionId, String groupJid, String subject, String description) {
        String jid = groupJid(groupJid);
        if (subject == null && description == null) {
            throw WapiException.invalid("Give a subject, a description or both");
        }
        String validSubject = subject == null ? null : subject(subject);
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw WapiException.invalid("description must be at most " + MAX_DESCRIPTION + " characters");
        }
        EngineConnection connection = connection(tenant, sessionId);
        connection.updateGroup(jid, validSubject, description);
        return connection.group(jid).orElseThrow(() -> notFound(jid));
    }

    /**
     * The session's number leaves the group.
     *
     * @throws WapiException {@code INVALID_REQUEST}, {@code GROUP_NOT_FOUND}, {@code SESSION_NOT_FOUND},
     *                       {@code SESSION_NOT_READY}, {@code ENGINE_UNAVAILABLE}, {@code NOT_SUPPORTED_BY_ENGINE}
     */
    public void leave(Tenant tenant, String sessionId, String groupJid) {
        String jid = groupJid(groupJid);
        connection(tenant, sessionId).leaveGroup(jid);
    }

    /**
     * The group's invite code and the link made of it.
     *
     * @throws WapiException {@code INVALID_REQUEST}, {@code GROUP_NOT_FOUND}, {@code NOT_GROUP_ADMIN},
     *                       {@code SESSION_NOT_FOUND}, {@code SESSION_NOT_READY}, {@code ENGINE_UNAVAILABLE},
     *                       {@code NOT_SUPPORTED_BY_ENGINE}
     */
    public GroupInvite invite(Tenant tenant, String sessionId, String groupJid) {
        String jid = groupJid(groupJid);
        return GroupInvite.of(connection(tenant, sessionId).groupInviteCode(jid));
    }

    private EngineConnection connection(Tenant tenant, String sessionId) {
        return sessions.requireReady(tenant, sessionId).connection();
    }

    /** A group JID ({@code <id>@g.us}), also accepted as the bare id. */
    static String groupJid(String value) {
        String v = value == null ? "" : value.trim();
        String id =
                v.endsWith(Recipient.GROUP_SUFFIX) ? v.substring(0, v.length() - Recipient.GROUP_SUFFIX.length()) : v;
        if (!GROUP_ID.matcher(id).matches()) {
            throw WapiException.invalid("'" + v + "' is not a group JID (like 120363012345678901@g.us)");
        }
        return id + Recipient.GROUP_SUFFIX;
    }

    private static String subject(String subject) {
        String s = subject == null ? "" : subject.strip();
        if (s.isEmpty()) {
            throw WapiException.invalid("subject is required");
        }
        if (s.length() > MAX_SUBJECT) {
            throw WapiException.invalid("subject must be at most " + MAX_SUBJECT + " characters");
        }
        return s;
    }

    private static List<String> participantJids(List<String> phones, String field) {
        if (phones == null || phones.isEmpty()) {
            throw WapiException.invalid(field + " must list at least one phone number");
        }
        if (phones.size() > MAX_PARTICIPANTS) {
            throw WapiException.invalid(field + " may list at most " + MAX_PARTICIPANTS + " phone numbers");
        }
        Set<String> jids = new LinkedHashSet<>();
        for (String phone : phones) {
            Recipient r = Recipient.parse(Objects.requireNonNullElse(phone, ""));
            if (r.jid().endsWith(Recipient.GROUP_SUFFIX)) {
                throw new WapiException(ErrorCode.INVALID_RECIPIENT, "'" + phone + "' is a group, not a phone number");
            }
            jids.add(r.jid());
        }
        return List.copyOf(jids);
    }

    private static WapiException notFound(String jid) {
        return new WapiException(ErrorCode.GROUP_NOT_FOUND, "The session's number is not in group " + jid);
    }
}
