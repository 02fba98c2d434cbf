-- The portal dashboard's charts count a tenant's messages and webhook deliveries per day of the last 30 days:
-- a range of created_at within one tenant, read through these instead of all of the tenant's rows.
CREATE INDEX ix_messages_tenant_created ON messages (tenant_id, created_at);
CREATE INDEX ix_webhook_deliveries_tenant_created ON webhook_deliveries (tenant_id, created_at);
