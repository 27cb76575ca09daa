# The log-leak check (docs/operations.md#logs): no log of the stack holds a secret of this installation, a token, a
# test user's password or a message text that the tests posted. `./colink test` runs it over what the stack wrote
# during the run (log_leaks_mark before, log_leaks_check after); `./colink check-logs [file...]` over whole files.
# A finding names the file and the line and prints the line with what was found masked.

# A message text the test suite posts (ChannelsAndMessagesJourneyTest.LOG_LEAK_MARKER): found in a log, a service
# logged what someone wrote.
LOG_LEAK_MARKER='colink log-leak marker 7f3a'

# Secret values shorter than this are not searched for: they cannot be told apart from ordinary words (the local
# stack's database password is "colink", the name of the database and of its user too).
LOG_LEAK_MIN_SECRET=8

# What is searched for, as "what it is" and the text (fixed strings) or the extended regular expression (patterns).
log_leak_fixed() {
  local var
  for var in COLINK_ADMIN_PASSWORD COLINK_ADMIN_TOTP_SECRET KEYCLOAK_ADMIN_PASSWORD COLINK_DB_PASSWORD S3_SECRET_KEY \
      COLINK_INTERNAL_SECRET COLINK_AUTH_PROXY_CLIENT_SECRET COLINK_ADMIN_API_CLIENT_SECRET COLINK_AUTH_CHALLENGE_KEY; do
    printf '%s\t%s\n' "$var" "${!var:-}"
  done
  printf '%s\t%s\n' "a message text the tests posted" "$LOG_LEAK_MARKER"
}
log_leak_patterns() {
  # Every JWT is Base64url JSON, so it begins with eyJ ({"); Keycloak's access, refresh and ID tokens all are.
  printf '%s\t%s\n' "a JWT (access, refresh or ID token)" 'eyJ[A-Za-z0-9_-]{17,}(\.[A-Za-z0-9_-]*){0,2}'
  printf '%s\t%s\n' "a bearer token" '[Bb]earer +[A-Za-z0-9._~+/=-]{16,}'
  printf '%s\t%s\n' "a token or password in a form or JSON field" \
    '(access_token|refresh_token|id_token|accessToken|refreshToken|idToken|client_secret|password)"?[=:] ?"?[A-Za-z0-9._~+/-]{8,}'
  printf '%s\t%s\n' "a WebSocket ticket" '[?&]ticket=[A-Za-z0-9_-]{8,}'
  # The tests' users (RealmUsers.createUserWithTotp): "pw-" and 24 hex digits.
  printf '%s\t%s\n' "a test user's password" 'pw-[0-9a-f]{24}'
}

# log_leaks_mark FILE: writes each log's current size to FILE, so that log_leaks_check FILE reads only what follows.
log_leaks_mark() {
  local marks=$1 log
  : >"$marks"
  for log in "$COLINK_LOGS"/*.log; do
    [ -f "$log" ] && printf '%s\t%s\n' "${log##*/}" "$(stat -c %s "$log")" >>"$marks"
  done
}

# log_leaks_check [--since MARKS] [FILE...]: every log of the stack (or the files named), whole or from the sizes in
# MARKS on. Exit 1 when anything is found.
log_leaks_check() {
  local marks="" files=() log
  if [ "${1:-}" = --since ]; then marks=$2; shift 2; fi
  if [ $# -gt 0 ]; then files=("$@"); else
    for log in "$COLINK_LOGS"/*.log; do [ -f "$log" ] && files+=("$log"); done
  fi

  local names=() values=() kinds=() regexes=() name value skipped=()
  while IFS=$'\t' read -r name value; do
    [ -n "$value" ] || continue
    if [ ${#value} -lt $LOG_LEAK_MIN_SECRET ]; then skipped+=("$name"); continue; fi
    names+=("$name"); values+=("$value")
  done < <(log_leak_fixed)
  while IFS=$'\t' read -r name value; do kinds+=("$name"); regexes+=("$value"); done < <(log_leak_patterns)

  local fixed_file regex_file
  fixed_file=$(mktemp); regex_file=$(mktemp)
  printf '%s\n' "${values[@]}" >"$fixed_file"
  printf '%s\n' "${regexes[@]}" >"$regex_file"

  local found=0 lines=0 offset before number text i what shown
  for log in "${files[@]}"; do
    [ -f "$log" ] || { rm -f "$fixed_file" "$regex_file"; say "colink: no log file $log" >&2; return 2; }
    offset=0
    if [ -n "$marks" ]; then
      offset=$(awk -F '\t' -v name="${log##*/}" '$1 == name { print $2 }' "$marks")
      offset=${offset:-0}
      [ "$(stat -c %s "$log")" -ge "$offset" ] || offset=0
    fi
    before=0
    [ "$offset" -gt 0 ] && before=$(head -c "$offset" "$log" | wc -l)
    lines=$((lines + $(tail -c +"$((offset + 1))" "$log" | wc -l)))
    # The lines that hold a fixed value or match a pattern, each once and in order; then what each holds, masked.
    while IFS= read -r text; do
      number=${text%%:*}; text=${text#*:}
      what=""; shown=$text
      for i in "${!values[@]}"; do
        if [[ "$text" == *"${values[$i]}"* ]]; then
          what+="${what:+, }${names[$i]}"; shown=${shown//"${values[$i]}"/[masked]}
        fi
      done
      for i in "${!regexes[@]}"; do
        if grep -q -a -E -- "${regexes[$i]}" <<<"$text"; then
          what+="${what:+, }${kinds[$i]}"; shown=$(sed -E "s#${regexes[$i]}#[masked]#g" <<<"$shown")
        fi
      done
      found=$((found + 1))
      say "colink: log leak: ${log#"$COLINK_ROOT"/}:$((before + number)): $what"
      say "    ${shown:0:400}"
    done < <(awk 'NR == FNR { wanted[$1]; next } FNR in wanted { print FNR ":" $0 }' \
               <({ tail -c +"$((offset + 1))" "$log" | grep -n -a -F -f "$fixed_file"
                   tail -c +"$((offset + 1))" "$log" | grep -n -a -E -f "$regex_file"; } | cut -d: -f1 | sort -n -u) \
               <(tail -c +"$((offset + 1))" "$log"))
  done
  rm -f "$fixed_file" "$regex_file"

  [ ${#skipped[@]} -eq 0 ] || say "  (not searched for, shorter than $LOG_LEAK_MIN_SECRET characters: ${skipped[*]})"
  if [ "$found" -gt 0 ]; then
    say "colink: the log-leak check failed: $found log line(s) above hold a secret, a token or a message text"
    return 1
  fi
  say "Logs: no secret, token or posted message text in ${#files[@]} file(s), $lines line(s) checked"
}
