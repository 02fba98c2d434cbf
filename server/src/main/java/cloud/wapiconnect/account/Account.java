package cloud.wapiconnect.account;

import java.util.Optional;

/**
 * A person who signed up on the portal. The tenant (with its API key) exists only once the email is verified.
 *
 * @param email lower-cased: one account per address, however it is written
 */
public record Account(
        String id, String name, String email, Optional<String> tenantId, boolean verified, long createdAt) {}
