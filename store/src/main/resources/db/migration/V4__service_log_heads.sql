-- The service log's head moves off the group row. Post appends lock the group row
-- (FOR NO KEY UPDATE) for their whole transaction, so a join admission that logged its members
-- there waited for the group's post batches, and they for it. A head row per group, created by
-- the group's first log entry, is locked only by log appends.
CREATE TABLE service_log_heads (
    group_id     bytea  PRIMARY KEY REFERENCES relay_groups (group_id),
    last_log_seq bigint NOT NULL CHECK (last_log_seq >= 1)
);

INSERT INTO service_log_heads (group_id, last_log_seq)
    SELECT group_id, last_log_seq FROM relay_groups WHERE last_log_seq > 0;

ALTER TABLE relay_groups DROP COLUMN last_log_seq;
