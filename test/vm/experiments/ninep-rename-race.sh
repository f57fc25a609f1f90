#!/bin/bash
# Not part of the suite (configure lists test/kernel/*.sh only). Run it with
#   NDCTL_BUILD=build NDCTL_TEST_KERNEL=6.12.95+deb12-amd64 \
#     test/vm/run-test.sh test/vm/experiments/ninep-rename-race.sh
# Reads a file on the 9p results share (cache=none) while another process
# replaces it by rename, as plan-recover.sh once did with the plan journal.
# 2026-11-26, one run each under TCG: Debian's 6.12.95 hung (a grep did not
# return in 20 s after 47 reads; seen before in D state in
# p9_virtio_zc_request under netfs_retry_reads); 6.1.0-56 read 150 times in
# 240 s without a hang. Guest tests must not read a results-share file that
# something in the guest may be replacing at that moment.
# vm-timeout: 420
. "$NDCTL_SRC/test/vm/guest-lib.sh"
d=$VM_STATE/race
mkdir -p $d
printf 'x\n' >$d/f
(
	for i in $(seq 1 4000); do
		head -c $((RANDOM % 6000 + 100)) /dev/zero | tr '\0' x >$d/f.tmp
		mv $d/f.tmp $d/f
	done
) &
w=$!
n=0
start=$SECONDS
while kill -0 $w 2>/dev/null && [ $((SECONDS - start)) -lt 240 ]; do
	timeout -s KILL 20 grep -c x $d/f >/dev/null 2>&1
	if [ $? = 137 ]; then
		echo "HANG: grep of a 9p file being renamed over did not return in 20 s (after $n reads, $((SECONDS - start)) s)"
		exit 1
	fi
	n=$((n + 1))
done
echo "no hang in $n reads ($((SECONDS - start)) s)"
