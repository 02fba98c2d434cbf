// A WapiConnect webhook receiver with the JDK alone (17 or newer), run as a single file:
//
//   WAPI_WEBHOOK_SECRET=... PORT=4000 java Receiver.java
//
// Verifies both signatures on the raw bytes received, rejects stale timestamps (replays),
// de-duplicates on X-Wapi-Event-Id (delivery is at-least-once) and answers 200 at once.
// A real application would parse with Jackson or Gson; the small parser at the end keeps this
// example free of dependencies. What matters is that the signatures are checked on the raw bytes.

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class Receiver {
    static final long TOLERANCE_SECONDS = 300;
    static final int MAX_BODY_BYTES = 5 * 1024 * 1024;
    // The body ends with ,"signature":"<64 hex>"} when a secret is set: 80 ASCII bytes.
    static final Pattern SIGNATURE_SUFFIX = Pattern.compile(",\"signature\":\"([0-9a-f]{64})\"\\}");
    static final int SUFFIX_BYTES = 80;

    static final String SECRET = System.getenv().getOrDefault("WAPI_WEBHOOK_SECRET", "");
    static final Set<String> SEEN = ConcurrentHashMap.newKeySet();
    static final ConcurrentLinkedQueue<String> SEEN_ORDER = new ConcurrentLinkedQueue<>();
    static final ExecutorService WORK = Executors.newSingleThreadExecutor();

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "4000"));
        if (SECRET.isEmpty()) {
            System.err.println("WAPI_WEBHOOK_SECRET is not set: accepting unsigned deliveries");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/", Receiver::receive);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        System.out.println("listening on http://0.0.0.0:" + port + "/");
    }

    static void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                reply(exchange, 405, "{\"error\":\"POST only\"}");
                return;
            }
            byte[] raw;
            try (InputStream in = exchange.getRequestBody()) {
                raw = in.readNBytes(MAX_BODY_BYTES + 1);
            }
            if (raw.length > MAX_BODY_BYTES) {
                reply(exchange, 413, "{\"error\":\"too large\"}");
                return;
            }
            String eventId = exchange.getRequestHeaders().getFirst("X-Wapi-Event-Id");
            if (!SECRET.isEmpty()) {
                String failure = checkSignatureHeader(raw, exchange.getRequestHeaders().getFirst("X-Wapi-Signature"),
                        System.currentTimeMillis() / 1000);
                if (failure == null) {
                    failure = checkSignatureField(raw);
                }
                if (failure != null) {
                    System.err.println("rejected event " + eventId + ": " + failure);
                    reply(exchange, 401, "{\"error\":\"" + failure + "\"}");
                    return;
                }
            }
            Map<?, ?> payload;
            try {
                payload = (Map<?, ?>) new Json(new String(raw, StandardCharsets.UTF_8)).parse();
            } catch (RuntimeException e) { // malformed JSON, or not an object
                reply(exchange, 400, "{\"error\":\"not JSON\"}");
                return;
            }
            if (!firstTime(eventId)) {
                System.out.println("duplicate event " + eventId + " ignored");
                reply(exchange, 200, "{\"ok\":true,\"duplicate\":true}");
                return;
            }
            reply(exchange, 200, "{\"ok\":true}");
            WORK.execute(() -> handle(payload));
        }
    }

    /** X-Wapi-Signature: t=&lt;unix seconds&gt;,v1=&lt;HMAC of "t.raw body"&gt;. Returns why it fails, or null. */
    static String checkSignatureHeader(byte[] raw, String header, long nowSeconds) {
        if (header == null || header.isEmpty()) {
            return "no X-Wapi-Signature header";
        }
        String t = "";
        List<String> v1 = new ArrayList<>();
        for (String part : header.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                t = pair[1];
            } else if (pair.length == 2 && pair[0].equals("v1")) {
                v1.add(pair[1]);
            }
        }
        if (!t.matches("[0-9]{1,12}") || v1.isEmpty()) {
            return "malformed X-Wapi-Signature header";
        }
        if (Math.abs(nowSeconds - Long.parseLong(t)) > TOLERANCE_SECONDS) {
            return "stale timestamp (replay?)";
        }
        String expected = hmacHex((t + ".").getBytes(StandardCharsets.US_ASCII), raw);
        return v1.stream().anyMatch(given -> safeEqual(expected, given)) ? null : "X-Wapi-Signature does not match";
    }

    /**
     * The "signature" field: HMAC of the body without that field, i.e. the raw bytes with the suffix cut off and
     * the "}" put back. Re-serializing the parsed payload (Jackson, Gson) cannot give the same bytes.
     */
    static String checkSignatureField(byte[] raw) {
        if (raw.length < SUFFIX_BYTES) {
            return "no signature field";
        }
        Matcher m = SIGNATURE_SUFFIX.matcher(new String(raw, raw.length - SUFFIX_BYTES, SUFFIX_BYTES, StandardCharsets.ISO_8859_1));
        if (!m.matches()) {
            return "no signature field";
        }
        byte[] unsigned = Arrays.copyOf(raw, raw.length - SUFFIX_BYTES + 1);
        unsigned[unsigned.length - 1] = '}';
        return safeEqual(hmacHex(unsigned), m.group(1)) ? null : "signature field does not match";
    }

    static String hmacHex(byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean safeEqual(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /** True the first time an event id is seen. A real receiver uses its database (a unique key on the id). */
    static boolean firstTime(String eventId) {
        if (eventId == null || eventId.isEmpty()) {
            return true;
        }
        if (!SEEN.add(eventId)) {
            return false;
        }
        SEEN_ORDER.add(eventId);
        if (SEEN_ORDER.size() > 10_000) {
            SEEN.remove(SEEN_ORDER.poll());
        }
        return true;
    }

    static void handle(Map<?, ?> payload) {
        Object event = payload.get("event");
        Object sessionId = payload.get("sessionId");
        Map<?, ?> data = (Map<?, ?>) payload.get("data");
        if ("message".equals(event)) {
            String from = String.valueOf(data.get("from")).replaceFirst("@s\\.whatsapp\\.net$", "");
            System.out.println("message " + data.get("id") + " from " + from + " in " + sessionId + ": " + data.get("body"));
            // Auto-reply, store in a database, etc. Long work belongs on a queue: answer within 10 s.
        } else {
            System.out.println(event + " in " + sessionId + ": " + data);
        }
    }

    static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Just enough JSON to read a webhook payload: objects, arrays, strings, numbers, true, false, null. */
    static final class Json {
        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Object parse() {
            Object value = value();
            skipSpace();
            if (i != s.length()) {
                throw new IllegalArgumentException("trailing characters at " + i);
            }
            return value;
        }

        private Object value() {
            skipSpace();
            if (i >= s.length()) {
                throw new IllegalArgumentException("unexpected end");
            }
            char c = s.charAt(i);
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                default:
                    if (s.startsWith("true", i)) {
                        i += 4;
                        return Boolean.TRUE;
                    }
                    if (s.startsWith("false", i)) {
                        i += 5;
                        return Boolean.FALSE;
                    }
                    if (s.startsWith("null", i)) {
                        i += 4;
                        return null;
                    }
                    return number();
            }
        }

        private Map<String, Object> object() {
            Map<String, Object> map = new LinkedHashMap<>();
            i++;
            skipSpace();
            if (peek() == '}') {
                i++;
                return map;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') {
                    throw new IllegalArgumentException("expected a key at " + i);
                }
                String key = string();
                skipSpace();
                expect(':');
                map.put(key, value());
                skipSpace();
                if (peek() == ',') {
                    i++;
                } else {
                    expect('}');
                    return map;
                }
            }
        }

        private List<Object> array() {
            List<Object> list = new ArrayList<>();
            i++;
            skipSpace();
            if (peek() == ']') {
                i++;
                return list;
            }
            while (true) {
                list.add(value());
                skipSpace();
                if (peek() == ',') {
                    i++;
                } else {
                    expect(']');
                    return list;
                }
            }
        }

        private String string() {
            StringBuilder out = new StringBuilder();
            i++;
            while (true) {
                if (i >= s.length()) {
                    throw new IllegalArgumentException("unterminated string");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'b': out.append('\b'); break;
                    case 'f': out.append('\f'); break;
                    case 'n': out.append('\n'); break;
                    case 'r': out.append('\r'); break;
                    case 't': out.append('\t'); break;
                    case 'u': out.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
                    case '"': case '\\': case '/': out.append(e); break;
                    default: throw new IllegalArgumentException("bad escape at " + i);
                }
            }
        }

        private Number number() {
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String n = s.substring(start, i);
            if (n.isEmpty()) {
                throw new IllegalArgumentException("unexpected character at " + start);
            }
            return n.matches("-?[0-9]+") && n.length() < 19 ? (Number) Long.parseLong(n) : (Number) Double.parseDouble(n);
        }

        private char peek() {
            return i < s.length() ? s.charAt(i) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + i);
            }
            i++;
        }

        private void skipSpace() {
            while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
        }
    }
}
