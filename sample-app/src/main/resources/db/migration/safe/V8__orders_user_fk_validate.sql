-- ...and VALIDATE, in its own transaction, scans under SHARE UPDATE EXCLUSIVE: reads and writes go on.
alter table orders validate constraint orders_user_id_fkey;
