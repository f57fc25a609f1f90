#!/bin/bash
# Runs inside the guest, chrooted into the host's root: loads the modules the
# tests need, exports the test's environment and runs the test script.
vm=/run/vm
. "$vm/env"
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export NDCTL DAXCTL NDCTL_SRC NDCTL_BUILD VM_BOOT VM_STATE UPSTREAM_NDCTL UPSTREAM_DAXCTL
dmesg -n 1 2>/dev/null
for m in nfit nd_pmem nd_btt dax_pmem device_dax kmem ext4 xfs; do
	modprobe "$m" 2>>"$vm/modprobe.log" || echo "guest: modprobe $m failed" >> "$vm/modprobe.log"
done

mkdir -p "$VM_STATE"
cd /tmp
echo "=== guest: boot $VM_BOOT of $(basename "$TEST_SCRIPT"), kernel $(uname -r) ==="
bash "$TEST_SCRIPT"
rc=$?
dmesg > "$vm/dmesg-boot$VM_BOOT.txt" 2>&1
exit $rc
