package cloud.wapiconnect.whatsapp;

import java.util.Locale;

/** What happened to one participant of a participants change: per-number outcomes are data, not failures. */
public record ParticipantResult(String jid, Outcome outcome) {

    public enum Outcome {
        OK,
        /** The number has no WhatsApp account. */
        NOT_ON_WHATSAPP,
        /** Remove, promote or demote of someone who is not in the group. */
        NOT_IN_GROUP,
        /** Add of someone who is already in the group. */
        ALREADY_IN_GROUP,
        /** WhatsApp refused (the person's privacy settings allow only invites, they left recently, …). */
        REFUSED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
