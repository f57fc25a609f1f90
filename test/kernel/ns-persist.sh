#!/bin/bash
# Namespaces made at 2 MiB granularity come back from their labels after a
# power cycle with the same uuid, size and start, and their files intact.
# vm-nvdimm: size=1G
# vm-boots: 2
# vm-timeout: 600
. "$NDCTL_SRC/test/vm/guest-lib.sh"
. "$NDCTL_SRC/test/kernel/ns-lib/common.sh"
set -u

R=region0
MNT=/tmp/ns-persist
state=$VM_STATE/namespaces

if [ "$VM_BOOT" = 1 ]; then
	ns_init_labels $R
	: > "$state"
	for s in 26 30 22; do
		ns_create out -r $R -m fsdax -a 2M -s ${s}M -n persist-$s
		dev=$(echo "$out" | jq -r .dev)
		bdev=$(echo "$out" | jq -r .blockdev)
		uuid=$(cat /sys/bus/nd/devices/$dev/uuid)
		mount_dax $bdev $MNT/$s
		dd if=/dev/urandom of=$MNT/$s/data bs=1M count=3 status=none || fail "write $bdev"
		sum=$(sha256sum < $MNT/$s/data | cut -d' ' -f1)
		umount $MNT/$s || fail "umount $MNT/$s"
		echo "$uuid $(cat /sys/bus/nd/devices/$dev/size) $(ns_start $dev) $s $sum" >> "$state"
	done
	cat "$state"
	echo "boot 1 done"
	exit 0
fi

[ -s "$state" ] || fail "no state from boot 1"
echo "region align after reboot: $(region_attr $R align)"
while read -r uuid size start s sum; do
	dev=""
	for d in /sys/bus/nd/devices/namespace*; do
		[ "$(cat $d/uuid 2>/dev/null)" = "$uuid" ] && dev=$(basename $d)
	done
	[ -n "$dev" ] || fail "namespace $uuid did not come back"
	[ "$(cat /sys/bus/nd/devices/$dev/size)" = "$size" ] || fail "$dev size changed"
	[ "$(ns_start $dev)" = "$start" ] || fail "$dev start changed"
	[ "$(cat /sys/bus/nd/devices/$dev/alt_name)" = "persist-$s" ] || fail "$dev name lost"
	bdev=$(for p in /sys/bus/nd/devices/pfn*; do
		[ "$(cat $p/namespace 2>/dev/null)" = "$dev" ] && ls $p/block 2>/dev/null
	done | head -n 1)
	[ -b "/dev/$bdev" ] || fail "$dev has no fsdax block device after reboot"
	mkdir -p $MNT/$s
	mount -o dax /dev/$bdev $MNT/$s || fail "mount /dev/$bdev after reboot"
	[ "$(sha256sum < $MNT/$s/data | cut -d' ' -f1)" = "$sum" ] || fail "$dev: data differs"
	umount $MNT/$s
	echo "$dev ($bdev): uuid, size $size, start $(printf 0x%x $start) and data unchanged"
done < "$state"

# the labels behind them, decoded: one per namespace, 2 MiB-granular DPA extents
labels=$("$NDCTL" read-labels -j -r $R all) || fail "read-labels -j"
echo "$labels" | jq -c '.[0].label[] | {name, dpa, rawsize}'
[ "$(echo "$labels" | jq '.[0].label | length')" = "$(wc -l < "$state")" ] ||
	fail "read-labels shows $(echo "$labels" | jq '.[0].label | length') labels"
echo "$labels" | jq -e '[.[0].label[] | (.dpa % 2097152) + (.rawsize % 2097152)] | add == 0' \
	>/dev/null || fail "a label is not on the 2 MiB grid"
run "$NDCTL" check-labels all
echo PASS
