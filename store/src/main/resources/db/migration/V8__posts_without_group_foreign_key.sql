-- Posts no longer check their group by foreign key (ADR 0007, as V7 did for joins). The key's
-- check ran once per inserted row, a query of relay_groups each, although the append that inserts
-- them has already locked that group's row (SELECT ... FOR NO KEY UPDATE) and checked its state
-- in the same transaction: a post batch of 128 paid 128 lookups of a row it holds.
--
-- What the key guaranteed still holds: posts are inserted only by the append, which inserts
-- nothing unless the group's row exists and is active or suspended, and relay_groups rows are
-- never deleted (V7's triggers refuse DELETE and TRUNCATE), so no post can lose its group.
ALTER TABLE posts DROP CONSTRAINT posts_group_id_fkey;
