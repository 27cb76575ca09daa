# Shared machinery of ./colink: configuration, process control, readiness, build and schema.
# Each infrastructure component lives in components/<name>.sh and defines
#   <name>_prepare   fetch or install what it needs (idempotent, may be slow the first time)
#   <name>_start     launch it with `launch <name> <command...>` (records the PID and the log)
#   <name>_ready     exit 0 once it serves requests (optional: default is "its port accepts connections")
#   <name>_configure  bring the ready component in line with this installation's settings (optional; runs at
#                     every `up` and `start`, so it must be idempotent)
# and may set <name>_timeout (seconds to wait for readiness, default 180).
# A component whose port already answers and that colink did not start is used as it is.

# ---- configuration (environment variables, local-stack defaults) ----
export COLINK_BIND=127.0.0.1
export COLINK_GATEWAY_PORT=${COLINK_GATEWAY_PORT:-8080}
# The gateway's actuator (/actuator/prometheus): its own port, since the public one serves only the health probes.
export COLINK_GATEWAY_MANAGEMENT_PORT=${COLINK_GATEWAY_MANAGEMENT_PORT:-8079}
export COLINK_ADMIN_USERNAME=${COLINK_ADMIN_USERNAME:-admin}
export COLINK_ADMIN_PASSWORD=${COLINK_ADMIN_PASSWORD:-colink-admin-pw}
# Base32 TOTP secret of the bootstrap administrator; put it in an authenticator app for the local stack.
export COLINK_ADMIN_TOTP_SECRET=${COLINK_ADMIN_TOTP_SECRET:-JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP}
export COLINK_ADMIN_EMAIL=${COLINK_ADMIN_EMAIL:-admin@colink.local}

export POSTGRES_PORT=${POSTGRES_PORT:-5432}
export COLINK_DB_NAME=${COLINK_DB_NAME:-colink}
export COLINK_DB_USER=${COLINK_DB_USER:-colink}
export COLINK_DB_PASSWORD=${COLINK_DB_PASSWORD:-colink}
export REDIS_PORT=${REDIS_PORT:-6379}
export KAFKA_PORT=${KAFKA_PORT:-9092}
export KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
export OPENSEARCH_PORT=${OPENSEARCH_PORT:-9200}
export OPENSEARCH_TRANSPORT_PORT=${OPENSEARCH_TRANSPORT_PORT:-9300}
export S3_PORT=${S3_PORT:-9000}
export S3_ACCESS_KEY=${S3_ACCESS_KEY:-colink}
export S3_SECRET_KEY=${S3_SECRET_KEY:-colink-secret-key}
export KEYCLOAK_PORT=${KEYCLOAK_PORT:-8180}
export KEYCLOAK_MANAGEMENT_PORT=${KEYCLOAK_MANAGEMENT_PORT:-9190}
export KEYCLOAK_ADMIN_USER=${KEYCLOAK_ADMIN_USER:-keycloak}
export KEYCLOAK_ADMIN_PASSWORD=${KEYCLOAK_ADMIN_PASSWORD:-keycloak-admin-pw}
export KEYCLOAK_REALM=${KEYCLOAK_REALM:-colink}
export CLAMD_PORT=${CLAMD_PORT:-3310}
# Secrets of this installation only, made at the first `up` under $COLINK_HOME and reused by every later one (a
# variable already set wins): installation_secret VAR FILE [base64]. "base64" keeps the Base64 of 32 random bytes
# whole (a key); otherwise its letters and digits only, which need no escaping in a form, a URL or JSON.
installation_secret() {
  local var=$1 file=$COLINK_HOME/$2
  if [ -z "${!var:-}" ]; then
    if [ ! -s "$file" ]; then
      if [ "${3:-}" = base64 ]; then
        (umask 077; head -c 32 /dev/urandom | base64 | tr -d '\n' >"$file")
      else
        (umask 077; head -c 32 /dev/urandom | base64 | tr -d '\n=+/' >"$file")
      fi
    fi
    printf -v "$var" '%s' "$(cat "$file")"
  fi
  export "${var?}"
}
# The services sign the calls no user makes (files <-> av-scanner) with it.
installation_secret COLINK_INTERNAL_SECRET internal-secret
# The Keycloak clients' secrets: the realm import takes them at Keycloak's first start, keycloak_configure sets them
# on a realm imported before (with the values once written in the repository).
installation_secret COLINK_AUTH_PROXY_CLIENT_SECRET auth-proxy-client-secret
installation_secret COLINK_ADMIN_API_CLIENT_SECRET admin-api-client-secret
# The AES-256 key auth-proxy seals sign-in challenges with.
installation_secret COLINK_AUTH_CHALLENGE_KEY auth-challenge-key base64
# The services accept the repository's published secrets (application.yml defaults) on this stack only.
export COLINK_LOCAL_STACK=true
# Services log plain lines here; COLINK_LOG_FORMAT=ecs ./colink up (or restart) makes them write one JSON object a
# line, as in docker-compose and Helm (docs/operations.md#logs).
export COLINK_LOG_FORMAT=${COLINK_LOG_FORMAT:-text}
# Scans in the local stack give up sooner than in production (clamd restarts in a second here, not a minute), so
# that a clamd outage shows as a failed scan within seconds.
export COLINK_SCAN_RETRY_DELAY=${COLINK_SCAN_RETRY_DELAY:-1s}
export COLINK_SCAN_RETRY_DELAY_MAX=${COLINK_SCAN_RETRY_DELAY_MAX:-5s}
export COLINK_SCANNER_RETRY_DELAY=${COLINK_SCANNER_RETRY_DELAY:-500ms}
export COLINK_SCANNER_MAX_ATTEMPTS=${COLINK_SCANNER_MAX_ATTEMPTS:-5}

declare -A PORT=(
  [postgres]=$POSTGRES_PORT [redis]=$REDIS_PORT [kafka]=$KAFKA_PORT [opensearch]=$OPENSEARCH_PORT
  [s3]=$S3_PORT [keycloak]=$KEYCLOAK_PORT [clamd]=$CLAMD_PORT
  [gateway]=$COLINK_GATEWAY_PORT [auth-proxy]=8081 [messaging]=8082 [channels]=8083 [files]=8084
  [av-scanner]=8085 [search]=8086 [presence]=8087 [reactions]=8088 [threads]=8089 [admin]=8090
  [realtime-gateway]=8091
)

# Infrastructure runs on the JDK it was verified with (the default one); services prefer the newest JDK.
default_java_home() { dirname "$(dirname "$(readlink -f "$(command -v java)")")"; }
newest_java_home() {
  local candidate
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
    [ -x "$candidate/bin/java" ] && { echo "$candidate"; return; }
  done
  default_java_home
}

# ---- output ----
say() { printf '%s\n' "$*"; }
die() { printf 'colink: %s\n' "$*" >&2; exit 1; }
progress() { printf '  %-18s %s\n' "$1" "$2"; }

# ---- tools a fresh machine may lack ----
apt_install() {
  if [ -z "${COLINK_APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >>"$COLINK_LOGS/apt.log" 2>&1
    COLINK_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >>"$COLINK_LOGS/apt.log" 2>&1
}
ensure_tools() {
  local missing=()
  command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null || missing+=(maven)
  command -v curl >/dev/null || missing+=(curl)
  command -v unzip >/dev/null || missing+=(unzip)
  command -v psql >/dev/null || missing+=(postgresql-client)
  command -v redis-cli >/dev/null || missing+=(redis-tools)
  command -v setsid >/dev/null || missing+=(util-linux)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}" || die "could not install ${missing[*]} (see $COLINK_LOGS/apt.log)"
  export INFRA_JAVA_HOME=${INFRA_JAVA_HOME:-$(default_java_home)}
  export SERVICE_JAVA_HOME=${SERVICE_JAVA_HOME:-$(newest_java_home)}
}

# Maven, quiet, for fetching artifacts into the local repository.
mvn_quiet() { JAVA_HOME=$INFRA_JAVA_HOME mvn -B -q -ntp "$@"; }

# Resolves the runtime classpath of a small pom under deploy/local/<dir> into <file>, once.
resolve_classpath() {
  local dir=$1 out=$2
  if [ ! -s "$out" ] || [ "$COLINK_ROOT/deploy/local/$dir/pom.xml" -nt "$out" ]; then
    mvn_quiet -f "$COLINK_ROOT/deploy/local/$dir/pom.xml" dependency:build-classpath \
      -Dmdep.outputFile="$out" -Dmdep.includeScope=runtime >>"$COLINK_LOGS/$dir-fetch.log" 2>&1 || return 1
  fi
}

# ---- processes ----
# launch NAME COMMAND...: runs COMMAND in a session of its own (so `down` can stop its whole process group),
# output to the component's log, PID in run/NAME.pid.
launch() {
  local name=$1; shift
  (
    # A component outlives this command, so it must not keep the caller's open files: a lock taken around
    # `./colink restart` (flock) would otherwise be held for as long as the component runs.
    for fd in /proc/self/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done 2>/dev/null
    exec setsid "$@" >>"$COLINK_LOGS/$name.log" 2>&1 </dev/null
  ) &
  echo $! >"$COLINK_RUN/$name.pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

component_port() { echo "${PORT[$1]}"; }
component_fn() { echo "${1//-/_}_$2"; }

component_pid() {
  local file=$COLINK_RUN/$1.pid pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then echo "$pid"; else rm -f "$file"; fi
}

component_ready() {
  local fn
  fn=$(component_fn "$1" ready)
  if declare -F "$fn" >/dev/null; then "$fn"; else port_open "$(component_port "$1")"; fi
}

component_timeout() {
  local var
  var=$(component_fn "$1" timeout)
  echo "${!var:-180}"
}

# Waits for readiness; fails loudly naming the component and its log.
await_ready() {
  local c=$1 started=$SECONDS timeout pid
  timeout=$(component_timeout "$c")
  until component_ready "$c"; do
    pid=$(component_pid "$c")
    if [ -z "$pid" ] && ! port_open "$(component_port "$c")"; then
      progress "$c" "FAILED: the process exited (log: $COLINK_LOGS/$c.log)"
      tail -n 30 "$COLINK_LOGS/$c.log" 2>/dev/null | sed 's/^/      /' >&2
      return 1
    fi
    if [ $((SECONDS - started)) -ge "$timeout" ]; then
      progress "$c" "FAILED: not ready after ${timeout}s (log: $COLINK_LOGS/$c.log)"
      tail -n 30 "$COLINK_LOGS/$c.log" 2>/dev/null | sed 's/^/      /' >&2
      return 1
    fi
    sleep 0.5
  done
}

# infra_start NAME: prepares and launches a component unless it already runs; infra_await NAME: waits for it.
# Split so that `up` can start the servers together and overlap the slow ones (Keycloak) with the services.
declare -A STARTED_AT=()
infra_start() {
  local c=$1
  STARTED_AT[$c]=$SECONDS
  [ -n "$(component_pid "$c")" ] && return 0
  if component_ready "$c"; then
    "$(component_fn "$c" prepare)" || { progress "$c" "FAILED to prepare (logs in $COLINK_LOGS)"; return 1; }
    return 0
  fi
  if port_open "$(component_port "$c")"; then
    progress "$c" "FAILED: port $(component_port "$c") is taken by another program"
    return 1
  fi
  "$(component_fn "$c" prepare)" || { progress "$c" "FAILED to prepare (logs in $COLINK_LOGS)"; return 1; }
  STARTED_AT[$c]=$SECONDS
  "$(component_fn "$c" start)" || { progress "$c" "FAILED to start (log: $COLINK_LOGS/$c.log)"; return 1; }
  LAUNCHED[$c]=1
}
declare -A LAUNCHED=()

infra_await() {
  local c=$1 pid fn
  await_ready "$c" || return 1
  fn=$(component_fn "$c" configure)
  if declare -F "$fn" >/dev/null; then
    "$fn" || { progress "$c" "FAILED to configure (log: $COLINK_LOGS/$c.log)"; return 1; }
  fi
  pid=$(component_pid "$c")
  if [ -n "${LAUNCHED[$c]:-}" ]; then
    # Components start together and are checked in order: the time is when this one was seen ready.
    progress "$c" "ready on :$(component_port "$c"), pid $pid (${SECONDS}s into the start)"
  elif [ -n "$pid" ]; then
    progress "$c" "ready on :$(component_port "$c") (already running, pid $pid)"
  else
    progress "$c" "ready on :$(component_port "$c") (already running, not managed by colink)"
  fi
}

bring_up() { infra_start "$1" && infra_await "$1"; }

# Stops components: TERM to each one's process group at once, then waits (a JVM may still be writing its AOT
# cache), then KILL for whatever is left after the grace period.
stop_components() {
  local c pid waited=0 stopped=()
  declare -A pids=()
  for c in "$@"; do
    pid=$(component_pid "$c")
    [ -n "$pid" ] || continue
    pids[$c]=$pid
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
  done
  for c in "$@"; do
    pid=${pids[$c]:-}
    [ -n "$pid" ] || continue
    while { kill -0 "$pid" 2>/dev/null || pgrep -g "$pid" >/dev/null 2>&1; } && [ $waited -lt 600 ]; do
      sleep 0.5; waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null || pgrep -g "$pid" >/dev/null 2>&1; then
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
    fi
    rm -f "$COLINK_RUN/$c.pid"
    progress "$c" "stopped (pid $pid)"
    stopped+=("$c")
  done
  STOPPED_COUNT=${#stopped[@]}
}

# ---- build ----
service_jar() { echo "$COLINK_ROOT/services/$1/target/$1.jar"; }

build_if_needed() {
  local stale=0 c jar
  [ "${1:-}" = force ] && stale=1
  for c in "${SERVICE_COMPONENTS[@]}"; do
    jar=$(service_jar "$c")
    if [ ! -f "$jar" ] || [ -n "$(find "$COLINK_ROOT/services/$c" "$COLINK_ROOT/libs" "$COLINK_ROOT/db" \
         "$COLINK_ROOT/pom.xml" -newer "$jar" -type f -not -path '*/target/*' -print -quit)" ]; then
      stale=1; break
    fi
  done
  [ $stale = 1 ] || return 0
  local t0=$SECONDS
  progress build "mvn install -DskipTests (log: $COLINK_LOGS/build.log)"
  (cd "$COLINK_ROOT" && JAVA_HOME=$SERVICE_JAVA_HOME mvn -B -ntp -DskipTests install) >"$COLINK_LOGS/build.log" 2>&1 || return 1
  progress build "done in $((SECONDS - t0))s"
}

# ---- schema: one Flyway history, applied once by `up` before any service starts ----
migrate_schema() {
  local t0=$SECONDS
  (cd "$COLINK_ROOT" && JAVA_HOME=$SERVICE_JAVA_HOME mvn -B -ntp -q -f db/pom.xml flyway:migrate \
     -Dflyway.url="jdbc:postgresql://127.0.0.1:$POSTGRES_PORT/$COLINK_DB_NAME" \
     -Dflyway.user="$COLINK_DB_USER" -Dflyway.password="$COLINK_DB_PASSWORD") >"$COLINK_LOGS/migrate.log" 2>&1 || return 1
  progress schema "migrated in $((SECONDS - t0))s"
}

# ---- services ----
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:--Xms64m -XX:+UseSerialGC -Xss512k -XX:+ExitOnOutOfMemoryError}

# Each service's heap limit (SERVICE_JAVA_OPTS can still override it). realtime-gateway keeps some 22 KiB of heap
# per open socket (Reactor Netty's connection, the handshake's headers, the session): 10,000 sockets need about
# 260 MiB besides its own (docs/benchmarks.md). Every message passes through the gateway and messaging: at 256 MiB,
# an hour of load beyond capacity cost messaging 32 full collections (24 s of its CPU), so they get 512 MiB too.
service_heap() {
  case $1 in
    realtime-gateway|gateway|messaging) echo 512m ;;
    *) echo 256m ;;
  esac
}

java_major() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null; }

# A service runs from its own extracted copy under dist/services/<name>: a rebuild (mvn verify rewrites the jar)
# never pulls classes from under a running JVM, and the extracted layout is what the JVM's AOT cache needs.
# On JDK 25+, the first run after a build records an AOT cache (written when the service stops); every later
# start loads it and boots in about a third of the CPU time. CI starts each build once, so it records none.
service_dir() { echo "$COLINK_DIST/services/$1"; }

prepare_service() {
  local c=$1 jar dir
  jar=$(service_jar "$c"); dir=$(service_dir "$c")
  if [ ! -f "$dir/$c.jar" ] || [ "$jar" -nt "$dir/$c.jar" ]; then
    rm -rf "$dir.new" && mkdir -p "$(dirname "$dir")"
    "$SERVICE_JAVA_HOME/bin/java" -Djarmode=tools -jar "$jar" extract --destination "$dir.new" \
      >>"$COLINK_LOGS/$c.log" 2>&1 || return 1
    rm -rf "$dir" && mv "$dir.new" "$dir"
  fi
}

service_aot_opts() {
  local dir=$1
  [ "$(java_major "$SERVICE_JAVA_HOME")" -ge 25 ] 2>/dev/null || return 0
  [ "${COLINK_AOT:-1}" = 1 ] || return 0
  if [ -s "$dir/app.aot" ]; then
    echo "-XX:AOTCache=$dir/app.aot"
  elif [ -z "${CI:-}" ]; then
    echo "-XX:AOTCacheOutput=$dir/app.aot"
  fi
}

start_service_if_down() {
  local c=$1 dir
  [ -n "$(component_pid "$c")" ] && return 0
  if port_open "$(component_port "$c")"; then return 0; fi
  prepare_service "$c" || { progress "$c" "FAILED to extract $(service_jar "$c")"; return 1; }
  dir=$(service_dir "$c")
  STARTED_AT[$c]=$SECONDS
  LAUNCHED[$c]=1
  # shellcheck disable=SC2046,SC2086
  launch "$c" env SERVER_PORT="$(component_port "$c")" "$SERVICE_JAVA_HOME/bin/java" -Xmx"$(service_heap "$c")" $SERVICE_JAVA_OPTS \
    $(service_aot_opts "$dir") -jar "$dir/$c.jar"
}

service_ready() {
  curl -fsS --max-time 2 "http://127.0.0.1:$(component_port "$1")/actuator/health/readiness" 2>/dev/null | grep -q '"UP"'
}

await_service() {
  local c=$1
  eval "$(component_fn "$c" ready)() { service_ready $c; }"
  infra_await "$c"
}

all_services_ready() {
  local c
  for c in "${SERVICE_COMPONENTS[@]}"; do service_ready "$c" || return 1; done
}

# Connection settings of the running stack, for integration tests and for operators' tools.
write_stack_env() {
  cat >"$COLINK_HOME/stack.env" <<EOF
COLINK_DB_URL=jdbc:postgresql://127.0.0.1:$POSTGRES_PORT/$COLINK_DB_NAME
COLINK_DB_USER=$COLINK_DB_USER
COLINK_DB_PASSWORD=$COLINK_DB_PASSWORD
COLINK_REDIS_URL=redis://127.0.0.1:$REDIS_PORT
COLINK_KAFKA_BOOTSTRAP=127.0.0.1:$KAFKA_PORT
COLINK_OPENSEARCH_URL=http://127.0.0.1:$OPENSEARCH_PORT
COLINK_S3_ENDPOINT=http://127.0.0.1:$S3_PORT
COLINK_S3_ACCESS_KEY=$S3_ACCESS_KEY
COLINK_S3_SECRET_KEY=$S3_SECRET_KEY
COLINK_KEYCLOAK_URL=http://127.0.0.1:$KEYCLOAK_PORT
COLINK_KEYCLOAK_REALM=$KEYCLOAK_REALM
COLINK_KEYCLOAK_ADMIN_USER=$KEYCLOAK_ADMIN_USER
COLINK_KEYCLOAK_ADMIN_PASSWORD=$KEYCLOAK_ADMIN_PASSWORD
COLINK_CLAMD_HOST=127.0.0.1
COLINK_CLAMD_PORT=$CLAMD_PORT
COLINK_INTERNAL_SECRET=$COLINK_INTERNAL_SECRET
COLINK_AUTH_PROXY_CLIENT_SECRET=$COLINK_AUTH_PROXY_CLIENT_SECRET
COLINK_ADMIN_API_CLIENT_SECRET=$COLINK_ADMIN_API_CLIENT_SECRET
COLINK_AUTH_CHALLENGE_KEY=$COLINK_AUTH_CHALLENGE_KEY
COLINK_LOCAL_STACK=$COLINK_LOCAL_STACK
COLINK_SCAN_RETRY_DELAY=$COLINK_SCAN_RETRY_DELAY
COLINK_SCAN_RETRY_DELAY_MAX=$COLINK_SCAN_RETRY_DELAY_MAX
COLINK_SCANNER_RETRY_DELAY=$COLINK_SCANNER_RETRY_DELAY
COLINK_SCANNER_MAX_ATTEMPTS=$COLINK_SCANNER_MAX_ATTEMPTS
COLINK_GATEWAY_URL=http://127.0.0.1:$COLINK_GATEWAY_PORT
COLINK_GATEWAY_MANAGEMENT_URL=http://127.0.0.1:$COLINK_GATEWAY_MANAGEMENT_PORT
COLINK_ADMIN_USERNAME=$COLINK_ADMIN_USERNAME
COLINK_ADMIN_PASSWORD=$COLINK_ADMIN_PASSWORD
COLINK_ADMIN_TOTP_SECRET=$COLINK_ADMIN_TOTP_SECRET
EOF
  local c
  for c in "${SERVICE_COMPONENTS[@]}"; do
    printf 'COLINK_%s_URL=http://127.0.0.1:%s\n' "$(echo "${c//-/_}" | tr a-z A-Z)" "$(component_port "$c")" >>"$COLINK_HOME/stack.env"
  done
}
