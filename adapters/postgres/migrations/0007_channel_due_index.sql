-- Serves claim_due taking a channel's due posts together.
CREATE INDEX posts_channel_due_idx ON posts (channel_id, next_attempt_at)
    WHERE status = 'scheduled';
