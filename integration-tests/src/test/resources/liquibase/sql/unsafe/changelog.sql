--liquibase formatted sql

--changeset pgsafe:1
create table orders (id bigint primary key, customer int not null);
insert into orders select g, g % 100 from generate_series(1, 1000) g;

--changeset pgsafe:2
CREATE INDEX orders_customer ON orders (customer);
