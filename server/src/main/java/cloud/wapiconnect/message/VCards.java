package cloud.wapiconnect.message;

import java.util.List;

/** Contact cards as vCard 3.0 (RFC 2426), the format WhatsApp renders as a contact message. */
final class VCards {
    private VCards() {}

    /**
     * One card. Each phone also carries WhatsApp's {@code waid} (its digits), which makes WhatsApp show "Message"
     * and "Add contact" for it.
     */
    static String render(String name, List<String> phones, String org, String email) {
        StringBuilder card = new StringBuilder("BEGIN:VCARD\r\nVERSION:3.0\r\n");
        card.append("FN:").append(escape(name)).append("\r\n");
        // N is required in 3.0; the family name stays empty as the API takes one display name.
        card.append("N:;").append(escape(name)).append(";;;\r\n");
        if (org != null) {
            card.append("ORG:").append(escape(org)).append("\r\n");
        }
        if (email != null) {
            card.append("EMAIL;TYPE=INTERNET:").append(escape(email)).append("\r\n");
        }
        for (String phone : phones) {
            String digits = phone.replaceAll("\\D", "");
            card.append("TEL;type=CELL;type=VOICE;waid=")
                    .append(digits)
                    .append(':')
                    .append(escape(phone))
                    .append("\r\n");
        }
        return card.append("END:VCARD").toString();
    }

    /** RFC 2426 section 4: backslash, comma and semicolon are escaped; line breaks become {@code \n}. */
    static String escape(String value) {
        return value.replace("\\", "\\\\")
                .replace(",", "\\,")
                .replace(";", "\\;")
                .replace("\r\n", "\\n")
                .replace("\n", "\\n")
                .replace("\r", "\\n");
    }
}
