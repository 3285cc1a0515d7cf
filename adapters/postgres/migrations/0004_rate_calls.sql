-- A rate limiter shared by every process: TikTok's windows are per token, not per worker.
CREATE TABLE rate_calls (
    id           bigserial PRIMARY KEY,
    token_key    text NOT NULL,
    endpoint     text NOT NULL,
    reserved_at  timestamptz NOT NULL DEFAULT now(),
    answered_at  timestamptz
);
CREATE INDEX rate_calls_window_idx ON rate_calls (token_key, endpoint, reserved_at);
