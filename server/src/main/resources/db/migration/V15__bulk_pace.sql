-- A tenant's bulk jobs send at most this many recipients per second, all its sessions together (issue 15):
-- one tenant's zero-delay jobs on many sessions otherwise take every CPU the other tenants need. The
-- default is above what the document's default pauses (2-5 s per session) reach on 30 sessions.
ALTER TABLE plans ADD COLUMN max_bulk_sends_per_second INT NOT NULL DEFAULT 10;
UPDATE plans SET max_bulk_sends_per_second = 100 WHERE id = 'enterprise';
