-- Deploy 4: reads switch to email_address, so it needs an index. CONCURRENTLY cannot run in a transaction, hence
-- the .conf next to this file (executeInTransaction=false). pgsafe gives it concurrent-lock-timeout, no statement_timeout.
create unique index concurrently users_email_address_key on users (email_address);
