-- Named API keys (issue 19): several per tenant, each with scopes (full, send, read) and optionally restricted
-- to some sessions. The tenant's own key stays in tenants.api_key_hash. Only a SHA-256 hash of a key is stored,
-- with its first characters (prefix) to tell keys apart; the secret is shown once, when it is made.
CREATE TABLE api_keys (
    id           VARCHAR(32)  NOT NULL PRIMARY KEY,
    tenant_id    VARCHAR(80)  NOT NULL,
    name         VARCHAR(100) NOT NULL,
    key_hash     CHAR(64)     NOT NULL,
    prefix       VARCHAR(16)  NOT NULL,
    -- Comma-separated: full, send, read.
    scopes       VARCHAR(32)  NOT NULL,
    -- Comma-separated session ids the key is restricted to; NULL for all of the tenant's sessions.
    session_ids  TEXT,
    created_at   BIGINT       NOT NULL,
    -- Written at most once a minute per key and node: a hint, not an audit log.
    last_used_at BIGINT,
    expires_at   BIGINT,
    CONSTRAINT uq_api_keys_hash UNIQUE (key_hash)
);
CREATE INDEX ix_api_keys_tenant ON api_keys (tenant_id);

-- Keys replaced by a rotation with a grace period: each still works, as the key it replaced (key_id; NULL for the
-- tenant's own key), until valid_until. Rows past it are deleted on the next rotation of the tenant.
CREATE TABLE api_key_grace (
    key_hash    CHAR(64)    NOT NULL PRIMARY KEY,
    tenant_id   VARCHAR(80) NOT NULL,
    key_id      VARCHAR(32),
    valid_until BIGINT      NOT NULL
);
CREATE INDEX ix_api_key_grace_tenant ON api_key_grace (tenant_id);
