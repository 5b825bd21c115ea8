-- What an ORM generates: a plain CREATE INDEX (SHARE lock: blocks every write while it reads the table).
-- Outside a transaction, pgsafe rewrites it to CREATE INDEX CONCURRENTLY.
create index users_created_at_idx on users (created_at);
