-- A type change that rewrites the table under ACCESS EXCLUSIVE.
alter table orders alter column total type numeric(12, 2);
