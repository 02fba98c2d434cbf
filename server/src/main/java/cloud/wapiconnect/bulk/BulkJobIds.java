package cloud.wapiconnect.bulk;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Job ids of 24 hex characters: 4 bytes of creation time, then 8 random bytes (shaped like the document's). */
final class BulkJobIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private BulkJobIds() {}

    static String next(long nowMillis) {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        int seconds = (int) (nowMillis / 1000);
        id[0] = (byte) (seconds >>> 24);
        id[1] = (byte) (seconds >>> 16);
        id[2] = (byte) (seconds >>> 8);
        id[3] = (byte) seconds;
        return HexFormat.of().formatHex(id);
    }
}
