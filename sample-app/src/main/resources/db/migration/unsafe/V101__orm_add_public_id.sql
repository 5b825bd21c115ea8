-- A volatile default rewrites the whole table under ACCESS EXCLUSIVE.
alter table users add column public_id uuid not null default gen_random_uuid();
