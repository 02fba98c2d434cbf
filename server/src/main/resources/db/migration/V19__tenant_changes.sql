-- Changes other nodes must see within a second (issue 17): a key reset, a suspension or plan change, a webhook
-- endpoint saved or deleted. Written in the transaction that makes the change; every node polls for new rows
-- (TenantChanges) and drops what it cached about the tenant. Rows are purged after an hour.
CREATE TABLE tenant_changes (
    id         BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tenant_id  VARCHAR(80) NOT NULL,
    kind       VARCHAR(16) NOT NULL,
    changed_at BIGINT      NOT NULL
);
CREATE INDEX ix_tenant_changes_changed_at ON tenant_changes (changed_at);
