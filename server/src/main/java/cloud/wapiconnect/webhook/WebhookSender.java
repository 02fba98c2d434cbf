package cloud.wapiconnect.webhook;

import cloud.wapiconnect.event.Event;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes one delivery: serializes the payload once, signs those exact bytes, POSTs them and reads
 * the answer within the timeout. Redirects are not followed: a webhook URL is where the tenant said.
 */
final class WebhookSender {
    static final String USER_AGENT = "WapiConnect-Webhooks/1";

    /** What came of one call. {@code gone}: the receiver answered 410 and wants no more. */
    record Outcome(boolean delivered, Integer httpStatus, String error, boolean gone) {
        static Outcome failure(String error) {
            return new Outcome(false, null, error, false);
        }
    }

    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;

    WebhookSender(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    Outcome send(WebhookEndpoint endpoint, Event event) {
        String unsigned = WebhookPayloads.unsigned(event);
        long unixSeconds = clock.millis() / 1000;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint.url()))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header("X-Wapi-Event", event.type().wireName())
                .header("X-Wapi-Event-Id", Long.toString(event.id()))
                .header("X-Wapi-Timestamp", Long.toString(unixSeconds));
        String body = unsigned;
        if (endpoint.secret().isPresent()) {
            String secret = endpoint.secret().get();
            body = WebhookPayloads.signed(unsigned, WebhookSignatures.hmacHex(secret, unsigned));
            request.header("X-Wapi-Signature", WebhookSignatures.wapiSignature(secret, unixSeconds, body))
                    .header("X-Hub-Signature-256", WebhookSignatures.hubSignature(secret, body));
        }
        request.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return call(request.build());
    }

    private Outcome call(HttpRequest request) {
        // The request timeout covers the wait for the response headers; the outer one also bounds
        // a receiver that then trickles its body.
        CompletableFuture<HttpResponse<Void>> response = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            int status = response.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS).statusCode();
            if (status >= 200 && status < 300) {
                return new Outcome(true, status, null, false);
            }
            return new Outcome(false, status, "HTTP " + status, status == 410);
        } catch (TimeoutException e) {
            response.cancel(true);
            return Outcome.failure("timed out after " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            return Outcome.failure(reason(e.getCause()));
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            return Outcome.failure("interrupted");
        }
    }

    private String reason(Throwable cause) {
        if (cause instanceof HttpTimeoutException) {
            return "timed out after " + timeout.toMillis() + " ms";
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        if (cause instanceof IOException && cause.getMessage() != null) {
            return cause.getMessage();
        }
        return cause.getClass().getSimpleName();
    }
}
