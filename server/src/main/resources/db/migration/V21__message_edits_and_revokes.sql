-- Edits and revokes of logged messages (ours through the API, the other side's as they arrive): an edit replaces
-- the body and stamps edited_at; a revoke for everyone stamps revoked_at and keeps the row as it was. Epoch ms.
ALTER TABLE messages ADD COLUMN edited_at BIGINT;
ALTER TABLE messages ADD COLUMN revoked_at BIGINT;
