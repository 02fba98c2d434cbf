-- WhatsApp addresses people by LID (`<digits>@lid`) as well as by phone number. Each session learns which LID
-- belongs to which phone number (Baileys' lid-mapping.update, the *Alt fields of message keys, history and contact
-- sync; the sandbox's /lid-mapping) and keeps the pairs here, digits only: one row per person, at most one LID
-- per phone and one phone per LID. Deleting a session deletes its pairs, like its credentials.
CREATE TABLE contact_identities (
    tenant_id  VARCHAR(80) NOT NULL,
    session_id VARCHAR(64) NOT NULL,
    lid        VARCHAR(32) NOT NULL,
    phone      VARCHAR(32) NOT NULL,
    updated_at BIGINT      NOT NULL,
    PRIMARY KEY (tenant_id, session_id, lid),
    CONSTRAINT uq_contact_identities_phone UNIQUE (tenant_id, session_id, phone),
    CONSTRAINT fk_contact_identities_session FOREIGN KEY (tenant_id, session_id)
        REFERENCES sessions (tenant_id, session_id) ON DELETE CASCADE
);
-- The other side's LID (`<digits>@lid`) of a logged message, when known: `fromLid` of incoming messages, `toLid` of
-- outgoing ones. from_addr / to_addr keep the phone digits when known, else the LID JID until a mapping merges them.
ALTER TABLE messages ADD COLUMN peer_lid VARCHAR(48);
