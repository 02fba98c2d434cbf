package cloud.wapiconnect.engine.sandbox;

import java.security.SecureRandom;
import java.util.Base64;

/** The made-up identifiers of the simulated network, each shaped like WhatsApp's. */
final class SandboxIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private SandboxIds() {}

    /** A new group's JID: {@code 120363}, twelve digits, {@code @g.us}. */
    static String groupJid() {
        return "120363" + randomDigits(12) + "@g.us";
    }

    /** Shaped like WhatsApp's: 22 characters of base62. */
    static String inviteCode() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 22; i++) {
            code.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return code.toString();
    }

    /** Shaped like WhatsApp's: eight characters in two groups of four. */
    static String pairingCode() {
        String alphabet = "ABCDEFGHJKLMNPQRSTVWXYZ123456789";
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            code.append(i == 4 ? "-" : "").append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return code.toString();
    }

    /** Shaped like WhatsApp Web's: a ref and three base64 keys, comma separated. */
    static String qrCode() {
        return "2@" + randomBase64(48) + "," + randomBase64(32) + "," + randomBase64(32) + "," + randomBase64(16);
    }

    /** A random 32-digit hex id (a connection's, a process's on the network). */
    static String hex32() {
        return java.util.UUID.randomUUID().toString().replace("-", "");
    }

    private static String randomDigits(int count) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < count; i++) {
            digits.append(RANDOM.nextInt(10));
        }
        return digits.toString();
    }

    private static String randomBase64(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getEncoder().encodeToString(value);
    }
}
