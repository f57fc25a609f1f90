#!/bin/bash
# Six fsdax namespaces of mixed sizes, none a multiple of 16 MiB, packed by
# `ndctl plan --policy pack` into one 128 MiB section, applied, and each one
# given ext4 (4 KiB blocks) mounted -o dax with a file written and read
# back. Then the same plan is applied again: it must change nothing
# (idempotent), and a changed plan with the same names must be refused.
# vm-nvdimm: size=1G
# vm-timeout: 900
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
SEC=$((128 << 20))
MNT=/tmp/plan-pack
REQS="fsdax:18M,name=p1 fsdax:22M,name=p2 fsdax:20M,name=p3 fsdax:18M,name=p4
      fsdax:24M,name=p5 fsdax:18M,name=p6"

plan_init_labels $R
rstart=$(($(region_attr $R resource)))

"$NDCTL" plan -r $R -u --policy pack $REQS || fail "plan (table) failed"
"$NDCTL" plan -r $R --json --policy pack $REQS >/tmp/pack-plan.json || fail "plan failed"
[ "$(jq '[.namespaces[] | select(.refused | not)] | length' /tmp/pack-plan.json)" = 6 ] ||
	fail "not every request placed: $(cat /tmp/pack-plan.json)"
[ "$(jq -c '[.namespaces[].sections] | unique' /tmp/pack-plan.json)" = "[[$((rstart / SEC)),$((rstart / SEC))]]" ] ||
	fail "the plan does not keep all six in section $((rstart / SEC))"

"$NDCTL" plan -r $R --json --policy pack --apply $REQS >/tmp/pack-apply.json ||
	fail "plan --apply failed"
[ "$(jq -r .status /tmp/pack-apply.json)" = applied ] || fail "status is not applied"

n=0
# (no process substitution: the guest has no /dev/fd)
jq -r '.namespaces[] | [.name, .dev, .start, .size] | @tsv' /tmp/pack-apply.json >/tmp/pack.tsv
while IFS=$'\t' read -r name dev start size; do
	[ $(($(cat /sys/bus/nd/devices/$dev/resource))) = $((start)) ] ||
		fail "$name ($dev) is not where it was planned"
	s=$(($(cat /sys/bus/nd/devices/$dev/resource)))
	[ $((s / SEC)) = $(((s + $(cat /sys/bus/nd/devices/$dev/size) - 1) / SEC)) ] ||
		fail "$name ($dev) leaves its section"
	[ $((s / SEC)) = $((rstart / SEC)) ] || fail "$name ($dev) is not in the first section"
	holder=$(cat /sys/bus/nd/devices/$dev/holder)
	blk=$(ls /sys/bus/nd/devices/$holder/block 2>/dev/null | head -n 1)
	[ -n "$blk" ] || fail "$name ($dev): no block device under $holder"
	mkdir -p $MNT/$name
	mkfs.ext4 -q -F -b 4096 /dev/$blk || fail "mkfs.ext4 /dev/$blk"
	mount -o dax /dev/$blk $MNT/$name || fail "mount -o dax /dev/$blk"
	grep -q "^/dev/$blk $MNT/$name ext4 .*dax" /proc/mounts ||
		fail "/dev/$blk is not mounted with dax"
	head -c 4M /dev/urandom >$MNT/$name/data
	sha256sum <$MNT/$name/data >/tmp/pack-$name.sum
	echo "$name: $dev at $(printf 0x%x $s), /dev/$blk mounted -o dax"
	n=$((n + 1))
done </tmp/pack.tsv
[ $n = 6 ] || fail "$n namespaces mounted, expected 6"

# read back after dropping the page cache (DAX reads go to pmem anyway)
sync
echo 3 >/proc/sys/vm/drop_caches
for name in p1 p2 p3 p4 p5 p6; do
	sha256sum <$MNT/$name/data | cmp -s - /tmp/pack-$name.sum || fail "$name: data differs"
done

# idempotent: the same plan again changes nothing
before=$(ls /sys/bus/nd/devices | grep -c namespace)
"$NDCTL" plan -r $R --json --policy pack --apply $REQS >/tmp/pack-again.json 2>/tmp/pack-again.err ||
	fail "re-applying the same plan failed: $(cat /tmp/pack-again.err)"
[ "$(jq -r .status /tmp/pack-again.json)" = already-applied ] ||
	fail "re-apply status $(jq -r .status /tmp/pack-again.json)"
grep -q "nothing to do" /tmp/pack-again.err || fail "re-apply did not say so"
[ "$(ls /sys/bus/nd/devices | grep -c namespace)" = $before ] || fail "re-apply made namespaces"

# a plan that conflicts with what exists is refused, nothing changes
expect_fail "$NDCTL" plan -r $R --json --apply fsdax:26M,name=p1 >/tmp/pack-conflict.json
[ "$(jq -r .status /tmp/pack-conflict.json)" = conflict ] || fail "no conflict reported"
[ "$(ls /sys/bus/nd/devices | grep -c namespace)" = $before ] || fail "conflict made namespaces"

for name in p1 p2 p3 p4 p5 p6; do
	umount $MNT/$name || fail "umount $name"
done
echo "plan-pack: 6 fsdax namespaces in one section, mounted with DAX, data intact"
