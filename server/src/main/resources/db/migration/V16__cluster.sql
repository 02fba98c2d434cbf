-- Cluster mode: the nodes sharing this database, and which node runs each session's live connection.
-- Times that nodes compare (heartbeats, lease expiry) are the database's own clock, never a node's.

CREATE TABLE cluster_nodes (
    node_id      VARCHAR(100) NOT NULL,
    -- host:port its peers reach it at (WAPI_NODE_ADDRESS)
    address      VARCHAR(300) NOT NULL,
    version      VARCHAR(64)  NOT NULL,
    started_at   BIGINT       NOT NULL,
    heartbeat_at TIMESTAMP(3) NOT NULL,
    -- stopping (SIGTERM): holds no session and is given none
    draining     BOOLEAN      NOT NULL,
    PRIMARY KEY (node_id)
);

-- One row per session that has ever been placed. generation rises by one on every change of owner: writes
-- made on behalf of a session (credentials, sends) carry it and are refused once it moved on.
CREATE TABLE session_leases (
    tenant_id  VARCHAR(80)  NOT NULL,
    session_id VARCHAR(64)  NOT NULL,
    -- null: no node runs it
    owner_node VARCHAR(100),
    expires_at TIMESTAMP(3),
    generation BIGINT       NOT NULL,
    PRIMARY KEY (tenant_id, session_id)
);

CREATE INDEX ix_session_leases_owner ON session_leases (owner_node);
