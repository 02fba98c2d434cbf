package cloud.wapiconnect.net;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The addresses of this machine's network interfaces, re-read at most every {@value #REFRESH_MS} ms (an address
 * can come with DHCP or a container's network after start-up). A public address of the server's own is as much
 * "the server itself" as 127.0.0.1, which is why the guard refuses them with loopback.
 */
final class LocalAddresses {
    static final LocalAddresses SYSTEM = new LocalAddresses();
    private static final Logger LOG = Logger.getLogger(LocalAddresses.class.getName());
    private static final long REFRESH_MS = 10_000;

    private volatile Set<String> addresses = Set.of();
    private volatile long readAt = Long.MIN_VALUE;

    /** Whether {@code address} (compared by its bytes, scope ignored) is one of this machine's. */
    boolean contains(InetAddress address) {
        return current().contains(HexFormat.of().formatHex(address.getAddress()));
    }

    private Set<String> current() {
        long now = System.nanoTime();
        if (readAt == Long.MIN_VALUE || now - readAt > REFRESH_MS * 1_000_000) {
            synchronized (this) {
                if (readAt == Long.MIN_VALUE || now - readAt > REFRESH_MS * 1_000_000) {
                    addresses = read();
                    readAt = now;
                }
            }
        }
        return addresses;
    }

    private Set<String> read() {
        Set<String> found = new HashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    found.add(HexFormat.of().formatHex(a.getAddress()));
                }
            }
        } catch (SocketException e) {
            // Keep what we knew: refusing too little is the risk, and the last list is the best guess.
            LOG.warning(() -> "Could not list the network interfaces: " + e.getMessage());
            return addresses;
        }
        return Set.copyOf(found);
    }
}
