package cloud.wapiconnect.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Serializes JSON-shaped values (maps, collections, strings, numbers, booleans, null) byte for byte
 * as JavaScript's {@code JSON.stringify} serializes what {@code JSON.parse} made of them. Webhook
 * receivers verify a signature over exactly that (the API document's {@code verifyWebhook}), so
 * "equivalent JSON" is not enough: Jackson, for one, escapes control characters in upper-case hex.
 *
 * <p>What JSON.stringify does and this copies: no whitespace; object keys in insertion order, except
 * that keys which are array indices ("0", "17") come first in ascending numeric order; only
 * {@code "}, {@code \} and control characters escaped ({@code \b \f \n \r \t}, the others as
 * lower-case <code>&#92;u00xx</code>), lone surrogates as <code>&#92;udxxx</code>; everything else, {@code /} and
 * non-ASCII included, as is; numbers in JavaScript's shortest form ({@code 1} not {@code 1.0},
 * {@code 1e+21}, {@code 1e-7}); non-finite numbers as {@code null}.
 */
public final class JsStringify {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final long MAX_ARRAY_INDEX = 4294967294L;

    private JsStringify() {}

    public static String stringify(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case String s -> string(s, out);
            case Boolean b -> out.append(b.booleanValue());
            case Integer i -> out.append(i.intValue());
            case Long l -> out.append(l.longValue());
            case Short s -> out.append(s.shortValue());
            case Byte b -> out.append(b.byteValue());
            case Number n -> out.append(number(n.doubleValue()));
            case Map<?, ?> map -> object(map, out);
            case Collection<?> list -> array(list, out);
            case Object[] array -> array(List.of(array), out);
            default ->
                throw new IllegalArgumentException(
                        "Not a JSON value: " + value.getClass().getName());
        }
    }

    private static void object(Map<?, ?> map, StringBuilder out) {
        List<Map.Entry<?, ?>> indices = new ArrayList<>();
        List<Map.Entry<?, ?>> others = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            (arrayIndex(entry.getKey().toString()) >= 0 ? indices : others).add(entry);
        }
        indices.sort((a, b) -> Long.compare(
                arrayIndex(a.getKey().toString()), arrayIndex(b.getKey().toString())));
        out.append('{');
        boolean first = true;
        for (List<Map.Entry<?, ?>> group : List.of(indices, others)) {
            for (Map.Entry<?, ?> entry : group) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(entry.getKey().toString(), out);
                out.append(':');
                write(entry.getValue(), out);
            }
        }
        out.append('}');
    }

    private static void array(Collection<?> list, StringBuilder out) {
        out.append('[');
        boolean first = true;
        for (Object item : list) {
            if (!first) {
                out.append(',');
            }
            first = false;
            write(item, out);
        }
        out.append(']');
    }

    /** The key as an array index (canonical decimal 0..2^32-2), or -1. */
    private static long arrayIndex(String key) {
        int n = key.length();
        if (n == 0 || n > 10 || (n > 1 && key.charAt(0) == '0')) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < n; i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= MAX_ARRAY_INDEX ? value : -1;
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        unicodeEscape(c, out);
                    } else if (Character.isHighSurrogate(c)) {
                        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                            out.append(c).append(s.charAt(++i));
                        } else {
                            unicodeEscape(c, out);
                        }
                    } else if (Character.isLowSurrogate(c)) {
                        unicodeEscape(c, out);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void unicodeEscape(char c, StringBuilder out) {
        out.append("\\u")
                .append(HEX[c >> 12 & 0xF])
                .append(HEX[c >> 8 & 0xF])
                .append(HEX[c >> 4 & 0xF])
                .append(HEX[c & 0xF]);
    }

    /** Number::toString of ECMAScript, for the shortest digits Java's Double.toString already finds. */
    static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "null";
        }
        if (d == 0) {
            return "0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        double magnitude = Math.abs(d);
        if (magnitude >= 1e-6 && magnitude < 1e21) {
            return exact.toPlainString();
        }
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (d < 0 ? "-" : "") + mantissa + "e" + (exponent >= 0 ? "+" : "-") + Math.abs(exponent);
    }
}
