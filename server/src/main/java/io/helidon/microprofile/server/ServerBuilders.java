package io.helidon.microprofile.server;

import io.helidon.webserver.WebServerConfig;

/**
 * WapiConnect: Helidon MP 4.2.0 keeps the server's builder to itself ({@code ServerCdiExtension.serverBuilder()}
 * is package-private), and settings that exist only in code, such as the listener's direct handlers (the
 * answers to errors found before routing), have no other way in. Lives in Helidon's package for that one
 * call; it must be used before the server starts ({@code @Initialized(ApplicationScoped.class)}, priority
 * below 4100).
 */
public final class ServerBuilders {
    private ServerBuilders() {
    }

    public static WebServerConfig.Builder of(ServerCdiExtension server) {
        return server.serverBuilder();
    }
}
