package cloud.wapiconnect.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.util.DatabaseAgnostic;
import cloud.wapiconnect.util.RawHttp2;
import io.grpc.reflection.v1alpha.ServerReflectionRequest;
import io.grpc.reflection.v1alpha.ServerReflectionResponse;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * gRPC services that follow flow control ({@code isReady()} and the on-ready handler, as the standard
 * reflection service does) keep working on a client whose window is smaller than an answer: the write the
 * window does not take is held and sent as the client reads, and the service is told when it may write
 * again (Helidon 4.2.0 never told it; our {@code io.helidon.webserver.grpc.GrpcProtocolHandler} does).
 */
@HelidonTest
@DatabaseAgnostic
class GrpcFlowControlIT {
    private static final String REFLECTION = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    WebTarget target;

    @Test
    void pipelinedReflectionRequestsOnAWindowSmallerThanEachAnswerAreAllAnswered() throws Exception {
        List<String> symbols = List.of("wapiconnect.v1.Events", "wapiconnect.v1.Messages", "wapiconnect.v1.Sessions");
        try (RawHttp2 h2 = RawHttp2.connect(
                target.getUri(),
                Map.of(RawHttp2.SETTINGS_ENABLE_PUSH, 0, RawHttp2.SETTINGS_INITIAL_WINDOW_SIZE, 512))) {
            h2.autoWindowUpdate(true);
            RawHttp2.Stream stream = h2.request(h2.grpcHeadersIndexed(REFLECTION), false);
            // All three before any answer: the second arrives while the first answer is still held back.
            for (String symbol : symbols) {
                h2.sendMessage(
                        stream,
                        ServerReflectionRequest.newBuilder()
                                .setFileContainingSymbol(symbol)
                                .build()
                                .toByteArray(),
                        false);
            }
            for (String symbol : symbols) {
                byte[] message = stream.nextMessage(WAIT).orElseThrow(() -> new AssertionError("stream ended"));
                ServerReflectionResponse response = ServerReflectionResponse.parseFrom(message);
                assertEquals(symbol, response.getOriginalRequest().getFileContainingSymbol());
                assertTrue(
                        response.hasFileDescriptorResponse(),
                        response.getMessageResponseCase().toString());
                assertTrue(message.length > 512, "larger than the window: " + message.length);
            }
            h2.endStream(stream);
            RawHttp2.End end = stream.awaitEnd(WAIT);
            assertEquals("0", end.grpcStatus(), end.toString());
        }
    }
}
