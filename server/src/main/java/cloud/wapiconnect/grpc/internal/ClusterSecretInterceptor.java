package cloud.wapiconnect.grpc.internal;

import cloud.wapiconnect.cluster.ClusterConfig;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Admits a call to the internal service only with the cluster secret ({@code WAPI_CLUSTER_SECRET}) in
 * {@code x-wapi-cluster-secret}; otherwise UNAUTHENTICATED before the service sees anything. A node without a
 * secret (a cluster of one) refuses every internal call. No API key is involved: the internal service never
 * accepts a tenant's key, and a tenant's key never opens it.
 */
@ApplicationScoped
public class ClusterSecretInterceptor implements ServerInterceptor {
    static final Metadata.Key<String> SECRET =
            Metadata.Key.of("x-wapi-cluster-secret", Metadata.ASCII_STRING_MARSHALLER);

    private final Optional<byte[]> secret;

    @Inject
    public ClusterSecretInterceptor(ClusterConfig config) {
        this.secret = config.secret().map(s -> s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String given = headers.get(SECRET);
        if (secret.isEmpty()) {
            return refuse(call, "this node has no WAPI_CLUSTER_SECRET: it serves no internal calls");
        }
        // Constant time: the comparison must not tell a guesser how much of the secret was right.
        if (given == null || !MessageDigest.isEqual(secret.get(), given.getBytes(StandardCharsets.UTF_8))) {
            return refuse(call, "internal service: missing or wrong cluster secret");
        }
        return next.startCall(call, headers);
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, String why) {
        call.close(Status.UNAUTHENTICATED.withDescription(why), new Metadata());
        return new ServerCall.Listener<>() {};
    }
}
