#!/bin/bash
# Runs inside the guest, chrooted into the host's root: loads the modules the
# tests need, exports the test's environment and runs the test script.
vm=/run/vm
. "$vm/env"
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export NDCTL DAXCTL NDCTL_SRC NDCTL_BUILD VM_BOOT VM_STATE UPSTREAM_NDCTL UPSTREAM_DAXCTL
# the host's /var/lib is read-only here: `plan --apply` keeps its journal in
# the guest's tmpfs (plan-recover.sh passes --journal-dir to keep it across boots)
export NDCTL_JOURNAL_DIR=/run/ndctl-subsection
dmesg -n 1 2>/dev/null
echo "=== guest: boot $VM_BOOT of $(basename "$TEST_SCRIPT"), kernel $(uname -r) ==="
modules="nfit nd_pmem nd_btt dax_pmem device_dax kmem ext4 xfs"
if [ -n "${NFIT_TEST_TREE:-}" ]; then
	# the test bus instead of the in-tree nvdimm drivers (which must stay
	# unloaded); kmem is not rebuilt with it and has no use on its fake memory
	if ! bash "$NDCTL_SRC/test/vm/nfit-test/load.sh" "$NFIT_TEST_TREE" 2>>"$vm/modprobe.log"; then
		echo "guest: cannot load nfit_test:"
		cat "$vm/modprobe.log"
		dmesg > "$vm/dmesg-boot$VM_BOOT.txt" 2>&1
		exit 1
	fi
	modules="ext4 xfs"
fi
export NFIT_TEST_TREE
for m in $modules; do
	modprobe "$m" 2>>"$vm/modprobe.log" || echo "guest: modprobe $m failed" >> "$vm/modprobe.log"
done

mkdir -p "$VM_STATE"
cd /tmp
bash "$TEST_SCRIPT"
rc=$?
dmesg > "$vm/dmesg-boot$VM_BOOT.txt" 2>&1
exit $rc
