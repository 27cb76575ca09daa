-- The files service owns each file's scan until a verdict is recorded: a file in 'scanning' is (re)sent to the
-- scanner whenever scan_due_at has passed, so a scan outlives a restart of the scanner, of clamd or of files itself.
-- stored_key is the server-side copy made at confirm time: the presigned PUT to object_key may still be valid then,
-- and what is scanned and served must be bytes no client can overwrite afterwards.
alter table files add column stored_key varchar(512) unique;
alter table files add column scan_due_at timestamptz;
alter table files add column scan_requests integer not null default 0 check (scan_requests >= 0);
alter table files add column scan_failure varchar(512);
create index files_scan_due on files (scan_due_at) where status = 'scanning';
