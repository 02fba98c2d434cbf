-- The sandbox network's rule "one live connection per linked device", shared by every server on the
-- database: the connection that opened last for a session holds the link, and the network closes older
-- ones (reason `replaced`). `holder` is the server process whose sandbox opened it: each process counts
-- its own rows once a tick to notice, in one query, that another process took one of its links.
CREATE TABLE sandbox_links (
    tenant_id     VARCHAR(80) NOT NULL,
    session_id    VARCHAR(64) NOT NULL,
    connection_id CHAR(32)    NOT NULL,
    holder        CHAR(32)    NOT NULL,
    opened_at     BIGINT      NOT NULL,
    PRIMARY KEY (tenant_id, session_id)
);
CREATE INDEX ix_sandbox_links_holder ON sandbox_links (holder);
