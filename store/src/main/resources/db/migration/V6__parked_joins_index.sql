-- The queue depth a relay reports every 10 s counts the parked joins. Without an index that count
-- read the whole of pending_joins, admitted records included (kept for
-- retention.admitted-joins-hours), so its cost grew with the table. Parked joins are few: the
-- pending joins of removed groups.
CREATE INDEX pending_joins_parked ON pending_joins (queue_id) WHERE status = 'parked';
