package cloud.wapiconnect.account;

import java.util.Optional;

/**
 * A signed-in browser: an account's, or the operator's.
 *
 * @param csrfToken what every state-changing form or call of this login must carry
 */
public record Login(Optional<Account> account, boolean operator, String csrfToken, long expiresAt) {
}
