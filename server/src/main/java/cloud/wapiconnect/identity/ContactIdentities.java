package cloud.wapiconnect.identity;

import cloud.wapiconnect.whatsapp.SessionKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;

/**
 * Each session's contact identities: which LID belongs to which phone number, as the session's engine learned them
 * (WhatsApp tells a linked device the pairs it may know: Baileys' {@code lid-mapping.update}, the {@code *Alt} fields
 * of message keys, history and contact sync). WhatsApp resolves phone to LID for anyone but LID to phone only for
 * pairs it showed, so this store is the one place the gateway finds a LID sender's number. Database only, no engine
 * call; each method joins the caller's transaction.
 */
@ApplicationScoped
public class ContactIdentities {
    private final ContactIdentityRepository pairs;
    private final Clock clock;

    @Inject
    public ContactIdentities(ContactIdentityRepository pairs, Clock clock) {
        this.pairs = pairs;
        this.clock = clock;
    }

    /**
     * Keeps that the phone-number JID and the LID JID are one person (devices are dropped: {@code 91…:3@s.whatsapp.net}
     * is {@code 91…}). Anything else than a phone JID and a LID JID is ignored.
     *
     * @return the pair, when it was new or replaced an older pairing of either side; else null
     */
    @Transactional
    public ContactIdentity learn(SessionKey session, String phoneJid, String lidJid) {
        String phone = ContactIdentity.phoneOf(phoneJid);
        String lid = ContactIdentity.lidOf(lidJid);
        if (phone == null || lid == null) {
            return null;
        }
        return pairs.put(session, phone, lid, clock.millis()) ? new ContactIdentity(phone, lid) : null;
    }

    /**
     * Both forms of a person's JID as far as the session knows them: the phone JID's LID, or the LID's phone number.
     * A group, or anything that is not a person's JID, gives {@code (null, null)}.
     */
    @Transactional
    public ContactIdentity of(SessionKey session, String jid) {
        String lid = ContactIdentity.lidOf(jid);
        if (lid != null) {
            return new ContactIdentity(pairs.phoneOfLid(session, lid).orElse(null), lid);
        }
        String phone = ContactIdentity.phoneOf(jid);
        if (phone != null) {
            return new ContactIdentity(phone, pairs.lidOfPhone(session, phone).orElse(null));
        }
        return new ContactIdentity(null, null);
    }
}
