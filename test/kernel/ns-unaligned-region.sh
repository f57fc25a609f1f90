#!/bin/bash
# A region whose start is 2 MiB- but not 16 MiB-aligned (0x102200000):
# fsdax namespaces of 16 MiB and 20 MiB work there, mounted with DAX.
# Upstream 76.1 refuses every fsdax namespace on such a region without -f.
# vm-timeout: 600
# vm-nvdimm: size=130M addr=0x102200000 label=128K
. "$NDCTL_SRC/test/vm/guest-lib.sh"
. "$NDCTL_SRC/test/kernel/ns-lib/common.sh"
set -u

R=region0
rstart=$(( $(region_attr $R resource) ))
printf 'region0 at 0x%x, size %s\n' $rstart "$(region_attr $R size)"
[ $rstart = $((0x102200000)) ] || fail "region0 is not at 0x102200000"
ns_init_labels $R
avail0=$(region_attr $R available_size)

if [ -n "${UPSTREAM_NDCTL:-}" ]; then
	echo "=== baseline: Debian ndctl $($UPSTREAM_NDCTL --version) ==="
	out=$($UPSTREAM_NDCTL create-namespace -r $R -m fsdax -s 16M 2>&1)
	echo "upstream create fsdax 16M: rc=$? $(echo "$out" | tr '\n' ' ' | cut -c1-200)"
	$UPSTREAM_NDCTL destroy-namespace -f -r $R all >/dev/null 2>&1
	echo "=== end of baseline ==="
	[ "$(region_attr $R available_size)" = "$avail0" ] || fail "baseline left capacity allocated"
fi

expect=$rstart
i=0
for s in 16 20; do
	ns_create out -r $R -m fsdax -a 2M -s ${s}M
	dev=$(echo "$out" | jq -r .dev)
	bdev=$(echo "$out" | jq -r .blockdev)
	[ "$(ns_start $dev)" = $expect ] ||
		fail "$dev starts at $(printf 0x%x $(ns_start $dev)), expected $(printf 0x%x $expect)"
	expect=$((expect + (s << 20)))
	mount_dax $bdev /tmp/ns-unaligned/$i
	echo "hello from $bdev" > /tmp/ns-unaligned/$i/f || fail "write on $bdev"
	i=$((i + 1))
done
sync
grep " /tmp/ns-unaligned/" /proc/mounts
umount /tmp/ns-unaligned/0 /tmp/ns-unaligned/1 || fail umount
run "$NDCTL" destroy-namespace -f -r $R all
[ "$(region_attr $R available_size)" = "$avail0" ] || fail "capacity not returned"
echo PASS
