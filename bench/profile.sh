#!/bin/bash
# Where one create-namespace and one destroy-namespace spend their time, ours
# against Debian's ndctl 76.1, with N fsdax namespaces of 16 MiB already
# present (made by upstream):
#   - BENCH_PROFILE_REPS rounds of "create one, destroy it" per tool, the tool
#     order rotating, timed with bench/rusage.c ("op tool round rc wall_us
#     cpu_us maxrss_kb" in $VM_STATE/profile/samples.txt);
#   - one run of each under strace -f -tt -T -y (every syscall with its time
#     and the file it touched): $VM_STATE/profile/{create,destroy}-TOOL.strace;
#   - ours once more under strace -k (a stack per syscall, to name the code
#     that asked): $VM_STATE/profile/{create,destroy}-ours.stack.
# bench/profile-report.sh turns these into tables on the host.
# TOOL is upstream, ours, and "head" when $NDCTL_BUILD/bench/ndctl-head
# exists (a build of another commit, copied there to compare before/after).
# BENCH_PROFILE_NS (default 8), BENCH_PROFILE_REPS (default 3), BENCH_PROFILE_STRACE
# (default 1; 0 leaves out the strace passes, e.g. to run only the checks),
# BENCH_PROFILE_STACK (default 1; 0 leaves out the strace -k pass, which takes
# longer under TCG than all the rest: the counts need only the -T pass),
# BENCH_PROFILE_CALLGRIND (default 0; 1 runs one create and one destroy per
# tool under valgrind's callgrind: user-space instructions, which unlike times
# do not depend on the host's load; {create,destroy}-TOOL.callgrind).
# vm-nvdimm: size=1G
# vm-timeout: 5400
. "$NDCTL_SRC/bench/lib.sh"
set -u
bench_require
command -v strace >/dev/null || skip "strace is not installed"

N=${BENCH_PROFILE_NS:-8}
REPS=${BENCH_PROFILE_REPS:-3}
STRACE=${BENCH_PROFILE_STRACE:-1}
STACK=${BENCH_PROFILE_STACK:-1}
CALLGRIND=${BENCH_PROFILE_CALLGRIND:-0}
OUT=$VM_STATE/profile
mkdir -p "$OUT"
: > "$OUT/samples.txt"
BENCH_ERR=$OUT/stderr.log
: > "$BENCH_ERR"

R=$(bench_region 0x100000000)
bench_init_labels "$R"
bench_clear "$R"

declare -A TOOL=([upstream]=$UPSTREAM_NDCTL [ours]=$NDCTL)
WHO="upstream ours"
if [ -x "$NDCTL_BUILD/bench/ndctl-head" ]; then
	TOOL[head]=$NDCTL_BUILD/bench/ndctl-head
	WHO="$WHO head"
fi
read -r -a ORDER <<< "$WHO"

for ((i = 0; i < N; i++)); do
	"$UPSTREAM_NDCTL" create-namespace -r "$R" -m fsdax -s 16M >/dev/null ||
		fail "upstream create $i"
done
[ "$(bench_ns_list "$R" | wc -l)" = "$N" ] || fail "$N namespaces expected"

# create_one WHO [WRAPPER...]: creates one namespace, prints its name
create_one() {
	local who=$1 f
	shift
	f=$(mktemp /tmp/profile-create.XXXXXX)
	"$@" "${TOOL[$who]}" create-namespace -r "$R" -m fsdax -s 16M > "$f" 2>>"$BENCH_ERR" ||
		fail "$who: create failed"
	jq -r .dev "$f"
	rm -f "$f"
}

nk=${#ORDER[@]}
for ((round = 1; round <= REPS; round++)); do
	for ((k = 0; k < nk; k++)); do
		who=${ORDER[(k + round - 1) % nk]}
		bench_reset_align "$R"
		BENCH_OUT=$OUT/create.json bench_run res "${TOOL[$who]}" create-namespace -r "$R" \
			-m fsdax -s 16M
		echo "create $who $round $res" >> "$OUT/samples.txt"
		dev=$(jq -r .dev "$OUT/create.json")
		[ -n "$dev" ] && [ "$dev" != null ] || fail "$who: create printed no namespace"
		bench_run res "${TOOL[$who]}" destroy-namespace -f "$dev"
		echo "destroy $who $round $res" >> "$OUT/samples.txt"
		[ "$(bench_ns_list "$R" | wc -l)" = "$N" ] || fail "$who: $dev not destroyed"
	done
	echo "round $round done" >&2
done

for who in $WHO; do
	[ "$STRACE" = 1 ] || break
	bench_reset_align "$R"
	dev=$(create_one "$who" strace -f -tt -T -y -o "$OUT/create-$who.strace")
	strace -f -tt -T -y -o "$OUT/destroy-$who.strace" "${TOOL[$who]}" destroy-namespace \
		-f "$dev" >/dev/null 2>>"$BENCH_ERR" || fail "$who: destroy $dev failed"
done
if [ "$STRACE" = 1 ] && [ "$STACK" = 1 ]; then
	bench_reset_align "$R"
	dev=$(create_one ours strace -f -k -y -o "$OUT/create-ours.stack")
	strace -f -k -y -o "$OUT/destroy-ours.stack" "$NDCTL" destroy-namespace -f "$dev" \
		>/dev/null 2>>"$BENCH_ERR" || fail "ours: destroy $dev failed"
fi
if [ "$CALLGRIND" = 1 ]; then
	command -v valgrind >/dev/null || fail "BENCH_PROFILE_CALLGRIND=1: valgrind is not installed"
	for who in $WHO; do
		bench_reset_align "$R"
		dev=$(create_one "$who" valgrind -q --tool=callgrind \
			--callgrind-out-file="$OUT/create-$who.callgrind")
		valgrind -q --tool=callgrind --callgrind-out-file="$OUT/destroy-$who.callgrind" \
			"${TOOL[$who]}" destroy-namespace -f "$dev" >/dev/null 2>>"$BENCH_ERR" ||
			fail "$who: destroy $dev under callgrind failed"
	done
fi
bench_clear "$R"

# The model comes from the command's own library context: a create that
# follows another in the same process (-c) or label initialisation
# (--autolabel) must still predict exactly (apply_create verifies the start).
"$UPSTREAM_NDCTL" create-namespace -r "$R" -m fsdax -s 944M >/dev/null || fail "upstream 944M"
"$NDCTL" create-namespace -r "$R" -m fsdax -s 16M -c > "$OUT/greedy.json" 2>>"$BENCH_ERR" ||
	fail "ours: create -c failed"
[ "$(bench_ns_list "$R" | wc -l)" = 5 ] || fail "create -c: $(bench_ns_list "$R" | wc -l) namespaces, 5 expected"
bench_clear "$R"
m=$(cut -d, -f1 /sys/bus/nd/devices/$R/mapping0)
"$UPSTREAM_NDCTL" disable-region "$R" >/dev/null &&
	"$UPSTREAM_NDCTL" zero-labels "$m" >/dev/null &&
	"$UPSTREAM_NDCTL" enable-region "$R" >/dev/null || fail "cannot make $R label-less"
"$NDCTL" create-namespace -r "$R" -m fsdax -s 16M --autolabel > "$OUT/autolabel.json" \
	2>>"$BENCH_ERR" || fail "ours: create --autolabel failed"
[ "$(bench_ns_list "$R" | wc -l)" = 1 ] || fail "create --autolabel: no namespace"
echo "create -c and --autolabel: ok"

echo "=== samples (op tool round rc wall_us cpu_us maxrss_kb) ==="
cat "$OUT/samples.txt"
exit 0
