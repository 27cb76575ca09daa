-- Each service relays the outbox rows it wrote (one relay per service at a time, in id order), so the rows carry
-- the name of the service that wrote them.
alter table outbox add column source varchar(64) not null;
create index outbox_source_order on outbox (source, id);
