-- Serves claim_due's channel affinity: a channel's posts go to one worker at a time, so
-- each worker's per-token rate limiter sees all of that token's calls.
CREATE INDEX posts_publishing_channel_idx ON posts (channel_id) WHERE status = 'publishing';
