-- Colink's schema. Ids are UUIDv7 (time-sortable: an id order is a creation order, which makes history cursors
-- a plain "id < cursor"), except users.id, which is the Keycloak subject. Which service writes which table is in
-- docs/data-ownership.md; every other service only reads.

create extension if not exists pg_trgm;

-- Identity (auth-proxy; admin for administrator-created users) --------------------------------------------------

create table users (
    id           uuid primary key,                        -- Keycloak subject
    username     varchar(255) not null,
    email        varchar(320),
    display_name varchar(255) not null,
    status       varchar(16)  not null default 'active' check (status in ('active', 'deactivated')),
    created_at   timestamptz  not null default now(),
    updated_at   timestamptz  not null default now()
);
create unique index users_username on users (lower(username));
-- Directory search (GET /v1/users?q=) matches any part of the username or display name.
create index users_directory_search on users using gin ((lower(username) || ' ' || lower(display_name)) gin_trgm_ops);

create table sessions (
    user_id     uuid primary key references users (id),
    last_login  timestamptz not null,
    login_count bigint      not null default 1
);

create table blocks (
    blocker_id uuid        not null references users (id),
    blocked_id uuid        not null references users (id),
    created_at timestamptz not null default now(),
    primary key (blocker_id, blocked_id)
);
create index blocks_blocked on blocks (blocked_id, blocker_id);

-- Channels (channels) -----------------------------------------------------------------------------------------

create table channels (
    id           uuid primary key,
    name         varchar(80)  not null check (name ~ '^[a-z0-9][a-z0-9_-]{0,79}$'),
    display_name varchar(255) not null,
    is_private   boolean      not null,
    created_by   uuid         not null references users (id),
    created_at   timestamptz  not null default now(),
    member_count integer      not null default 0 check (member_count >= 0)
);
create unique index channels_name on channels (name);

create table channel_members (
    channel_id uuid        not null references channels (id),
    user_id    uuid        not null references users (id),
    role       varchar(16) not null check (role in ('owner', 'admin', 'member')),
    joined_at  timestamptz not null default now(),
    primary key (channel_id, user_id)
);
-- "Which channels is this user in" (search filters, realtime fan-out, channel list).
create index channel_members_user on channel_members (user_id, channel_id);

-- Direct conversations (messaging): one per pair of users, user_a <= user_b ------------------------------------

create table direct_conversations (
    id         uuid primary key,
    user_a     uuid        not null references users (id),
    user_b     uuid        not null references users (id),
    created_at timestamptz not null default now(),
    check (user_a <= user_b),
    unique (user_a, user_b)
);
create index direct_conversations_user_b on direct_conversations (user_b, user_a);

-- Messages (messaging; threads adds replies through messaging; admin moderates) ----------------------------------

create table threads (
    id                uuid primary key,
    parent_message_id uuid        not null unique,
    reply_count       integer     not null default 0 check (reply_count >= 0),
    last_reply_at     timestamptz,
    created_at        timestamptz not null default now()
);

create table messages (
    id              uuid primary key,
    channel_id      uuid references channels (id),
    dm_id           uuid references direct_conversations (id),
    thread_id       uuid references threads (id),
    sender_id       uuid           not null references users (id),
    text            varchar(16000) not null,
    created_at      timestamptz    not null,
    edited_at       timestamptz,
    is_deleted      boolean        not null default false,
    deleted_at      timestamptz,
    deleted_by      uuid,
    idempotency_key varchar(128),
    check (num_nonnulls(channel_id, dm_id) = 1)
);
-- A retried post with the same key never creates a second message, even when the two requests race.
create unique index messages_idempotency on messages (sender_id, idempotency_key) where idempotency_key is not null;
-- History, newest first, without replies (they live in their thread).
create index messages_channel_history on messages (channel_id, id desc) where thread_id is null;
create index messages_dm_history on messages (dm_id, id desc) where thread_id is null;
create index messages_thread_replies on messages (thread_id, id desc) where thread_id is not null;

alter table threads add constraint threads_parent_message foreign key (parent_message_id) references messages (id);

-- Files (files; messaging attaches) -----------------------------------------------------------------------------

create table files (
    id              uuid primary key,
    uploaded_by     uuid         not null references users (id),
    filename        varchar(255) not null,
    size            bigint       not null check (size > 0 and size < 104857600),
    mime_type       varchar(255) not null,
    object_key      varchar(512) not null unique,
    status          varchar(16)  not null default 'pending_upload'
        check (status in ('pending_upload', 'scanning', 'scanned', 'infected', 'failed')),
    signature       varchar(255),
    created_at      timestamptz  not null default now(),
    confirmed_at    timestamptz,
    scanned_at      timestamptz,
    idempotency_key varchar(128)
);
create unique index files_idempotency on files (uploaded_by, idempotency_key) where idempotency_key is not null;

create table message_files (
    message_id uuid     not null references messages (id),
    file_id    uuid     not null references files (id),
    position   smallint not null,
    primary key (message_id, file_id)
);
create index message_files_file on message_files (file_id);

-- Reactions (reactions) -----------------------------------------------------------------------------------------

create table reactions (
    message_id uuid        not null references messages (id),
    user_id    uuid        not null references users (id),
    emoji      varchar(64) not null,
    created_at timestamptz not null default now(),
    primary key (message_id, user_id, emoji)
);

-- Moderation and administration (admin) ---------------------------------------------------------------------------

create table audit_logs (
    id         uuid primary key,
    actor_id   uuid        not null,
    action     varchar(64) not null,
    target_id  varchar(64) not null,
    metadata   jsonb       not null default '{}',
    created_at timestamptz not null default now()
);
create index audit_logs_actor on audit_logs (actor_id, id desc);
create index audit_logs_target on audit_logs (target_id, id desc);
create index audit_logs_action on audit_logs (action, id desc);

-- Idempotency of creating calls other than posts (channels, uploads, reactions, threads) -------------------------
-- The first response's resource id under (user, operation, key); rows older than 24 h are swept.

create table idempotency_keys (
    user_id     uuid         not null,
    operation   varchar(64)  not null,
    key         varchar(128) not null,
    resource_id varchar(128) not null,
    created_at  timestamptz  not null default now(),
    primary key (user_id, operation, key)
);
create index idempotency_keys_created on idempotency_keys (created_at);

-- Events: the transactional outbox, and what consumers have already applied ------------------------------------------
-- A service writes its event here in the transaction of the change; a relay publishes it to Kafka and deletes the
-- row once the broker acknowledged it, so a committed change is never lost on its way to Kafka.

create table outbox (
    id         bigserial primary key,
    event_id   uuid         not null unique,
    topic      varchar(128) not null,
    event_key  varchar(128) not null,
    event_type varchar(64)  not null,
    payload    jsonb        not null,
    created_at timestamptz  not null default now()
);

-- A consumer records the events it applied in the transaction that applies them: a redelivery changes nothing twice.
create table processed_events (
    consumer     varchar(64) not null,
    event_id     uuid        not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, event_id)
);
