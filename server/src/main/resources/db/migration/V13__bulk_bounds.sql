-- Per-tenant bounds on bulk work in flight (issue 15): jobs queued or running, and their recipients not
-- yet sent. One tenant flooding bulk jobs on the embedded H2 took 4 GB of memory and 2 GB of disk and
-- made every other tenant wait; beyond these, send-bulk answers 429 BULK_LIMIT_REACHED.
ALTER TABLE plans ADD COLUMN max_bulk_jobs INT NOT NULL DEFAULT 10;
ALTER TABLE plans ADD COLUMN max_bulk_recipients INT NOT NULL DEFAULT 200000;
-- One job per session at a time: enterprise links up to 100 sessions.
UPDATE plans SET max_bulk_jobs = 100 WHERE id = 'enterprise';
