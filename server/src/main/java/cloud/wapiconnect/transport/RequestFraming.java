package cloud.wapiconnect.transport;

import io.helidon.http.DirectHandler.EventType;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 request framing as RFC 9112 §6.3 requires of a server that may sit behind a proxy: a request
 * whose body length is ambiguous is refused with 400 and its connection closed, because a proxy in front
 * may read the length differently, and what one of them takes for the rest of a body the other would run as
 * a second request ("request smuggling"). Helidon 4.2.0 took the first of two different
 * {@code Content-Length}s, and let {@code Transfer-Encoding: chunked} win over a {@code Content-Length}
 * while keeping the connection. Refused here, as Helidon's later releases do (upstream commit 95de623f89,
 * "Reject invalid request content length framing"): more than one {@code Content-Length} (or a list), one
 * that is not digits, {@code Transfer-Encoding} together with {@code Content-Length}, and any
 * {@code Transfer-Encoding} other than exactly {@code chunked}.
 * <p>
 * A receive listener runs right after the headers are read, before any routing; the exception it throws is
 * answered by the listener's direct handler ({@code rest.error.TransportErrors}: the documented JSON error)
 * with {@code Connection: close}, and nothing after the headers is read. As a send listener it tells the
 * {@link ConnectionGuard} where a request ends.
 */
final class RequestFraming implements Http1ConnectionListener {
    /** Receives requests: checks their framing and marks the end of their headers. */
    static final RequestFraming RECEIVE = new RequestFraming(true);
    /** Sends responses: marks the start of each. */
    static final RequestFraming SEND = new RequestFraming(false);

    private final boolean receive;

    private RequestFraming(boolean receive) {
        this.receive = receive;
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        if (receive) {
            ConnectionGuard.headersRead();
            check(headers);
        }
    }

    @Override
    public void status(ConnectionContext ctx, Status status) {
        if (!receive && status.code() >= 200) {
            ConnectionGuard.responseStarted();
        }
    }

    static void check(Headers headers) {
        boolean chunked = headers.contains(HeaderNames.TRANSFER_ENCODING);
        if (headers.contains(HeaderNames.CONTENT_LENGTH)) {
            if (chunked) {
                throw refused("Transfer-Encoding and Content-Length must not be combined");
            }
            List<String> lengths =
                    values(headers.get(HeaderNames.CONTENT_LENGTH).allValues());
            if (lengths.size() != 1) {
                throw refused("Content-Length must be given once, with one value");
            }
            String length = lengths.getFirst();
            if (length.isEmpty() || length.length() > 18 || !length.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw refused("Content-Length must be a number of bytes");
            }
        } else if (chunked) {
            List<String> codings =
                    values(headers.get(HeaderNames.TRANSFER_ENCODING).allValues());
            if (codings.size() != 1
                    || !codings.getFirst().toLowerCase(Locale.ROOT).equals("chunked")) {
                throw refused("Transfer-Encoding must be exactly 'chunked' (no other transfer coding is supported)");
            }
        }
    }

    /** The header's values, lists split at commas, blank ones kept (so "5," is two values). */
    private static List<String> values(List<String> raw) {
        List<String> values = new ArrayList<>();
        for (String value : raw) {
            for (String part : value.split(",", -1)) {
                values.add(part.strip());
            }
        }
        return values;
    }

    private static RequestException refused(String why) {
        return RequestException.builder()
                .type(EventType.BAD_REQUEST)
                .status(Status.BAD_REQUEST_400)
                .setKeepAlive(false)
                .message("Ambiguous request framing: " + why)
                .build();
    }
}
