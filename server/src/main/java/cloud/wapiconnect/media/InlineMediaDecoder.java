package cloud.wapiconnect.media;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes {@code mediaBase64} (plain base64, URL-safe base64 or a {@code data:<mime>;base64,} URL)
 * character by character as it arrives, straight into the media's array: the text is never held,
 * and neither is anything beyond the cap. White space is skipped (line-wrapped base64); padding is
 * optional; anything else outside the alphabet makes the media invalid.
 */
public final class InlineMediaDecoder {
    private static final Pattern DATA_URL = Pattern.compile("data:([^;,]*)(;[^,]*)?;base64,", Pattern.CASE_INSENSITIVE);
    private static final int MAX_PREFIX = 256;
    private static final byte[] VALUES = new byte[128];
    private static final int WHITESPACE = -2;
    private static final int INVALID = -1;

    static {
        Arrays.fill(VALUES, (byte) INVALID);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = (byte) i;
        }
        VALUES['+'] = VALUES['-'] = 62;
        VALUES['/'] = VALUES['_'] = 63;
        for (char c : new char[] {' ', '\t', '\n', '\r', '\f', 0x0B}) {
            VALUES[c] = WHITESPACE;
        }
    }

    private enum Phase {
        START,
        PREFIX,
        BODY,
        FAILED
    }

    private final MediaBytes.Builder out;
    private Phase phase = Phase.START;
    private final StringBuilder prefix = new StringBuilder();
    private Optional<String> dataUrlType = Optional.empty();
    private boolean sawText;
    private boolean standardAlphabet;
    private boolean urlSafeAlphabet;
    private int quantum;
    private int chars;
    private int padding;

    /**
     * @param expectedBytes the likely decoded size (sizes the array once; 0 when unknown)
     * @param cap           the most bytes kept; more makes the result {@code MEDIA_TOO_LARGE}
     */
    public InlineMediaDecoder(long expectedBytes, long cap) {
        this.out = new MediaBytes.Builder(expectedBytes, cap);
    }

    /** One character of the text (after JSON unescaping). */
    public void accept(int c) {
        switch (phase) {
            case START -> start(c);
            case PREFIX -> prefix(c);
            case BODY -> body(c);
            case FAILED -> {}
        }
    }

    /** A run of raw ASCII or UTF-8 bytes with nothing to unescape: the bulk of the text. */
    public void accept(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to && phase != Phase.BODY) {
            accept(bytes[i++] & 0xFF);
        }
        for (; i < to && phase == Phase.BODY; i++) {
            body(bytes[i] & 0xFF);
        }
    }

    public InlineMedia finish() {
        if (phase == Phase.PREFIX) {
            flushPrefix();
        }
        if (phase == Phase.FAILED || chars == 1 || padding > 0 && chars + padding != 4) {
            return out.overflowed() ? InlineMedia.tooLarge() : InlineMedia.invalid();
        }
        if (!sawText && dataUrlType.isEmpty() && prefix.isEmpty()) {
            return InlineMedia.blank();
        }
        if (chars == 2) {
            out.write(quantum >> 4);
        } else if (chars == 3) {
            out.write(quantum >> 10);
            out.write(quantum >> 2);
        }
        return out.overflowed() ? InlineMedia.tooLarge() : InlineMedia.decoded(out.build(), dataUrlType);
    }

    /** A {@code data:} URL is told from base64 by its first five characters (':' is not base64). */
    private void start(int c) {
        phase = Phase.PREFIX;
        prefix(c);
    }

    private void prefix(int c) {
        prefix.append((char) c);
        int n = prefix.length();
        if (n <= 5 && !"data:".regionMatches(true, 0, prefix.toString(), 0, n)) {
            flushPrefix();
        } else if (c == ',') {
            Matcher m = DATA_URL.matcher(prefix);
            if (m.matches()) {
                dataUrlType = Optional.of(m.group(1));
                phase = Phase.BODY;
            } else {
                phase = Phase.FAILED;
            }
        } else if (n > MAX_PREFIX) {
            phase = Phase.FAILED;
        }
    }

    /** Not a data URL after all: what was held back is base64. */
    private void flushPrefix() {
        phase = Phase.BODY;
        for (int i = 0; i < prefix.length() && phase == Phase.BODY; i++) {
            body(prefix.charAt(i));
        }
        prefix.setLength(0);
    }

    private void body(int c) {
        int value = c < 128 ? VALUES[c] : INVALID;
        if (value >= 0 && padding == 0) {
            sawText = true;
            if (c == '+' || c == '/') {
                standardAlphabet = true;
            } else if (c == '-' || c == '_') {
                urlSafeAlphabet = true;
            }
            quantum = quantum << 6 | value;
            if (++chars == 4) {
                out.write(quantum >> 16);
                out.write(quantum >> 8);
                out.write(quantum);
                quantum = 0;
                chars = 0;
            }
            if (out.overflowed() || standardAlphabet && urlSafeAlphabet) {
                phase = Phase.FAILED;
            }
        } else if (c == '=' && chars >= 2 && padding < 2) {
            padding++;
        } else if (value != WHITESPACE) {
            phase = Phase.FAILED;
        }
    }
}
