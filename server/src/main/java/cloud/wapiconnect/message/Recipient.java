package cloud.wapiconnect.message;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import java.util.regex.Pattern;

/**
 * A normalised recipient.
 *
 * @param jid     what the network addresses ({@code 919876543210@s.whatsapp.net}, {@code 1203630@g.us}, or
 *                {@code 123456789012345@lid} for a person known only by LID)
 * @param display what the log shows: the digits of a person, the JID of a group, the LID JID of a person whose
 *                number is not known
 * @param lid     the person's LID JID ({@code <digits>@lid}) when known, else null
 */
public record Recipient(String jid, String display, String lid) {
    public static final String USER_SUFFIX = "@s.whatsapp.net";
    public static final String GROUP_SUFFIX = "@g.us";
    public static final String LID_SUFFIX = "@lid";
    private static final Pattern LID = Pattern.compile("^[0-9]{1,20}$");
    private static final String LEGACY_USER_SUFFIX = "@c.us";
    private static final Pattern PHONE = Pattern.compile("^[1-9][0-9]{6,14}$");
    private static final Pattern GROUP_ID = Pattern.compile("^[0-9]{5,32}(-[0-9]{5,16})?$");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-]");

    /** A phone number or group, without a LID. */
    public Recipient(String jid, String display) {
        this(jid, display, null);
    }

    /**
     * As {@link #parse}, and also a LID JID ({@code 123456789012345@lid}, a device part dropped): a person WhatsApp
     * names by LID. Whoever sends to it resolves it to the phone number when the session knows it.
     *
     * @throws WapiException {@code INVALID_RECIPIENT}
     */
    public static Recipient parseAllowingLid(String to) {
        if (to != null && to.trim().endsWith(LID_SUFFIX)) {
            String user = to.trim().substring(0, to.trim().length() - LID_SUFFIX.length());
            int device = user.indexOf(':');
            user = device < 0 ? user : user.substring(0, device);
            if (!LID.matcher(user).matches()) {
                throw invalid("'" + to.trim() + "' is not a valid LID (<digits>@lid)");
            }
            return new Recipient(user + LID_SUFFIX, user + LID_SUFFIX, user + LID_SUFFIX);
        }
        return parse(to);
    }

    /** Whether the network addresses this recipient by LID (its phone number unknown). */
    public boolean byLid() {
        return jid.endsWith(LID_SUFFIX);
    }

    /**
     * Accepts digits with country code ({@code +}, spaces and dashes are stripped; 7-15 digits) or a
     * full JID.
     *
     * @throws WapiException {@code INVALID_RECIPIENT}
     */
    public static Recipient parse(String to) {
        if (to == null || to.isBlank()) {
            throw invalid("a phone number (or JID) is required");
        }
        String value = to.trim();
        if (value.endsWith(GROUP_SUFFIX)) {
            String id = value.substring(0, value.length() - GROUP_SUFFIX.length());
            if (!GROUP_ID.matcher(id).matches()) {
                throw invalid("'" + value + "' is not a valid group JID");
            }
            return new Recipient(value, value);
        }
        String digits = value;
        if (value.endsWith(USER_SUFFIX)) {
            digits = value.substring(0, value.length() - USER_SUFFIX.length());
        } else if (value.endsWith(LEGACY_USER_SUFFIX)) {
            digits = value.substring(0, value.length() - LEGACY_USER_SUFFIX.length());
        } else {
            digits = SEPARATORS
                    .matcher(value.startsWith("+") ? value.substring(1) : value)
                    .replaceAll("");
        }
        if (!PHONE.matcher(digits).matches()) {
            throw invalid("'" + value
                    + "' is not a phone number with country code (7-15 digits, e.g. 919876543210) or a JID");
        }
        return new Recipient(digits + USER_SUFFIX, digits);
    }

    private static WapiException invalid(String message) {
        return new WapiException(ErrorCode.INVALID_RECIPIENT, message);
    }
}
