package cloud.wapiconnect.identity;

/**
 * One person as WhatsApp addresses them: by phone number and by LID (the "linked identity" WhatsApp uses instead of
 * the number where it hides it). Digits only, either may be null when the session does not know it.
 *
 * @param phone the phone number with country code ({@code 919876543210}), or null
 * @param lid   the LID's digits ({@code 123456789012345}, the user part of {@code …@lid}), or null
 */
public record ContactIdentity(String phone, String lid) {
    public static final String LID_SUFFIX = "@lid";
    public static final String PHONE_SUFFIX = "@s.whatsapp.net";

    /** The LID as a JID ({@code <digits>@lid}), or null. */
    public String lidJid() {
        return lid == null ? null : lid + LID_SUFFIX;
    }

    /** The phone number as a JID ({@code <digits>@s.whatsapp.net}), or null. */
    public String phoneJid() {
        return phone == null ? null : phone + PHONE_SUFFIX;
    }

    /**
     * The user part of a JID without its device ({@code 123:4@lid} → {@code 123}), when it is a LID; else null.
     * Anything that is not a LID JID gives null.
     */
    public static String lidOf(String jid) {
        return userOf(jid, LID_SUFFIX);
    }

    /** The digits of a phone-number JID without its device, when it is one; else null. */
    public static String phoneOf(String jid) {
        return userOf(jid, PHONE_SUFFIX);
    }

    private static String userOf(String jid, String suffix) {
        if (jid == null || !jid.endsWith(suffix)) {
            return null;
        }
        String user = jid.substring(0, jid.length() - suffix.length());
        int device = user.indexOf(':');
        user = device < 0 ? user : user.substring(0, device);
        return user.isEmpty() || !user.chars().allMatch(Character::isDigit) ? null : user;
    }
}
