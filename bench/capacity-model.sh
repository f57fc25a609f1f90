#!/bin/bash
# The capacity lists of bench/capacity.sh through the planner's model on the
# host (`ndctl plan --simulate`, no VM): ours at 2 MiB granularity (in-order,
# which is what create-namespace one by one does, and pack) and the upstream
# equivalent (--compat: 16 MiB region align, each size rounded up to 16 MiB,
# in-order). test/kernel/plan-predict.sh checks in a guest that these
# predictions equal what the kernel does; capacity.sh measures the same lists
# in a guest against upstream's real tool. Usage: bench/capacity-model.sh [OUT.md]
set -u
here=$(cd "$(dirname "$0")" && pwd)
NDCTL=${NDCTL:-${NDCTL_BUILD:-$here/..}/ndctl/ndctl}
out=${1:-/dev/null}
command -v jq >/dev/null || { echo "capacity-model: jq is needed" >&2; exit 77; }

# the lists, as in capacity.sh
eval "$(sed -n '/^declare -A LISTS=(/,/^)/p' "$here/capacity.sh")"
NAMES=${BENCH_LISTS:-"mixed small large short"}
# 1 GiB NVDIMM with 128 KiB labels: a 1022 MiB region (as QEMU gives)
STARTS="0x180000000 0x102200000"

table() {
	echo "$*" | tee -a "$out"
}
mib() {
	awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'
}

: > "$out" 2>/dev/null || true
table "## Capacity, planner model (ndctl plan --simulate size=1022M)"
table ""
table "| region start | list | method | satisfied | requested MiB (satisfied) | raw MiB | usable MiB |" \
      "rounding MiB/ns | metadata MiB/ns | free after MiB |"
table "|---|---|---|---|---|---|---|---|---|---|"
for start in $STARTS; do
	for list in $NAMES; do
		read -r -a sizes <<< "${LISTS[$list]}"
		for method in upstream-f ours-in-order ours-pack; do
			reqs=()
			grid=2 policy=in-order flags=()
			case $method in
			upstream-f) grid=16 flags=(--compat) ;;
			ours-pack) policy=pack ;;
			esac
			for s in "${sizes[@]}"; do
				reqs+=("fsdax:$(((s + grid - 1) / grid * grid))M")
			done
			j=$("$NDCTL" plan --simulate "size=1022M,start=$start" --policy $policy \
				"${flags[@]}" -j "${reqs[@]}" 2>/dev/null)
			[ -n "$j" ] || { echo "capacity-model: plan failed for $list" >&2; exit 1; }
			req=0
			for i in $(echo "$j" | jq -r '.namespaces[] | select(.refused != true) |
				   .name' | sed -n 's/^request#//p'); do
				req=$((req + (sizes[i] << 20)))
			done
			read -r n raw usable free < <(echo "$j" | jq -r '.summary |
				"\(.placed) \(.planned_raw) \(.usable) \(.free)"')
			table "| $start | $list | $method | $n/${#sizes[@]} | $(mib $req) | $(mib "$raw") |" \
			      "$(mib "$usable") | $(mib $((n ? (raw - req) / n : 0))) |" \
			      "$(mib $((n ? (raw - usable) / n : 0))) | $(mib "$free") |"
		done
	done
done
