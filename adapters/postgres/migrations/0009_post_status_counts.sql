-- Posts by state for /metrics without counting every post: a trigger appends +1/-1 rows
-- (insert-only, so writers never wait on one another or deadlock on a hot counter row);
-- the reader sums them and now and then folds them into one row per state.
CREATE TABLE post_status_counts (
    status  text NOT NULL,
    n       bigint NOT NULL
);

CREATE FUNCTION count_inserted_posts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO post_status_counts (status, n)
        SELECT status, count(*) FROM inserted GROUP BY status;
    RETURN NULL;
END;
$$;
CREATE TRIGGER posts_count_inserted AFTER INSERT ON posts
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION count_inserted_posts();

CREATE FUNCTION count_deleted_posts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO post_status_counts (status, n)
        SELECT status, -count(*) FROM deleted GROUP BY status;
    RETURN NULL;
END;
$$;
CREATE TRIGGER posts_count_deleted AFTER DELETE ON posts
    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION count_deleted_posts();

-- Row level with a column list: taking or releasing a lease never fires it.
CREATE FUNCTION count_post_status_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO post_status_counts (status, n) VALUES (OLD.status, -1), (NEW.status, 1);
    RETURN NULL;
END;
$$;
CREATE TRIGGER posts_count_status_change AFTER UPDATE OF status ON posts
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION count_post_status_change();

CREATE FUNCTION forget_post_status_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM post_status_counts;
    RETURN NULL;
END;
$$;
CREATE TRIGGER posts_count_truncated AFTER TRUNCATE ON posts
    FOR EACH STATEMENT EXECUTE FUNCTION forget_post_status_counts();

INSERT INTO post_status_counts (status, n) SELECT status, count(*) FROM posts GROUP BY status;
