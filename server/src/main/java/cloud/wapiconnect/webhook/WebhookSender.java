package cloud.wapiconnect.webhook;

import cloud.wapiconnect.event.Event;
import cloud.wapiconnect.net.AddressGuard;
import cloud.wapiconnect.net.GuardedDnsResolver.RefusedAddressException;
import cloud.wapiconnect.net.GuardedHttpClients;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;

/**
 * Makes one delivery: serializes the payload once, signs those exact bytes, POSTs them and reads
 * the answer within the timeout. Redirects are not followed (a webhook URL is where the tenant
 * said), and the address guard checks the addresses the connection is made to, at every delivery.
 */
final class WebhookSender implements AutoCloseable {
    static final String USER_AGENT = "WapiConnect-Webhooks/1";
    private static final ContentType JSON = ContentType.create("application/json");

    /** What came of one call. {@code gone}: the receiver answered 410 and wants no more. */
    record Outcome(boolean delivered, Integer httpStatus, String error, boolean gone) {
        static Outcome failure(String error) {
            return new Outcome(false, null, error, false);
        }
    }

    private final CloseableHttpClient http;
    private final Duration timeout;
    private final Clock clock;
    /** Aborts a call still running at its deadline: socket timeouts alone let a trickling receiver go on. */
    private volatile boolean aborted;

    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("webhook-deadlines").daemon().factory());

    WebhookSender(Duration timeout, AddressGuard guard, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
        this.http = GuardedHttpClients.create(guard, timeout, timeout, USER_AGENT);
    }

    Outcome send(WebhookEndpoint endpoint, Event event) {
        String unsigned = WebhookPayloads.unsigned(event);
        long unixSeconds = clock.millis() / 1000;
        HttpPost post = new HttpPost(endpoint.url());
        post.setHeader("X-Wapi-Event", event.type().wireName());
        post.setHeader("X-Wapi-Event-Id", Long.toString(event.id()));
        post.setHeader("X-Wapi-Timestamp", Long.toString(unixSeconds));
        String body = unsigned;
        if (endpoint.secret().isPresent()) {
            String secret = endpoint.secret().get();
            body = WebhookPayloads.signed(unsigned, WebhookSignatures.hmacHex(secret, unsigned));
            post.setHeader("X-Wapi-Signature", WebhookSignatures.wapiSignature(secret, unixSeconds, body));
            post.setHeader("X-Hub-Signature-256", WebhookSignatures.hubSignature(secret, body));
        }
        post.setEntity(new ByteArrayEntity(body.getBytes(StandardCharsets.UTF_8), JSON));
        return call(post);
    }

    private Outcome call(HttpPost post) {
        ScheduledFuture<?> deadline = deadlines.schedule(post::cancel, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            int status = http.execute(post, response -> {
                EntityUtils.consume(response.getEntity());
                return response.getCode();
            });
            if (status >= 200 && status < 300) {
                return new Outcome(true, status, null, false);
            }
            return new Outcome(false, status, "HTTP " + status, status == 410);
        } catch (RefusedAddressException e) {
            return Outcome.failure("refused: " + e.getMessage());
        } catch (HttpHostConnectException e) {
            return Outcome.failure("connection refused");
        } catch (SocketTimeoutException e) {
            return timedOut();
        } catch (IOException e) {
            if (aborted) {
                return Outcome.failure("aborted: the server stopped");
            }
            return post.isCancelled()
                    ? timedOut()
                    : Outcome.failure(
                            e.getMessage() != null
                                    ? e.getMessage()
                                    : e.getClass().getSimpleName());
        } finally {
            deadline.cancel(false);
        }
    }

    private Outcome timedOut() {
        return Outcome.failure("timed out after " + timeout.toMillis() + " ms");
    }

    /** Ends every call in flight now (their sockets are closed): the server is stopping. */
    void abort() {
        aborted = true;
        try {
            http.close(CloseMode.IMMEDIATE);
        } catch (RuntimeException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        try {
            http.close();
        } catch (IOException ignored) {
            // closing idle connections: nothing left to do
        }
    }
}
