-- Guarded by pgsafe (lock_timeout / statement_timeout), allowed: a nullable column without a default.
alter table orders add column note text;
