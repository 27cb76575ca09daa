# ClamAV daemon: Debian's clamd run with colink's own config (TCP on 127.0.0.1:CLAMD_PORT only, no local socket,
# no log or pid file of its own: it runs in the foreground and its output goes to the component log).
# The system's clamav-daemon/clamav-freshclam services are neither used nor touched.
#
# Signatures: the local stack loads only the project's test database (deploy/local/clamd/signatures: the EICAR
# test file by MD5, and a body signature of the EICAR string that also finds it with trailing bytes or inside an
# archive); findings from it are reported as e.g. `Local.Test.EICAR-NDB.UNOFFICIAL`. Production does NOT use
# these: there clamd runs on freshclam's official databases (main/daily/bytecode, as the clamav/clamav image has).
clamd_timeout=60

clamd_dir() { echo "$COLINK_DATA/clamd"; }

clamd_prepare() {
  command -v clamd >/dev/null || [ -x /usr/sbin/clamd ] || apt_install clamav-daemon clamdscan || return 1
  local dir
  dir=$(clamd_dir)
  mkdir -p "$dir/db" "$dir/tmp"
  cp -f "$COLINK_ROOT"/deploy/local/clamd/signatures/local.* "$dir/db/"
  # Uploads are limited to 100 MB: streams up to 110M are accepted, larger ones get "size limit exceeded".
  # MaxFileSize/MaxScanSize are above that so a 100 MB upload (or what unpacks from it) is scanned, not skipped.
  # No `User` line: clamd then keeps the invoking user and never drops privileges.
  cat >"$dir/clamd.conf" <<EOF
Foreground yes
DatabaseDirectory $dir/db
TemporaryDirectory $dir/tmp
TCPSocket $CLAMD_PORT
TCPAddr $COLINK_BIND
StreamMaxLength 110M
MaxFileSize 120M
MaxScanSize 400M
MaxThreads 4
SelfCheck 0
LogTime yes
LogVerbose no
EOF
}

clamd_start() {
  local bin
  bin=$(command -v clamd || echo /usr/sbin/clamd)
  launch clamd "$bin" -c "$(clamd_dir)/clamd.conf"
}

# Ready once clamd answers the PING command (null-terminated form) with PONG.
clamd_ready() {
  local reply
  reply=$( (exec 3<>"/dev/tcp/127.0.0.1/$CLAMD_PORT" && printf 'zPING\0' >&3 \
            && IFS= read -r -t 2 -d '' r <&3; printf %s "${r:-}") 2>/dev/null)
  [ "$reply" = PONG ]
}
