-- Failed portal logins are throttled in memory per account and client address (net/FailureBackoff) and never
-- lock an account for everyone: the lockout counters are gone.
ALTER TABLE portal_accounts DROP COLUMN failed_logins;
ALTER TABLE portal_accounts DROP COLUMN locked_until;
