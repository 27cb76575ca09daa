# Redis: the one already listening on REDIS_PORT is used; otherwise Debian's package is installed and started
# with colink's own settings (nothing persisted: Redis holds only caches, presence and idempotency keys).
redis_timeout=30

redis_prepare() {
  port_open "$REDIS_PORT" || command -v redis-server >/dev/null || apt_install redis-server
}

redis_start() {
  launch redis redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir "$COLINK_DATA" --notify-keyspace-events Ex
}

redis_ready() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }
