package cloud.wapiconnect.portal;

import cloud.wapiconnect.account.Login;
import cloud.wapiconnect.tenant.Tenant;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/** What {@link PortalFilter} learnt about the current browser request. */
@RequestScoped
public class PortalRequest {
    private Optional<Login> login = Optional.empty();
    private Tenant tenant;
    private String csrfToken = "";

    public Optional<Login> login() {
        return login;
    }

    /** The signed-in account's tenant; only on {@link PortalLogin} resources. */
    public Tenant tenant() {
        if (tenant == null) {
            throw new IllegalStateException("Resource is missing @PortalLogin");
        }
        return tenant;
    }

    /** The token this page's forms must send back. */
    public String csrfToken() {
        return csrfToken;
    }

    void set(Optional<Login> login, String csrfToken) {
        this.login = login;
        this.csrfToken = csrfToken;
    }

    void tenant(Tenant tenant) {
        this.tenant = tenant;
    }
}
