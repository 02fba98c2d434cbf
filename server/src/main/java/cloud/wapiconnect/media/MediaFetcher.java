package cloud.wapiconnect.media;

import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.net.AddressGuard;
import cloud.wapiconnect.net.GuardedDnsResolver;
import cloud.wapiconnect.net.GuardedDnsResolver.RefusedAddressException;
import cloud.wapiconnect.net.GuardedHttpClients;
import cloud.wapiconnect.resilience.Resilience;
import io.github.resilience4j.retry.Retry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;

/**
 * Fetches a {@code mediaUrl} on a tenant's behalf, guarded like any server-side request: http(s)
 * only; every connection's addresses (each redirect's included) checked by the {@link GuardedDnsResolver}
 * in the very lookup the connection is made from, so a DNS answer cannot change between check and
 * connect; a connect timeout and a total deadline; the size cap enforced while streaming. Connect errors
 * and 5xx answers are retried with exponential backoff (the {@code media-fetch} policy of {@link Resilience}).
 */
@ApplicationScoped
public class MediaFetcher {
    static final int MAX_REDIRECTS = 3;
    static final String USER_AGENT = "WapiConnect-Media/1";

    private final AddressGuard guard;
    private final CloseableHttpClient http;
    private final Duration fetchTimeout;
    private final Retry retry;
    private final int attempts;
    /** Aborts a fetch still running at its deadline: socket timeouts alone let a trickling upstream go on. */
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("media-fetch-deadlines").daemon().factory());

    /** Bytes as served, with the server's Content-Type if it gave one. */
    public record Fetched(MediaBytes bytes, Optional<String> contentType, URI uri) {}

    /** What one request came to: the media, or where a redirect points. */
    private record Hop(Fetched fetched, URI next) {}

    @Inject
    public MediaFetcher(WapiConfig config, Resilience resilience) {
        this(
                new AddressGuard(config.allowPrivateNetworks()),
                config.media().connectTimeout(),
                config.media().fetchTimeout(),
                resilience);
    }

    MediaFetcher(AddressGuard guard, Duration connectTimeout, Duration fetchTimeout, Resilience resilience) {
        this.guard = guard;
        this.fetchTimeout = fetchTimeout;
        this.http = GuardedHttpClients.create(guard, connectTimeout, fetchTimeout, USER_AGENT);
        this.retry = resilience.mediaFetchRetry(e -> e instanceof Transient);
        this.attempts = resilience.mediaFetchAttempts();
    }

    /**
     * Downloads a URL of at most {@code maxBytes}.
     *
     * @throws WapiException {@code MEDIA_URL_FORBIDDEN}, {@code MEDIA_TOO_LARGE}, {@code MEDIA_FETCH_FAILED}
     */
    public Fetched fetch(String url, long maxBytes) {
        URI uri = parse(url);
        try {
            return retry.executeCallable(() -> followRedirects(uri, maxBytes, fetchTimeout, false));
        } catch (Transient e) {
            throw new WapiException(
                    ErrorCode.MEDIA_FETCH_FAILED,
                    "Could not fetch mediaUrl after " + attempts + " attempts: " + e.getMessage());
        } catch (WapiException e) {
            throw e;
        } catch (Exception e) {
            throw new WapiException(ErrorCode.MEDIA_FETCH_FAILED, "Could not fetch mediaUrl: " + e.getMessage());
        }
    }

    /**
     * Downloads the first {@code maxBytes} of a URL (the rest is not read), in one attempt (redirects followed)
     * within {@code timeout}: for what only needs a page's head, such as a link preview.
     *
     * @throws WapiException {@code MEDIA_URL_FORBIDDEN}, {@code MEDIA_FETCH_FAILED}
     */
    public Fetched fetchPrefix(String url, int maxBytes, Duration timeout) {
        URI uri = parse(url);
        try {
            return followRedirects(uri, maxBytes, timeout, true);
        } catch (WapiException e) {
            throw e;
        } catch (Exception e) {
            throw new WapiException(
                    ErrorCode.MEDIA_FETCH_FAILED, "Could not fetch " + uri.getHost() + ": " + e.getMessage());
        }
    }

    @PreDestroy
    void close() {
        deadlines.shutdownNow();
        try {
            http.close();
        } catch (IOException ignored) {
            // closing idle connections: nothing left to do
        }
    }

    /** One attempt, redirects included, within the total timeout; {@code prefix}: a longer body is cut, not refused. */
    private Fetched followRedirects(URI start, long maxBytes, Duration timeout, boolean prefix) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI uri = start;
        for (int hop = 0; ; hop++) {
            Optional<String> refusal = guard.schemeOrHostRefusal(uri);
            if (refusal.isPresent()) {
                throw forbidden(refusal.get());
            }
            Hop answer = request(uri, maxBytes, deadline - System.nanoTime(), prefix);
            if (answer.fetched() != null) {
                return answer.fetched();
            }
            if (hop == MAX_REDIRECTS) {
                throw new WapiException(
                        ErrorCode.MEDIA_FETCH_FAILED,
                        "Could not fetch mediaUrl: more than " + MAX_REDIRECTS + " redirects");
            }
            uri = answer.next();
        }
    }

    /** One request, aborted if it is still running when the attempt's time is up. */
    private Hop request(URI uri, long maxBytes, long nanosLeft, boolean prefix) throws IOException {
        if (nanosLeft <= 0) {
            throw timedOut();
        }
        HttpGet get = new HttpGet(uri);
        ScheduledFuture<?> deadline = deadlines.schedule(get::cancel, nanosLeft, TimeUnit.NANOSECONDS);
        try {
            ClassicHttpResponse response = connect(get, uri);
            try {
                return answer(get, uri, response, maxBytes, prefix);
            } catch (IOException e) {
                if (get.isCancelled() || e instanceof SocketTimeoutException) {
                    throw timedOut();
                }
                throw e;
            } finally {
                closeQuietly(response);
            }
        } finally {
            deadline.cancel(false);
        }
    }

    /** Sends the request and waits for the answer's head; the resolver's refusal is the guard's. */
    private ClassicHttpResponse connect(HttpGet get, URI uri) {
        try {
            return http.executeOpen(null, get, null);
        } catch (RefusedAddressException e) {
            throw forbidden(e.getMessage());
        } catch (UnknownHostException e) {
            throw forbidden("the host " + uri.getHost() + " does not resolve");
        } catch (ConnectTimeoutException e) {
            throw new Transient("connecting to " + uri.getHost() + " timed out");
        } catch (IOException e) {
            if (get.isCancelled() || e instanceof SocketTimeoutException) {
                throw timedOut();
            }
            throw new Transient("connection to " + uri.getHost() + " failed ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** Reads a 200 answer's body, or says where a redirect points; anything else fails the hop. */
    private Hop answer(HttpGet get, URI uri, ClassicHttpResponse response, long maxBytes, boolean prefix)
            throws IOException {
        int status = response.getCode();
        Header location = response.getFirstHeader("Location");
        if (status >= 300 && status < 400 && location != null) {
            abandon(get);
            return new Hop(null, uri.resolve(location.getValue()));
        }
        if (status >= 500) {
            abandon(get);
            throw new Transient("upstream answered " + status);
        }
        if (status != 200) {
            abandon(get);
            throw new WapiException(
                    ErrorCode.MEDIA_FETCH_FAILED, "Could not fetch mediaUrl: upstream answered " + status);
        }
        HttpEntity entity = response.getEntity();
        long declared = entity == null ? 0 : entity.getContentLength();
        Header contentType = response.getFirstHeader("Content-Type");
        if (prefix) {
            MediaBytes bytes =
                    entity == null ? MediaBytes.of(new byte[0]) : readPrefix(entity.getContent(), (int) maxBytes, get);
            return new Hop(new Fetched(bytes, Optional.ofNullable(contentType).map(Header::getValue), uri), null);
        }
        if (declared > maxBytes) {
            abandon(get);
            throw tooLarge(maxBytes);
        }
        MediaBytes bytes = entity == null
                ? MediaBytes.of(new byte[0])
                : declared >= 0
                        ? readExactly(entity.getContent(), (int) declared)
                        : readAtMost(entity.getContent(), maxBytes, get);
        return new Hop(new Fetched(bytes, Optional.ofNullable(contentType).map(Header::getValue), uri), null);
    }

    /**
     * Drops the connection of an answer we will not read: closing it normally would read the rest of
     * the body first (to reuse the connection), however large the upstream makes it.
     */
    private static void abandon(HttpGet get) {
        get.cancel();
    }

    /**
     * Reads a body of known length into an array of exactly that size: the bytes are copied once, from
     * the client's buffers. ({@code InputStream.readNBytes(int)} would collect parts and copy them again.)
     */
    private static MediaBytes readExactly(InputStream in, int length) throws IOException {
        try (in) {
            byte[] bytes = new byte[length];
            int read = in.readNBytes(bytes, 0, length);
            if (read != length) {
                throw new Transient("the body ended after " + read + " of " + length + " bytes");
            }
            return MediaBytes.of(bytes);
        }
    }

    /** A body of unknown length (chunked): grown as it arrives, refused as soon as it passes the cap. */
    private static MediaBytes readAtMost(InputStream in, long maxBytes, HttpGet get) throws IOException {
        try (in) {
            MediaBytes.Builder out = new MediaBytes.Builder(0, maxBytes);
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                if (out.overflowed()) {
                    abandon(get);
                    throw tooLarge(maxBytes);
                }
            }
            return out.build();
        }
    }

    /** The first {@code maxBytes} of a body; the connection of a longer one is dropped, not drained. */
    private static MediaBytes readPrefix(InputStream in, int maxBytes, HttpGet get) throws IOException {
        try (in) {
            byte[] bytes = in.readNBytes(maxBytes);
            if (bytes.length == maxBytes && in.read() >= 0) {
                abandon(get);
            }
            return MediaBytes.of(bytes);
        }
    }

    private static WapiException forbidden(String reason) {
        return new WapiException(ErrorCode.MEDIA_URL_FORBIDDEN, "mediaUrl is not allowed: " + reason);
    }

    private WapiException timedOut() {
        return new WapiException(
                ErrorCode.MEDIA_FETCH_FAILED,
                "Could not fetch mediaUrl: timed out after " + fetchTimeout.toMillis() + " ms");
    }

    static WapiException tooLarge(long maxBytes) {
        return new WapiException(
                ErrorCode.MEDIA_TOO_LARGE,
                "The media is larger than the limit of " + maxBytes + " bytes",
                Map.of("limit", maxBytes));
    }

    private static URI parse(String url) {
        try {
            URI uri = new URI(url.trim());
            if (!uri.isAbsolute()) {
                throw new URISyntaxException(url, "not absolute");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new WapiException(ErrorCode.MEDIA_URL_FORBIDDEN, "mediaUrl is not a valid absolute URL");
        }
    }

    private static void closeQuietly(ClassicHttpResponse response) {
        try {
            response.close();
        } catch (IOException ignored) {
            // an abandoned answer's connection is already gone; nothing more to do with it
        }
    }

    /** A failure worth another attempt: connection errors and 5xx answers. */
    static final class Transient extends RuntimeException {
        Transient(String message) {
            super(message, null, false, false);
        }
    }
}
