-- A foreign key that validates at once: SHARE ROW EXCLUSIVE on both tables while it scans.
alter table orders add constraint orders_user_fk foreign key (user_id) references users (id);
