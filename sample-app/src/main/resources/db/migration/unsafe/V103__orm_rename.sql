-- A rename breaks every running instance that still uses the old name.
alter table users rename column email_address to mail;
