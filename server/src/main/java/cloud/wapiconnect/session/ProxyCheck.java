package cloud.wapiconnect.session;

import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.net.AddressGuard;
import cloud.wapiconnect.whatsapp.SessionProxy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A session's proxy as a client gives it, read and judged by the same {@link AddressGuard} as webhooks and media
 * URLs: a proxy on a loopback or private address is refused unless {@code WAPI_ALLOW_PRIVATE_NETWORKS}, a
 * link-local or metadata one always. The host is resolved here, outside any transaction.
 */
@ApplicationScoped
class ProxyCheck {
    private final AddressGuard guard;

    @Inject
    ProxyCheck(WapiConfig config) {
        this.guard = new AddressGuard(config.allowPrivateNetworks());
    }

    /** @throws WapiException {@code INVALID_PROXY}, {@code PROXY_FORBIDDEN} (messages never quote credentials) */
    SessionProxy require(String text) {
        SessionProxy proxy = SessionProxy.parse(text);
        guard.hostRefusal(proxy.host()).ifPresent(reason -> {
            throw new WapiException(ErrorCode.PROXY_FORBIDDEN, "The proxy is not allowed: " + reason);
        });
        return proxy;
    }
}
