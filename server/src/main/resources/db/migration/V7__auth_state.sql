-- The whatsapp engine's auth state (Baileys' creds and signal keys): one row per key, values encrypted
-- with AES-256-GCM under the server's master key (the key and row identity are the associated data, so
-- a value cannot be moved to another row). Deleting a session deletes its keys.
CREATE TABLE auth_state (
    tenant_id  VARCHAR(80)  NOT NULL,
    session_id VARCHAR(64)  NOT NULL,
    category   VARCHAR(40)  NOT NULL,
    key_id     VARCHAR(190) NOT NULL,
    sealed     LONGBLOB     NOT NULL,
    updated_at BIGINT       NOT NULL,
    PRIMARY KEY (tenant_id, session_id, category, key_id),
    CONSTRAINT fk_auth_state_session FOREIGN KEY (tenant_id, session_id)
        REFERENCES sessions (tenant_id, session_id) ON DELETE CASCADE
);
