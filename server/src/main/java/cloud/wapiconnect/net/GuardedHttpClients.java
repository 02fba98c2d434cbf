package cloud.wapiconnect.net;

import java.time.Duration;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * HTTP clients for requests the server makes on a tenant's behalf (webhooks, media URLs). Every connection
 * gets its addresses from a {@link GuardedDnsResolver}, so the address checked is the address connected to.
 * No proxy (it would resolve names itself), no redirects (callers re-check each hop), no automatic retries
 * (callers have their own policy), no cookies, and no transparent decompression (the bytes as served, so a
 * Content-Length means what it says for the size cap).
 */
public final class GuardedHttpClients {
    /** Connections to one scheme://host:port; webhook delivery shares them out per tenant (webhook.HostSlots). */
    public static final int MAX_CONNECTIONS_PER_HOST = 64;

    private GuardedHttpClients() {}

    /**
     * @param connectTimeout how long opening a connection may take
     * @param readTimeout    how long the server may stay silent (waiting for a pooled connection included);
     *                       not a deadline: a trickling server is the caller's to abort
     */
    public static CloseableHttpClient create(
            AddressGuard guard, Duration connectTimeout, Duration readTimeout, String userAgent) {
        Timeout read = Timeout.of(readTimeout);
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new GuardedDnsResolver(guard))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connectTimeout))
                                .setSocketTimeout(read)
                                .build())
                        .setMaxConnTotal(1000)
                        .setMaxConnPerRoute(MAX_CONNECTIONS_PER_HOST)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(read)
                        .setConnectionRequestTimeout(read)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableContentCompression()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setUserAgent(userAgent)
                .build();
    }
}
