--liquibase formatted sql

--changeset pgsafe-sample:1
create table users (
    id         bigint generated always as identity primary key,
    email      text not null,
    created_at timestamptz not null default now()
);
create table orders (
    id      bigint generated always as identity primary key,
    user_id bigint not null,
    total   numeric not null
);
insert into users (email) select 'user' || g || '@example.com' from generate_series(1, 2000) g;
insert into orders (user_id, total) select 1 + (g % 2000), g % 100 from generate_series(1, 2000) g;

--changeset pgsafe-sample:2
alter table users add column email_address text;

--changeset pgsafe-sample:3
update users set email_address = email where email_address is null;

--changeset pgsafe-sample:4 runInTransaction:false
create unique index concurrently users_email_address_key on users (email_address);

--changeset pgsafe-sample:5
alter table users alter column email drop not null;

--changeset pgsafe-sample:6 runInTransaction:false stripComments:false
-- pgsafe:allow drop-column no release since changeset 5 reads or writes users.email
alter table users drop column email;
alter table users add constraint users_email_address_not_null check (email_address is not null) not valid;
alter table users validate constraint users_email_address_not_null;
alter table users alter column email_address set not null;
alter table users drop constraint users_email_address_not_null;

--changeset pgsafe-sample:7
alter table orders add constraint orders_user_id_fkey foreign key (user_id) references users (id) not valid;

--changeset pgsafe-sample:8
alter table orders validate constraint orders_user_id_fkey;
