-- Event ids come from this one counter row, moved in the transaction that writes the event (issue 17): it is
-- locked until that transaction ends, so ids commit in order and without holes (a rolled-back id is handed out
-- again, never seen). AUTO_INCREMENT handed them out before commit and, on Galera, in steps of
-- auto_increment_increment, which the feed had to wait out as possible late commits.
-- Starts above every id a client can have seen: the highest stored, or purged by retention.
CREATE TABLE event_id_counter (
    id      INT    NOT NULL PRIMARY KEY,
    last_id BIGINT NOT NULL
);
INSERT INTO event_id_counter (id, last_id)
SELECT 1, GREATEST(COALESCE((SELECT MAX(id) FROM events), 0), purged_through) FROM event_log_state WHERE id = 1;
