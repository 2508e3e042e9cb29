-- Chat relay store, version 1: everything the relay must not lose.
-- One dialect for the embedded and any external PostgreSQL (13 or newer).
-- Bytes are bytea; times are timestamptz set by the server's clock (now()).

-- The relay's own identity: exactly one row.
CREATE TABLE relay_identity (
    singleton    boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    private_seed bytea       NOT NULL CHECK (octet_length(private_seed) = 32),
    public_key   bytea       NOT NULL CHECK (octet_length(public_key) = 32),
    certificate  bytea       NOT NULL CHECK (octet_length(certificate) BETWEEN 1 AND 16384),
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- The groups and channels this relay serves.
CREATE TABLE relay_groups (
    group_id          bytea       PRIMARY KEY CHECK (octet_length(group_id) = 32),
    link_key          bytea       NOT NULL UNIQUE CHECK (octet_length(link_key) = 32),
    group_type        text        NOT NULL CHECK (group_type IN ('channel', 'group')),
    fixed_link_data   bytea       NOT NULL CHECK (octet_length(fixed_link_data) BETWEEN 1 AND 65535),
    -- Latest verified signed mutable link data; its version only ever grows.
    link_data         bytea       NOT NULL CHECK (octet_length(link_data) BETWEEN 1 AND 1048576),
    link_data_version bigint      NOT NULL CHECK (link_data_version >= 0),
    state             text        NOT NULL DEFAULT 'pending'
                                  CHECK (state IN ('pending', 'active', 'suspended', 'removed')),
    -- Counters that hand out gap-free per-group sequence numbers (row lock serialises them).
    last_post_seq     bigint      NOT NULL DEFAULT 0 CHECK (last_post_seq >= 0),
    last_log_seq      bigint      NOT NULL DEFAULT 0 CHECK (last_log_seq >= 0),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);

-- The dedicated relay address of each group: one per group, the anchor of idempotent adding.
CREATE TABLE relay_addresses (
    group_id     bytea       PRIMARY KEY REFERENCES relay_groups (group_id),
    address_id   bytea       NOT NULL UNIQUE CHECK (octet_length(address_id) BETWEEN 16 AND 32),
    validated    boolean     NOT NULL DEFAULT false,
    validated_at timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (validated = (validated_at IS NOT NULL))
);

-- The relay service log: append-only per group, gap-free seq (see the trigger below).
CREATE TABLE service_log (
    group_id  bytea       NOT NULL REFERENCES relay_groups (group_id),
    seq       bigint      NOT NULL CHECK (seq >= 1),
    logged_at timestamptz NOT NULL DEFAULT now(),
    kind      text        NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
    actor_key bytea       CHECK (octet_length(actor_key) = 32),
    payload   bytea       NOT NULL CHECK (octet_length(payload) <= 1048576),
    signature bytea       CHECK (octet_length(signature) BETWEEN 1 AND 1024),
    PRIMARY KEY (group_id, seq)
);

CREATE FUNCTION service_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'service_log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER service_log_append_only
    BEFORE UPDATE OR DELETE ON service_log
    FOR EACH ROW EXECUTE FUNCTION service_log_is_append_only();

CREATE TRIGGER service_log_no_truncate
    BEFORE TRUNCATE ON service_log
    FOR EACH STATEMENT EXECUTE FUNCTION service_log_is_append_only();

-- Admitted members: one per group and member key, however often a join is processed.
CREATE TABLE members (
    member_id   bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    group_id    bytea       NOT NULL REFERENCES relay_groups (group_id),
    member_key  bytea       NOT NULL CHECK (octet_length(member_key) = 32),
    profile     bytea       CHECK (octet_length(profile) <= 65535),
    admitted_at timestamptz NOT NULL DEFAULT now(),
    -- The queue id of the join that created the member (no foreign key: old admitted joins
    -- may be purged while the member stays).
    admitted_by bigint,
    UNIQUE (group_id, member_key)
);

-- Owners' certificates of admitted members' keys (the latest one per member).
CREATE TABLE member_certificates (
    group_id    bytea       NOT NULL,
    member_key  bytea       NOT NULL,
    certificate bytea       NOT NULL CHECK (octet_length(certificate) BETWEEN 1 AND 16384),
    stored_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, member_key),
    FOREIGN KEY (group_id, member_key) REFERENCES members (group_id, member_key)
);

-- The durable pending-join queue.
--   pending:  waiting, claimable when next_attempt_at has come, no live lease holds it,
--             and the group's relay address is validated and the group active;
--   admitted: done; the member is the row of members with the same (group_id, member_key),
--             inserted by the same statement that marked the join admitted;
--   parked:   given up after retries (or the group was removed), park_reason set.
-- A claim sets lease_owner/lease_expires_at and increments attempts; (queue_id, lease_owner,
-- attempts) names one claim, and completion or failure only applies to the claim that holds it.
-- fillfactor leaves room in each page so that a claim (no indexed column changes) is a HOT
-- update: no new index entries for the busiest statement of the queue.
CREATE TABLE pending_joins (
    queue_id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    group_id         bytea       NOT NULL REFERENCES relay_groups (group_id),
    member_key       bytea       NOT NULL CHECK (octet_length(member_key) = 32),
    profile          bytea       CHECK (octet_length(profile) <= 65535),
    status           text        NOT NULL DEFAULT 'pending'
                                 CHECK (status IN ('pending', 'admitted', 'parked')),
    enqueued_at      timestamptz NOT NULL DEFAULT now(),
    attempts         integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    lease_owner      text        CHECK (length(lease_owner) BETWEEN 1 AND 128),
    lease_expires_at timestamptz,
    last_error       text,
    park_reason      text,
    completed_at     timestamptz,
    CHECK ((status = 'parked') = (park_reason IS NOT NULL)),
    CHECK ((status = 'admitted') = (completed_at IS NOT NULL))
) WITH (fillfactor = 70);

CREATE INDEX pending_joins_claimable ON pending_joins (queue_id) WHERE status = 'pending';
CREATE INDEX pending_joins_claimable_by_group ON pending_joins (group_id, queue_id)
    WHERE status = 'pending';

-- Posts: per-group gap-free seq (from relay_groups.last_post_seq), unique post ids.
CREATE TABLE posts (
    group_id   bytea       NOT NULL REFERENCES relay_groups (group_id),
    seq        bigint      NOT NULL CHECK (seq >= 1),
    post_id    bytea       NOT NULL CHECK (octet_length(post_id) BETWEEN 1 AND 64),
    author_key bytea       NOT NULL CHECK (octet_length(author_key) = 32),
    post       bytea       NOT NULL CHECK (octet_length(post) BETWEEN 1 AND 1048576),
    posted_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, seq),
    UNIQUE (group_id, post_id)
);

CREATE INDEX posts_by_time ON posts (group_id, posted_at);
