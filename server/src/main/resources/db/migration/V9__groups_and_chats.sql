-- Groups on the sandbox's simulated network, per session (each session is one phone with its own view),
-- so they survive restarts like a real phone's groups. The whatsapp engine keeps none: WhatsApp does.
CREATE TABLE sandbox_groups (
    tenant_id   VARCHAR(80)  NOT NULL,
    session_id  VARCHAR(64)  NOT NULL,
    group_jid   VARCHAR(80)  NOT NULL,
    subject     VARCHAR(100) NOT NULL,
    description TEXT,
    owner_jid   VARCHAR(80)  NOT NULL,
    invite_code VARCHAR(32)  NOT NULL,
    created_at  BIGINT       NOT NULL,
    PRIMARY KEY (tenant_id, session_id, group_jid)
);

-- role: member, admin, superadmin. The session's own number is a row like anyone else's: it is "in" a
-- group exactly while its row exists.
CREATE TABLE sandbox_group_participants (
    tenant_id   VARCHAR(80) NOT NULL,
    session_id  VARCHAR(64) NOT NULL,
    group_jid   VARCHAR(80) NOT NULL,
    jid         VARCHAR(80) NOT NULL,
    role        VARCHAR(12) NOT NULL,
    added_at    BIGINT      NOT NULL,
    PRIMARY KEY (tenant_id, session_id, group_jid, jid)
);

-- Bulk jobs may ask to check each number first and skip those without WhatsApp.
ALTER TABLE bulk_jobs ADD COLUMN skip_not_on_whatsapp BOOLEAN NOT NULL DEFAULT FALSE;

-- Chats are read from the message log: one chat is a session's messages to or from one address.
CREATE INDEX ix_messages_chat_to ON messages (tenant_id, session_id, to_addr, id);
CREATE INDEX ix_messages_chat_from ON messages (tenant_id, session_id, from_addr, id);
