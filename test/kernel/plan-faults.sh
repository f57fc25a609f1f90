#!/bin/bash
# Faults during `ndctl plan --apply` leave the region exactly as before:
#  1. a plan whose last request cannot fit is refused before anything changes;
#  2. an apply interrupted by SIGTERM after its second create rolls back what
#     it made;
# each time the region keeps the same namespaces with the same uuids, and the
# files on a pre-existing namespace, mounted with DAX throughout, are intact.
# vm-nvdimm: size=1G
# vm-timeout: 600
. "$NDCTL_SRC/test/vm/guest-lib.sh"
set -u

# labels through our own commands (guest-lib's init_labels also reads the
# region's "mappings" count as a DIMM name)
plan_init_labels() {
	run "$NDCTL" disable-region "$1"
	run "$NDCTL" init-labels -f -r "$1" all
	run "$NDCTL" enable-region "$1"
}

command -v jq >/dev/null || skip "jq is not installed"
R=region0
MNT=/tmp/plan-faults

plan_init_labels $R

# what must not change: every sized namespace, its uuid, placement and mode,
# the pfn/dax/btt devices behind them, and the region's capacity and align
snapshot() {
	local d
	for d in /sys/bus/nd/devices/namespace${R#region}.*; do
		[ "$(cat $d/size)" = 0 ] && continue
		echo "$(basename $d) $(cat $d/uuid) $(cat $d/resource) $(cat $d/size)" \
			"$(cat $d/holder) $(cat $d/alt_name 2>/dev/null)"
	done
	echo "available $(region_attr $R available_size) align $(region_attr $R align)"
}

# a pre-existing namespace with files on it, mounted -o dax
"$NDCTL" plan -r $R --json --apply fsdax:40M,name=keep >/tmp/keep.json ||
	fail "creating the pre-existing namespace failed"
dev=$(jq -r '.namespaces[0].dev' /tmp/keep.json)
blk=$(ls /sys/bus/nd/devices/$(cat /sys/bus/nd/devices/$dev/holder)/block | head -n 1)
mkdir -p $MNT
mkfs.ext4 -q -F -b 4096 /dev/$blk || fail "mkfs.ext4 /dev/$blk"
mount -o dax /dev/$blk $MNT || fail "mount -o dax /dev/$blk"
for i in 1 2 3; do
	head -c 3M /dev/urandom >$MNT/file$i
done
sync
(cd $MNT && sha256sum file*) >/tmp/keep.sums
before=$(snapshot)
echo "before:"
echo "$before"

check_same() {
	local after
	after=$(snapshot)
	[ "$after" = "$before" ] || fail "$1: region changed:
--- before
$before
--- after
$after"
	(cd $MNT && sha256sum -c --quiet /tmp/keep.sums) || fail "$1: files on $dev changed"
	grep -q " $MNT ext4 .*dax" /proc/mounts || fail "$1: $dev is no longer mounted"
	echo "$1: region exactly as before, files intact"
}

# 1. the last request cannot fit: refused whole, before any change
expect_fail "$NDCTL" plan -r $R --json --apply fsdax:100M devdax:200M fsdax:900M \
	>/tmp/nofit.json 2>/tmp/nofit.err
cat /tmp/nofit.err
[ "$(jq -r .status /tmp/nofit.json)" = refused ] || fail "no-fit: status $(jq -r .status /tmp/nofit.json)"
[ "$(jq -r '.namespaces[] | select(.refused) | .errno' /tmp/nofit.json)" = ENOSPC ] ||
	fail "no-fit: the last request is not refused with ENOSPC"
jq -e '.namespaces[] | select(.refused) | .suggest | length > 0' /tmp/nofit.json >/dev/null ||
	fail "no-fit: no nearest fitting request suggested"
check_same "no-fit"

# 2. SIGTERM after the second of eight creates
reqs=$(for i in 1 2 3 4 5 6 7 8; do printf 'fsdax:%dM,name=t%d ' $((16 + 2 * i)) $i; done)
# shellcheck disable=SC2086
"$NDCTL" plan -r $R --json --apply $reqs >/tmp/term.json 2>/tmp/term.err &
pid=$!
for ((i = 0; i < 1200; i++)); do
	grep -q '^plan: \[2/8\] .*verified' /tmp/term.err && break
	kill -0 $pid 2>/dev/null || break
	sleep 0.1
done
grep -q '^plan: \[2/8\] .*verified' /tmp/term.err || {
	cat /tmp/term.err
	fail "SIGTERM: the apply never reached its second create"
}
kill -TERM $pid
rc=0
wait $pid || rc=$?
cat /tmp/term.err
[ $rc != 0 ] || fail "SIGTERM: the interrupted apply exited 0"
grep -q 'interrupted by signal' /tmp/term.err || fail "SIGTERM: no interruption reported"
[ "$(jq -r .status /tmp/term.json)" = rolled-back ] ||
	fail "SIGTERM: status $(jq -r .status /tmp/term.json)"
check_same "SIGTERM"

umount $MNT || fail "umount $MNT"
echo "plan-faults: refusal and interruption both left the region untouched"
