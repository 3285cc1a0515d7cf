-- The initial schema: organisations, channels with encrypted tokens, posts with leases,
-- the audit trail, metrics, insights, webhook de-duplication and OAuth states.

CREATE TABLE organisations (
    id          text PRIMARY KEY,
    name        text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE channels (
    id                  text PRIMARY KEY,
    organisation_id     text NOT NULL REFERENCES organisations (id),
    open_id             text NOT NULL,
    display_name        text NOT NULL,
    username            text NOT NULL DEFAULT '',
    avatar_url          text NOT NULL DEFAULT '',
    time_zone           text NOT NULL DEFAULT 'UTC',
    publishing_mode     text NOT NULL CHECK (publishing_mode IN ('api', 'manual')),
    status              text NOT NULL CHECK (status IN ('connected', 'expired', 'disconnected')),
    status_reason       text NOT NULL DEFAULT '',
    status_changed_at   timestamptz,
    connected_at        timestamptz NOT NULL,
    last_refreshed_at   timestamptz,
    scopes              text[] NOT NULL DEFAULT '{}',
    token_key_id        text,
    access_token_ct     bytea,
    refresh_token_ct    bytea,
    access_expires_at   timestamptz,
    refresh_expires_at  timestamptz,
    version             integer NOT NULL,
    UNIQUE (organisation_id, open_id),
    CHECK ((access_token_ct IS NULL) = (token_key_id IS NULL))
);
CREATE INDEX channels_open_id_idx ON channels (open_id);
CREATE INDEX channels_refresh_due_idx ON channels (access_expires_at) WHERE status = 'connected';

CREATE TABLE posts (
    id                text PRIMARY KEY,
    organisation_id   text NOT NULL REFERENCES organisations (id),
    channel_id        text NOT NULL REFERENCES channels (id),
    kind              text NOT NULL CHECK (kind IN ('video', 'photo')),
    status            text NOT NULL CHECK (status IN ('draft', 'client_approved', 'scheduled',
                                                      'publishing', 'published', 'failed',
                                                      'manual_pending')),
    content           jsonb NOT NULL,
    settings          jsonb NOT NULL,
    media             jsonb,
    created_at        timestamptz NOT NULL,
    approved_by       text,
    approved_at       timestamptz,
    scheduled_at      timestamptz,
    attempts          integer NOT NULL DEFAULT 0,
    next_attempt_at   timestamptz,
    publish_id        text,
    tracking          text,
    tiktok_post_ids   text[] NOT NULL DEFAULT '{}',
    share_url         text,
    failure           jsonb,
    manual_reason     text,
    lease_owner       text,
    lease_expires_at  timestamptz,
    version           integer NOT NULL
);
-- Serves claim_due: scheduled posts in due order.
CREATE INDEX posts_due_idx ON posts (next_attempt_at) WHERE status = 'scheduled';
-- Serves lease take-over: posts a worker left mid-attempt.
CREATE INDEX posts_lapsed_lease_idx ON posts (lease_expires_at)
    WHERE status = 'publishing' AND lease_owner IS NOT NULL;
-- Serves the status tracker.
CREATE INDEX posts_tracking_idx ON posts (next_attempt_at)
    WHERE status = 'publishing' AND publish_id IS NOT NULL;
CREATE UNIQUE INDEX posts_publish_id_idx ON posts (publish_id) WHERE publish_id IS NOT NULL;
CREATE INDEX posts_org_created_idx ON posts (organisation_id, created_at, id);

CREATE TABLE post_events (
    post_id      text NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    seq          integer NOT NULL,
    name         text NOT NULL,
    occurred_at  timestamptz NOT NULL,
    payload      jsonb NOT NULL,
    PRIMARY KEY (post_id, seq)
);

CREATE TABLE video_snapshots (
    channel_id       text NOT NULL REFERENCES channels (id),
    video_id         text NOT NULL,
    published_at     timestamptz NOT NULL,
    captured_at      timestamptz NOT NULL,
    caption          text NOT NULL DEFAULT '',
    views            bigint NOT NULL,
    likes            bigint NOT NULL,
    comments         bigint NOT NULL,
    shares           bigint NOT NULL,
    duration_s       double precision,
    completion_rate  double precision,
    is_photo         boolean NOT NULL DEFAULT false,
    PRIMARY KEY (channel_id, video_id, captured_at)
);
CREATE INDEX video_snapshots_published_idx ON video_snapshots (channel_id, published_at);

CREATE TABLE account_snapshots (
    channel_id       text NOT NULL REFERENCES channels (id),
    captured_at      timestamptz NOT NULL,
    follower_count   bigint,
    following_count  bigint,
    likes_count      bigint,
    video_count      bigint,
    PRIMARY KEY (channel_id, captured_at)
);

CREATE TABLE channel_insights (
    channel_id   text NOT NULL REFERENCES channels (id),
    computed_at  timestamptz NOT NULL,
    payload      jsonb NOT NULL,
    PRIMARY KEY (channel_id, computed_at)
);

CREATE TABLE webhook_events (
    event_key    text PRIMARY KEY,
    received_at  timestamptz NOT NULL
);

CREATE TABLE oauth_states (
    state              text PRIMARY KEY,
    organisation_id    text NOT NULL,
    redirect_uri       text NOT NULL,
    return_url         text,
    created_at         timestamptz NOT NULL,
    expires_at         timestamptz NOT NULL,
    token_key_id       text,
    code_verifier_ct   bytea,
    channel_id         text
);

-- Wake idle workers when a post becomes due (LISTEN posts_due).
CREATE FUNCTION notify_post_due() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'scheduled' AND NEW.next_attempt_at IS NOT NULL THEN
        PERFORM pg_notify('posts_due', NEW.id || ' ' || NEW.next_attempt_at::text);
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER posts_due_notify AFTER INSERT OR UPDATE OF status, next_attempt_at ON posts
    FOR EACH ROW EXECUTE FUNCTION notify_post_due();
