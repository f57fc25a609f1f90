#!/bin/bash
# Planner scaling on a simulated region (no NVDIMM, no VM): `ndctl plan
# --simulate` with 10, 100, 1,000 and 10,000 fsdax requests (fixed sizes
# 16..200 MiB on the 2 MiB grid, none a multiple of 16 MiB), policies in-order
# and pack, JSON output to /dev/null. Reports the median wall and CPU time
# (user + system) of REPS runs, the peak RSS, and CPU time divided by n log2 n
# so growth can be judged: that column stays flat (or falls) for n log n.
# The region is n x 128 MiB (the requests average 108 MiB), so everything that
# grows with the region (the section picture) grows with n too; variants
# +nopic leave the picture out (--no-picture) to time the planner alone.
# Usage: bench/scaling.sh [OUT.md]   (NDCTL: the binary; default: the build's)
# With valgrind installed (and BENCH_IR unset or 1), one callgrind run per row
# adds instruction counts, which do not depend on the machine's load: the whole
# command, and plan_region() alone (the pure planner, util/planner.c).
# BENCH_SMOKE=1: 10 and 100 requests, one run each, no callgrind. Runs in the
# guest too.
set -u
here=$(cd "$(dirname "$0")" && pwd)
NDCTL=${NDCTL:-${NDCTL_BUILD:-$here/..}/ndctl/ndctl}
COUNTS=${BENCH_COUNTS:-"10 100 1000 10000"}
REPS=${BENCH_REPS:-5}
# a variant is a policy, optionally with +nopic (--no-picture)
VARIANTS=${BENCH_VARIANTS:-"in-order pack in-order+nopic pack+nopic"}
IR=${BENCH_IR:-1}
if [ "${BENCH_SMOKE:-0}" = 1 ]; then
	COUNTS="10 100"
	REPS=1
	IR=0
fi
command -v valgrind >/dev/null && command -v callgrind_annotate >/dev/null || IR=0
out=${1:-/dev/null}
[ -x "$NDCTL" ] || { echo "scaling: no ndctl binary at $NDCTL" >&2; exit 1; }
tmp=$(mktemp -d /tmp/bench-scaling.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# the getrusage wrapper: microsecond CPU times (GNU time has 10 ms steps);
# bench/run.sh builds it on the host, else it is built here (not in a guest:
# cc under TCG is slow) or GNU time stands in
RUSAGE=${NDCTL_BUILD:-$here/..}/bench/rusage
if ! [ -x "$RUSAGE" ]; then
	RUSAGE=$tmp/rusage
	if [ -n "${VM_BOOT:-}" ] || ! cc -O2 -o "$RUSAGE" "$here/rusage.c" 2>/dev/null; then
		RUSAGE=gnu_time
	fi
fi

# GNU time in rusage.c's output format: "rc wall_us user_us sys_us maxrss_kb"
gnu_time() {
	local f=$1 t0 t1 rc u s m
	shift
	t0=$(date +%s%N)
	/usr/bin/time -f '%U %S %M' -o "$f.gnu" "$@"
	rc=$?
	t1=$(date +%s%N)
	read -r u s m < <(grep -v '^Command' "$f.gnu" | tail -n 1)
	awk -v rc=$rc -v w=$(((t1 - t0) / 1000)) -v u="$u" -v s="$s" -v m="$m" \
		'BEGIN { printf "%d %d %d %d %d\n", rc, w, u * 1e6, s * 1e6, m }' > "$f"
	return $rc
}

# request i of a list: 16..200 MiB on the 2 MiB grid, never a multiple of 16
req_size() {
	local s=$((16 + 2 * (($1 * 7919) % 93)))
	[ $((s % 16)) = 0 ] && s=$((s + 2))
	echo $s
}

ms() {
	awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'
}

table() {
	echo "$*" | tee -a "$out"
}
: > "$out" 2>/dev/null || true
table "## Planner scaling: ndctl plan --simulate size=n x 128M (median of $REPS runs)"
table ""
table "| variant | requests | placed | wall ms | CPU ms | peak RSS KiB | CPU us / (n log2 n) |" \
      "M instr. total | M instr. plan_region | plan_region instr. / (n log2 n) |"
table "|---|---|---|---|---|---|---|---|---|---|"
for variant in $VARIANTS; do
	policy=${variant%+nopic}
	extra=()
	[ "$policy" != "$variant" ] && extra=(--no-picture)
	for n in $COUNTS; do
		args=()
		for ((i = 0; i < n; i++)); do
			args+=("fsdax:$(req_size "$i")M")
		done
		: > "$tmp/samples"
		for ((k = 0; k < REPS; k++)); do
			"$RUSAGE" "$tmp/time" "$NDCTL" plan --policy "$policy" \
				--simulate size=$((n * 128))M,start=0x100000000 -j "${extra[@]}" \
				"${args[@]}" > "$tmp/plan.json" 2> "$tmp/err"
			read -r rc wall u s m < "$tmp/time"
			[ "$rc" = 0 ] || { echo "scaling: plan of $n failed ($rc):" >&2; cat "$tmp/err" >&2; exit 1; }
			echo "$wall $((u + s)) $m" >> "$tmp/samples"
		done
		placed=$(grep -o '"placed":[0-9]*' "$tmp/plan.json" | head -n 1 | cut -d: -f2)
		w=$(cut -d' ' -f1 "$tmp/samples" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
		c=$(cut -d' ' -f2 "$tmp/samples" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
		m=$(cut -d' ' -f3 "$tmp/samples" | sort -n | tail -n 1)
		per=$(awk -v c="$c" -v n="$n" 'BEGIN { printf "%.3f", c / (n * log(n) / log(2)) }')
		irt=- irp=- irper=-
		if [ "$IR" = 1 ]; then
			valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" "$NDCTL" plan \
				--policy "$policy" --simulate size=$((n * 128))M,start=0x100000000 -j \
				"${extra[@]}" "${args[@]}" > /dev/null 2> "$tmp/cg.err"
			callgrind_annotate --inclusive=yes "$tmp/cg" 2>/dev/null | grep -v 'Profiled target' \
				> "$tmp/cg.txt"
			irt=$(awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }' "$tmp/cg.txt")
			irp=$(awk '/planner.c:plan_region / { gsub(",", "", $1); print $1; exit }' "$tmp/cg.txt")
			irper=$(awk -v c="${irp:-0}" -v n="$n" 'BEGIN { printf "%.0f", c / (n * log(n) / log(2)) }')
			irt=$(awk -v c="${irt:-0}" 'BEGIN { printf "%.1f", c / 1e6 }')
			irp=$(awk -v c="${irp:-0}" 'BEGIN { printf "%.2f", c / 1e6 }')
		fi
		table "| $variant | $n | $placed | $(ms "$w") | $(ms "$c") | $m | $per | $irt | $irp | $irper |"
	done
done
