-- Joins no longer check their group by foreign key (ADR 0007). Every row that the intake inserts
-- into pending_joins, and every member an admission inserts, took a KEY SHARE lock on its group's
-- row in relay_groups, and every concurrent intake and admission of that group shared it: a
-- MultiXact that grows with them. In a join storm those checks took most of the admitting
-- statement's time (25 to 240 ms of triggers for 256 rows, auto_explain), and joins admitted
-- rose from 11,000 to 12,300-13,000 a second without them.
--
-- What the two keys guaranteed still holds, by other means:
--   * the intake's INSERT inserts nothing unless every row names a known group that is not
--     removed (JoinQueue: it counts them in the same statement);
--   * members are inserted only from pending_joins rows, by the admitting statement;
--   * relay_groups rows are never deleted (a removed group keeps its row, state 'removed'); the
--     triggers below make that a rule of the database, so no join or member can lose its group.
ALTER TABLE pending_joins DROP CONSTRAINT pending_joins_group_id_fkey;
ALTER TABLE members DROP CONSTRAINT members_group_id_fkey;

CREATE FUNCTION relay_groups_are_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'relay_groups rows are kept: a removed group has state ''removed'''
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER relay_groups_no_delete
    BEFORE DELETE ON relay_groups
    FOR EACH STATEMENT EXECUTE FUNCTION relay_groups_are_kept();

CREATE TRIGGER relay_groups_no_truncate
    BEFORE TRUNCATE ON relay_groups
    FOR EACH STATEMENT EXECUTE FUNCTION relay_groups_are_kept();
