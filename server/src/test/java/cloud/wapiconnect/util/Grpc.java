package cloud.wapiconnect.util;

import cloud.wapiconnect.client.WapiClient;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/** gRPC channels and clients to a test server: the same port as HTTP, plaintext HTTP/2. */
public final class Grpc {
    private Grpc() {}

    public static String target(URI base) {
        return base.getHost() + ":" + base.getPort();
    }

    public static WapiClient client(URI base, String apiKey) {
        return WapiClient.connect(target(base), apiKey);
    }

    public static ManagedChannel channel(URI base) {
        return NettyChannelBuilder.forTarget(target(base)).usePlaintext().build();
    }

    /** A channel whose streams read at most {@code windowBytes} ahead of the application. */
    public static ManagedChannel channel(URI base, int windowBytes) {
        return NettyChannelBuilder.forTarget(target(base))
                .usePlaintext()
                .flowControlWindow(windowBytes)
                .build();
    }

    public static void close(ManagedChannel channel) {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
