#!/bin/bash
# Load: cycles of create/destroy across two regions with random modes and
# sizes on the 2 MiB grid (fixed seed, printed). Each cycle creates 1-3
# namespaces in a random region, destroys them in a random order, and then
# checks that nothing leaked: every region's available_size and largest free
# extent are back, every DIMM's free label slots are back, no namespace or
# dax device is left. At the end the kernel log must hold no WARNING, BUG or
# call trace.
#
# Cycles: $STRESS_CYCLES, or the STRESS_CYCLES= line of
# $NDCTL_BUILD/stress-create-destroy.conf (the harness passes no other
# variables into the guest), else 12 (about 3 minutes under TCG). The issue
# asks for 200: put STRESS_CYCLES=200 in that file. Seed: $STRESS_SEED (or
# the same file), else 8.
# vm-nvdimm: size=512M
# vm-nvdimm: size=512M
# vm-timeout: 7200
. "$NDCTL_SRC/test/vm/guest-lib.sh"
. "$NDCTL_SRC/test/kernel/ns-lib/common.sh"
set -u
command -v jq >/dev/null || skip "jq is missing"

conf=$NDCTL_BUILD/stress-create-destroy.conf
if [ -r "$conf" ]; then
	STRESS_CYCLES=${STRESS_CYCLES:-$(sed -n 's/^STRESS_CYCLES=\([0-9]*\)$/\1/p' "$conf")}
	STRESS_SEED=${STRESS_SEED:-$(sed -n 's/^STRESS_SEED=\([0-9]*\)$/\1/p' "$conf")}
fi
CYCLES=${STRESS_CYCLES:-12}
SEED=${STRESS_SEED:-8}
RANDOM=$SEED
echo "stress: $CYCLES cycles, seed $SEED"

dmesg_start=$(dmesg | wc -l)
regions=$(ls /sys/bus/nd/devices | grep '^region' | sort)
[ "$(echo "$regions" | wc -l)" = 2 ] || fail "expected two regions: $regions"
for r in $regions; do
	ns_init_labels "$r"
done

# free label slots per region, from the capture (ndctl_dimm_get_available_labels)
label_slots() {
	"$NDCTL" list --capture /tmp/stress-capture.json >/dev/null ||
		fail "list --capture failed"
	jq -r '.regions[] | "\(.dev) \(.label_slots_free)"' /tmp/stress-capture.json
}

# what must come back after every cycle
capacity() {
	local r
	for r in $regions; do
		echo "$r available_size $(region_attr "$r" available_size)" \
			"max_available_extent $(region_attr "$r" max_available_extent)"
	done
	label_slots
}

# live namespaces (non-zero size) and dax devices
leftovers() {
	grep -l -v '^0$' /sys/bus/nd/devices/namespace*/size 2>/dev/null
	ls /dev | grep -E '^(pmem|dax)' || true
}

initial=$(capacity)
echo "$initial"
[ -z "$(leftovers)" ] || fail "namespaces before the first cycle: $(leftovers)"

# one random request: mode and size (MiB) for a region of $1 MiB free
random_request() {
	local free=$1 mode min size
	mode=$(echo fsdax devdax raw sector fsdax | cut -d' ' -f$((1 + RANDOM % 5)))
	min=16
	[ "$mode" = sector ] && min=18
	[ "$mode" = raw ] && min=2
	# up to a quarter of what is free, on the 2 MiB grid
	size=$((min + 2 * (RANDOM % ((free / 4 - min) / 2 + 1))))
	echo "$mode $size"
}

start=$SECONDS
created=0
for cycle in $(seq 1 "$CYCLES"); do
	set -- $regions
	shift $((RANDOM % $#))
	r=$1
	n=$((1 + RANDOM % 3))
	devs=()
	what=""
	for _ in $(seq 1 $n); do
		free=$(($(region_attr "$r" max_available_extent) >> 20))
		read -r mode size < <(random_request "$free")
		args=(-r "$r" -m "$mode" -s "${size}M")
		[ "$mode" = fsdax ] || [ "$mode" = devdax ] && args+=(-a 2M)
		out=$("$NDCTL" create-namespace "${args[@]}" 2>&1) ||
			fail "cycle $cycle: create-namespace ${args[*]}: $out"
		dev=$(echo "$out" | jq -r .dev 2>/dev/null)
		[ -n "$dev" ] && [ "$dev" != null ] || fail "cycle $cycle: no device in: $out"
		devs+=("$dev")
		what+=" $dev:$mode:${size}M"
		created=$((created + 1))
	done
	# destroy in a random order
	while [ ${#devs[@]} -gt 0 ]; do
		i=$((RANDOM % ${#devs[@]}))
		out=$("$NDCTL" destroy-namespace -f "${devs[i]}" 2>&1) ||
			fail "cycle $cycle: destroy-namespace ${devs[i]}: $out"
		devs=("${devs[@]:0:i}" "${devs[@]:i+1}")
	done
	now=$(capacity)
	[ "$now" = "$initial" ] ||
		fail "cycle $cycle ($r:$what): leaked: $(diff <(echo "$initial") <(echo "$now") | tr '\n' ' ')"
	left=$(leftovers)
	[ -z "$left" ] || fail "cycle $cycle ($r:$what): left behind: $left"
	echo "cycle $cycle/$CYCLES $r:$what ok ($((SECONDS - start)) s)"
done
elapsed=$((SECONDS - start))
echo "stress: $CYCLES cycles, $created namespaces created and destroyed in $elapsed s (seed $SEED)"

warnings=$(dmesg | tail -n +$((dmesg_start + 1)) | grep -E 'WARNING|BUG|Call Trace|RIP:|refcount_t|list_del corruption')
[ -z "$warnings" ] || fail "the kernel log shows: $(echo "$warnings" | head -n 20)"
echo PASS
