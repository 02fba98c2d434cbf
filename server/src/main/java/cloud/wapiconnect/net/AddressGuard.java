package cloud.wapiconnect.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether the server may open a connection on a tenant's behalf (media URLs, webhooks).
 * Link-local, multicast, unspecified and cloud-metadata addresses are always refused; loopback and
 * private networks only unless {@code WAPI_ALLOW_PRIVATE_NETWORKS} is set for development.
 */
public final class AddressGuard {
    private static final Set<String> METADATA = Set.of("169.254.169.254", "100.100.100.200", "fd00:ec2:0:0:0:0:0:254");

    private final boolean allowPrivate;

    public AddressGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Why a URL may not be fetched, or empty when it may: scheme http(s), a host, and every address it resolves to allowed. */
    public Optional<String> refusal(URI uri) {
        Optional<String> form = schemeOrHostRefusal(uri);
        if (form.isPresent()) {
            return form;
        }
        String host = uri.getHost();
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
     * Why a URL may not be requested, judged without a lookup: scheme http(s) and a host. For clients whose
     * addresses come from a {@link GuardedDnsResolver}, which checks them in the lookup the connection uses.
     */
    public Optional<String> schemeOrHostRefusal(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("only http and https URLs are allowed");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            return Optional.of("the URL has no host");
        }
        return Optional.empty();
    }

    /** Why an address may not be connected to, or empty when it may. */
    public Optional<String> refusal(InetAddress address) {
        InetAddress a = unmapped(address);
        if (METADATA.contains(a.getHostAddress())) {
            return Optional.of("a cloud metadata address");
        }
        if (a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isMulticastAddress() || isBroadcast(a)) {
            return Optional.of("a link-local, multicast or unspecified address");
        }
        if (!allowPrivate && (a.isLoopbackAddress() || a.isSiteLocalAddress() || isUniqueLocal(a) || isSharedAddressSpace(a))) {
            return Optional.of("a loopback or private address");
        }
        return Optional.empty();
    }

    private static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
                try {
                    return InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    return address;
                }
            }
        }
        return address;
    }

    private static boolean isUniqueLocal(InetAddress a) {
        return a instanceof Inet6Address && (a.getAddress()[0] & 0xFE) == 0xFC;
    }

    /** 100.64.0.0/10, carrier-grade NAT: not reachable from the internet either. */
    private static boolean isSharedAddressSpace(InetAddress a) {
        byte[] b = a.getAddress();
        return a instanceof Inet4Address && (b[0] & 0xFF) == 100 && (b[1] & 0xC0) == 64;
    }

    private static boolean isBroadcast(InetAddress a) {
        return a instanceof Inet4Address && a.getHostAddress().equals("255.255.255.255");
    }
}
