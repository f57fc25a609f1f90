#!/bin/bash
# Build the kernel's nfit_test modules (tools/testing/nvdimm) for guest kernel
# KVER and print the private module tree that holds them:
#	TREE/lib/modules/KVER/extra/*.ko, modules.dep etc. (depmod -b TREE)
#	TREE/modprobe.d/ (empty: see load.sh)
# Usage: build.sh KVER
# The tree is cached outside the source tree, in $NDCTL_NFIT_CACHE (default
# /var/cache/ndctl-subsection/nfit-test, or ~/.cache/... when that is not
# writable), so fresh clones on one machine share it. It is rebuilt when the
# kernel package's version, the source package's version or this script
# changes. Needs linux-headers-KVER and linux-source-X.Y of the very same
# version as the kernel image (scripts/deps.sh test installs them for 6.1).
set -euo pipefail
kver=${1:?usage: build.sh KVER}
here=$(cd "$(dirname "$0")" && pwd)
series=$(echo "$kver" | cut -d. -f1,2)
headers=/usr/src/linux-headers-$kver
tarball=/usr/src/linux-source-$series.tar.xz

die() {
	echo "nfit-test: $*" >&2
	exit 1
}

pkg_version() {
	dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true
}

cache_root() {
	local c=${NDCTL_NFIT_CACHE:-/var/cache/ndctl-subsection/nfit-test}
	if mkdir -p "$c" 2>/dev/null && [ -w "$c" ]; then
		echo "$c"
		return
	fi
	c=${XDG_CACHE_HOME:-$HOME/.cache}/ndctl-subsection/nfit-test
	mkdir -p "$c" || die "no writable cache directory"
	echo "$c"
}

image_ver=$(pkg_version "linux-image-$kver")
[ -n "$image_ver" ] || image_ver=$(pkg_version "linux-image-$kver-unsigned")
[ -n "$image_ver" ] || die "kernel $kver is not installed from a Debian package"
[ -f "$headers/Makefile" ] || die "no $headers (apt-get install linux-headers-$kver)"
src_ver=$(pkg_version "linux-source-$series")
[ -f "$tarball" ] && [ -n "$src_ver" ] ||
	die "no $tarball (apt-get install linux-source-$series=$image_ver)"
# nfit_test re-links libnvdimm from the source: it must be the kernel's own
[ "$src_ver" = "$image_ver" ] ||
	die "linux-source-$series is $src_ver, kernel $kver is $image_ver (apt-get install linux-source-$series=$image_ver)"

cache=$(cache_root)
tree=$cache/$kver
stamp="kernel $image_ver source $src_ver script $(md5sum < "$here/build.sh" | cut -c1-16)"
if [ "$(cat "$tree/stamp" 2>/dev/null)" = "$stamp" ]; then
	echo "$tree"
	exit 0
fi

# one build at a time; whoever waited finds the other's result
exec 9>"$cache/$kver.lock"
flock 9
if [ "$(cat "$tree/stamp" 2>/dev/null)" = "$stamp" ]; then
	echo "$tree"
	exit 0
fi

work=$(mktemp -d "$cache/build-$kver.XXXXXX")
trap 'rm -rf "$work"' EXIT
log=$cache/$kver.build.log
echo "nfit-test: building nfit_test for $kver (about a minute; log $log)" >&2
start=$(date +%s)
top=linux-source-$series
# only what tools/testing/nvdimm compiles: its own files and the drivers it
# re-links (the headers package has no drivers/ sources)
tar -xJf "$tarball" -C "$work" "$top/tools/testing/nvdimm" "$top/drivers/nvdimm" \
	"$top/drivers/acpi/nfit" "$top/drivers/dax" ||
	die "cannot extract $tarball"
top=$work/$top
nvdimm=$top/tools/testing/nvdimm
# the Kbuild files find private headers under $(srctree), which for an
# external module build is the headers package: point them at the extract
for kb in "$nvdimm/Kbuild" "$nvdimm/test/Kbuild"; do
	sed -i "s|\$(srctree)/drivers/|$top/drivers/|g" "$kb"
done
if ! make -j"$(nproc)" -C "$headers" M="$nvdimm" modules >"$log" 2>&1; then
	tail -n 20 "$log" >&2
	die "build failed (log $log)"
fi

new=$work/tree
extra=$new/lib/modules/$kver/extra
mkdir -p "$extra" "$new/modprobe.d"
find "$nvdimm" -name '*.ko' -exec cp {} "$extra/" \;
[ -f "$extra/nfit_test.ko" ] || die "the build made no nfit_test.ko (log $log)"
# modprobe wants the kernel's lists of built-in modules next to modules.dep
for f in modules.builtin modules.builtin.modinfo modules.order; do
	[ -f "/lib/modules/$kver/$f" ] && cp "/lib/modules/$kver/$f" "$new/lib/modules/$kver/"
done
depmod -b "$new" "$kver" || die "depmod failed"
echo "$stamp" > "$new/stamp"
rm -rf "$tree"
mv "$new" "$tree"
echo "nfit-test: built in $(($(date +%s) - start)) s: $tree" >&2
echo "$tree"
