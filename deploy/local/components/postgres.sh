# PostgreSQL: the one already listening on POSTGRES_PORT is used; otherwise Debian's package is installed and a
# cluster of colink's own is started under the state directory. Either way the colink and keycloak databases
# and roles are created if missing.
postgres_timeout=60

postgres_psql() { psql -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

postgres_prepare() {
  if ! port_open "$POSTGRES_PORT"; then
    command -v pg_ctlcluster >/dev/null || [ -n "$(ls /usr/lib/postgresql 2>/dev/null)" ] \
      || apt_install postgresql || return 1
    postgres_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    if [ ! -f "$COLINK_DATA/postgres/PG_VERSION" ]; then
      mkdir -p "$COLINK_DATA/postgres"
      local owner=()
      [ "$(id -u)" = 0 ] && { chown postgres "$COLINK_DATA/postgres"; owner=(runuser -u postgres --); }
      "${owner[@]}" "$postgres_bin/initdb" -D "$COLINK_DATA/postgres" -U postgres --auth=trust >>"$COLINK_LOGS/postgres.log" 2>&1 || return 1
    fi
  fi
  return 0
}

postgres_start() {
  local owner=()
  [ "$(id -u)" = 0 ] && owner=(runuser -u postgres --)
  touch "$COLINK_LOGS/postgres.log"; [ "$(id -u)" = 0 ] && chown postgres "$COLINK_LOGS/postgres.log"
  launch postgres "${owner[@]}" "$postgres_bin/postgres" -D "$COLINK_DATA/postgres" -h 127.0.0.1 -p "$POSTGRES_PORT" \
    -k /tmp -c max_connections=300
}

postgres_ready() {
  port_open "$POSTGRES_PORT" && postgres_psql -c 'select 1' >/dev/null 2>&1 && postgres_databases
}

# Roles and databases of the stack (idempotent).
postgres_databases() {
  local db user password
  for spec in "$COLINK_DB_NAME:$COLINK_DB_USER:$COLINK_DB_PASSWORD" "keycloak:keycloak:keycloak"; do
    IFS=: read -r db user password <<<"$spec"
    if [ -z "$(postgres_psql -c "select 1 from pg_roles where rolname='$user'")" ]; then
      postgres_psql -c "create role $user login password '$password'" || return 1
    fi
    if [ -z "$(postgres_psql -c "select 1 from pg_database where datname='$db'")" ]; then
      postgres_psql -c "create database $db owner $user" || return 1
    fi
  done
  # Integration tests create and drop scratch databases (a clean Flyway migration, for one).
  postgres_psql -c "alter role $COLINK_DB_USER createdb" || return 1
  postgres_autovacuum
}

# The outbox is a queue: each row is deleted moments after its insert, and without vacuum the dead rows pile up under
# every relay poll (a server found with autovacuum off: after 127,000 posts the relay's select took 3.6 ms instead of
# 0.2 ms, and the box was saturated at 100 DMs/s). PostgreSQL's default is on; a server that has it off gets it on.
postgres_autovacuum() {
  [ "$(postgres_psql -c 'show autovacuum')" = on ] && return 0
  progress postgres "autovacuum was off on the server at :$POSTGRES_PORT: turned on (ALTER SYSTEM, reloaded)"
  postgres_psql -c "alter system set autovacuum = on" && postgres_psql -c "select pg_reload_conf()" >/dev/null
}
