# Keycloak: the Quarkus distribution from Maven Central, unpacked once under the dist directory, run in dev mode
# on 127.0.0.1 with its database in our PostgreSQL (the postgres component creates the keycloak database and
# role). The colink realm is imported at start from deploy/local/keycloak/colink-realm.json; Keycloak resolves
# the ${VAR} placeholders in it from the environment (lib.sh's exports). An existing realm is never re-imported,
# so changes to the file need `DROP DATABASE keycloak` (or the admin console) to take effect; only the clients'
# secrets are brought in line at every `up` (keycloak_configure).
KEYCLOAK_VERSION=26.5.6
keycloak_home=$COLINK_DIST/keycloak-$KEYCLOAK_VERSION
# The first start builds the Quarkus application for PostgreSQL (90 s here, then ~35 s per start).
keycloak_timeout=420

keycloak_prepare() {
  if [ ! -x "$keycloak_home/bin/kc.sh" ]; then
    # Unpack into a staging directory first so an interrupted fetch never looks installed.
    local staging=$COLINK_DIST/keycloak-staging
    rm -rf "$staging"
    (cd "$COLINK_DIST" && mvn_quiet org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" -DoutputDirectory="$staging" \
      && unzip -q "$staging/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" -d "$staging") >>"$COLINK_LOGS/keycloak-fetch.log" 2>&1 \
      || return 1
    mv "$staging/keycloak-$KEYCLOAK_VERSION" "$keycloak_home" && rm -rf "$staging" || return 1
  fi
  # --import-realm reads every *.json in data/import.
  mkdir -p "$keycloak_home/data/import"
  cp "$COLINK_ROOT/deploy/local/keycloak/colink-realm.json" "$keycloak_home/data/import/colink-realm.json"
}

keycloak_start() {
  # kc.sh forks java and waits for it, so the whole process group is stopped by `down`.
  launch keycloak env JAVA_HOME="$INFRA_JAVA_HOME" JAVA_OPTS_KC_HEAP="${JAVA_OPTS_KC_HEAP:--Xms64m -Xmx512m}" \
    KC_BOOTSTRAP_ADMIN_USERNAME="$KEYCLOAK_ADMIN_USER" KC_BOOTSTRAP_ADMIN_PASSWORD="$KEYCLOAK_ADMIN_PASSWORD" \
    "$keycloak_home/bin/kc.sh" start-dev \
    --http-host "$COLINK_BIND" --http-port "$KEYCLOAK_PORT" \
    --hostname "http://127.0.0.1:$KEYCLOAK_PORT" \
    --health-enabled true --http-management-port "$KEYCLOAK_MANAGEMENT_PORT" \
    --db postgres --db-url "jdbc:postgresql://127.0.0.1:$POSTGRES_PORT/keycloak" \
    --db-username keycloak --db-password keycloak \
    --import-realm --log-console-color false
}

keycloak_ready() {
  curl -fsS --max-time 3 "http://127.0.0.1:$KEYCLOAK_MANAGEMENT_PORT/health/ready" 2>/dev/null | grep -q '"UP"' &&
    curl -fsS --max-time 3 -o /dev/null \
      "http://127.0.0.1:$KEYCLOAK_PORT/realms/$KEYCLOAK_REALM/.well-known/openid-configuration" 2>/dev/null
}

# The realm's confidential clients get this installation's secrets (lib.sh): a realm imported before they existed
# still has the values once written in the repository, and the import never runs again. Idempotent: a client
# whose secret is already right is left alone.
keycloak_configure() {
  # Keycloak's first admin requests after its start can take long while a dozen services start beside it on two
  # cores: each step may take 30 s, and the whole (idempotent) reconcile is tried up to five times.
  local attempt
  for attempt in 1 2 3 4 5; do
    keycloak_configure_once && return 0
    echo "colink: setting the clients' secrets failed (attempt $attempt), trying again" >>"$COLINK_LOGS/keycloak.log"
    sleep 3
  done
  return 1
}

keycloak_configure_once() {
  local base="http://127.0.0.1:$KEYCLOAK_PORT" token client_id secret id current
  token=$(curl -fsS --max-time 30 "$base/realms/master/protocol/openid-connect/token" \
    --data-urlencode grant_type=password --data-urlencode client_id=admin-cli \
    --data-urlencode "username=$KEYCLOAK_ADMIN_USER" --data-urlencode "password=$KEYCLOAK_ADMIN_PASSWORD" \
    | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p') || return 1
  [ -n "$token" ] || return 1
  for client_id in auth-proxy colink-admin-api; do
    case $client_id in
      auth-proxy) secret=$COLINK_AUTH_PROXY_CLIENT_SECRET ;;
      colink-admin-api) secret=$COLINK_ADMIN_API_CLIENT_SECRET ;;
    esac
    id=$(curl -fsS --max-time 30 -H "Authorization: Bearer $token" \
      "$base/admin/realms/$KEYCLOAK_REALM/clients?clientId=$client_id" | sed -n 's/^\[{"id":"\([^"]*\)".*/\1/p') || return 1
    [ -n "$id" ] || { echo "colink: the realm has no client $client_id" >>"$COLINK_LOGS/keycloak.log"; return 1; }
    current=$(curl -fsS --max-time 30 -H "Authorization: Bearer $token" \
      "$base/admin/realms/$KEYCLOAK_REALM/clients/$id/client-secret" | sed -n 's/.*"value":"\([^"]*\)".*/\1/p') || return 1
    [ "$current" = "$secret" ] && continue
    # The client's whole representation back, with the secret replaced (letters and digits: no escaping).
    curl -fsS --max-time 30 -H "Authorization: Bearer $token" "$base/admin/realms/$KEYCLOAK_REALM/clients/$id" \
      | sed "s/\"secret\":\"[^\"]*\"/\"secret\":\"$secret\"/" \
      | curl -fsS --max-time 30 -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        "$base/admin/realms/$KEYCLOAK_REALM/clients/$id" --data-binary @- >/dev/null || return 1
    progress keycloak "client $client_id: secret of this installation set"
  done
}
