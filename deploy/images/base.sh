#!/usr/bin/env bash
# Assembles the services' image base, a root filesystem that Jib lays under every service image (Jib builds from
# "scratch", so no registry is needed to build; the images run on any OCI runtime):
#   /opt/java   a Java runtime linked (jlink) from the newest JDK here, with the modules Spring Boot services use
#   /lib, /lib64 the C library the runtime links against, copied from this Debian host
#   /bin        BusyBox (Debian's busybox-static): sh and wget, for health checks and debugging
#   /etc        passwd and group with the unprivileged user colink (1000), which the services run as
# Usage: deploy/images/base.sh <java home> <output dir>. Rebuilds only when the JDK or this script changed.
set -euo pipefail

java_home=${1:?usage: base.sh <java home> <output dir>}
out=${2:?usage: base.sh <java home> <output dir>}
stamp="$(sha256sum "$0" | cut -c1-16)-$("$java_home/bin/java" -version 2>&1 | head -1 | tr -cd '[:alnum:].')"
[ -f "$out/.stamp" ] && [ "$(cat "$out/.stamp")" = "$stamp" ] && exit 0

rm -rf "$out" && mkdir -p "$out/rootfs"
root=$out/rootfs

modules=java.se,jdk.unsupported,jdk.management,jdk.naming.dns,jdk.crypto.ec,jdk.zipfs,jdk.net
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-6 --output "$root/opt/java"

# The C library the runtime links against, at the paths its loader looks in. (The desktop modules' native parts
# would want X11; a headless service never loads them.)
mkdir -p "$root/lib/x86_64-linux-gnu" "$root/lib64"
for lib in libc.so.6 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 libz.so.1; do
  cp -L "/lib/x86_64-linux-gnu/$lib" "$root/lib/x86_64-linux-gnu/"
done
cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"

# BusyBox from Debian's package, without installing it on this host.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
download_busybox() { (cd "$work" && chmod 777 . && apt-get download -q busybox-static >/dev/null 2>&1); }
download_busybox || { apt-get update -qq >/dev/null 2>&1 && download_busybox; } \
  || { echo "base.sh: could not download Debian's busybox-static" >&2; exit 1; }
(cd "$work" && dpkg-deb -x busybox-static_*.deb pkg)
mkdir -p "$root/bin"
cp "$work/pkg/bin/busybox" "$root/bin/busybox"
cp "$work/pkg/bin/busybox" "$root/bin/sh"
cp "$work/pkg/bin/busybox" "$root/bin/wget"

mkdir -p "$root/etc" "$root/tmp" "$root/app" "$root/proc"
printf 'root:x:0:0:root:/root:/bin/sh\ncolink:x:1000:1000:colink:/app:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\ncolink:x:1000:\n' >"$root/etc/group"
printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"
touch "$root/tmp/.keep"
echo "$stamp" >"$out/.stamp"
