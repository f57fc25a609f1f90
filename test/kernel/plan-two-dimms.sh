#!/bin/bash
# Two NVDIMMs whose regions lie in one 128 MiB section: plans on each region
# see the other region's namespaces in the shared section, apply, and the
# kernel's starts and data ranges equal the predictions on both sides.
# vm-nvdimm: size=34M addr=0x100000000 label=128K
# vm-nvdimm: size=34M addr=0x102200000 label=128K
# vm-timeout: 600
. "$NDCTL_SRC/test/vm/guest-lib.sh"
set -u

command -v jq >/dev/null || skip "jq is not installed"
SEC=$((128 << 20))

for r in region0 region1; do
	[ -e /sys/bus/nd/devices/$r ] || skip "$r is missing"
	run "$NDCTL" disable-region $r
	run "$NDCTL" init-labels -f -r $r all
	run "$NDCTL" enable-region $r
done
s0=$(($(region_attr region0 resource)))
s1=$(($(region_attr region1 resource)))
[ $((s0 / SEC)) = $((s1 / SEC)) ] || skip "the two regions are not in one section"
echo "region0 at $(printf 0x%x $s0), region1 at $(printf 0x%x $s1): section $((s0 / SEC))"

check() {
	local json=$1 name dev start dstart usable holder
	jq -r '.namespaces[] | [.name, .dev, .start, .data_start, .usable] | @tsv' $json >/tmp/two.tsv
	while IFS=$'\t' read -r name dev start dstart usable; do
		[ $(($(cat /sys/bus/nd/devices/$dev/resource))) = $((start)) ] ||
			fail "$name ($dev): start $(cat /sys/bus/nd/devices/$dev/resource), planned $start"
		holder=$(cat /sys/bus/nd/devices/$dev/holder)
		[ $(($(cat /sys/bus/nd/devices/$holder/resource))) = $((dstart)) ] ||
			fail "$name ($holder): data start differs from $dstart"
		[ "$(cat /sys/bus/nd/devices/$holder/size)" = "$usable" ] ||
			fail "$name ($holder): data size differs from $usable"
		echo "$name: $dev at $start as planned"
	done </tmp/two.tsv
}

"$NDCTL" plan -r region0 --json --apply fsdax:18M,name=a >/tmp/two-a.json || fail "region0 apply"
check /tmp/two-a.json
"$NDCTL" plan -r region1 -u fsdax:20M,name=b || fail "region1 plan (table)"
"$NDCTL" plan -r region1 --json fsdax:20M,name=b >/tmp/two-b-plan.json || fail "region1 plan"
jq -e '.namespaces[0].shared_with | index("region0/namespace0.0") != null' /tmp/two-b-plan.json \
	>/dev/null || fail "region1's plan does not see region0's namespace in its section: \
$(jq -c '.namespaces[0].shared_with' /tmp/two-b-plan.json)"
"$NDCTL" plan -r region1 --json --apply fsdax:20M,name=b >/tmp/two-b.json || fail "region1 apply"
check /tmp/two-b.json
echo "plan-two-dimms: both regions' namespaces in section $((s0 / SEC)) where predicted"
