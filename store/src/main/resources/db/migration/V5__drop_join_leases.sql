-- Joins are admitted in one transaction per batch (JoinQueue.admitNext): the batch is locked
-- FOR UPDATE SKIP LOCKED, marked admitted, and its members inserted and logged before COMMIT, so no
-- join is held by a worker between transactions and no failed join is retried on its own. The
-- lease and retry columns of V1 (a claim's owner and expiry, the attempt count, the next attempt's
-- time and the last failure) are no longer written or read.
--
-- Existing rows keep their status:
--   pending, leased by a worker of an older relay or waiting out a retry's backoff: pending, and
--     claimable at once (the lease and the backoff go with their columns);
--   parked: stays parked, with its park_reason. Relays have only ever parked the joins of a
--     removed group (no relay called the failure path that parked after retries), and a parked
--     join is not revived;
--   admitted: unchanged.
-- No status value goes: 'pending', 'admitted' and 'parked' are all still written, so the status
-- CHECK of V1 stays. Each dropped column's own CHECK goes with it; no index uses these columns.
--
-- A relay of an older version still names these columns when it admits joins or removes a group:
-- upgrade every relay that shares the database (see docs/operations.md, Store).
ALTER TABLE pending_joins
    DROP COLUMN lease_owner,
    DROP COLUMN lease_expires_at,
    DROP COLUMN attempts,
    DROP COLUMN next_attempt_at,
    DROP COLUMN last_error;
