package cloud.wapiconnect.media;

import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.net.AddressGuard;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fetches a {@code mediaUrl} on a tenant's behalf, guarded like any server-side request: http(s)
 * only, every address (including each redirect's) checked by the {@link AddressGuard}, a connect and
 * a total timeout, the size cap enforced while streaming. Connect errors and 5xx answers are retried
 * with exponential backoff (resilience4j retry {@code media-fetch}).
 */
@ApplicationScoped
public class MediaFetcher {
    static final int MAX_REDIRECTS = 3;
    private static final int MAX_ATTEMPTS = 3;

    private final AddressGuard guard;
    private final HttpClient http;
    private final Duration fetchTimeout;
    private final Retry retry;
    private final ExecutorService fetches = Executors.newVirtualThreadPerTaskExecutor();

    /** Bytes as served, with the server's Content-Type if it gave one. */
    public record Fetched(MediaBytes bytes, Optional<String> contentType, URI uri) {
    }

    @Inject
    public MediaFetcher(WapiConfig config) {
        this.guard = new AddressGuard(config.allowPrivateNetworks());
        this.fetchTimeout = config.media().fetchTimeout();
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.media().connectTimeout())
                .build();
        this.retry = Retry.of("media-fetch", RetryConfig.custom()
                .maxAttempts(MAX_ATTEMPTS)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(200), 2.0))
                .retryOnException(e -> e instanceof Transient)
                .build());
    }

    /**
     * Downloads a URL of at most {@code maxBytes}.
     *
     * @throws WapiException {@code MEDIA_URL_FORBIDDEN}, {@code MEDIA_TOO_LARGE}, {@code MEDIA_FETCH_FAILED}
     */
    public Fetched fetch(String url, long maxBytes) {
        URI uri = parse(url);
        try {
            return retry.executeCallable(() -> fetchWithin(uri, maxBytes));
        } catch (Transient e) {
            throw new WapiException(ErrorCode.MEDIA_FETCH_FAILED,
                    "Could not fetch mediaUrl after " + MAX_ATTEMPTS + " attempts: " + e.getMessage());
        } catch (WapiException e) {
            throw e;
        } catch (Exception e) {
            throw new WapiException(ErrorCode.MEDIA_FETCH_FAILED, "Could not fetch mediaUrl: " + e.getMessage());
        }
    }

    @jakarta.annotation.PreDestroy
    void close() {
        fetches.shutdownNow();
    }

    /** One attempt, redirects included, within the total timeout. */
    private Fetched fetchWithin(URI uri, long maxBytes) throws Exception {
        AtomicReference<InputStream> body = new AtomicReference<>();
        Future<Fetched> attempt = fetches.submit(() -> followRedirects(uri, maxBytes, body));
        try {
            return attempt.get(fetchTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            attempt.cancel(true);
            closeQuietly(body.get());
            throw timedOut();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private Fetched followRedirects(URI start, long maxBytes, AtomicReference<InputStream> body)
            throws IOException, InterruptedException {
        URI uri = start;
        for (int hop = 0; ; hop++) {
            Optional<String> refusal = guard.refusal(uri);
            if (refusal.isPresent()) {
                throw new WapiException(ErrorCode.MEDIA_URL_FORBIDDEN, "mediaUrl is not allowed: " + refusal.get());
            }
            HttpResponse<InputStream> response;
            try {
                response = http.send(HttpRequest.newBuilder(uri).timeout(fetchTimeout).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpTimeoutException e) {
                if (e instanceof HttpConnectTimeoutException) {
                    throw new Transient("connecting to " + uri.getHost() + " timed out");
                }
                throw timedOut();
            } catch (IOException e) {
                throw new Transient("connection to " + uri.getHost() + " failed (" + e.getClass().getSimpleName() + ")");
            }
            body.set(response.body());
            int status = response.statusCode();
            if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()) {
                closeQuietly(response.body());
                if (hop == MAX_REDIRECTS) {
                    throw new WapiException(ErrorCode.MEDIA_FETCH_FAILED, "Could not fetch mediaUrl: more than "
                            + MAX_REDIRECTS + " redirects");
                }
                uri = uri.resolve(response.headers().firstValue("Location").get());
                continue;
            }
            if (status >= 500) {
                closeQuietly(response.body());
                throw new Transient("upstream answered " + status);
            }
            if (status != 200) {
                closeQuietly(response.body());
                throw new WapiException(ErrorCode.MEDIA_FETCH_FAILED, "Could not fetch mediaUrl: upstream answered " + status);
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                closeQuietly(response.body());
                throw tooLarge(maxBytes);
            }
            MediaBytes bytes = declared >= 0 ? readExactly(response.body(), (int) declared) : readAtMost(response.body(), maxBytes);
            return new Fetched(bytes, response.headers().firstValue("Content-Type"), uri);
        }
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
    private static MediaBytes readAtMost(InputStream in, long maxBytes) throws IOException {
        try (in) {
            MediaBytes.Builder out = new MediaBytes.Builder(0, maxBytes);
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                if (out.overflowed()) {
                    throw tooLarge(maxBytes);
                }
            }
            return out.build();
        }
    }

    private WapiException timedOut() {
        return new WapiException(ErrorCode.MEDIA_FETCH_FAILED,
                "Could not fetch mediaUrl: timed out after " + fetchTimeout.toMillis() + " ms");
    }

    static WapiException tooLarge(long maxBytes) {
        return new WapiException(ErrorCode.MEDIA_TOO_LARGE, "The media is larger than the limit of " + maxBytes + " bytes",
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

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // nothing more to do with a stream we are abandoning
            }
        }
    }

    /** A failure worth another attempt: connection errors and 5xx answers. */
    static final class Transient extends RuntimeException {
        Transient(String message) {
            super(message, null, false, false);
        }
    }
}
