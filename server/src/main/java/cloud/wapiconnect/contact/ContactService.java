package cloud.wapiconnect.contact;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.identity.ContactIdentities;
import cloud.wapiconnect.identity.ContactIdentity;
import cloud.wapiconnect.message.Recipient;
import cloud.wapiconnect.session.Session;
import cloud.wapiconnect.session.SessionService;
import cloud.wapiconnect.tenant.Tenant;
import cloud.wapiconnect.whatsapp.NumberCheck;
import cloud.wapiconnect.whatsapp.SessionKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which numbers have WhatsApp: the check users run before a campaign (an engine call, never in a transaction); and
 * who a phone number or LID is, as the session's contact identities know it (database only).
 */
@ApplicationScoped
public class ContactService {
    /** Numbers per check; WhatsApp answers larger batches slowly and may rate-limit them. */
    static final int MAX_PHONES = 50;

    private final SessionService sessions;
    private final ContactIdentities identities;

    @Inject
    public ContactService(SessionService sessions, ContactIdentities identities) {
        this.sessions = sessions;
        this.identities = identities;
    }

    /**
     * Both forms of a person, phone number and LID, as the session learned them from WhatsApp (works while the
     * session is disconnected too).
     *
     * @param phoneOrLid a phone number or its JID, or a LID JID ({@code <digits>@lid})
     * @throws WapiException {@code SESSION_NOT_FOUND}, {@code INVALID_RECIPIENT} (neither, or a group),
     *                       {@code CONTACT_NOT_FOUND} (the session knows no pair with it)
     */
    public ContactIdentity lookup(Tenant tenant, String sessionId, String phoneOrLid) {
        Session session = sessions.require(tenant, sessionId);
        Recipient asked = Recipient.parseAllowingLid(phoneOrLid);
        if (asked.jid().endsWith(Recipient.GROUP_SUFFIX)) {
            throw new WapiException(ErrorCode.INVALID_RECIPIENT, "'" + phoneOrLid + "' is a group, not a person");
        }
        ContactIdentity known = identities.of(new SessionKey(session.tenantId(), session.sessionId()), asked.jid());
        if (known.phone() == null || known.lid() == null) {
            throw new WapiException(
                    ErrorCode.CONTACT_NOT_FOUND,
                    "Session '" + sessionId + "' knows no " + (asked.byLid() ? "phone number for " : "LID for ")
                            + asked.display());
        }
        return known;
    }

    /** One answer: the number as digits, its JID, and whether it has WhatsApp. */
    public record Contact(String phone, String jid, boolean onWhatsApp) {}

    /**
     * Checks up to 50 numbers; duplicates are answered once, in the order given.
     *
     * @throws WapiException {@code INVALID_REQUEST} (none, or more than 50), {@code INVALID_RECIPIENT} (not a phone
     *                       number), {@code SESSION_NOT_FOUND}, {@code SESSION_NOT_READY}, {@code ENGINE_UNAVAILABLE},
     *                       {@code NOT_SUPPORTED_BY_ENGINE}
     */
    public List<Contact> check(Tenant tenant, String sessionId, List<String> phones) {
        if (phones == null || phones.isEmpty()) {
            throw WapiException.invalid("phones must list at least one phone number");
        }
        if (phones.size() > MAX_PHONES) {
            throw WapiException.invalid("phones may list at most " + MAX_PHONES + " numbers");
        }
        Map<String, String> byJid = new LinkedHashMap<>();
        for (String phone : phones) {
            Recipient r = Recipient.parse(phone);
            if (r.jid().endsWith(Recipient.GROUP_SUFFIX)) {
                throw new WapiException(ErrorCode.INVALID_RECIPIENT, "'" + phone + "' is a group, not a phone number");
            }
            byJid.putIfAbsent(r.jid(), r.display());
        }
        List<NumberCheck> checks =
                sessions.requireReady(tenant, sessionId).connection().checkNumbers(List.copyOf(byJid.keySet()));
        List<Contact> contacts = new ArrayList<>();
        for (NumberCheck c : checks) {
            contacts.add(new Contact(byJid.getOrDefault(c.jid(), c.jid()), c.jid(), c.onWhatsApp()));
        }
        return contacts;
    }

    /**
     * Whether one number has WhatsApp, for work that skips those who do not (bulk jobs).
     *
     * @return null when the session's engine cannot tell ({@code NOT_SUPPORTED_BY_ENGINE})
     * @throws WapiException {@code SESSION_NOT_FOUND}, {@code SESSION_NOT_READY}, {@code ENGINE_UNAVAILABLE}
     */
    public Boolean onWhatsApp(Tenant tenant, String sessionId, String jid) {
        try {
            return sessions.requireReady(tenant, sessionId).connection().checkNumbers(List.of(jid)).stream()
                    .findFirst()
                    .map(NumberCheck::onWhatsApp)
                    .orElse(null);
        } catch (WapiException e) {
            if (e.code() == ErrorCode.NOT_SUPPORTED_BY_ENGINE) {
                return null;
            }
            throw e;
        }
    }
}
