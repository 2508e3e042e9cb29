-- Retention deletes admitted joins oldest first (JoinQueue.purgeAdmitted). Without this index
-- each purge would scan every admitted row to find the few old enough; the admitting UPDATE
-- already changes status, so it is not a HOT update and the extra entry costs one index insert.
CREATE INDEX pending_joins_admitted ON pending_joins (completed_at) WHERE status = 'admitted';
