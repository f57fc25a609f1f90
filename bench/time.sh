#!/bin/bash
# Time and peak memory, ours against Debian's ndctl 76.1 in the same boot:
#   create and destroy N fsdax namespaces of 16 MiB (a size both accept) with
#     upstream-each  upstream create-namespace once per namespace
#     ours-each      our create-namespace once per namespace
#     ours-plan      one `ndctl plan --apply` of N requests
#   each followed by destroy-namespace -f all with the same tool; the order of
#   the three methods rotates from round to round, the region align is reset
#   to the kernel default before each;
#   `list -RN` and `list -RNDB` with 48 namespaces present, alternating tools.
# Medians over the rounds; CPU = user + system of the tool's processes, peak =
# largest max RSS of one process. Raw samples: $VM_STATE/time-samples.txt
# ("op N method round wall_us cpu_us maxrss_kb").
# strace -c of one create and one list -RNDB per tool: $VM_STATE/time-strace.txt.
# BENCH_COUNTS (default "8 24 48"; the listing uses the last), BENCH_ROUNDS (5),
# BENCH_LIST_REPS (11), BENCH_STRACE (1), BENCH_METHODS (round 1's order), BENCH_TIME_START (the region's start,
# default 0x100000000); BENCH_SMOKE=1: N = 2, one round, one list run, no strace.
# vm-nvdimm: size=1G
# vm-timeout: 5400
. "$NDCTL_SRC/bench/lib.sh"
set -u
bench_require

COUNTS=${BENCH_COUNTS:-"8 24 48"}
ROUNDS=${BENCH_ROUNDS:-5}
LIST_REPS=${BENCH_LIST_REPS:-11}
STRACE=${BENCH_STRACE:-1}
METHOD_LIST=${BENCH_METHODS:-"upstream-each ours-each ours-plan"}
if [ "${BENCH_SMOKE:-0}" = 1 ]; then
	COUNTS=2
	ROUNDS=1
	LIST_REPS=1
	STRACE=0
fi
# the listing runs with the largest count present (made by upstream)
LIST_NS=${COUNTS##* }
R=$(bench_region "${BENCH_TIME_START:-0x100000000}")
bench_init_labels "$R"
bench_clear "$R"

bench_out_init time
bench_env_table
SAMPLES=$VM_STATE/time-samples.txt
ST=$VM_STATE/time-strace.txt
: > "$ST"
: > "$SAMPLES"
BENCH_ERR=$VM_STATE/time-stderr.log
: > "$BENCH_ERR"

# sample OP N METHOD ROUND "rc wall cpu rss"...: sums wall and cpu, max rss
sample() {
	local op=$1 n=$2 method=$3 round=$4 wall=0 cpu=0 rss=0 s rc w c m
	shift 4
	for s in "$@"; do
		read -r rc w c m <<< "$s"
		[ "$rc" = 0 ] || fail "$op $n $method round $round: a command failed (rc $rc)"
		wall=$((wall + w))
		cpu=$((cpu + c))
		[ "$m" -gt "$rss" ] && rss=$m
	done
	echo "$op $n $method $round $wall $cpu $rss" >> "$SAMPLES"
}

count_ns() {
	bench_ns_list "$R" | wc -l
}

create_each() {
	local tool=$1 n=$2 i res runs=()
	for ((i = 0; i < n; i++)); do
		bench_run res "$tool" create-namespace -r "$R" -m fsdax -s 16M
		runs+=("$res")
	done
	CREATE_RUNS=("${runs[@]}")
}

create_plan() {
	local n=$1 i reqs=() res
	for ((i = 0; i < n; i++)); do
		reqs+=(fsdax:16M)
	done
	bench_run res "$NDCTL" plan -r "$R" --apply -j "${reqs[@]}"
	CREATE_RUNS=("$res")
}

# listing with LIST_NS namespaces present (made by upstream, as a user has
# them): called from measure() while upstream's namespaces of round 1 exist
list_bench() {
	local opts a b rep order who tool res
	for opts in -RN -RNDB; do
		# same namespaces in both outputs
		a=$("$UPSTREAM_NDCTL" list $opts | jq '[.. | objects | select(has("dev")) | .dev] | sort')
		b=$("$NDCTL" list $opts | jq '[.. | objects | select(has("dev")) | .dev] | sort')
		[ "$a" = "$b" ] || fail "list $opts: our objects differ from upstream's"
		for ((rep = 1; rep <= LIST_REPS; rep++)); do
			order="upstream ours"
			[ $((rep % 2)) = 0 ] && order="ours upstream"
			for who in $order; do
				tool=$NDCTL
				[ $who = upstream ] && tool=$UPSTREAM_NDCTL
				bench_run res "$tool" list $opts
				sample "list$opts" "$LIST_NS" "$who" "$rep" "$res"
			done
		done
	done
	# where a listing's time goes, with the namespaces present (one run each)
	if [ "$STRACE" = 1 ] && command -v strace >/dev/null; then
		for who in upstream ours; do
			tool=$NDCTL
			[ $who = upstream ] && tool=$UPSTREAM_NDCTL
			echo "=== $who list -RNDB ($LIST_NS namespaces) ===" >> "$ST"
			strace -c -f -o /tmp/st.txt "$tool" list -RNDB >/dev/null 2>&1
			head -n 14 /tmp/st.txt >> "$ST"
			tail -n 1 /tmp/st.txt >> "$ST"
		done
	fi
	echo "listing done" >&2
}

# one method: create N, check, destroy with the same tool, check
measure() {
	local method=$1 n=$2 round=$3 tool=$NDCTL res
	bench_reset_align "$R"
	case $method in
	upstream-each) tool=$UPSTREAM_NDCTL; create_each "$tool" "$n" ;;
	ours-each) create_each "$tool" "$n" ;;
	ours-plan) create_plan "$n" ;;
	esac
	[ "$(count_ns)" = "$n" ] || fail "$method: $(count_ns) namespaces after creating $n"
	sample create "$n" "$method" "$round" "${CREATE_RUNS[@]}"
	[ "$round" = 1 ] && [ "$n" = "$LIST_NS" ] && [ $method = upstream-each ] && list_bench
	bench_run res "$tool" destroy-namespace -f -r "$R" all
	[ "$(count_ns)" = 0 ] || fail "$method: $(count_ns) namespaces left after destroy"
	sample destroy "$n" "$method" "$round" "$res"
	echo "round $round: $method $n done" >&2
}

read -r -a METHODS <<< "$METHOD_LIST"
nm=${#METHODS[@]}
for ((round = 1; round <= ROUNDS; round++)); do
	for n in $COUNTS; do
		for ((k = 0; k < nm; k++)); do
			measure "${METHODS[(k + round - 1) % nm]}" "$n" "$round"
		done
	done
done

# where the time goes, syscall by syscall (one run each; the listing's are
# taken in list_bench(), while its namespaces exist)
if [ "$STRACE" = 1 ] && command -v strace >/dev/null; then
	bench_clear "$R"
	for who in upstream ours; do
		tool=$NDCTL
		[ $who = upstream ] && tool=$UPSTREAM_NDCTL
		bench_reset_align "$R"
		echo "=== $who create-namespace -m fsdax -s 16M (empty region) ===" >> "$ST"
		strace -c -f -o /tmp/st.txt "$tool" create-namespace -r "$R" -m fsdax -s 16M \
			>/dev/null 2>&1
		head -n 14 /tmp/st.txt >> "$ST"
		tail -n 1 /tmp/st.txt >> "$ST"
		bench_clear "$R"
	done
fi
bench_clear "$R"

# medians: op n method -> wall cpu rss
med() {
	awk -v op="$1" -v n="$2" -v m="$3" -v col="$4" \
		'$1 == op && $2 == n && $3 == m { print $col }' "$SAMPLES" | median
}
# paired OP N METHOD BASE COL: the median over rounds of METHOD/BASE in the
# same round (col 4 is the round or rep). Runs a few seconds apart see the
# same host load, so this ratio swings far less than a ratio of medians when
# other guests come and go on the host (a TCG vCPU gets what the host leaves).
paired() {
	awk -v op="$1" -v n="$2" -v m="$3" -v base="$4" -v col="$5" '
		$1 == op && $2 == n && $3 == m { v[$4] = $col }
		$1 == op && $2 == n && $3 == base { b[$4] = $col }
		END { for (r in v) if ((r in b) && b[r] > 0) printf "%.4f\n", v[r] / b[r] }' \
		"$SAMPLES" | median | awk '{ printf "%.2f", $1 }'
}
peak() {
	awk -v op="$1" -v n="$2" -v m="$3" \
		'$1 == op && $2 == n && $3 == m && $7 > x { x = $7 } END { print x + 0 }' "$SAMPLES"
}

out "## Create and destroy N fsdax namespaces of 16 MiB ($ROUNDS rounds, medians)"
out ""
out "Ratios: of the medians, and (paired) the median over rounds of ours/upstream"
out "within one round, where both ran minutes apart at most."
out ""
out "| op | N | method | wall ms | CPU ms | peak RSS KiB | wall ours/upstream | CPU ours/upstream | wall paired | CPU paired |"
out "|---|---|---|---|---|---|---|---|---|---|"
for op in create destroy; do
	for n in $COUNTS; do
		uw=$(med $op "$n" upstream-each 5)
		uc=$(med $op "$n" upstream-each 6)
		for m in upstream-each ours-each ours-plan; do
			grep -q "^$op $n $m " "$SAMPLES" || continue
			w=$(med $op "$n" $m 5)
			c=$(med $op "$n" $m 6)
			if [ $m = upstream-each ]; then
				out "| $op | $n | $m | $(ms "$w") | $(ms "$c") | $(peak $op "$n" $m) | 1.00 | 1.00 | 1.00 | 1.00 |"
			else
				out "| $op | $n | $m | $(ms "$w") | $(ms "$c") | $(peak $op "$n" $m) |" \
				    "$(ratio "$w" "$uw") |" \
				    "$(ratio "$c" "$uc") |" \
				    "$(paired $op "$n" $m upstream-each 5) |" \
				    "$(paired $op "$n" $m upstream-each 6) |"
			fi
		done
	done
done
out ""
out "## Listing with $LIST_NS fsdax namespaces present ($LIST_REPS runs each, alternating, medians)"
out ""
out "| command | tool | wall ms | CPU ms | peak RSS KiB | wall ours/upstream | CPU ours/upstream | wall paired | CPU paired |"
out "|---|---|---|---|---|---|---|---|---|"
for opts in -RN -RNDB; do
	uw=$(med "list$opts" "$LIST_NS" upstream 5)
	uc=$(med "list$opts" "$LIST_NS" upstream 6)
	ur=$(peak "list$opts" "$LIST_NS" upstream)
	w=$(med "list$opts" "$LIST_NS" ours 5)
	c=$(med "list$opts" "$LIST_NS" ours 6)
	out "| list $opts | upstream | $(ms "$uw") | $(ms "$uc") | $ur | 1.00 | 1.00 | 1.00 | 1.00 |"
	out "| list $opts | ours | $(ms "$w") | $(ms "$c") | $(peak "list$opts" "$LIST_NS" ours) |" \
	    "$(ratio "$w" "$uw") | $(ratio "$c" "$uc") |" \
	    "$(paired "list$opts" "$LIST_NS" ours upstream 5) |" \
	    "$(paired "list$opts" "$LIST_NS" ours upstream 6) |"
done
out ""
echo "=== results ==="
cat "$BENCH_TABLE"
echo "=== strace -c ==="
cat "$ST"
