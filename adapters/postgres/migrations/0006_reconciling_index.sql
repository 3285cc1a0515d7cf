-- The status tracker also visits posts whose init answer was lost (no publish id yet).
CREATE INDEX posts_reconciling_idx ON posts (next_attempt_at)
    WHERE status = 'publishing' AND tracking = 'reconciling';
