package cloud.wapiconnect.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Decides whether the server may open a connection on a tenant's behalf (media URLs, link previews, webhooks, a
 * session's proxy).
 * Only globally routable unicast addresses pass: an allow-list of what the internet routes, not a deny-list of
 * what we thought of. Three kinds of refusal:
 * <ul>
 *   <li>never (whatever the settings): "this network" 0.0.0.0/8, link-local (cloud metadata among them),
 *       multicast, 240.0.0.0/4 and broadcast, the IETF, documentation and benchmarking blocks, IPv6 outside
 *       2000::/3, and the IPv6 forms that carry an IPv4 address somewhere else: IPv4-compatible ::/96, NAT64
 *       64:ff9b::/96, 6to4 2002::/16, Teredo 2001::/32 (so an inner address is never judged by its wrapper);</li>
 *   <li>unless {@code WAPI_ALLOW_PRIVATE_NETWORKS} (development, tests, a gateway whose receivers live on its own
 *       network): loopback, the private-use ranges (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7, fec0::/10)
 *       and every address of this server's own interfaces, which reach the server itself just as loopback does;</li>
 *   <li>a host written as a number other than four plain decimal parts ({@code 0177.0.0.1}, {@code 0x7f.0.0.1},
 *       {@code 2130706433}, {@code 127.1}): Java and curl or browsers read those differently, so it is refused
 *       rather than guessed.</li>
 * </ul>
 */
public final class AddressGuard {
    /** Refused even in development: the cloud metadata services, whatever range they sit in. */
    private static final List<String> METADATA =
            List.of("169.254.169.254", "100.100.100.200", "fd00:ec2:0:0:0:0:0:254");

    private static final Pattern DECIMAL_OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0x[0-9a-f]*");

    private final boolean allowPrivate;
    private final Predicate<InetAddress> ownAddress;

    /** Judges with this server's interfaces as they are (re-read every few seconds). */
    public AddressGuard(boolean allowPrivate) {
        this(allowPrivate, LocalAddresses.SYSTEM::contains);
    }

    /** @param ownAddress whether an address belongs to one of this server's own interfaces */
    public AddressGuard(boolean allowPrivate, Predicate<InetAddress> ownAddress) {
        this.allowPrivate = allowPrivate;
        this.ownAddress = ownAddress;
    }

    /** What {@code WAPI_ALLOW_PRIVATE_NETWORKS} said. */
    public boolean allowsPrivate() {
        return allowPrivate;
    }

    /** Why a URL may not be fetched, or empty when it may: scheme http(s), a host, and every address it resolves to allowed. */
    public Optional<String> refusal(URI uri) {
        Optional<String> form = schemeOrHostRefusal(uri);
        if (form.isPresent()) {
            return form;
        }
        return resolvedRefusal(uri.getHost());
    }

    /**
     * Why a host (a name, or an address written plainly; IPv6 with or without brackets) may not be connected to, or
     * empty when it may: its spelling, and every address it resolves to now. For servers that are not reached by
     * URL, such as a session's proxy.
     */
    public Optional<String> hostRefusal(String host) {
        if (host == null || host.isBlank()) {
            return Optional.of("there is no host");
        }
        Optional<String> spelling = spellingRefusal(host);
        return spelling.isPresent() ? spelling : resolvedRefusal(host);
    }

    private Optional<String> resolvedRefusal(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return Optional.of("the host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            Optional<String> refusal = refusal(address);
            if (refusal.isPresent()) {
                return Optional.of(host + " resolves to " + address.getHostAddress() + ", " + refusal.get());
            }
        }
        return Optional.empty();
    }

    /**
     * Why a URL may not be requested, judged without a lookup: scheme http(s) and a host written plainly. For
     * clients whose addresses come from a {@link GuardedDnsResolver}, which checks them in the lookup the
     * connection uses.
     */
    public Optional<String> schemeOrHostRefusal(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("only http and https URLs are allowed");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            return Optional.of("the URL has no host");
        }
        return spellingRefusal(host);
    }

    /**
     * Why a host name is refused as written, or empty: a numeric IPv4 host must be four decimal numbers of at most
     * 255 without leading zeros, and an IPv6 literal must not name a zone. A host whose last label is a number is
     * an IPv4 address to a browser ({@code 0177.0.0.1} is 127.0.0.1 there, 177.0.0.1 to Java), so anything
     * else that looks numeric is refused, not interpreted.
     */
    public static Optional<String> spellingRefusal(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.indexOf(':') >= 0) {
            return h.indexOf('%') >= 0 ? Optional.of("an IPv6 address with a zone is not allowed") : Optional.empty();
        }
        String name = h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
        String last = name.substring(name.lastIndexOf('.') + 1);
        if (!NUMERIC_LABEL.matcher(last).matches()) {
            return Optional.empty();
        }
        String[] parts = h.split("\\.", -1);
        boolean canonical = parts.length == 4;
        for (int i = 0; canonical && i < 4; i++) {
            canonical = DECIMAL_OCTET.matcher(parts[i]).matches() && Integer.parseInt(parts[i]) <= 255;
        }
        return canonical
                ? Optional.empty()
                : Optional.of("the host " + host
                        + " is a numeric address in a non-standard form (octal, hexadecimal, a single number or fewer than four"
                        + " parts); write it as four decimal numbers, such as 203.0.113.7");
    }

    /** Why an address may not be connected to, or empty when it may. */
    public Optional<String> refusal(InetAddress address) {
        InetAddress a = unmapped(address);
        String text = a.getHostAddress();
        if (METADATA.contains(text)) {
            return Optional.of("a cloud metadata address");
        }
        Kind kind = a instanceof Inet4Address ? v4(a.getAddress()) : v6(a.getAddress());
        if (kind.never()) {
            return Optional.of(kind.reason);
        }
        if (allowPrivate) {
            return Optional.empty();
        }
        if (kind != Kind.GLOBAL) {
            return Optional.of(kind.reason);
        }
        if (ownAddress.test(a) || (a != address && ownAddress.test(address))) {
            return Optional.of("an address of this server's own network interfaces");
        }
        return Optional.empty();
    }

    /** What an address is, by the IANA special-purpose registries. */
    enum Kind {
        GLOBAL(null),
        LOOPBACK("a loopback or private address (loopback)"),
        PRIVATE("a loopback or private address (private-use network)"),
        SHARED("a loopback or private address (carrier-grade NAT, 100.64.0.0/10)"),
        THIS_NETWORK("a link-local, multicast, unspecified or reserved address (0.0.0.0/8, \"this network\")"),
        LINK_LOCAL("a link-local, multicast, unspecified or reserved address (link-local)"),
        MULTICAST("a link-local, multicast, unspecified or reserved address (multicast)"),
        RESERVED(
                "a link-local, multicast, unspecified or reserved address (a special-purpose block, not globally routable)"),
        EMBEDS_IPV4("an IPv6 address that carries an IPv4 address (IPv4-compatible, NAT64, 6to4 or Teredo)"),
        NOT_UNICAST_V6("a link-local, multicast, unspecified or reserved address (not IPv6 global unicast, 2000::/3)");

        final String reason;

        Kind(String reason) {
            this.reason = reason;
        }

        boolean never() {
            return this != GLOBAL && this != LOOPBACK && this != PRIVATE && this != SHARED;
        }
    }

    static Kind v4(byte[] b) {
        int a0 = b[0] & 0xFF;
        int a1 = b[1] & 0xFF;
        int a2 = b[2] & 0xFF;
        if (a0 == 0) {
            return Kind.THIS_NETWORK;
        }
        if (a0 == 127) {
            return Kind.LOOPBACK;
        }
        if (a0 == 10 || (a0 == 172 && (a1 & 0xF0) == 16) || (a0 == 192 && a1 == 168)) {
            return Kind.PRIVATE;
        }
        if (a0 == 100 && (a1 & 0xC0) == 64) {
            return Kind.SHARED;
        }
        if (a0 == 169 && a1 == 254) {
            return Kind.LINK_LOCAL;
        }
        if (a0 >= 224 && a0 <= 239) {
            return Kind.MULTICAST;
        }
        if (a0 >= 240 // 240.0.0.0/4 reserved, 255.255.255.255 broadcast
                || (a0 == 192 && a1 == 0 && a2 == 0) // IETF protocol assignments
                || (a0 == 192 && a1 == 0 && a2 == 2) // TEST-NET-1
                || (a0 == 192 && a1 == 88 && a2 == 99) // 6to4 relay anycast
                || (a0 == 198 && (a1 & 0xFE) == 18) // benchmarking 198.18.0.0/15
                || (a0 == 198 && a1 == 51 && a2 == 100) // TEST-NET-2
                || (a0 == 203 && a1 == 0 && a2 == 113)) { // TEST-NET-3
            return Kind.RESERVED;
        }
        return Kind.GLOBAL;
    }

    static Kind v6(byte[] b) {
        int w0 = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
        int w1 = ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        if (zeros(b, 0, 15) && b[15] == 1) {
            return Kind.LOOPBACK;
        }
        if (zeros(b, 0, 12)) {
            return zeros(b, 12, 16) ? Kind.THIS_NETWORK : Kind.EMBEDS_IPV4; // :: unspecified, ::/96 IPv4-compatible
        }
        if (w0 == 0x0064 && w1 == 0xff9b) {
            return Kind.EMBEDS_IPV4; // 64:ff9b::/96 NAT64 and 64:ff9b:1::/48 local NAT64
        }
        if ((w0 & 0xFE00) == 0xFC00 || (w0 & 0xFFC0) == 0xFEC0) {
            return Kind.PRIVATE; // fc00::/7 unique local, fec0::/10 deprecated site-local
        }
        if ((w0 & 0xFFC0) == 0xFE80) {
            return Kind.LINK_LOCAL;
        }
        if ((w0 & 0xFF00) == 0xFF00) {
            return Kind.MULTICAST;
        }
        if ((w0 & 0xE000) != 0x2000) {
            return Kind.NOT_UNICAST_V6; // outside 2000::/3: 100::/64 discard and the unassigned rest
        }
        if (w0 == 0x2002 || (w0 == 0x2001 && w1 == 0)) {
            return Kind.EMBEDS_IPV4; // 2002::/16 6to4, 2001::/32 Teredo
        }
        if ((w0 == 0x2001 && w1 < 0x0200) // 2001::/23 IETF protocol assignments (benchmarking, ORCHID...)
                || (w0 == 0x2001 && w1 == 0x0db8) // documentation
                || (w0 & 0xFFFF) == 0x3fff && (w1 & 0xF000) == 0) { // 3fff::/20 documentation
            return Kind.RESERVED;
        }
        return Kind.GLOBAL;
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the IPv4 address: the socket connects to that. */
    private static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            if (zeros(b, 0, 10) && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    return address;
                }
            }
        }
        return address;
    }
}
