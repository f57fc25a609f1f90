#!/bin/bash
# The harness itself: the guest sees the emulated NVDIMM as a pmem region,
# the built binaries run, and the backing file persists across a reboot.
# vm-nvdimm: size=1G
# vm-boots: 2
. "$NDCTL_SRC/test/vm/guest-lib.sh"

[ -d /sys/bus/nd/devices/region0 ] || fail "no region0: libnvdimm did not see the NVDIMM"
size=$(region_attr region0 size)
start=$(region_attr region0 resource)
echo "region0: start $start size $size"
[ "$start" = 0x100000000 ] || fail "region0 starts at $start, expected 0x100000000"
"$NDCTL" --version >/dev/null || fail "our ndctl does not run in the guest"
dev=/dev/pmem0
[ -b $dev ] || fail "$dev missing"
if [ "$VM_BOOT" = 1 ]; then
	# label-less region: one raw namespace; write a marker through it
	echo "ndctl-vm-marker" | dd of=$dev bs=4096 seek=1000 conv=sync,fsync 2>/dev/null ||
		fail "write $dev"
	echo ok > "$VM_STATE/boot1"
else
	[ -f "$VM_STATE/boot1" ] || fail "state from boot 1 lost"
	got=$(dd if=$dev bs=4096 skip=1000 count=1 2>/dev/null | tr -d '\0' | head -n 1)
	[ "$got" = ndctl-vm-marker ] || fail "marker not persisted across reboot: '$got'"
fi
echo "PASS"
