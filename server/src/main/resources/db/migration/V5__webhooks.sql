-- Webhook endpoints and the durable outbox of their deliveries.

CREATE TABLE webhook_endpoints (
    id              VARCHAR(32)   NOT NULL PRIMARY KEY,
    tenant_id       VARCHAR(80)   NOT NULL,
    -- The document's single "Webhook URL" setting is the tenant's default endpoint: this column holds
    -- the tenant id for it and NULL for the others, so a tenant has at most one.
    default_for     VARCHAR(80),
    url             VARCHAR(2048) NOT NULL,
    -- The signing secret, needed in clear to sign; never returned by the API.
    secret          VARCHAR(255),
    -- Comma-separated event types and session ids; NULL means all.
    event_types     VARCHAR(500),
    session_ids     TEXT,
    -- Why deliveries stopped (the receiver answered 410 Gone); NULL while enabled. Saving clears it.
    disabled_reason VARCHAR(200),
    created_at      BIGINT        NOT NULL,
    updated_at      BIGINT        NOT NULL,
    CONSTRAINT uq_webhook_endpoints_default UNIQUE (default_for)
);
CREATE INDEX ix_webhook_endpoints_tenant ON webhook_endpoints (tenant_id);

-- One row per event and endpoint, written in the same transaction as the event (the outbox).
-- A lane is (endpoint, session): its deliveries go out one at a time in event order.
CREATE TABLE webhook_deliveries (
    id               BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    endpoint_id      VARCHAR(32)  NOT NULL,
    tenant_id        VARCHAR(80)  NOT NULL,
    event_id         BIGINT       NOT NULL,
    event_type       VARCHAR(32)  NOT NULL,
    session_id       VARCHAR(64)  NOT NULL,
    -- pending, delivered, dead (gave up), cancelled (the endpoint was deleted or disabled)
    status           VARCHAR(10)  NOT NULL,
    attempts         INT          NOT NULL DEFAULT 0,
    last_http_status INT,
    last_error       VARCHAR(500),
    next_attempt_at  BIGINT       NOT NULL,
    -- A worker holds the delivery until then; a crashed worker's hold simply runs out.
    lease_until      BIGINT,
    created_at       BIGINT       NOT NULL,
    delivered_at     BIGINT,
    CONSTRAINT uq_webhook_deliveries_event UNIQUE (endpoint_id, event_id)
);
CREATE INDEX ix_webhook_deliveries_lane ON webhook_deliveries (status, endpoint_id, session_id, event_id);
CREATE INDEX ix_webhook_deliveries_tenant ON webhook_deliveries (tenant_id, id);
