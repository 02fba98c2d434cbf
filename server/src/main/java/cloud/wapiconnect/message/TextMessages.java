package cloud.wapiconnect.message;

/** Renders a text message as WhatsApp shows it: header in bold, footer in italics. */
final class TextMessages {
    static final int MAX_LENGTH = 65_536;

    private TextMessages() {
    }

    static String render(String header, String body, String footer) {
        StringBuilder text = new StringBuilder();
        if (header != null && !header.isBlank()) {
            text.append('*').append(header.strip()).append("*\n\n");
        }
        text.append(body);
        if (footer != null && !footer.isBlank()) {
            text.append("\n\n_").append(footer.strip()).append('_');
        }
        return text.toString();
    }
}
