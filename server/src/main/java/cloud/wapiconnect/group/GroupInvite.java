package cloud.wapiconnect.group;

/**
 * A group's invite: the code WhatsApp issues and the link anyone may open to join.
 *
 * @param code the part after {@code https://chat.whatsapp.com/}
 * @param link {@code https://chat.whatsapp.com/<code>}
 */
public record GroupInvite(String code, String link) {
    private static final String LINK_PREFIX = "https://chat.whatsapp.com/";

    public static GroupInvite of(String code) {
        return new GroupInvite(code, LINK_PREFIX + code);
    }
}
