-- Serves GET /v1/posts?status= and ?channel_id=: an organisation's posts in one state (or
-- one channel's posts) in page order, read from the index instead of filtering every post.
CREATE INDEX posts_org_status_created_idx ON posts (organisation_id, status, created_at, id);
CREATE INDEX posts_channel_created_idx ON posts (channel_id, created_at, id);
