#!/bin/bash
# Prediction equals reality: random request lists (fixed seed, printed) are
# planned and applied with `ndctl plan --apply` on a 1 GiB NVDIMM, and every
# predicted namespace start and size, and pfn/dax data start and size (BTT
# capacity for sector mode), is compared with what the kernel reports in
# sysfs. Lists are applied in batches on top of each other, with a random
# namespace destroyed between them now and then, so placement into holes
# left by earlier namespaces is predicted too; the region is emptied between
# batches. The 32 lists are split over four boots (same NVDIMM, so each
# boot's time stays well under the timeout on a busy TCG host), each boot
# seeded with SEED + boot number; PLAN_SEED and PLAN_LISTS override the seed
# and the number of lists per boot.
# vm-nvdimm: size=1G
# vm-boots: 4
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
SEED=${PLAN_SEED:-5150}
LISTS=${PLAN_LISTS:-8}
BATCH=4
BOOT=${VM_BOOT:-1}
RANDOM=$((SEED + BOOT))
echo "plan-predict: seed $SEED + boot $BOOT = $((SEED + BOOT)), $LISTS lists"

# labels persist across boots: initialise them once
[ "$BOOT" = 1 ] && plan_init_labels $R
modes=(fsdax devdax sector raw)
checked=0
t0=$SECONDS

# one random list into $reqs: 1-3 requests of 16..80 MiB on the 2 MiB grid.
# Not in a $(...) subshell: bash reseeds RANDOM there, which would make the
# lists differ from run to run for the same seed.
gen_list() {
	local n=$((1 + RANDOM % 3)) i mode size extra
	reqs=
	for ((i = 0; i < n; i++)); do
		mode=${modes[RANDOM % 4]}
		size=$((16 + 2 * (RANDOM % 33)))
		extra=
		# a 16 MiB sector namespace has no BTT arena (kernel-rules.md 7)
		[ $mode = sector ] && [ $size -lt 18 ] && size=18
		if [ $mode = fsdax ] || [ $mode = devdax ]; then
			[ $((RANDOM % 4)) = 0 ] && extra=,map=mem
		fi
		reqs+="$mode:${size}M$extra "
	done
}

# sysfs attribute $2 of device $1 into $v (read builtin: forks are dear under TCG)
attr() { v=; read -r v <"/sys/bus/nd/devices/$1/$2" || true; }

# compare one planned namespace with the kernel: name mode dev start size data_start usable
check_ns() {
	local name=$1 mode=$2 dev=$3 start=$4 size=$5 dstart=$6 usable=$7 holder v
	[ -n "$dev" ] && [ -e "/sys/bus/nd/devices/$dev" ] || fail "$name: no device '$dev'"
	attr $dev resource
	[ $((v)) = $((start)) ] || fail "$name ($dev): kernel start $v, predicted $start"
	attr $dev size
	[ "$v" = "$size" ] || fail "$name ($dev): kernel size $v, predicted $size"
	attr $dev holder
	holder=$v
	case $mode in
	fsdax | devdax)
		[ -n "$holder" ] || fail "$name ($dev): $mode without a pfn/dax holder"
		attr $holder resource
		[ $((v)) = $((dstart)) ] ||
			fail "$name ($holder): data start $v, predicted $dstart"
		attr $holder size
		[ "$v" = "$usable" ] || fail "$name ($holder): data size $v, predicted $usable"
		;;
	sector)
		[ -n "$holder" ] || fail "$name ($dev): sector without a btt holder"
		attr $holder size
		[ "$v" = "$usable" ] || fail "$name ($holder): BTT capacity $v, predicted $usable"
		;;
	esac
	checked=$((checked + 1))
}

# namespaces of the region that hold capacity
live_ns() {
	local d s
	for d in /sys/bus/nd/devices/namespace${R#region}.*; do
		read -r s <$d/size
		[ "$s" != 0 ] && echo ${d##*/}
	done
}

destroy_all() {
	"$NDCTL" destroy-namespace -f -r $R all >/dev/null 2>&1 ||
		fail "destroy-namespace all failed"
	[ -z "$(live_ns)" ] || fail "namespaces left after destroy: $(live_ns)"
}

destroy_all
for ((l = 1; l <= LISTS; l++)); do
	gen_list
	out=/tmp/plan-$l.json
	echo "list $l: $reqs"
	# shellcheck disable=SC2086
	"$NDCTL" plan -r $R --json --apply $reqs >$out 2>/tmp/plan-$l.err ||
		{ cat /tmp/plan-$l.err $out >&2; fail "list $l: plan --apply failed: $reqs"; }
	[ "$(jq -r .status $out)" = applied ] || fail "list $l: status $(jq -r .status $out)"
	# (no process substitution: the guest has no /dev/fd)
	jq -r '.namespaces[] | select(.refused | not) |
		[.name, .mode, .dev, .start, .size, (.data_start // "0"), .usable] | @tsv' \
		$out >/tmp/plan-$l.tsv
	while IFS=$'\t' read -r name mode dev start size dstart usable; do
		check_ns "$name" "$mode" "$dev" "$start" "$size" "$dstart" "$usable"
	done </tmp/plan-$l.tsv
	echo "list $l: ok ($(jq '.namespaces | length' $out) namespaces, $((SECONDS - t0)) s so far)"
	if ((l % BATCH == 0)); then
		destroy_all
	elif ((RANDOM % 2)); then
		# leave a hole for the next list to fill first-fit
		victims=($(live_ns))
		v=${victims[RANDOM % ${#victims[@]}]}
		"$NDCTL" destroy-namespace -f $v >/dev/null 2>&1 || fail "destroy $v failed"
		echo "list $l: destroyed $v"
	fi
done
destroy_all
echo "plan-predict: boot $BOOT, seed $((SEED + BOOT)): $LISTS lists, $checked namespaces," \
	"every prediction matched ($((SECONDS - t0)) s)"
