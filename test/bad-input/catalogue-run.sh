#!/bin/bash
# The bad-input catalogue (catalogue.tsv, this folder) run against a live
# region: a 1 GiB NVDIMM with labels, an fsdax and a devdax namespace.
# Sourced by test/kernel/bad-input-catalogue-N.sh after it sets BI_PART and
# BI_PARTS: part N runs rows N, N + PARTS, N + 2 PARTS ... of the table (in
# table order, so the last section stays last), which lets make -j2 run the
# parts in two guests at once.
#
# Every row must exit with its exact status and print its error class. After
# every row the sysfs state (bi_sys_state: capacity, aligns, seeds, label
# slots, bindings, device nodes) must be as before; at the end of each
# section of the table also `ndctl list -RNDiu`, and at the end `daxctl
# list` and every label area too. A failing row does not stop the run: every failure is
# listed at the end, and the rows after a change are compared with the
# changed state.
. "$NDCTL_SRC/test/vm/guest-lib.sh"
. "$NDCTL_SRC/test/kernel/ns-lib/common.sh"
. "$NDCTL_SRC/test/bad-input/lib.sh"
set -u
command -v jq >/dev/null || skip "jq is missing"

DATA=$NDCTL_SRC/test/bad-input
CATALOGUE=$DATA/catalogue.tsv
R=region0

step() { echo "== $*" >&2; }

step "setup: labels, an fsdax and a devdax namespace"
ns_init_labels $R
ns_create fs -r $R -m fsdax -a 2M -s 32M -n bad-input-fsdax
ns_create dd -r $R -m devdax -a 2M -s 64M -n bad-input-devdax
[[ $fs =~ \"dev\":\"([^\"]+)\" ]] && NS_FSDAX=${BASH_REMATCH[1]}
[[ $dd =~ \"dev\":\"([^\"]+)\" ]] && NS_DEVDAX=${BASH_REMATCH[1]}
[[ $dd =~ \"chardev\":\"([^\"]+)\" ]] && DAX=${BASH_REMATCH[1]}
# the namespace's own uuid (the listing shows the pfn device's for fsdax)
[ -n "${NS_FSDAX:-}" ] && read -r UUID_FSDAX <"/sys/bus/nd/devices/$NS_FSDAX/uuid"
[ -n "${NS_FSDAX:-}" ] && [ -n "${UUID_FSDAX:-}" ] && [ -n "${NS_DEVDAX:-}" ] && [ -n "${DAX:-}" ] ||
	fail "setup: fsdax '${NS_FSDAX:-}' (${UUID_FSDAX:-}), devdax '${NS_DEVDAX:-}', dax device '${DAX:-}'"
echo "part $BI_PART of $BI_PARTS: fsdax $NS_FSDAX ($UUID_FSDAX), devdax $NS_DEVDAX ($DAX)"

bi_sys_state baseline
full_at_start=$(bi_full_state)
full_baseline=$("$NDCTL" list -RNDiu 2>&1)
failures=()

# check_row ID EXIT CLASS COMMAND: run one catalogue row and compare
check_row() {
	local id=$1 want_rc=$2 class=$3 cmd=$4 out rc now line t0 ms why=""
	local -a argv

	eval "argv=($cmd)" || {
		failures+=("$id: the command column does not parse: $cmd")
		return
	}
	case "${argv[0]}" in
	ndctl) argv[0]=$NDCTL ;;
	daxctl) argv[0]=$DAXCTL ;;
	*) failures+=("$id: the command must start with ndctl or daxctl"); return ;;
	esac
	# the row's name first: if the command hangs, the log says which
	printf '%-24s' "$id"
	t0=$EPOCHREALTIME
	out=$("${argv[@]}" 2>&1 </dev/null)
	rc=$?
	bi_sys_state now
	[ "$rc" = "$want_rc" ] || why+=" exit $rc, expected $want_rc;"
	[[ "$out" == *"$class"* ]] || why+=" no '$class' in the output;"
	[ "$now" = "$baseline" ] || why+=" the system changed: $(bi_diff "$baseline" "$now");"
	if [ -n "$why" ]; then
		echo "FAIL:$why"
		echo "     ${argv[*]}"
		echo "$out" | head -n 5 | sed 's/^/     | /'
		failures+=("$id:$why")
		# later rows are compared with the changed system
		baseline=$now
		full_baseline=$("$NDCTL" list -RNDiu 2>&1)
		full_at_start=$(bi_full_state)
	else
		bi_line_with line "$out" "$class"
		bi_ms_since ms "$t0"
		echo "ok (exit $rc, $ms ms): $line"
	fi
}

# checkpoint NAME [full]: `ndctl list` (with full: everything bi_full_state
# compares) is as at the last checkpoint
checkpoint() {
	local now
	if [ "${2:-}" = full ]; then
		now=$(bi_full_state)
	else
		now=$("$NDCTL" list -RNDiu 2>&1)
	fi
	if [ "$now" != "$full_baseline" ]; then
		failures+=("$1: listings or labels changed: $(bi_diff "$full_baseline" "$now")")
		echo "FAIL $1: listings or labels changed: $(bi_diff "$full_baseline" "$now")"
		full_baseline=$now
	fi
}

step "the catalogue, part $BI_PART of $BI_PARTS"
start=$SECONDS
n=0
rows=0
all_rows=0
section="start of the table"
ran_in_section=0
while IFS=$'\t' read -r id want_rc class cmd _; do
	case "$id" in
	'# ----'*)
		[ "$ran_in_section" = 0 ] || checkpoint "after the rows of '$section'"
		section=${id#'# ---- '}
		section=${section%' ----'}
		ran_in_section=0
		continue
		;;
	'' | '#'*) continue ;;
	esac
	all_rows=$((all_rows + 1))
	[ $(((all_rows - 1) % BI_PARTS + 1)) = "$BI_PART" ] || continue
	rows=$((rows + 1))
	ran_in_section=1
	check_row "$id" "$want_rc" "$class" "$cmd"
done <"$CATALOGUE"
[ "$ran_in_section" = 0 ] || checkpoint "after the rows of '$section'"
full_baseline=$full_at_start
checkpoint "at the end (listings, label areas)" full
echo "$rows of $all_rows rows in $((SECONDS - start)) s, ${#failures[@]} failed"
[ "$all_rows" -ge 40 ] || fail "the catalogue has only $all_rows rows"

if [ ${#failures[@]} -gt 0 ]; then
	printf '  %s\n' "${failures[@]}" >&2
	fail "${#failures[@]} of $rows bad inputs were not refused cleanly"
fi

step "the namespaces are still usable"
run "$NDCTL" disable-namespace "$NS_FSDAX"
run "$NDCTL" enable-namespace "$NS_FSDAX"
echo PASS
