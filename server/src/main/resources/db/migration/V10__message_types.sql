-- Locations, contacts, stickers, reactions, replies, mentions, presence and read receipts.
-- What a message carries beyond text and media (location, contacts, reaction, quoted id, mentions) as JSON,
-- and who wrote an incoming group message.
ALTER TABLE messages ADD COLUMN participant VARCHAR(128);
ALTER TABLE messages ADD COLUMN details TEXT;

-- What the simulated network received beyond text and media: coordinates, vCards, the reaction's target,
-- the quoted message, mentions, the link-preview flag; presence updates and read receipts (as their own types).
ALTER TABLE sandbox_deliveries ADD COLUMN details TEXT;

-- Bulk jobs can show "typing…" before each message.
ALTER TABLE bulk_jobs ADD COLUMN typing_ms INT NOT NULL DEFAULT 0;
