-- The Business API for TikTok Accounts (issue 17): a channel's Accounts API connection
-- (tokens sealed like the channels'), daily account metrics, audience and video insight
-- snapshots (TikTok keeps 60 days; older ones live only here), comments as inbox
-- conversations (one row per TikTok comment_id and channel), and reply intents (stored
-- before TikTok's non-idempotent reply call).

CREATE TABLE business_connections (
    id                  text PRIMARY KEY,
    organisation_id     text NOT NULL REFERENCES organisations (id),
    channel_id          text NOT NULL UNIQUE REFERENCES channels (id),
    business_id         text NOT NULL,
    status              text NOT NULL CHECK (status IN ('connected', 'expired', 'disconnected')),
    connected_at        timestamptz NOT NULL,
    username            text NOT NULL DEFAULT '',
    display_name        text NOT NULL DEFAULT '',
    is_business_account boolean,
    followers_count     integer,
    status_reason       text NOT NULL DEFAULT '',
    status_changed_at   timestamptz,
    last_refreshed_at   timestamptz,
    scopes              text[] NOT NULL DEFAULT '{}',
    token_key_id        text,
    access_token_ct     bytea,
    refresh_token_ct    bytea,
    access_expires_at   timestamptz,
    refresh_expires_at  timestamptz,
    version             integer NOT NULL,
    CHECK ((access_token_ct IS NULL) = (token_key_id IS NULL))
);
CREATE INDEX business_connections_business_id_idx ON business_connections (business_id);
CREATE INDEX business_connections_refresh_due_idx ON business_connections (access_expires_at)
    WHERE status = 'connected';

CREATE TABLE business_account_days (
    channel_id   text NOT NULL REFERENCES channels (id),
    day          date NOT NULL,
    captured_at  timestamptz NOT NULL,
    payload      jsonb NOT NULL,
    PRIMARY KEY (channel_id, day)
);

CREATE TABLE business_audiences (
    channel_id   text NOT NULL REFERENCES channels (id),
    captured_at  timestamptz NOT NULL,
    payload      jsonb NOT NULL,
    PRIMARY KEY (channel_id, captured_at)
);

CREATE TABLE business_video_insights (
    channel_id    text NOT NULL REFERENCES channels (id),
    video_id      text NOT NULL,
    captured_at   timestamptz NOT NULL,
    published_at  timestamptz NOT NULL,
    payload       jsonb NOT NULL,
    PRIMARY KEY (channel_id, video_id, captured_at)
);
CREATE INDEX business_video_insights_published_idx
    ON business_video_insights (channel_id, published_at);

CREATE TABLE comments (
    channel_id    text NOT NULL REFERENCES channels (id),
    comment_id    text NOT NULL,
    video_id      text NOT NULL,
    parent_id     text,
    created_at    timestamptz NOT NULL,
    text          text NOT NULL,
    username      text NOT NULL DEFAULT '',
    display_name  text NOT NULL DEFAULT '',
    owner         boolean NOT NULL,
    visibility    text NOT NULL
        CHECK (visibility IN ('public', 'hidden', 'friends_only', 'deleted')),
    likes         integer,
    unread        boolean NOT NULL,
    updated_at    timestamptz,
    PRIMARY KEY (channel_id, comment_id)
);
CREATE INDEX comments_thread_idx ON comments (channel_id, video_id, created_at);
CREATE INDEX comments_parent_idx ON comments (channel_id, parent_id) WHERE parent_id IS NOT NULL;

CREATE TABLE reply_intents (
    id                text PRIMARY KEY,
    organisation_id   text NOT NULL REFERENCES organisations (id),
    channel_id        text NOT NULL REFERENCES channels (id),
    video_id          text NOT NULL,
    comment_id        text NOT NULL,
    text              text NOT NULL,
    created_at        timestamptz NOT NULL,
    state             text NOT NULL CHECK (state IN ('pending', 'posted', 'failed')),
    reply_comment_id  text,
    attempts          integer NOT NULL,
    error             text NOT NULL DEFAULT '',
    version           integer NOT NULL
);
CREATE INDEX reply_intents_comment_idx ON reply_intents (channel_id, comment_id, created_at);
