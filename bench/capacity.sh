#!/bin/bash
# Capacity: fixed lists of fsdax requests (16..200 MiB, none a multiple of
# 16 MiB) on a 1 GiB region at a 16 MiB-aligned start and on one whose start
# is only 2 MiB-aligned (0x102200000). For each list and region:
#   ours-pack   `ndctl plan --policy pack` (JSON, dry), then --apply of the
#               requests it placed
#   ours-each   our create-namespace once per request, sizes rounded up to 2 MiB
#   upstream    Debian's create-namespace once per request, sizes rounded up to
#               16 MiB (the region align it leaves in place), region align reset
#               to the kernel default first
#   upstream-f  the same with -f (the only way upstream creates fsdax on a region
#               start that is not 16 MiB-aligned; its man page advises against it)
# and what the kernel then reports in sysfs: requests satisfied, raw capacity
# taken, usable (pfn) capacity delivered, rounding loss (raw - requested) and
# metadata (raw - usable) per namespace. BENCH_LISTS picks lists (default
# "mixed small large"; "short" is an 8-request list for busy machines),
# BENCH_STARTS the regions; BENCH_SMOKE=1: two requests, the unaligned region.
# vm-nvdimm: size=1G addr=0x102200000
# vm-nvdimm: size=1G addr=0x180000000
# vm-timeout: 1800
. "$NDCTL_SRC/bench/lib.sh"
set -u
bench_require

# sizes in MiB, order as a user would type them
declare -A LISTS=(
	[mixed]="17 20 25 33 40 45 50 60 70 75 90 99 100 130 150"
	[small]="17 18 20 22 24 25 26 28 30 31 33 34 36 38 40 18 20 22 24 26 28 30 34 36 38 40 18 22 26 30 34 38 20 24 28"
	[large]="105 120 130 150 170 190 200"
	[short]="34 66 98 130 150 162 170 185"
)
NAMES=${BENCH_LISTS:-"mixed small large"}
STARTS=${BENCH_STARTS:-"0x180000000 0x102200000"}
if [ "${BENCH_SMOKE:-0}" = 1 ]; then
	LISTS[mixed]="17 25"
	NAMES=mixed
	STARTS=0x102200000
fi

bench_out_init capacity
bench_env_table
BENCH_ERR=$VM_STATE/capacity-stderr.log
: > "$BENCH_ERR"

# account REGION LIST_SIZES SATISFIED_IDX...: one table row from sysfs
# prints "n raw usable filler_raw rounding metadata requested"
account() {
	local r=$1 name raw usable start alt n=0 tr=0 tu=0 tf=0
	while read -r name raw usable start; do
		alt=$(cat "/sys/bus/nd/devices/$name/alt_name" 2>/dev/null)
		case "$alt" in
		plan-filler-*) tf=$((tf + raw)); continue ;;
		esac
		n=$((n + 1))
		tr=$((tr + raw))
		tu=$((tu + usable))
	done < <(bench_ns_list "$r")
	echo "$n $tr $tu $tf"
}

# row REGION LIST METHOD REQUESTED_BYTES_SATISFIED TOTAL_REQUESTS
row() {
	local r=$1 list=$2 method=$3 req=$4 total=$5 n tr tu tf avail
	read -r n tr tu tf < <(account "$r")
	avail=$(region_attr "$r" available_size)
	out "| $list | $method | $n/$total | $(mib "$req") | $(mib "$tr") | $(mib "$tu") |" \
	    "$(mib $((n ? (tr - req) / n : 0))) | $(mib $((n ? (tr - tu) / n : 0))) |" \
	    "$(mib "$tf") | $(mib "$avail") |"
	echo "$r $list $method: $n/$total satisfied, raw $(mib "$tr") MiB, usable $(mib "$tu") MiB" >&2
}

ours_pack() {
	local r=$1 list=$2 sizes=() reqs=() placed=() i req=0 plan
	read -r -a sizes <<< "${LISTS[$list]}"
	for i in "${!sizes[@]}"; do
		reqs+=("fsdax:$(round_up "${sizes[$i]}" 2)M")
	done
	plan=$("$NDCTL" plan -r "$r" --policy pack -j "${reqs[@]}" 2>>"$BENCH_ERR")
	# placed requests, by their index in the list (name request#i)
	for i in $(echo "$plan" | jq -r '.namespaces[] | select(.refused != true) | .name' |
		   sed -n 's/^request#//p'); do
		placed+=("${reqs[$i]}")
		req=$((req + (sizes[i] << 20)))
	done
	if [ ${#placed[@]} -gt 0 ]; then
		"$NDCTL" plan -r "$r" --policy pack --apply -j "${placed[@]}" \
			>>"$BENCH_ERR" 2>&1 || fail "$r: ours-pack apply of ${placed[*]} failed"
	fi
	row "$r" "$list" ours-pack $req ${#sizes[@]}
}

# each_create REGION LIST METHOD GRID_MIB TOOL ARGS...: one create per request
each_create() {
	local r=$1 list=$2 method=$3 grid=$4 tool=$5 sizes=() s req=0
	shift 5
	read -r -a sizes <<< "${LISTS[$list]}"
	for s in "${sizes[@]}"; do
		if "$tool" create-namespace -r "$r" -m fsdax "$@" -s "$(round_up "$s" "$grid")M" \
			>/dev/null 2>>"$BENCH_ERR"; then
			req=$((req + (s << 20)))
		fi
	done
	row "$r" "$list" "$method" $req ${#sizes[@]}
}

out "## Capacity: fsdax requests, sizes not multiples of 16 MiB"
out ""
for list in $NAMES; do
	out "- $list: ${LISTS[$list]} (MiB)"
done
out ""
for start in $STARTS; do
	R=$(bench_region $start)
	bench_init_labels "$R"
	out "### $R at $start, size $(mib "$(region_attr "$R" size)") MiB"
	out ""
	out "| list | method | satisfied | requested MiB (satisfied) | raw MiB | usable MiB |" \
	    "rounding MiB/ns | metadata MiB/ns | filler MiB | free after MiB |"
	out "|---|---|---|---|---|---|---|---|---|---|"
	for list in $NAMES; do
		bench_reset_align "$R"
		each_create "$R" "$list" upstream 16 "$UPSTREAM_NDCTL"
		bench_clear "$R"
		if [ $(($start % (16 << 20))) != 0 ]; then
			bench_reset_align "$R"
			each_create "$R" "$list" upstream-f 16 "$UPSTREAM_NDCTL" -f
			bench_clear "$R"
		fi
		each_create "$R" "$list" ours-each 2 "$NDCTL"
		bench_clear "$R"
		ours_pack "$R" "$list"
		bench_clear "$R"
	done
	out ""
done
out "rounding = raw size allocated - size requested (the granularity's cost);"
out "metadata = raw - usable (info block, struct pages for map=dev, data alignment)."
echo "=== results ==="
cat "$BENCH_TABLE"
