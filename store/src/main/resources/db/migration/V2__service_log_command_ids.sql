-- Owner commands carry a random id; the relay applies each at most once per group, even after a
-- restart. Relay-written entries have no command id.
ALTER TABLE service_log ADD COLUMN command_id bytea
    CHECK (command_id IS NULL OR octet_length(command_id) BETWEEN 1 AND 64);

CREATE UNIQUE INDEX service_log_command_once ON service_log (group_id, command_id)
    WHERE command_id IS NOT NULL;
