package cloud.wapiconnect.tenant;

/** A key just created or rotated, with its secret: the only time anyone sees it. */
public record CreatedApiKey(ApiKey key, String secret) {}
