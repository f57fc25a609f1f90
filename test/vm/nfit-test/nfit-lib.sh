#!/bin/bash
# Shell helpers for guest tests on the nfit_test bus (header "# vm-nfit-test: yes"):
#	. "$NDCTL_SRC/test/vm/nfit-test/nfit-lib.sh"	(after guest-lib.sh)
# Region and DIMM names depend on probe order, so tests find them by bus
# provider and number of mappings.
NFIT_SYS=/sys/bus/nd/devices

# nfit_bus PROVIDER: ndbusN of nfit_test.0 / nfit_test.1
nfit_bus() {
	local b
	for b in "$NFIT_SYS"/ndbus*; do
		if [ "$(cat "$b/provider")" = "$1" ]; then
			basename "$b"
			return 0
		fi
	done
	fail "no bus $1 (is nfit_test loaded?)"
}

# nfit_regions BUS: the bus's regions, one per line
nfit_regions() {
	local r
	for r in "$NFIT_SYS"/region*; do
		[ "$(basename "$(readlink -f "$r/..")")" = "$1" ] && basename "$r"
	done
	return 0
}

# nfit_region BUS WAYS: the bus's region interleaved over WAYS DIMMs
nfit_region() {
	local r
	for r in $(nfit_regions "$1"); do
		if [ "$(cat "$NFIT_SYS/$r/mappings")" = "$2" ]; then
			echo "$r"
			return 0
		fi
	done
	fail "no $2-way region on $1"
}

# nfit_region_dimms REGION: its DIMMs in position order
nfit_region_dimms() {
	local m
	for m in "$NFIT_SYS/$1"/mapping[0-9]*; do
		[ -e "$m" ] || continue
		cut -d, -f1,4 "$m"
	done | sort -t, -k2 -n | cut -d, -f1
}

# nfit_init_labels BUS: give every DIMM that backs a region of BUS a label
# index. The DIMMs of nfit_test.0 back two regions each, so all of the bus's
# regions go down together (init-labels refuses while a region is active).
# Regions without DIMMs (nfit_test.1's virtual CD) have no labels to write.
nfit_init_labels() {
	local r regions=
	for r in $(nfit_regions "$1"); do
		[ "$(cat "$NFIT_SYS/$r/mappings")" = 0 ] || regions="$regions $r"
	done
	init_labels $regions
}

# nfit_namespaces REGION: its namespaces with a non-zero size, "dev start size"
nfit_namespaces() {
	local ns size
	for ns in "$NFIT_SYS/$1"/namespace*; do
		[ -e "$ns/size" ] || continue
		size=$(cat "$ns/size")
		[ "$size" != 0 ] || continue
		echo "$(basename "$ns") $(cat "$ns/resource") $size"
	done
	return 0
}
