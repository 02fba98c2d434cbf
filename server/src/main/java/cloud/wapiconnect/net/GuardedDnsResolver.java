package cloud.wapiconnect.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.apache.hc.client5.http.DnsResolver;

/**
 * Resolves host names for an HTTP client and refuses any whose addresses the {@link AddressGuard}
 * forbids. Checking here, in the lookup the connection is made from, closes the DNS-rebinding gap of
 * "check the name, then let the client resolve it again" (a hostile DNS server can answer differently).
 * A host written as a number in a non-standard form is refused before any lookup: Java would read
 * {@code 0177.0.0.1} as 177.0.0.1 where a browser reads 127.0.0.1.
 */
public final class GuardedDnsResolver implements DnsResolver {
    private final AddressGuard guard;

    public GuardedDnsResolver(AddressGuard guard) {
        this.guard = guard;
    }

    /** A lookup refused by the guard; the message says why. */
    public static final class RefusedAddressException extends UnknownHostException {
        RefusedAddressException(String message) {
            super(message);
        }
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        Optional<String> spelling = AddressGuard.spellingRefusal(host);
        if (spelling.isPresent()) {
            throw new RefusedAddressException(spelling.get());
        }
        InetAddress[] addresses = InetAddress.getAllByName(host);
        for (InetAddress address : addresses) {
            Optional<String> refusal = guard.refusal(address);
            if (refusal.isPresent()) {
                throw new RefusedAddressException(
                        host + " resolves to " + address.getHostAddress() + ", " + refusal.get());
            }
        }
        return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }
}
