package cloud.wapiconnect.cluster;

import cloud.wapiconnect.config.InvalidConfigurationException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * This node's place in a cluster of nodes sharing one database. One node alone is a cluster of one: every
 * setting has a default that needs nothing set up.
 *
 * @param nodeId      {@code WAPI_NODE_ID}: unique among the nodes; default the host name, "-" and 6 random hex
 *                    digits (a restarted node is a new node: its old leases lapse or are released)
 * @param nodeAddress {@code WAPI_NODE_ADDRESS}: host:port its peers reach it at; default {@code 127.0.0.1:WAPI_PORT}
 * @param lease       {@code WAPI_CLUSTER_LEASE_MS}: how long a heartbeat and a session lease last; a node silent
 *                    longer is dead and its sessions are taken over
 * @param secret      {@code WAPI_CLUSTER_SECRET}: authenticates calls between nodes (at least 32 characters);
 *                    required when more than one node runs
 */
public record ClusterConfig(String nodeId, String nodeAddress, Duration lease, Optional<String> secret) {
    /** Shortest lease: a renewal every third of it must fit a database round trip with room to spare. */
    public static final long MIN_LEASE_MS = 1_000;

    public static final int MIN_SECRET_LENGTH = 32;

    public ClusterConfig {
        if (lease.toMillis() < MIN_LEASE_MS) {
            throw new IllegalArgumentException("lease below " + MIN_LEASE_MS + " ms");
        }
    }

    /** Reads and validates the settings; throws {@link InvalidConfigurationException} naming the bad one. */
    public static ClusterConfig from(Config config) {
        String nodeId =
                config.getOptionalValue("WAPI_NODE_ID", String.class).orElse("").trim();
        if (nodeId.isEmpty()) {
            nodeId = defaultNodeId();
        } else if (!nodeId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new InvalidConfigurationException(
                    "WAPI_NODE_ID",
                    nodeId,
                    "1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        String port = config.getOptionalValue("WAPI_PORT", String.class)
                .orElse("8080")
                .trim();
        String address = config.getOptionalValue("WAPI_NODE_ADDRESS", String.class)
                .orElse("")
                .trim();
        if (address.isEmpty()) {
            address = "127.0.0.1:" + port;
        } else if (!address.matches("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+):[0-9]{1,5}")
                || Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)) > 65535) {
            throw new InvalidConfigurationException(
                    "WAPI_NODE_ADDRESS", address, "host:port the other nodes reach this one at, e.g. 10.0.0.5:8080");
        }
        String leaseRaw = config.getOptionalValue("WAPI_CLUSTER_LEASE_MS", String.class)
                .orElse("10000")
                .trim();
        long lease;
        try {
            lease = Long.parseLong(leaseRaw);
        } catch (NumberFormatException e) {
            lease = -1;
        }
        if (lease < MIN_LEASE_MS || lease > 600_000) {
            throw new InvalidConfigurationException("WAPI_CLUSTER_LEASE_MS", leaseRaw, "1000 to 600000 (ms)");
        }
        String secret = config.getOptionalValue("WAPI_CLUSTER_SECRET", String.class)
                .orElse("")
                .trim();
        if (!secret.isEmpty() && secret.length() < MIN_SECRET_LENGTH) {
            throw new InvalidConfigurationException(
                    "WAPI_CLUSTER_SECRET", "(hidden)", "at least " + MIN_SECRET_LENGTH + " characters, or unset");
        }
        return new ClusterConfig(
                nodeId, address, Duration.ofMillis(lease), secret.isEmpty() ? Optional.empty() : Optional.of(secret));
    }

    private static String defaultNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "node";
        }
        host = host.replaceAll("[^A-Za-z0-9._-]", "-");
        if (host.isEmpty() || !Character.isLetterOrDigit(host.charAt(0))) {
            host = "node" + host;
        }
        byte[] suffix = new byte[3];
        new SecureRandom().nextBytes(suffix);
        return host.substring(0, Math.min(host.length(), 90)) + "-"
                + HexFormat.of().formatHex(suffix);
    }
}
