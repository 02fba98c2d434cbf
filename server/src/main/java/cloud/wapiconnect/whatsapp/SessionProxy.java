package cloud.wapiconnect.whatsapp;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * The proxy one session's WhatsApp connection and media go through: {@code socks5://[user:password@]host:port} or
 * {@code http://[user:password@]host:port} (an HTTP proxy that tunnels with CONNECT).
 *
 * <p>Its credentials are a secret: {@link #toString()} and {@link #display()} never show them (a display keeps
 * {@code ***@} where they were), messages of refusals never quote them, and only {@link #url()} (for the engine)
 * and {@link #credentials()} (sealed before it is stored) hold them.
 *
 * @param scheme      {@code socks5} or {@code http}
 * @param host        a name or an IP address (IPv6 without brackets)
 * @param credentials the URL's user information as written ({@code user:password}, percent-encoded), or null
 */
public record SessionProxy(String scheme, String host, int port, String credentials) {
    private static final int MAX_LENGTH = 1024;

    public SessionProxy {
        Objects.requireNonNull(scheme);
        Objects.requireNonNull(host);
    }

    /**
     * Reads a proxy URL as a client wrote it.
     *
     * @throws WapiException {@code INVALID_PROXY} (the message never quotes the credentials)
     */
    public static SessionProxy parse(String text) {
        if (text == null || text.isBlank() || text.length() > MAX_LENGTH) {
            throw invalid("proxy must be a URL of at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw invalid("proxy is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("socks5") && !scheme.equals("http")) {
            throw invalid("proxy must start with socks5:// or http://");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw invalid("proxy must name a host");
        }
        if (uri.getPort() < 1 || uri.getPort() > 65535) {
            throw invalid("proxy must name a port (1-65535)");
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/"))
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw invalid("proxy must be only scheme://[user:password@]host:port");
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && (userInfo.isEmpty() || userInfo.length() > 512)) {
            throw invalid("proxy credentials must be 1-512 characters");
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new SessionProxy(scheme, host.toLowerCase(Locale.ROOT), uri.getPort(), userInfo);
    }

    /** A stored proxy: its {@link #address()} and its (opened) {@link #credentials()}, or null. */
    public static SessionProxy of(String address, String credentials) {
        SessionProxy proxy = parse(address);
        return new SessionProxy(proxy.scheme(), proxy.host(), proxy.port(), credentials);
    }

    /** {@code scheme://host:port}, without credentials: what is stored in clear. */
    public String address() {
        return scheme + "://" + hostPart() + ":" + port;
    }

    /** What clients see: the address, with {@code ***@} in place of any credentials. */
    public String display() {
        return scheme + "://" + (credentials == null ? "" : "***@") + hostPart() + ":" + port;
    }

    /** The full URL, credentials included: only for the engine that connects through it. */
    public String url() {
        return scheme + "://" + (credentials == null ? "" : credentials + "@") + hostPart() + ":" + port;
    }

    private String hostPart() {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    /** The display form: a proxy in a log line or an exception message shows no credentials. */
    @Override
    public String toString() {
        return display();
    }

    private static WapiException invalid(String message) {
        return new WapiException(ErrorCode.INVALID_PROXY, message);
    }
}
