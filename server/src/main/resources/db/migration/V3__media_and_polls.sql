-- Media and polls. The bytes of a single send are never stored (only their metadata); a bulk job
-- stores its media once, so that it is fetched or decoded once per job and survives a restart.
ALTER TABLE messages ADD COLUMN media_mime VARCHAR(100);
ALTER TABLE messages ADD COLUMN media_size BIGINT;
ALTER TABLE messages ADD COLUMN file_name VARCHAR(255);

ALTER TABLE sandbox_deliveries ADD COLUMN type VARCHAR(16) NOT NULL DEFAULT 'text';
ALTER TABLE sandbox_deliveries ADD COLUMN mime_type VARCHAR(100);
ALTER TABLE sandbox_deliveries ADD COLUMN size_bytes BIGINT;
ALTER TABLE sandbox_deliveries ADD COLUMN sha256 CHAR(64);
ALTER TABLE sandbox_deliveries ADD COLUMN file_name VARCHAR(255);
ALTER TABLE sandbox_deliveries ADD COLUMN voice_note BOOLEAN;
-- A poll's options and selectable count, as JSON.
ALTER TABLE sandbox_deliveries ADD COLUMN poll TEXT;

ALTER TABLE bulk_jobs ADD COLUMN media_mime VARCHAR(100);
ALTER TABLE bulk_jobs ADD COLUMN file_name VARCHAR(255);
ALTER TABLE bulk_jobs ADD COLUMN voice_note BOOLEAN;
ALTER TABLE bulk_jobs ADD COLUMN poll TEXT;

CREATE TABLE bulk_job_media (
    job_id CHAR(24) NOT NULL PRIMARY KEY,
    bytes  LONGBLOB NOT NULL
);
