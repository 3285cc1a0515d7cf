-- Taking or releasing a lease should be a HOT update: no index may mention the lease
-- columns. Lapsed leases are found among the (few) publishing posts instead, and pages
-- keep room for the new row versions.
DROP INDEX posts_lapsed_lease_idx;
CREATE INDEX posts_publishing_idx ON posts (id) WHERE status = 'publishing';
ALTER TABLE posts SET (fillfactor = 85);
