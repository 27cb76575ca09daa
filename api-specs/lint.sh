#!/usr/bin/env bash
# Lints Colink's API documents with pinned tools (package-lock.json): the OpenAPI documents with Redocly CLI's
# recommended ruleset (redocly.yaml), the AsyncAPI documents with the AsyncAPI CLI. Exits non-zero on any error,
# and on any AsyncAPI warning. Nothing is sent anywhere: telemetry, analytics and update checks are off, and
# install scripts are not run (.npmrc).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
# The AsyncAPI CLI keeps its analytics choice in a file; this one (committed) says disabled, so it neither asks
# nor reports. It would also check npm for a newer version once a day.
export ASYNCAPI_METRICS_CONFIG_PATH="$PWD/.asyncapi-analytics" ASYNCAPI_SKIP_NEW_VERSION_CHECK=true
# node-config (a dependency of the AsyncAPI CLI) warns about a config directory the CLI never uses.
export SUPPRESS_NO_CONFIG_WARNING=true SUPPRESS_STRICTNESS_CHECK=true
export DO_NOT_TRACK=1 SCARF_ANALYTICS=false NO_UPDATE_NOTIFIER=1 npm_config_update_notifier=false

if [[ ! -d node_modules || package-lock.json -nt node_modules ]]; then
	npm ci --no-audit --no-fund --ignore-scripts
	touch node_modules
fi

# Every OpenAPI document carries the same problem schemas (local refs only, so that each file is self-contained
# JSON Schema for the response validation in the services' tests): they must not drift apart.
shared=''
shared_in=''
for file in openapi/*.yaml; do
	block=$(sed -n '/# >>> shared problem schemas/,/# <<< shared problem schemas/p' "$file")
	if [[ -z "$block" ]]; then
		echo "$file: the shared problem schemas (# >>> shared problem schemas ... # <<<) are missing" >&2
		exit 1
	fi
	if [[ -z "$shared" ]]; then
		shared=$block
		shared_in=$file
	elif [[ "$block" != "$shared" ]]; then
		echo "$file: the shared problem schemas differ from those in $shared_in:" >&2
		diff <(printf '%s\n' "$shared") <(printf '%s\n' "$block") >&2 || true
		exit 1
	fi
done

# Likewise the event data schemas, in asyncapi/events.yaml and (as frame data) in asyncapi/realtime.yaml.
node check-shared-schemas.cjs

status=0
npx --no-install redocly lint openapi/*.yaml || status=1
for file in asyncapi/*.yaml; do
	npx --no-install asyncapi validate "$file" --fail-severity warn || status=1
done
if [[ $status -ne 0 ]]; then
	echo "lint.sh: FAILED" >&2
else
	echo "lint.sh: all API documents are valid"
fi
exit $status
