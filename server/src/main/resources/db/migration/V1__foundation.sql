-- Portable between MariaDB 10.6+ and H2 in MariaDB mode (the embedded default).
-- Instants are epoch milliseconds (BIGINT): no time-zone conversion anywhere between JVM, driver and server.

CREATE TABLE plans (
    id                  VARCHAR(32)  NOT NULL PRIMARY KEY,
    name                VARCHAR(100) NOT NULL,
    max_sessions        INT          NOT NULL,
    daily_message_limit INT          NOT NULL
);

INSERT INTO plans (id, name, max_sessions, daily_message_limit) VALUES
    ('free', 'Free', 1, 100),
    ('starter', 'Starter', 3, 1000),
    ('business', 'Business', 10, 10000),
    ('enterprise', 'Enterprise', 100, 100000);

CREATE TABLE tenants (
    id           VARCHAR(80)  NOT NULL PRIMARY KEY,
    name         VARCHAR(200) NOT NULL,
    email        VARCHAR(254) NOT NULL,
    plan_id      VARCHAR(32)  NOT NULL,
    api_key_hash CHAR(64)     NOT NULL,
    api_key_hint VARCHAR(16)  NOT NULL,
    suspended    BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at   BIGINT       NOT NULL,
    CONSTRAINT uq_tenants_api_key UNIQUE (api_key_hash),
    CONSTRAINT fk_tenants_plan FOREIGN KEY (plan_id) REFERENCES plans (id)
);

CREATE TABLE sessions (
    tenant_id         VARCHAR(80)  NOT NULL,
    session_id        VARCHAR(64)  NOT NULL,
    name              VARCHAR(200),
    status            VARCHAR(20)  NOT NULL,
    phone_number      VARCHAR(32),
    disconnect_reason VARCHAR(32),
    -- Engine credentials; only present while the device is linked.
    credentials       BLOB,
    -- Whether the session should be online: restored at start-up when true.
    wanted_online     BOOLEAN      NOT NULL,
    created_at        BIGINT       NOT NULL,
    updated_at        BIGINT       NOT NULL,
    PRIMARY KEY (tenant_id, session_id),
    CONSTRAINT fk_sessions_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id)
);

CREATE TABLE messages (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tenant_id   VARCHAR(80)  NOT NULL,
    session_id  VARCHAR(64)  NOT NULL,
    message_id  VARCHAR(64)  NOT NULL,
    direction   VARCHAR(8)   NOT NULL,
    type        VARCHAR(16)  NOT NULL,
    to_addr     VARCHAR(80),
    from_addr   VARCHAR(80),
    body        TEXT,
    status      VARCHAR(12)  NOT NULL,
    error_code  VARCHAR(40),
    created_at  BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL
);
CREATE INDEX ix_messages_tenant ON messages (tenant_id, id);
CREATE INDEX ix_messages_tenant_session ON messages (tenant_id, session_id, id);
CREATE INDEX ix_messages_message_id ON messages (tenant_id, message_id);

-- The durable, ordered log every webhook and stream reads from.
CREATE TABLE events (
    id         BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tenant_id  VARCHAR(80) NOT NULL,
    session_id VARCHAR(64) NOT NULL,
    type       VARCHAR(32) NOT NULL,
    payload    TEXT        NOT NULL,
    created_at BIGINT      NOT NULL
);
CREATE INDEX ix_events_tenant ON events (tenant_id, id);
CREATE INDEX ix_events_created ON events (created_at);

-- Sent messages per tenant and UTC day; reserved with one conditional UPDATE, so concurrent sends never overshoot.
CREATE TABLE daily_usage (
    tenant_id VARCHAR(80) NOT NULL,
    usage_day DATE        NOT NULL,
    sent      INT         NOT NULL,
    PRIMARY KEY (tenant_id, usage_day)
);

CREATE TABLE idempotency_keys (
    tenant_id     VARCHAR(80)  NOT NULL,
    idem_key      VARCHAR(255) NOT NULL,
    fingerprint   CHAR(64)     NOT NULL,
    response      TEXT,
    created_at    BIGINT       NOT NULL,
    PRIMARY KEY (tenant_id, idem_key)
);
CREATE INDEX ix_idempotency_created ON idempotency_keys (created_at);

-- What the sandbox's simulated WhatsApp network received: survives restarts like a real phone's chat.
CREATE TABLE sandbox_deliveries (
    id         BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tenant_id  VARCHAR(80) NOT NULL,
    session_id VARCHAR(64) NOT NULL,
    message_id VARCHAR(64) NOT NULL,
    to_jid     VARCHAR(80) NOT NULL,
    body       TEXT,
    created_at BIGINT      NOT NULL
);
CREATE INDEX ix_sandbox_deliveries_session ON sandbox_deliveries (tenant_id, session_id, id);
