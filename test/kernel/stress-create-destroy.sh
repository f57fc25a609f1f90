#!/bin/bash
# Load: 200 create/destroy cycles across three regions, random mode and size
# on the 2 MiB grid (fixed seed, printed). Each region keeps one namespace
# with a free hole before it, so new namespaces land in the hole or after
# it. After every cycle nothing may have leaked: each region's
# available_size, largest free extent and align, each DIMM's free label
# slots, the set of enabled devices and device nodes are as before the
# first cycle, and the kernel log has no new warning or call trace.
#
# Only the create and the destroy run a program (our ndctl); the checks
# read sysfs with shell builtins and the kernel log with one dmesg, since
# every fork is slow under TCG. STRESS_CYCLES and STRESS_SEED (or those
# lines in $NDCTL_BUILD/stress-create-destroy.conf: the harness passes no
# other variables into the guest) change the defaults, 200 and 8.
# vm-nvdimm: size=256M
# vm-nvdimm: size=256M
# vm-nvdimm: size=256M
# vm-timeout: 2400
. "$NDCTL_SRC/test/vm/guest-lib.sh"
. "$NDCTL_SRC/test/kernel/ns-lib/common.sh"
set -u

conf=$NDCTL_BUILD/stress-create-destroy.conf
if [ -r "$conf" ]; then
	STRESS_CYCLES=${STRESS_CYCLES:-$(sed -n 's/^STRESS_CYCLES=\([0-9]*\)$/\1/p' "$conf")}
	STRESS_SEED=${STRESS_SEED:-$(sed -n 's/^STRESS_SEED=\([0-9]*\)$/\1/p' "$conf")}
fi
CYCLES=${STRESS_CYCLES:-200}
SEED=${STRESS_SEED:-8}
SYS=/sys/bus/nd/devices
MODES=(fsdax devdax sector raw fsdax devdax)

step() { echo "== $*" >&2; }

regions=()
for d in $SYS/region[0-9]*; do
	regions+=("${d##*/}")
done
[ ${#regions[@]} = 3 ] || fail "expected three regions: ${regions[*]}"

step "setup: labels, region align 2M, one namespace after a hole in each region"
for r in "${regions[@]}"; do
	ns_init_labels "$r"
	# the first namespace (18M: lowers the region align to 2 MiB) is
	# destroyed again, leaving an 18 MiB hole before the second one
	ns_create first -r "$r" -m fsdax -a 2M -s 18M
	ns_create keep -r "$r" -m fsdax -a 2M -s 20M -n "stress-keep-$r"
	[[ $first =~ \"dev\":\"([^\"]+)\" ]] || fail "$r: no device in: $first"
	run "$NDCTL" destroy-namespace -f "${BASH_REMATCH[1]}"
done

# val VAR FILE: the first line of a sysfs file, without a fork
val() {
	local __v=
	read -r __v <"$2" || true
	printf -v "$1" '%s' "$__v"
}

# what must come back after every cycle: region capacity and align, DIMM
# label slots, live namespaces (size > 0), bound devices, device nodes
state() {
	local f v s=
	for f in $SYS/region*/{available_size,max_available_extent,align} $SYS/nmem*/available_slots; do
		val v "$f"
		s+="$f=$v "
	done
	for f in $SYS/namespace*/size; do
		val v "$f"
		[ "$v" = 0 ] || s+="$f=$v "
	done
	local -a bound=(/sys/bus/nd/drivers/*/*[0-9].[0-9]* /sys/bus/dax/drivers/*/dax* /dev/pmem* /dev/dax*)
	s+="${bound[*]}"
	printf -v "$1" '%s' "$s"
}

# kernel log lines that mean something went wrong in the kernel
KLOG_BAD='WARNING:|BUG:|Call Trace|RIP:|refcount_t|list_del corruption|general protection'
# klog_check: fails, with the bad lines in $klog_bad, if the kernel log
# grew any since the last call (the first call reads it from boot)
klog_seen=0
klog_check() {
	local k new
	k=$(dmesg)
	new=${k:$klog_seen}
	klog_seen=${#k}
	klog_bad=
	[[ ! $new =~ $KLOG_BAD ]] && return 0
	klog_bad=$(echo "$new" | grep -E -m 20 "$KLOG_BAD")
	return 1
}

state initial
echo "$initial" | tr ' ' '\n'
klog_check || fail "the kernel log before the first cycle: $klog_bad"
val tainted0 /proc/sys/kernel/tainted

step "$CYCLES cycles, seed $SEED"
RANDOM=$SEED
start=$SECONDS
by_mode=()
for cycle in $(seq 1 "$CYCLES"); do
	r=${regions[RANDOM % ${#regions[@]}]}
	mode=${MODES[RANDOM % ${#MODES[@]}]}
	case $mode in
	raw) min=2 ;;
	sector) min=18 ;;
	*) min=16 ;;
	esac
	val free "$SYS/$r/max_available_extent"
	free=$((free >> 20))
	# up to 96 MiB, on the 2 MiB grid, at most what is free
	max=$((free < 96 ? free : 96))
	size=$((min + 2 * (RANDOM % ((max - min) / 2 + 1))))
	args=(-r "$r" -m "$mode" -s "${size}M")
	case $mode in
	fsdax | devdax) args+=(-a 2M) ;;
	esac
	what="$r $mode ${size}M"
	t0=${EPOCHREALTIME/[.,]/}
	out=$("$NDCTL" create-namespace "${args[@]}" 2>&1) ||
		fail "cycle $cycle ($what): create-namespace ${args[*]}: $out"
	[[ $out =~ \"dev\":\"([^\"]+)\" ]] || fail "cycle $cycle ($what): no device in: $out"
	dev=${BASH_REMATCH[1]}
	t1=${EPOCHREALTIME/[.,]/}
	out=$("$NDCTL" destroy-namespace -f "$dev" 2>&1) ||
		fail "cycle $cycle ($what): destroy-namespace $dev: $out"
	t2=${EPOCHREALTIME/[.,]/}
	state now
	if [ "$now" != "$initial" ]; then
		fail "cycle $cycle ($what, $dev): leaked: $(diff <(echo "$initial" | tr ' ' '\n') \
			<(echo "$now" | tr ' ' '\n') | grep '^[<>]' | tr '\n' ' ')"
	fi
	val tainted /proc/sys/kernel/tainted
	klog_check && [ "$tainted" = "$tainted0" ] ||
		fail "cycle $cycle ($what, $dev): kernel log (tainted $tainted0 -> $tainted): $klog_bad"
	by_mode[${#by_mode[@]}]=$mode
	t3=${EPOCHREALTIME/[.,]/}
	echo "cycle $cycle/$CYCLES $what $dev ok: create $(((t1 - t0) / 1000)) ms," \
		"destroy $(((t2 - t1) / 1000)) ms, checks $(((t3 - t2) / 1000)) ms ($((SECONDS - start)) s)"
done
elapsed=$((SECONDS - start))
count() {
	local m n=0
	for m in "${by_mode[@]}"; do
		[ "$m" = "$1" ] && n=$((n + 1))
	done
	echo "$1 $n"
}
echo "stress: $CYCLES cycles in $elapsed s (seed $SEED): $(count fsdax), $(count devdax), $(count sector), $(count raw)"
ns_devs=($SYS/namespace*)
echo "namespace devices now: ${#ns_devs[@]}"
echo PASS
