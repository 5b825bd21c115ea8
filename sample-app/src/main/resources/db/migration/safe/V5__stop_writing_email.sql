-- Deploy 5: the app stops writing email, so it must accept NULL. Dropping NOT NULL is catalog-only.
alter table users alter column email drop not null;
