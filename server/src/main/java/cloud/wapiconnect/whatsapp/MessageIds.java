package cloud.wapiconnect.whatsapp;

import java.security.SecureRandom;
import java.util.HexFormat;

/** WhatsApp Web style message ids ({@code 3EB0} and 16 upper-case hex digits), chosen before sending. */
public final class MessageIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private MessageIds() {}

    public static String next() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return "3EB0" + HEX.formatHex(bytes);
    }
}
