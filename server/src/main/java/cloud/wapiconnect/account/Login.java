package cloud.wapiconnect.account;

import cloud.wapiconnect.tenant.Tenant;
import java.util.Optional;

/**
 * A signed-in browser: an account's, or the operator's.
 *
 * @param tenant    the account's tenant, active (a suspended tenant has no login); empty for the operator
 * @param csrfToken what every state-changing form or call of this login must carry
 */
public record Login(
        Optional<Account> account, Optional<Tenant> tenant, boolean operator, String csrfToken, long expiresAt) {
    Login withTenant(Tenant active) {
        return new Login(account, Optional.of(active), operator, csrfToken, expiresAt);
    }
}
