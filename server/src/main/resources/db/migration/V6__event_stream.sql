-- How far the retention purge has deleted the event log: a stream resuming after an id below this
-- would miss events, so it is refused (EVENTS_EXPIRED) instead of silently skipping them.
CREATE TABLE event_log_state (
    id             INT    NOT NULL PRIMARY KEY,
    purged_through BIGINT NOT NULL
);
INSERT INTO event_log_state (id, purged_through) VALUES (1, 0);
