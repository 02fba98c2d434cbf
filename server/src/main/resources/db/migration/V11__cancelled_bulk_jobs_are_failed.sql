-- The API document lists four job statuses (pending, running, completed, failed) and its clients poll
-- until completed or failed: a cancelled job is now failed with the error code CANCELLED.
UPDATE bulk_jobs SET status = 'failed', error_code = 'CANCELLED', error_message = 'The job was cancelled'
WHERE status = 'cancelled';
