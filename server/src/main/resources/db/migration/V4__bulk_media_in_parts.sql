-- A job's media in parts of at most 1 MiB: a single row could exceed the server's max_allowed_packet
-- (16 MiB by default), and media may be 100 MiB.
DROP TABLE bulk_job_media;
CREATE TABLE bulk_job_media (
    job_id CHAR(24) NOT NULL,
    part   INT      NOT NULL,
    bytes  LONGBLOB NOT NULL,
    PRIMARY KEY (job_id, part)
);
