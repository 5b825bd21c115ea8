-- Deploy 6 (contract): nothing reads or writes email any more. Each statement commits on its own
-- (executeInTransaction=false), so no lock is held across steps and VALIDATE runs outside the ADD's transaction.
-- pgsafe:allow drop-column no release since deploy 5 reads or writes users.email
alter table users drop column email;
-- SET NOT NULL without a full scan under ACCESS EXCLUSIVE: a NOT VALID check (catalog only), VALIDATE under
-- SHARE UPDATE EXCLUSIVE (reads and writes go on), then SET NOT NULL uses the validated check (PostgreSQL 12+).
alter table users add constraint users_email_address_not_null check (email_address is not null) not valid;
alter table users validate constraint users_email_address_not_null;
alter table users alter column email_address set not null;
alter table users drop constraint users_email_address_not_null;
