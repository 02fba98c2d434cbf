-- What WhatsApp allows each session's number to send, as its engine last reported it (the session's `limits`):
-- kept with the session so that it survives restarts and every node shows it. NULL means WhatsApp said
-- nothing: reach-out `ok`, new chats `none`. `reach_out_until` is epoch ms, NULL when WhatsApp gave no end.
ALTER TABLE sessions ADD COLUMN reach_out VARCHAR(16) NULL;
ALTER TABLE sessions ADD COLUMN reach_out_until BIGINT NULL;
ALTER TABLE sessions ADD COLUMN new_chats VARCHAR(16) NULL;
