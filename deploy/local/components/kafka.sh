# Kafka: one KRaft node (broker and controller in one JVM) run from the Maven Central jars resolved by
# deploy/local/kafka/pom.xml. Data and the cluster id live in $COLINK_DATA/kafka; the storage is formatted once.
kafka_timeout=90

kafka_dir() { echo "$COLINK_DATA/kafka"; }

kafka_prepare() {
  resolve_classpath kafka "$COLINK_DIST/kafka.classpath"
}

# The broker's settings, regenerated at every start from the ports in lib.sh.
kafka_write_config() {
  cat >"$COLINK_RUN/kafka.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$(kafka_dir)/logs
num.partitions=6
auto.create.topics.enable=true
# One node: every internal topic has a single replica.
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Consumers join their group at once instead of waiting 3 s for more members.
group.initial.rebalance.delay.ms=0
EOF
}

# The JVM command line (an array: `launch` runs it through setsid, so it cannot be a shell function).
kafka_java() {
  kafka_cmd=("$INFRA_JAVA_HOME/bin/java" -Xmx512m -Xms256m -XX:+UseG1GC -XX:MaxGCPauseMillis=20
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true
    -Dlog4j2.configurationFile="$COLINK_ROOT/deploy/local/kafka/log4j2.xml"
    -cp "$(cat "$COLINK_DIST/kafka.classpath")" "$@")
}

kafka_start() {
  local dir cluster_id kafka_cmd
  dir=$(kafka_dir)
  # bring_up only checks KAFKA_PORT; a taken controller port would otherwise end in a bind stack trace.
  if port_open "$KAFKA_CONTROLLER_PORT"; then
    progress kafka "controller port $KAFKA_CONTROLLER_PORT is taken by another program"
    return 1
  fi
  mkdir -p "$dir"
  kafka_write_config
  if [ ! -f "$dir/logs/meta.properties" ]; then
    # First start: a cluster id of our own, kept next to the data, then the one-time storage format.
    # The id is what `kafka-storage random-uuid` prints: 16 random bytes, URL-safe Base64, no padding,
    # never starting with '-'.
    until [ -s "$dir/cluster.id" ]; do
      cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
      [ "${cluster_id:0:1}" = - ] || echo "$cluster_id" >"$dir/cluster.id"
    done
    kafka_java kafka.tools.StorageTool format -t "$(cat "$dir/cluster.id")" -c "$COLINK_RUN/kafka.properties"
    "${kafka_cmd[@]}" >>"$COLINK_LOGS/kafka.log" 2>&1 || return 1
  fi
  kafka_java kafka.Kafka "$COLINK_RUN/kafka.properties"
  launch kafka "${kafka_cmd[@]}"
}

# Ready = the broker answers a Metadata request (v4, no topics) listing at least one live broker, i.e. it has
# registered with the controller and is unfenced. Raw bytes over bash's /dev/tcp: no client tools needed.
kafka_ready() {
  local reply
  # size 21 | api key 3 (Metadata) | version 4 | correlation id 7 | client id "colink" | topics [] | no auto-create
  reply=$(exec 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT" || exit 1
          printf '\0\0\0\x15\0\x03\0\x04\0\0\0\x07\0\x06colink\0\0\0\0\0' >&3
          timeout 3 head -c 16 <&3 | od -An -tu1) || return 1
  # reply: size(4) correlation id(4) throttle ms(4) broker count(4)
  set -- $reply
  [ $# -eq 16 ] && [ "$8" = 7 ] && [ $((${13} + ${14} + ${15} + ${16})) -gt 0 ]
}
