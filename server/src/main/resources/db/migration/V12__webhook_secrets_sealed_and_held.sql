-- Webhook signing secrets are stored sealed with the master key (AES-256-GCM, base64), never in clear.
-- The old clear column stays NULL once the server has sealed what it held (at start-up, SecretsAtRest).
ALTER TABLE webhook_endpoints ADD COLUMN secret_sealed VARCHAR(2048);

-- How long a pending delivery was held while its tenant was suspended: the retry window does not count it.
ALTER TABLE webhook_deliveries ADD COLUMN held_ms BIGINT NOT NULL DEFAULT 0;
