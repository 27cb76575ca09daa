# Prometheus, only with COLINK_METRICS=1 (`COLINK_METRICS=1 ./colink up`): Debian's package binary, run with
# deploy/observability's configuration and alert rules, every target rewritten to 127.0.0.1 and this stack's ports,
# its data under the state directory. `down` stops it whenever it runs; `./colink start|stop prometheus` too.
# Debian's package also installs a system service that would serve on the same port with its own configuration:
# prometheus_install keeps it stopped and disabled.
export PROMETHEUS_PORT=${PROMETHEUS_PORT:-9090}
# Where the gateway serves its metrics (its management port; the public port serves only the health probes).
export COLINK_GATEWAY_MANAGEMENT_PORT=${COLINK_GATEWAY_MANAGEMENT_PORT:-8079}
PORT[prometheus]=$PROMETHEUS_PORT
prometheus_timeout=60

prometheus_dir() { echo "$COLINK_DATA/prometheus"; }

# Debian's prometheus package (prometheus and promtool), its system service stopped and disabled.
prometheus_install() {
  [ -x /usr/bin/prometheus ] && command -v promtool >/dev/null && return 0
  apt_install prometheus || return 1
  prometheus_system_service_off
}

prometheus_system_service_off() {
  {
    # disable works with or without a running systemd (it also removes the SysV links); stop only where one runs.
    command -v systemctl >/dev/null && systemctl disable prometheus
    if [ -d /run/systemd/system ]; then
      systemctl stop prometheus
    elif [ -x /etc/init.d/prometheus ]; then
      /etc/init.d/prometheus stop
    fi
  } >>"$COLINK_LOGS/apt.log" 2>&1
  return 0
}

# deploy/observability/prometheus.yml with each "<service>:<port>" target at 127.0.0.1 and the local stack's port.
prometheus_config() {
  local dir=$1 c port rewrite=()
  for c in "${SERVICE_COMPONENTS[@]}"; do
    port=$(component_port "$c")
    [ "$c" = gateway ] && port=$COLINK_GATEWAY_MANAGEMENT_PORT
    rewrite+=(-e "s|\"$c:[0-9]*\"|\"127.0.0.1:$port\"|")
  done
  sed "${rewrite[@]}" "$COLINK_ROOT/deploy/observability/prometheus.yml" >"$dir/prometheus.yml.new" || return 1
  cp -f "$COLINK_ROOT/deploy/observability/alerts.yml" "$dir/alerts.yml" || return 1
  if grep -E 'targets: \["' "$dir/prometheus.yml.new" | grep -vq '"127\.0\.0\.1:'; then
    echo "a target of deploy/observability/prometheus.yml is not a service of the stack" >>"$COLINK_LOGS/prometheus.log"
    return 1
  fi
  promtool check config "$dir/prometheus.yml.new" >>"$COLINK_LOGS/prometheus.log" 2>&1 || return 1
  mv -f "$dir/prometheus.yml.new" "$dir/prometheus.yml"
}

prometheus_prepare() {
  prometheus_install || return 1
  mkdir -p "$(prometheus_dir)/data"
  prometheus_config "$(prometheus_dir)"
}

prometheus_start() {
  local dir
  dir=$(prometheus_dir)
  launch prometheus /usr/bin/prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
    --storage.tsdb.retention.time=7d --web.listen-address="127.0.0.1:$PROMETHEUS_PORT"
}

# Ready when colink's own Prometheus answers (another one on the port, e.g. the system's, is not it).
prometheus_ready() {
  [ -n "$(component_pid prometheus)" ] \
    && curl -fsS --max-time 2 "http://127.0.0.1:$PROMETHEUS_PORT/-/ready" >/dev/null 2>&1
}

# `up` with COLINK_METRICS=1: starts Prometheus, or has a running one reload the configuration.
metrics_up() {
  [ "${COLINK_METRICS:-}" = 1 ] || return 0
  local pid
  pid=$(component_pid prometheus)
  if [ -n "$pid" ]; then
    prometheus_prepare && kill -HUP "$pid" || { progress prometheus "FAILED to reload (log: $COLINK_LOGS/prometheus.log)"; return 1; }
    progress prometheus "ready on :$PROMETHEUS_PORT (already running, pid $pid; configuration reloaded)"
    return 0
  fi
  if port_open "$PROMETHEUS_PORT"; then
    progress prometheus "FAILED: port $PROMETHEUS_PORT is taken (the system's prometheus service? systemctl disable --now prometheus, or set PROMETHEUS_PORT)"
    return 1
  fi
  bring_up prometheus
}

# The lines `up` ends with, when Prometheus runs.
metrics_summary() {
  [ -n "$(component_pid prometheus)" ] || return 0
  # Debian's build has only the classic pages.
  say "  Prometheus: http://127.0.0.1:$PROMETHEUS_PORT/classic/graph (targets: /classic/targets, alerts: /classic/alerts)"
}

# Prometheus in `status` when it runs or is asked for.
metrics_components() {
  if [ "${COLINK_METRICS:-}" = 1 ] || [ -n "$(component_pid prometheus)" ]; then echo prometheus; fi
}
