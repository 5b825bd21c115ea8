-- Deploy 2 (expand): a new nullable column without a default is catalog-only. The app now writes both columns.
alter table users add column email_address text;
