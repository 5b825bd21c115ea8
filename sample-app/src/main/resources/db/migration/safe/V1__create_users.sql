-- Deploy 1: the table as it was first written, with some history.
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
insert into users (email) select 'user' || g || '@example.com' from generate_series(1, 20000) g;
insert into orders (user_id, total) select 1 + (g % 20000), g % 100 from generate_series(1, 20000) g;
