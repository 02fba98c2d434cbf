package cloud.wapiconnect.webhook;

import cloud.wapiconnect.net.GuardedHttpClients;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Calls in flight per receiver host:port, shared out so that receivers that hang cannot take a host from
 * the others. The HTTP client keeps at most {@link #PER_HOST} connections to one host:port; a call that had
 * to wait for one of them would wait behind every hanging call. So the dispatcher starts a call only when it
 * gets a slot here, and never queues in the client:
 * <ul>
 *   <li>one tenant holds at most {@link #PER_TENANT} of a host's slots, and once it holds any, it may take a
 *       slot only while fewer than {@link #SHARED} are in use: the last {@code PER_HOST - SHARED} are kept for
 *       tenants with no call there yet;</li>
 *   <li>within a tenant's share the same, one level down: an endpoint that already has calls in flight
 *       leaves the last {@code PER_TENANT - TENANT_SHARED} to the tenant's other endpoints on that host.</li>
 * </ul>
 * So a tenant (or an endpoint) with nothing in flight to a host gets its first slot at once, however many
 * calls to that host hang, unless {@code PER_HOST - SHARED} other tenants just took theirs.
 */
final class HostSlots {
    static final int PER_HOST = GuardedHttpClients.MAX_CONNECTIONS_PER_HOST;
    static final int SHARED = 48;
    static final int PER_TENANT = 16;
    static final int TENANT_SHARED = 12;

    private final Map<String, Host> hosts = new HashMap<>();

    private static final class Host {
        int total;
        final Map<String, Integer> byTenant = new HashMap<>();
        final Map<String, Integer> byEndpoint = new HashMap<>();
    }

    /** The slot a call holds; {@link #release} it when the lane's work ends. */
    record Slot(String host, String tenantId, String endpointId) {}

    /** A slot for a call of this tenant's endpoint to {@code url}'s host:port, or null when it must wait. */
    synchronized Slot tryAcquire(String url, String tenantId, String endpointId) {
        String key = key(url);
        Host host = hosts.computeIfAbsent(key, k -> new Host());
        int tenant = host.byTenant.getOrDefault(tenantId, 0);
        int endpoint = host.byEndpoint.getOrDefault(endpointId, 0);
        boolean allowed = host.total < PER_HOST
                && tenant < PER_TENANT
                && (tenant == 0 || host.total < SHARED)
                && (endpoint == 0 || tenant < TENANT_SHARED);
        if (!allowed) {
            if (host.total == 0) {
                hosts.remove(key);
            }
            return null;
        }
        host.total++;
        host.byTenant.merge(tenantId, 1, Integer::sum);
        host.byEndpoint.merge(endpointId, 1, Integer::sum);
        return new Slot(key, tenantId, endpointId);
    }

    synchronized void release(Slot slot) {
        Host host = hosts.get(slot.host());
        if (host == null) {
            return;
        }
        host.byTenant.computeIfPresent(slot.tenantId(), (k, n) -> n > 1 ? n - 1 : null);
        host.byEndpoint.computeIfPresent(slot.endpointId(), (k, n) -> n > 1 ? n - 1 : null);
        if (--host.total <= 0) {
            hosts.remove(slot.host());
        }
    }

    /** scheme://host:port as the connection pool keys its routes; a URL that does not parse is a host of its own. */
    static String key(String url) {
        if (url == null) {
            return "";
        }
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
            String host = uri.getHost() == null
                    ? uri.getRawAuthority()
                    : uri.getHost().toLowerCase(Locale.ROOT);
            return scheme + "://" + host + ":" + port;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }
}
