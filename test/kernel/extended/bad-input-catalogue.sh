#!/bin/bash
# The bad-input catalogue (test/bad-input/catalogue.tsv), run against a live
# region: a 1 GiB NVDIMM with labels, an fsdax and a devdax namespace. Every
# row must exit with its exact status, print its error class, and leave the
# system exactly as it was: the regions' and namespaces' sysfs
# (available_size, align, seeds and their sizes, bindings) after every row,
# and also `ndctl list`, `daxctl list` and the label area after every row
# that got as far as the devices (exit 1) and at the end. A failing row does not stop the run: every failure is
# listed at the end, and after a row that changed something the next rows are
# compared with the changed state.
# vm-nvdimm: size=1G
# vm-timeout: 3600
. "$NDCTL_SRC/test/vm/guest-lib.sh"
. "$NDCTL_SRC/test/kernel/ns-lib/common.sh"
set -u
command -v jq >/dev/null || skip "jq is missing"

DATA=$NDCTL_SRC/test/bad-input
CATALOGUE=$DATA/catalogue.tsv
R=region0

# What a refused command must leave alone, checked after every row: the
# regions' and namespaces' sysfs (sizes, aligns, available_size, seeds, uuids,
# names, modes), which driver holds which device, and the device nodes. One
# grep and shell globs only: forks are slow under TCG.
quick_state() {
	grep -s -H . /sys/bus/nd/devices/*/{size,resource,align,available_size,max_available_extent,mode,uuid,alt_name,namespace_seed,pfn_seed,dax_seed,btt_seed,namespace}
	echo /sys/bus/nd/drivers/*/*[0-9]* /sys/bus/dax/drivers/*/dax* /dev/pmem* /dev/dax*
}

# and after the rows that reached the devices (exit 1), as well as at the
# start and the end: the listings and the label area of every DIMM
full_state() {
	quick_state
	"$NDCTL" list -RNDiu 2>&1
	"$DAXCTL" list -RDi 2>&1
	for d in /sys/bus/nd/devices/nmem*; do
		"$NDCTL" read-labels "${d##*/}" 2>&1 | md5sum
	done
}

# the single (or each) element of a JSON value that may be an array
jq_each() { jq -r "(if type == \"array\" then .[] else . end) | $1"; }

step() { echo "== $*" >&2; }

step "setup: labels, an fsdax and a devdax namespace"
ns_init_labels $R
ns_create fs -r $R -m fsdax -a 2M -s 32M -n bad-input-fsdax
ns_create dd -r $R -m devdax -a 2M -s 64M -n bad-input-devdax
NS_FSDAX=$(echo "$fs" | jq -r .dev)
UUID_FSDAX=$(echo "$fs" | jq -r .uuid)
NS_DEVDAX=$(echo "$dd" | jq -r .dev)
DAX=$("$DAXCTL" list | jq_each .chardev | head -n 1)
[ -n "$NS_FSDAX" ] && [ -n "$NS_DEVDAX" ] && [ -n "$DAX" ] ||
	fail "setup: fsdax '$NS_FSDAX', devdax '$NS_DEVDAX', dax device '$DAX'"
echo "fsdax $NS_FSDAX ($UUID_FSDAX), devdax $NS_DEVDAX ($DAX)"
"$NDCTL" list -RNu

baseline=$(quick_state)
full_baseline=$(full_state)
rows=0
failures=()

# check_row ID EXIT CLASS COMMAND: run one catalogue row and compare
check_row() {
	local id=$1 want_rc=$2 class=$3 cmd=$4 out rc now why=""
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
	out=$(timeout 300 "${argv[@]}" 2>&1 </dev/null)
	rc=$?
	now=$(quick_state)
	[ "$rc" = "$want_rc" ] || why+=" exit $rc, expected $want_rc;"
	[[ "$out" == *"$class"* ]] || why+=" no '$class' in the output;"
	[ "$now" = "$baseline" ] || why+=" the system changed: $(diff <(echo "$baseline") <(echo "$now") | head -n 20 | tr '\n' ' ');"
	if [ "$rc" = 1 ]; then
		now=$(full_state)
		[ "$now" = "$full_baseline" ] ||
			why+=" listings or labels changed: $(diff <(echo "$full_baseline") <(echo "$now") | head -n 20 | tr '\n' ' ');"
		full_baseline=$now
	fi
	if [ -n "$why" ]; then
		echo "FAIL $id:$why" >&2
		echo "     ${argv[*]}" >&2
		echo "$out" | head -n 5 | sed 's/^/     | /' >&2
		failures+=("$id:$why")
		# later rows are compared with the changed system
		baseline=$(quick_state)
		full_baseline=$(full_state)
	else
		echo "ok   $id (exit $rc): $(echo "$out" | grep -F -m 1 -- "$class")"
	fi
}

step "the catalogue"
start=$SECONDS
while IFS=$'\t' read -r id want_rc class cmd _; do
	case "$id" in
	'' | '#'*) continue ;;
	esac
	rows=$((rows + 1))
	check_row "$id" "$want_rc" "$class" "$cmd"
done <"$CATALOGUE"
echo "$rows rows in $((SECONDS - start)) s, ${#failures[@]} failed"
[ "$(full_state)" = "$full_baseline" ] || failures+=("the listings or labels changed during the run")
[ "$rows" -ge 40 ] || fail "the catalogue has only $rows rows"

if [ ${#failures[@]} -gt 0 ]; then
	printf '  %s\n' "${failures[@]}" >&2
	fail "${#failures[@]} of $rows bad inputs were not refused cleanly"
fi

step "the namespaces are still usable"
run "$NDCTL" disable-namespace "$NS_FSDAX"
run "$NDCTL" enable-namespace "$NS_FSDAX"
run "$NDCTL" destroy-namespace -f -r $R all
echo PASS
