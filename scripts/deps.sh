#!/bin/bash
# Install what building and testing need, from Debian's archive, when missing.
# Usage: scripts/deps.sh [build|test|demo]
set -euo pipefail
what=${1:-test}
pkgs=(autoconf automake libtool pkg-config make gcc libndctl-dev libdaxctl-dev libjson-c-dev
      uuid-dev libkmod-dev libcmocka-dev asciidoctor)
case "$what" in
test|demo)
	# the guest: QEMU, Debian's kernel, a static busybox for the initramfs,
	# file systems for mount -o dax, jq for the tests, and Debian's ndctl
	# 76.1 as the baseline the tests compare against
	pkgs+=(qemu-system-x86 linux-image-amd64 busybox-static cpio xz-utils e2fsprogs xfsprogs
	       jq ndctl daxctl kmod util-linux)
	;;
esac
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing packages: ${missing[*]} (run as root, or apt-get install them)" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
