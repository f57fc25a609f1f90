#!/bin/bash
# Seed maker run by the VM harness, not a test: build a realistic layout on
# two emulated NVDIMMs (every mode, an unaligned region, a devdax onlined as
# System RAM by kmem) and save what the fuzz targets read: /proc/iomem as
# root and as an unprivileged user, topology captures, request strings.
#   NDCTL_BUILD=... test/vm/run-test.sh test/fuzz/capture-guest.sh
#   (needs $NDCTL_BUILD/fuzz/capture, which scripts/fuzz builds)
# Results: $NDCTL_BUILD/test/vm-results/capture-guest/state/
# vm-nvdimm: size=1G
# vm-nvdimm: size=514M addr=0x1c0200000 label=128K
# vm-memory: 2G
# vm-timeout: 1500
. "$NDCTL_SRC/test/vm/guest-lib.sh"
up=${UPSTREAM_NDCTL:-$NDCTL}
updax=${UPSTREAM_DAXCTL:-$DAXCTL}
cap=$NDCTL_BUILD/fuzz/capture
out=$VM_STATE
[ -x "$cap" ] || fail "$cap is not built"

snap() {
	local tag=$1
	echo "+ snapshot $tag"
	"$cap" >"$out/topology-$tag" 2>"$out/topology-$tag.err" || rm -f "$out/topology-$tag"
	cat /proc/iomem >"$out/iomem-$tag"
	setpriv --reuid=65534 --regid=65534 --clear-groups cat /proc/iomem \
		>"$out/iomem-$tag-nonroot" 2>/dev/null || rm -f "$out/iomem-$tag-nonroot"
}

# like init_labels, but mapping[0-9]*: guest-lib's mapping* also matches "mappings"
labels() {
	local r=$1 d
	run "$up" disable-region "$r" >/dev/null
	for d in $(cat /sys/bus/nd/devices/"$r"/mapping[0-9]* | cut -d, -f1); do
		run "$up" init-labels -f "$d" >/dev/null
	done
	run "$up" enable-region "$r" >/dev/null
}

snap labelless
for r in $(ls /sys/bus/nd/devices | grep '^region'); do
	labels "$r"
done
snap empty
# Debian's ndctl keeps the 16 MiB region align; 2 MiB is what this project is about
for r in region0 region1; do
	echo 2097152 >/sys/bus/nd/devices/$r/align 2>/dev/null || echo "cannot set $r align"
done
# ours first (2 MiB sizes in every mode), Debian's as the fallback
mk() {
	echo "+ create-namespace $*"
	"$NDCTL" create-namespace "$@" >/dev/null || "$up" create-namespace "$@" >/dev/null ||
		echo "  (failed)"
}
mk -r region0 -m fsdax -s 30M -n db
mk -r region0 -m devdax -s 130M -a 2M -n vm
mk -r region0 -m sector -s 18M -l 4096 -n boot
mk -r region0 -m raw -s 4M -n scratch
mk -r region0 -m fsdax -s 64M -M mem
snap modes
# the second region starts off the 128 MiB grid: namespaces share sections
mk -r region1 -m fsdax -s 32M -n edge
mk -r region1 -m devdax -s 256M -a 2M
mk -r region0 -m devdax -s 160M -a 2M -n big
snap two-regions
dax=$(ls /sys/bus/dax/devices 2>/dev/null | head -n 1)
if [ -n "$dax" ]; then
	"$updax" reconfigure-device -m system-ram "$dax" >/dev/null 2>&1 || true
	snap kmem
fi
"$up" list -RNDu >"$out/ndctl-list.json" 2>/dev/null || true
ls -l "$out"
echo PASS
