#!/bin/bash
# Runs in the guest: load nfit_test (and the rebuilt libnvdimm, nfit, nd_pmem,
# nd_btt, dax_pmem, device_dax it needs) from the private module tree TREE
# that build.sh made, then wait for its two buses. Usage: load.sh TREE
# -d TREE keeps the host's /lib/modules out of it; -C with an empty directory
# keeps /etc/modprobe.d out too: Debian's ndctl package ships a rule there
# that would pull in the in-tree libnvdimm, and nfit_test then fails with
# unknown symbols. The in-tree nvdimm modules must not be loaded before this.
tree=${1:?usage: load.sh TREE}

if lsmod | grep -q '^libnvdimm '; then
	if ! grep -q '^nfit_test ' /proc/modules; then
		echo "nfit-test: the in-tree libnvdimm is already loaded" >&2
		exit 1
	fi
	exit 0
fi
if ! modprobe -d "$tree" -C "$tree/modprobe.d" nfit_test; then
	echo "nfit-test: modprobe nfit_test from $tree failed" >&2
	dmesg | tail -n 20 >&2
	exit 1
fi
# the buses register asynchronously: give them a little time
for _ in $(seq 1 100); do
	if [ -e /sys/bus/nd/devices/ndbus0 ] && [ -e /sys/bus/nd/devices/ndbus1 ]; then
		break
	fi
	sleep 0.1
done
for b in nfit_test.0 nfit_test.1; do
	if ! grep -qx "$b" /sys/bus/nd/devices/ndbus*/provider 2>/dev/null; then
		echo "nfit-test: bus $b did not appear" >&2
		exit 1
	fi
done
# and wait for the regions and namespaces on them to finish probing
cat /sys/bus/nd/devices/ndbus*/wait_probe >/dev/null 2>&1
exit 0
