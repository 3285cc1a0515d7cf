-- One row per channel with the due time of its earliest scheduled post, kept by triggers,
-- so claim_due walks channels in due order and skips a busy channel in one row whatever
-- its backlog (posts_due_idx made it skip every one of that channel's due posts).
CREATE TABLE channel_due (
    channel_id  text PRIMARY KEY REFERENCES channels (id) ON DELETE CASCADE,
    next_at     timestamptz
);
CREATE INDEX channel_due_next_idx ON channel_due (next_at, channel_id) WHERE next_at IS NOT NULL;

-- New posts can only make a channel due sooner: merge with least() (set-based, so a bulk
-- insert costs one statement). The upsert takes the row lock a recompute also takes.
CREATE FUNCTION channel_due_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO channel_due AS d (channel_id, next_at)
        SELECT channel_id, min(next_attempt_at) FROM inserted
        WHERE status = 'scheduled' AND next_attempt_at IS NOT NULL
        GROUP BY channel_id ORDER BY channel_id
    ON CONFLICT (channel_id) DO UPDATE SET next_at = least(d.next_at, excluded.next_at);
    RETURN NULL;
END;
$$;
CREATE TRIGGER posts_channel_due_inserted AFTER INSERT ON posts
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION channel_due_inserted();

-- A post entering, leaving or moving within the schedule: lock the channel's row first,
-- then recompute from posts_channel_due_idx. In READ COMMITTED each statement here takes
-- a fresh snapshot, so the recompute sees every change committed before the lock was ours.
CREATE FUNCTION channel_due_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    channel text := CASE WHEN TG_OP = 'DELETE' THEN OLD.channel_id ELSE NEW.channel_id END;
BEGIN
    INSERT INTO channel_due AS d (channel_id) VALUES (channel)
        ON CONFLICT (channel_id) DO UPDATE SET next_at = d.next_at;
    UPDATE channel_due SET next_at = (
        SELECT min(next_attempt_at) FROM posts
        WHERE channel_id = channel AND status = 'scheduled')
    WHERE channel_id = channel;
    RETURN NULL;
END;
$$;
CREATE TRIGGER posts_channel_due_changed AFTER UPDATE OF status, next_attempt_at ON posts
    FOR EACH ROW WHEN ((OLD.status = 'scheduled' OR NEW.status = 'scheduled') AND
        (OLD.status IS DISTINCT FROM NEW.status
         OR OLD.next_attempt_at IS DISTINCT FROM NEW.next_attempt_at))
    EXECUTE FUNCTION channel_due_changed();
CREATE TRIGGER posts_channel_due_deleted AFTER DELETE ON posts
    FOR EACH ROW WHEN (OLD.status = 'scheduled') EXECUTE FUNCTION channel_due_changed();

CREATE FUNCTION forget_channel_due() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM channel_due;
    RETURN NULL;
END;
$$;
CREATE TRIGGER posts_channel_due_truncated AFTER TRUNCATE ON posts
    FOR EACH STATEMENT EXECUTE FUNCTION forget_channel_due();

INSERT INTO channel_due (channel_id, next_at)
    SELECT channel_id, min(next_attempt_at) FROM posts WHERE status = 'scheduled'
    GROUP BY channel_id;
