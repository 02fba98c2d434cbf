package cloud.wapiconnect.rest.auth;

import io.helidon.webserver.http.ServerRequest;

/**
 * The client's address as the throttles of failed logins see it: the connection's peer. Forwarding headers
 * ({@code X-Forwarded-For}, {@code Forwarded}) are trusted nowhere, as a client can write anything in them:
 * behind a reverse proxy every client shares the proxy's address (and the throttles slow them down together).
 */
public final class ClientAddress {
    private ClientAddress() {}

    public static String of(ServerRequest request) {
        return request.remotePeer().host();
    }
}
