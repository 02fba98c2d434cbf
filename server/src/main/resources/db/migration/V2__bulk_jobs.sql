-- Bulk broadcast jobs and their recipients. A job's counters move in the same transaction as the
-- recipient they count, so processed = succeeded + failed holds at every commit.
CREATE TABLE bulk_jobs (
    id                 CHAR(24)     NOT NULL PRIMARY KEY,
    tenant_id          VARCHAR(80)  NOT NULL,
    session_id         VARCHAR(64)  NOT NULL,
    status             VARCHAR(12)  NOT NULL,
    type               VARCHAR(16)  NOT NULL,
    header             TEXT,
    message            TEXT         NOT NULL,
    footer             TEXT,
    delay_min          INT          NOT NULL,
    delay_max          INT          NOT NULL,
    total              INT          NOT NULL,
    duplicates_removed INT          NOT NULL,
    succeeded          INT          NOT NULL DEFAULT 0,
    failed             INT          NOT NULL DEFAULT 0,
    skipped            INT          NOT NULL DEFAULT 0,
    waiting_for        VARCHAR(16),
    error_code         VARCHAR(40),
    error_message      VARCHAR(500),
    created_at         BIGINT       NOT NULL,
    started_at         BIGINT,
    completed_at       BIGINT,
    -- Orders jobs of one session first come, first served.
    seq                BIGINT       NOT NULL
);
CREATE INDEX ix_bulk_jobs_tenant ON bulk_jobs (tenant_id, created_at);
CREATE INDEX ix_bulk_jobs_queue ON bulk_jobs (tenant_id, session_id, status, seq);
CREATE INDEX ix_bulk_jobs_status ON bulk_jobs (status);

CREATE TABLE bulk_recipients (
    job_id     CHAR(24)     NOT NULL,
    idx        INT          NOT NULL,
    jid        VARCHAR(80)  NOT NULL,
    phone      VARCHAR(80)  NOT NULL,
    name       VARCHAR(200),
    -- pending, sending (claimed, maybe on the wire), sent, failed, skipped
    status     VARCHAR(10)  NOT NULL,
    message_id VARCHAR(64),
    error_code VARCHAR(40),
    sent_at    BIGINT,
    PRIMARY KEY (job_id, idx),
    CONSTRAINT uq_bulk_recipients_jid UNIQUE (job_id, jid)
);
CREATE INDEX ix_bulk_recipients_status ON bulk_recipients (job_id, status, idx);
