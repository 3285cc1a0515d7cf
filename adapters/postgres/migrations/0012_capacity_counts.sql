-- Serves PostRepository.count_near (the per-creator caps) and app_cap_until (the app-wide
-- active-user cap) as counts over small partial indexes.
CREATE INDEX posts_channel_scheduled_idx ON posts (channel_id, scheduled_at)
    WHERE status = 'scheduled';
CREATE INDEX posts_channel_in_inbox_idx ON posts (channel_id)
    WHERE status = 'publishing' AND tracking = 'sent_to_inbox';
CREATE INDEX posts_app_cap_idx ON posts (next_attempt_at)
    WHERE status = 'scheduled' AND failure->>'code' = 'reached_active_user_cap';
