#!/bin/bash
# Helpers for the guest tests of refused commands (bad-input-catalogue-*.sh,
# nonroot.sh), sourced after test/vm/guest-lib.sh. Under TCG every fork and
# exec costs tens of milliseconds and every run of ndctl about a second, so
# the check made after each command reads sysfs with shell builtins only;
# the listings and the label areas are compared at checkpoints.

BI_SYS=/sys/bus/nd/devices

# bi_sys_state VAR: what a refused command must leave alone, from sysfs: the
# sizes, addresses, aligns, free capacity, seeds, uuids, names and modes of
# every region, namespace, pfn, dax and btt device, each DIMM's free label
# slots, which driver holds which device, and the pmem and dax device nodes
bi_sys_state() {
	local __f __v __s=
	local -a __bound
	for __f in "$BI_SYS"/*/{size,resource,align,available_size,max_available_extent,mode,uuid,alt_name,namespace_seed,pfn_seed,dax_seed,btt_seed,namespace,available_slots}; do
		[ -r "$__f" ] || continue
		__v=
		read -r __v <"$__f" 2>/dev/null
		__s+="$__f:$__v"$'\n'
	done
	__bound=(/sys/bus/nd/drivers/*/*[0-9]* /sys/bus/dax/drivers/*/dax* /dev/pmem* /dev/dax*)
	__s+="${__bound[*]}"
	printf -v "$1" '%s' "$__s"
}

# bi_full_state: the sysfs state, both tools' listings (idle devices too) and
# a checksum of every DIMM's label area
bi_full_state() {
	local s d
	bi_sys_state s
	echo "$s"
	"$NDCTL" list -RNDiu 2>&1
	"$DAXCTL" list -RDi 2>&1
	for d in "$BI_SYS"/nmem*; do
		"$NDCTL" read-labels "${d##*/}" 2>&1 | md5sum
	done
}

# bi_diff OLD NEW: the lines that differ, on one line, for a failure message
bi_diff() {
	diff <(echo "$1") <(echo "$2") | grep '^[<>]' | head -n 20 | tr '\n' ' '
}

# bi_line_with VAR TEXT PART: the first line of TEXT that contains PART
bi_line_with() {
	local __l
	while IFS= read -r __l; do
		[[ $__l == *"$3"* ]] && break
	done <<<"$2"
	printf -v "$1" '%s' "$__l"
}

# bi_ms_since VAR EPOCHREALTIME: milliseconds since then, without a fork
bi_ms_since() {
	local __a=${2/[.,]/} __b=${EPOCHREALTIME/[.,]/}
	printf -v "$1" '%s' $(((__b - __a) / 1000))
}
