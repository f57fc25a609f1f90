#!/bin/bash
# devdax and sector namespaces beside fsdax ones in one 128 MiB section;
# --reconfig from fsdax to devdax; --usable-size gives exactly the capacity
# asked for.
# vm-timeout: 600
# vm-nvdimm: size=1G
. "$NDCTL_SRC/test/vm/guest-lib.sh"
. "$NDCTL_SRC/test/kernel/ns-lib/common.sh"
set -u

R=region0
SEC=$((128 << 20))
rstart=$(( $(region_attr $R resource) ))
ns_init_labels $R

ns_create fs1 -r $R -m fsdax -a 2M -s 20M
ns_create dd1 -r $R -m devdax -a 2M -s 22M
ns_create sec -r $R -m sector -l 4096 -s 18M
ns_create fs2 -r $R -m fsdax -a 2M --usable-size 20M

[ "$(echo "$dd1" | jq -r .mode)" = devdax ] || fail "not devdax: $dd1"
[ "$(echo "$sec" | jq -r .mode)" = sector ] || fail "not sector: $sec"
expect=$rstart
for j in "$fs1" "$dd1" "$sec" "$fs2"; do
	dev=$(echo "$j" | jq -r .dev)
	start=$(ns_start $dev)
	size=$(cat /sys/bus/nd/devices/$dev/size)
	[ $start = $expect ] || fail "$dev at $(printf 0x%x $start), expected $(printf 0x%x $expect)"
	[ $(( (start + size - 1) / SEC )) = $(( rstart / SEC )) ] || fail "$dev leaves the section"
	expect=$((start + size))
done
echo "fsdax, devdax, sector and fsdax side by side in section $((rstart / SEC))"

# --usable-size: the block device has exactly 20 MiB
b2=$(echo "$fs2" | jq -r .blockdev)
got=$(( $(cat /sys/block/$b2/size) * 512 ))
[ $got = $((20 << 20)) ] || fail "--usable-size 20M gave $got bytes on $b2"
echo "$b2: usable $got bytes, raw $(cat /sys/bus/nd/devices/$(echo "$fs2" | jq -r .dev)/size)"

# the sector namespace is a working block device
bs=$(echo "$sec" | jq -r .blockdev)
[ -b /dev/$bs ] || fail "no /dev/$bs"
dd if=/dev/urandom of=/tmp/sec.bin bs=4096 count=64 status=none
dd if=/tmp/sec.bin of=/dev/$bs bs=4096 oflag=direct status=none || fail "write /dev/$bs"
cmp <(dd if=/dev/$bs bs=4096 count=64 iflag=direct status=none) /tmp/sec.bin ||
	fail "sector data differs"

# the devdax namespace has a character device of the predicted size
ddev=$(ls /sys/bus/dax/devices | head -n 1)
[ -c /dev/$ddev ] || fail "no /dev/$ddev"

# --reconfig fsdax -> devdax: refused while enabled without -f, then done with -f
d1=$(echo "$fs1" | jq -r .dev)
expect_fail "$NDCTL" create-namespace -e $d1 -m devdax
[ "$(cat /sys/bus/nd/devices/$d1/size)" = $((20 << 20)) ] || fail "$d1 changed by a refused reconfig"
ns_create re -e $d1 -m devdax -a 2M -f
[ "$(echo "$re" | jq -r .mode)" = devdax ] || fail "reconfig did not give devdax: $re"
[ "$(ns_start $d1)" = $rstart ] || fail "$d1 moved"

run "$NDCTL" destroy-namespace -f -r $R all
echo PASS
