-- The tenant portal: people who sign up, their one-time links, and their logins. An account gets its
-- tenant (and so an API key) only once its email is verified. Secrets are stored as hashes only:
-- passwords as Argon2id strings, link and login tokens as SHA-256 of the random value the user holds.
CREATE TABLE portal_accounts (
    id            VARCHAR(40)  NOT NULL PRIMARY KEY,
    name          VARCHAR(200) NOT NULL,
    email         VARCHAR(254) NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    tenant_id     VARCHAR(80)  NULL,
    verified_at   BIGINT       NULL,
    failed_logins INT          NOT NULL DEFAULT 0,
    locked_until  BIGINT       NULL,
    created_at    BIGINT       NOT NULL,
    CONSTRAINT uq_portal_accounts_email UNIQUE (email),
    CONSTRAINT fk_portal_accounts_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE SET NULL
);

-- One-time links sent by mail: purpose 'verify' or 'reset'.
CREATE TABLE portal_tokens (
    token_hash CHAR(64)    NOT NULL PRIMARY KEY,
    account_id VARCHAR(40) NOT NULL,
    purpose    VARCHAR(16) NOT NULL,
    expires_at BIGINT      NOT NULL,
    used_at    BIGINT      NULL,
    CONSTRAINT fk_portal_tokens_account FOREIGN KEY (account_id) REFERENCES portal_accounts (id) ON DELETE CASCADE
);

-- Logins: an account's, or the operator's (account_id NULL, operator TRUE).
CREATE TABLE portal_logins (
    token_hash CHAR(64)    NOT NULL PRIMARY KEY,
    account_id VARCHAR(40) NULL,
    operator   BOOLEAN     NOT NULL DEFAULT FALSE,
    csrf_token VARCHAR(64) NOT NULL,
    created_at BIGINT      NOT NULL,
    expires_at BIGINT      NOT NULL,
    CONSTRAINT fk_portal_logins_account FOREIGN KEY (account_id) REFERENCES portal_accounts (id) ON DELETE CASCADE
);
CREATE INDEX ix_portal_logins_account ON portal_logins (account_id);
