#!/bin/bash
# The mission's acceptance test: several fsdax namespaces inside the first
# 128 MiB memory section of one region, at sizes that are not multiples of
# 16 MiB, each with ext4 mounted -o dax; then disable, enable, destroy all.
# Debian's ndctl 76.1 tries the same first, as the recorded baseline.
# vm-nvdimm: size=1G
# vm-timeout: 900
. "$NDCTL_SRC/test/vm/guest-lib.sh"
set -u

R=region0
SIZES="24 26 28 34"		# MiB: 112 MiB in all, none a multiple of 16 MiB
SEC=$((128 << 20))
MNT=/tmp/ns-subsection
rstart=$(( $(region_attr $R resource) ))

# labels through our own commands (init-labels, disable/enable-region)
run "$NDCTL" disable-region $R
run "$NDCTL" init-labels -f -r $R all
run "$NDCTL" enable-region $R
run "$NDCTL" check-labels -r $R all
avail0=$(region_attr $R available_size)
align0=$(region_attr $R align)
echo "region0: start $(printf 0x%x $rstart) available $avail0 align $align0"

baseline() {
	local s out
	[ -n "${UPSTREAM_NDCTL:-}" ] || { echo "baseline: upstream ndctl not installed"; return; }
	echo "=== baseline: Debian ndctl $($UPSTREAM_NDCTL --version) ==="
	for s in $SIZES; do
		out=$($UPSTREAM_NDCTL create-namespace -r $R -m fsdax -a 2M -s ${s}M 2>&1)
		echo "upstream create ${s}M (region align default): rc=$? $(echo "$out" | tr '\n' ' ' | cut -c1-200)"
	done
	echo 0x200000 > /sys/bus/nd/devices/$R/align || echo "baseline: cannot write align"
	for s in $SIZES; do
		out=$($UPSTREAM_NDCTL create-namespace -r $R -m fsdax -a 2M -s ${s}M 2>&1)
		echo "upstream create ${s}M (region align 2M): rc=$? $(echo "$out" | tr '\n' ' ' | cut -c1-200)"
	done
	echo "upstream made: $($UPSTREAM_NDCTL list -N -r $R 2>/dev/null | jq -c '[.[]? // . | .dev] ' 2>/dev/null)"
	$UPSTREAM_NDCTL destroy-namespace -f -r $R all >/dev/null 2>&1
	echo "$align0" > /sys/bus/nd/devices/$R/align || true
	echo "=== end of baseline ==="
	[ "$(region_attr $R available_size)" = "$avail0" ] ||
		fail "baseline left capacity allocated: $(region_attr $R available_size) != $avail0"
}
baseline

# ours
expect=$rstart
devs=()
for s in $SIZES; do
	out=$("$NDCTL" create-namespace -v -r $R -m fsdax -a 2M -s ${s}M) ||
		fail "create-namespace ${s}M failed"
	echo "$out"
	dev=$(echo "$out" | jq -r .dev)
	bdev=$(echo "$out" | jq -r .blockdev)
	[ "$(echo "$out" | jq -r .mode)" = fsdax ] || fail "$dev: not fsdax"
	start=$(( $(cat /sys/bus/nd/devices/$dev/resource) ))
	size=$(cat /sys/bus/nd/devices/$dev/size)
	[ "$start" = "$expect" ] ||
		fail "$dev starts at $(printf 0x%x $start), expected $(printf 0x%x $expect)"
	[ "$size" = $((s << 20)) ] || fail "$dev size $size, expected ${s} MiB"
	[ $(( (start + size - 1) / SEC )) = $(( rstart / SEC )) ] ||
		fail "$dev leaves the first section"
	expect=$((start + size))
	devs+=("$bdev")
done
echo "4 namespaces in section $((rstart / SEC)): ${devs[*]}"
echo "region align now $(region_attr $R align)"

mount_all() {
	local b
	for b in "${devs[@]}"; do
		mkdir -p $MNT/$b
		mount -o dax /dev/$b $MNT/$b || fail "mount -o dax /dev/$b"
		grep -q "^/dev/$b $MNT/$b ext4 .*dax" /proc/mounts ||
			fail "/dev/$b not mounted with dax: $(grep "^/dev/$b " /proc/mounts)"
	done
}
umount_all() {
	local b
	for b in "${devs[@]}"; do
		umount $MNT/$b || fail "umount $MNT/$b"
	done
}

for b in "${devs[@]}"; do
	mkfs.ext4 -q -F -b 4096 /dev/$b || fail "mkfs.ext4 /dev/$b"
done
mount_all
for b in "${devs[@]}"; do
	dd if=/dev/urandom of=$MNT/$b/data bs=1M count=4 status=none || fail "write on $b"
	sha256sum < $MNT/$b/data > /tmp/sum.$b
done
sync
echo 3 > /proc/sys/vm/drop_caches
for b in "${devs[@]}"; do
	[ "$(sha256sum < $MNT/$b/data)" = "$(cat /tmp/sum.$b)" ] || fail "data on $b differs"
done
grep " $MNT/" /proc/mounts
echo "all ${#devs[@]} mounted with dax, data read back"
umount_all

run "$NDCTL" disable-namespace -r $R all
for b in "${devs[@]}"; do
	[ ! -b /dev/$b ] || fail "/dev/$b still present after disable"
done
run "$NDCTL" enable-namespace -r $R all
sleep 1
mount_all
for b in "${devs[@]}"; do
	[ "$(sha256sum < $MNT/$b/data)" = "$(cat /tmp/sum.$b)" ] ||
		fail "data on $b differs after disable/enable"
done
umount_all

run "$NDCTL" destroy-namespace -f -r $R all
# available_size is counted in region-align units: 2 MiB now, so the whole
# region is free; at the boot-time align it must be back to the start value
avail=$(region_attr $R available_size)
[ "$avail" = "$(region_attr $R size)" ] ||
	fail "available_size $avail at align $(region_attr $R align), region size $(region_attr $R size)"
echo "$align0" > /sys/bus/nd/devices/$R/align || fail "cannot restore the region align"
avail=$(region_attr $R available_size)
[ "$avail" = "$avail0" ] || fail "available_size $avail after destroy, expected $avail0"
echo "available_size back to $avail (all $(region_attr $R size) bytes free at 2 MiB align)"
echo PASS
