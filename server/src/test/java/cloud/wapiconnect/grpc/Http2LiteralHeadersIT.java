package cloud.wapiconnect.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.util.DatabaseAgnostic;
import cloud.wapiconnect.util.RawHttp2;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The gRPC port accepts request pseudo-headers however HPACK encodes their names. grpc-java (Netty) takes
 * the names of {@code :method}, {@code :scheme}, {@code :path} and {@code :authority} from the static
 * table; gRPC's C core (Python, Ruby, PHP, C++ clients) sends {@code :path} and {@code :authority} as
 * literals, which Helidon 4.2.0 answered with GOAWAY PROTOCOL_ERROR until our
 * {@code io.helidon.http.http2.Http2Headers} replaced its parser. Sent byte by byte on a raw HTTP/2
 * connection, so the test does not depend on what any client library happens to do.
 */
@HelidonTest
@DatabaseAgnostic
class Http2LiteralHeadersIT {
    private static final String HEALTH_CHECK = "/grpc.health.v1.Health/Check";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    WebTarget target;

    @Test
    void healthCheckWithPseudoHeaderNamesFromTheStaticTableIsServing() throws Exception {
        try (RawHttp2 h2 = RawHttp2.connect(target.getUri())) {
            assertServing(h2, h2.grpcHeadersIndexed(HEALTH_CHECK));
        }
    }

    @Test
    void healthCheckWithLiteralPseudoHeaderNamesIsServingAndTheConnectionStaysUsable() throws Exception {
        try (RawHttp2 h2 = RawHttp2.connect(target.getUri())) {
            assertServing(h2, h2.grpcHeadersLiteral(HEALTH_CHECK));
            // The same connection takes the next call, in either encoding: nothing was torn down.
            assertServing(h2, h2.grpcHeadersIndexed(HEALTH_CHECK));
            assertServing(h2, h2.grpcHeadersLiteral(HEALTH_CHECK));
            assertEquals(Optional.empty(), h2.goAway());
        }
    }

    @Test
    void unknownPseudoHeaderIsRefusedAsAProtocolError() throws Exception {
        try (RawHttp2 h2 = RawHttp2.connect(target.getUri())) {
            // The headers alone are refused, and END_STREAM leaves nothing after them: the server closes the
            // connection with every byte read, so its GOAWAY is not overtaken by a reset.
            RawHttp2.Stream stream =
                    h2.request(h2.grpcHeadersLiteral(HEALTH_CHECK).literal(":foo", "bar"), true);

            RawHttp2.End end = stream.awaitEnd(WAIT);
            // RFC 9113 section 8.3: a request with an undefined pseudo-header is malformed (a stream error of
            // type PROTOCOL_ERROR); Helidon treats any header-block error as a connection error.
            assertTrue(
                    end.kind() == RawHttp2.EndKind.RST_STREAM || end.kind() == RawHttp2.EndKind.GOAWAY,
                    "refused with RST_STREAM or GOAWAY: " + end);
            assertEquals(RawHttp2.PROTOCOL_ERROR, end.errorCode(), end.toString());
            assertEquals(Optional.empty(), stream.awaitHeaders(Duration.ofMillis(1)), "never answered");
        }
    }

    private static void assertServing(RawHttp2 h2, RawHttp2.HeaderBlock headers) throws Exception {
        RawHttp2.Stream stream = h2.request(headers, false);
        h2.sendMessage(stream, HealthCheckRequest.getDefaultInstance().toByteArray(), true);

        Map<String, String> response =
                stream.awaitHeaders(WAIT).orElseThrow(() -> new AssertionError("no response headers: " + h2.goAway()));
        assertEquals("200", response.get(":status"), response.toString());
        assertEquals("application/grpc", response.get("content-type"), response.toString());
        byte[] message = stream.nextMessage(WAIT).orElseThrow(() -> new AssertionError("no response message"));
        assertEquals(
                HealthCheckResponse.ServingStatus.SERVING,
                HealthCheckResponse.parseFrom(message).getStatus());
        RawHttp2.End end = stream.awaitEnd(WAIT);
        assertEquals(RawHttp2.EndKind.TRAILERS, end.kind(), end.toString());
        assertEquals("0", end.grpcStatus(), end.toString());
    }
}
