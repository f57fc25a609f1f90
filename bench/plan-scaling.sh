#!/bin/bash
# Benchmark of `ndctl plan` on simulated regions (no NVDIMM, no root):
#  1. planning time for 10, 100, 1,000 and 10,000 requests (table and picture
#     left out, JSON to /dev/null), best of 3;
#  2. capacity: fixed lists of mixed sizes (16..200 MiB, none a multiple of
#     16 MiB) planned at 2 MiB granularity, against what upstream's 16 MiB
#     granularity needs for the same requests (each rounded up to 16 MiB, planned
#     with --compat).
# Usage: bench/plan-scaling.sh [BUILD_DIR]   (results on stdout, markdown)
set -eu
build=${1:-${NDCTL_BUILD:-.}}
N=$build/ndctl/ndctl
[ -x "$N" ] || { echo "no ndctl in $build (give the build directory)" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is needed" >&2; exit 2; }

# deterministic sizes in MiB: 16..200 on the 2 MiB grid, never a multiple of 16
sizes() {
	local n=$1 seed=$2 i s
	RANDOM=$seed
	for ((i = 0; i < n; i++)); do
		s=$((16 + 2 * (RANDOM % 93)))
		((s % 16)) || s=$((s + 2))
		echo $s
	done
}

# CPU seconds (user + system) of the best of 3 runs: wall time on a shared
# machine says more about the neighbours than about the planner
best_of_3() {
	local t best= out
	out=$(mktemp)
	for _ in 1 2 3; do
		/usr/bin/time -o "$out" -f "%U %S" "$@" >/dev/null 2>&1 || true
		t=$(awk '{ printf "%.2f", $1 + $2 }' "$out")
		if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
	done
	rm -f "$out"
	echo "$best"
}

echo "## Planning time (simulated 16 TiB region, fsdax, --no-picture, JSON)"
echo
echo "| requests | policy | CPU seconds |"
echo "|---:|---|---:|"
for n in 10 100 1000 10000; do
	reqs=$(sizes $n 7 | sed 's/^/fsdax:/; s/$/M/' | tr '\n' ' ')
	for p in in-order pack; do
		# shellcheck disable=SC2086
		echo "| $n | $p | $(best_of_3 $N plan --simulate size=16T -j --no-picture -p $p $reqs) |"
	done
done

echo
echo "## Capacity against upstream's 16 MiB granularity (1 TiB region)"
echo
echo "| list | requests | asked | ours: consumed | ours: usable | upstream: consumed | upstream: usable | saved |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for seed in 1 2 3 4 5; do
	n=$((5 + seed * 5))
	list=$(sizes $n $((seed * 101)))
	ours=$(echo "$list" | sed 's/^/fsdax:/; s/$/M/' | tr '\n' ' ')
	up=$(echo "$list" | awk '{ printf "fsdax:%dM ", int(($1 + 15) / 16) * 16 }')
	asked=$(echo "$list" | awk '{ s += $1 } END { print s }')
	# shellcheck disable=SC2086
	o=$($N plan --simulate size=1T -j --no-picture -p pack $ours | jq -c .summary) || true
	# shellcheck disable=SC2086
	u=$($N plan --simulate size=1T -j --no-picture --compat $up | jq -c .summary) || true
	oc=$(echo "$o" | jq '(.planned_raw + .waste) / 1048576 | floor')
	ou=$(echo "$o" | jq '.usable / 1048576 | floor')
	uc=$(echo "$u" | jq '(.planned_raw + .waste) / 1048576 | floor')
	uu=$(echo "$u" | jq '.usable / 1048576 | floor')
	echo "| $seed | $n | ${asked}M | ${oc}M | ${ou}M | ${uc}M | ${uu}M | $((uc - oc))M |"
done
