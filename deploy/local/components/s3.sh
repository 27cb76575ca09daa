# S3: S3Proxy (a real S3 API server; the Maven Central jar fetched by deploy/local/s3proxy/pom.xml) storing
# buckets as directories under $COLINK_DATA/s3. It checks AWS V2/V4 signatures against S3_ACCESS_KEY/S3_SECRET_KEY.
# Buckets are created by the files service, not here.
s3_timeout=60

s3_prepare() {
  resolve_classpath s3proxy "$COLINK_DIST/s3proxy.classpath"
}

s3_start() {
  mkdir -p "$COLINK_DATA/s3"
  # The filesystem provider refuses to start without jclouds.identity/credential, though it never uses them.
  cat >"$COLINK_RUN/s3proxy.properties" <<EOF
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_ACCESS_KEY
s3proxy.credential=$S3_SECRET_KEY
s3proxy.cors-allow-all=true
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$COLINK_DATA/s3
jclouds.identity=local
jclouds.credential=local
EOF
  launch s3 "$INFRA_JAVA_HOME/bin/java" -Xmx128m -XX:+ExitOnOutOfMemoryError \
    -Dlogback.configurationFile="$COLINK_ROOT/deploy/local/s3proxy/logback.xml" \
    -jar "$(cat "$COLINK_DIST/s3proxy.classpath")" --properties "$COLINK_RUN/s3proxy.properties"
}

# Ready = the endpoint answers with S3's XML (an anonymous request gets a 403 AccessDenied document).
s3_ready() {
  curl -sS --max-time 2 "http://127.0.0.1:$S3_PORT/" 2>/dev/null | grep -q '<Error>\|<ListAllMyBucketsResult'
}
