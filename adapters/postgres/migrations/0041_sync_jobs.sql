-- Sync on demand (issue 20): jobs with their progress; posts found by TikTok video id.

CREATE TABLE sync_jobs (
    id               text PRIMARY KEY,
    organisation_id  text NOT NULL,
    scope            text NOT NULL CHECK (scope IN ('metrics', 'videos', 'both')),
    channel_ids      text[] NOT NULL,
    status           text NOT NULL CHECK (status IN ('queued', 'running', 'done')),
    synced           text[] NOT NULL DEFAULT '{}',
    failures         jsonb NOT NULL DEFAULT '[]',
    created_at       timestamptz NOT NULL,
    started_at       timestamptz,
    finished_at      timestamptz,
    leased_by        text,
    lease_until      timestamptz,
    version          integer NOT NULL
);
CREATE INDEX sync_jobs_unfinished ON sync_jobs (created_at) WHERE status <> 'done';
CREATE INDEX sync_jobs_by_org ON sync_jobs (organisation_id, created_at);

CREATE INDEX posts_by_tiktok_id ON posts USING gin (tiktok_post_ids);
