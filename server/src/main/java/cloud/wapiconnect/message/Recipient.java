package cloud.wapiconnect.message;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import java.util.regex.Pattern;

/**
 * A normalised recipient.
 *
 * @param jid     what the network addresses ({@code 919876543210@s.whatsapp.net}, {@code 1203630@g.us})
 * @param display what the log shows: the digits of a person, the JID of a group
 */
public record Recipient(String jid, String display) {
    public static final String USER_SUFFIX = "@s.whatsapp.net";
    public static final String GROUP_SUFFIX = "@g.us";
    private static final String LEGACY_USER_SUFFIX = "@c.us";
    private static final Pattern PHONE = Pattern.compile("^[1-9][0-9]{6,14}$");
    private static final Pattern GROUP_ID = Pattern.compile("^[0-9]{5,32}(-[0-9]{5,16})?$");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-]");

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
