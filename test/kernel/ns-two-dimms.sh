#!/bin/bash
# Two NVDIMMs inside one 128 MiB section (two 32 MiB regions at 0x100000000
# and 0x102200000): an fsdax namespace on each, both mounted with DAX at once.
# vm-timeout: 600
# vm-nvdimm: size=34M addr=0x100000000 label=128K
# vm-nvdimm: size=34M addr=0x102200000 label=128K
. "$NDCTL_SRC/test/vm/guest-lib.sh"
. "$NDCTL_SRC/test/kernel/ns-lib/common.sh"
set -u

SEC=$((128 << 20))
regions=$(ls /sys/bus/nd/devices | grep '^region' | sort)
[ "$(echo "$regions" | wc -l)" = 2 ] || fail "expected two regions, got: $regions"
for r in $regions; do
	printf '%s at 0x%x, size %s\n' $r $(( $(region_attr $r resource) )) "$(region_attr $r size)"
done
# region0 through init-labels, region1 left label-less for --autolabel below
ns_init_labels region0
s0=$(( $(region_attr region0 resource) / SEC ))
s1=$(( $(region_attr region1 resource) / SEC ))
[ $s0 = $s1 ] || fail "the regions are in different sections ($s0, $s1)"

i=0
for r in $regions; do
	# no --size: the largest free extent, on the 2 MiB grid; --autolabel
	# initialises region1's labels (it is label-less and idle)
	ns_create out -r $r -m fsdax -a 2M --autolabel
	bdev=$(echo "$out" | jq -r .blockdev)
	mount_dax $bdev /tmp/ns-two/$i
	dd if=/dev/urandom of=/tmp/ns-two/$i/data bs=1M count=2 status=none || fail "write $bdev"
	i=$((i + 1))
done
[ "$(grep -c " /tmp/ns-two/.* ext4 .*dax" /proc/mounts)" = 2 ] || fail "not both mounted with dax"
grep " /tmp/ns-two/" /proc/mounts
echo "both regions of section $s0 mounted with DAX at once"
umount /tmp/ns-two/0 /tmp/ns-two/1 || fail umount
run "$NDCTL" destroy-namespace -f all
echo PASS
