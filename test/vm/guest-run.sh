#!/bin/bash
# Runs inside the guest, chrooted into the host's root: loads the modules the
# tests need, exports the test's environment and runs the test script.
vm=/run/vm
. "$vm/env"
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export NDCTL DAXCTL NDCTL_SRC NDCTL_BUILD VM_BOOT VM_STATE UPSTREAM_NDCTL UPSTREAM_DAXCTL VM_TIMEOUT
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
# a minute before the harness would kill QEMU (VM_TIMEOUT counts from its
# start, the guest's uptime nearly so), the watchdog reports what is stuck
# and ends the test with 124 (test/vm/guest-watchdog.sh)
rm -f "$vm/guest-timeout"
watchdog=
left=$((${VM_TIMEOUT:-0} - 60 - $(cut -d. -f1 /proc/uptime)))
if [ "$left" -gt 0 ]; then
	bash "$NDCTL_SRC/test/vm/guest-watchdog.sh" "$left" &
	watchdog=$!
fi
bash "$TEST_SCRIPT"
rc=$?
[ -n "$watchdog" ] && kill "$watchdog" 2>/dev/null
if [ -e "$vm/guest-timeout" ]; then
	echo "FAIL: $(basename "$TEST_SCRIPT") still ran ${left}s into boot $VM_BOOT (vm-timeout" \
		"${VM_TIMEOUT}s): killed by the guest watchdog; what each process was doing is above"
	rc=124
fi
dmesg > "$vm/dmesg-boot$VM_BOOT.txt" 2>&1
exit $rc
