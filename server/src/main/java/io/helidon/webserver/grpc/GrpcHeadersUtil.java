package io.helidon.webserver.grpc;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.grpc.Metadata;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.WritableHeaders;
import io.helidon.http.http2.Http2Headers;
import java.util.Base64;

/**
 * WapiConnect's replacement for Helidon 4.2.0's class of the same name (ours comes first on the class
 * path, so it shadows the original). Helidon's version mixes up header names and values: incoming
 * metadata arrives with each header's name as its value (so {@code x-api-key} could never be read), and
 * any outgoing metadata, such as the {@code grpc-status-details-bin} trailer that carries
 * {@code google.rpc.ErrorInfo}, fails with "Cannot create a header without a value". This version keeps
 * the same two entry points and copies names and values as HTTP/2 gRPC defines them (binary values
 * base64-encoded). Remove it when Helidon is upgraded to a release with the fix; {@code GrpcErrorsIT}
 * fails if either direction breaks.
 */
final class GrpcHeadersUtil {
    private GrpcHeadersUtil() {
    }

    /** Copies gRPC metadata into response headers or trailers. */
    static void updateHeaders(WritableHeaders<?> writable, Metadata metadata) {
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        for (String name : metadata.keys()) {
            if (name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                Iterable<byte[]> values = metadata.getAll(Metadata.Key.of(name, Metadata.BINARY_BYTE_MARSHALLER));
                if (values != null) {
                    for (byte[] value : values) {
                        writable.add(HeaderValues.create(HeaderNames.create(name), base64.encodeToString(value)));
                    }
                }
            } else {
                Iterable<String> values = metadata.getAll(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
                if (values != null) {
                    for (String value : values) {
                        writable.add(HeaderValues.create(HeaderNames.create(name), value));
                    }
                }
            }
        }
    }

    /** The request headers as gRPC metadata. */
    static Metadata toMetadata(Http2Headers headers) {
        Base64.Decoder base64 = Base64.getDecoder();
        Metadata metadata = new Metadata();
        headers.httpHeaders().forEach(header -> {
            String name = header.name().toLowerCase(java.util.Locale.ROOT);
            for (String value : header.allValues()) {
                if (name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                    metadata.put(Metadata.Key.of(name, Metadata.BINARY_BYTE_MARSHALLER),
                            base64.decode(value.getBytes(US_ASCII)));
                } else {
                    metadata.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value);
                }
            }
        });
        return metadata;
    }
}
