#!/bin/bash
# ndctl list on one 1 GiB NVDIMM with a namespace of every mode: `list -BDRN`
# shows what sysfs shows (region size, resource, align, namespace modes,
# sizes, uuids, data start), and for a dozen option sets our JSON, without
# the keys we add, equals Debian's ndctl 76.1 output key for key.
# vm-nvdimm: size=1G
# vm-timeout: 900
. "$NDCTL_SRC/test/vm/guest-lib.sh"
set -u

command -v jq >/dev/null || skip "jq is needed (apt-get install jq)"
R=region0
SYS=/sys/bus/nd/devices
# keys we print and upstream does not (physical addresses)
OURS='walk(if type == "object" then del(.resource, .raw_size, .data_resource) else . end)'

# labels on every DIMM of a region (mapping0, mapping1, ... but not "mappings")
label_region() {
	local tool m
	tool=$(label_tool)
	"$tool" disable-region "$1" >/dev/null || fail "disable-region $1"
	for m in "$SYS/$1"/mapping[0-9]*; do
		"$tool" init-labels -f "$(cut -d, -f1 "$m")" >/dev/null || fail "init-labels for $1"
	done
	"$tool" enable-region "$1" >/dev/null || fail "enable-region $1"
}

create() {
	local tool=${UPSTREAM_NDCTL:-$NDCTL}

	"$tool" create-namespace -r $R "$@" >/dev/null || fail "create-namespace $* with $tool"
}

# jq on our listing; fails the test when jq fails
q() {
	jq -r "$1" <<<"$LIST" || fail "jq '$1' on our listing"
}

# the libnvdimm mode names as ndctl spells them
sysfs_mode() {
	case $(cat "$SYS/$1/mode" 2>/dev/null || echo raw) in
	safe) echo sector ;;
	memory) echo fsdax ;;
	dax) echo devdax ;;
	*) cat "$SYS/$1/mode" 2>/dev/null || echo raw ;;
	esac
}

check_region() {
	local r=$1 base="$2" want got
	for attr in size available_size max_available_extent; do
		want=$(cat "$SYS/$r/$attr")
		got=$(q "$base.$attr")
		[ "$got" = "$want" ] || fail "$r $attr: list says $got, sysfs $want"
	done
	want=$(( $(cat "$SYS/$r/align") ))
	got=$(q "$base.align")
	[ "$got" = "$want" ] || fail "$r align: list says $got, sysfs $want"
	want=$(printf 0x%x $(( $(cat "$SYS/$r/resource") )))
	got=$(q "$base.resource")
	[ "$got" = "$want" ] || fail "$r resource: list says $got, sysfs $want"
	echo "$r: size, available_size, max_available_extent, align, resource match sysfs"
}

check_namespace() {
	local ns=$1 base="$2" holder want got mode
	mode=$(sysfs_mode "$ns")
	got=$(q "$base.mode")
	[ "$got" = "$mode" ] || fail "$ns mode: list says $got, sysfs $mode"
	want=$(printf 0x%x $(( $(cat "$SYS/$ns/resource") )))
	got=$(q "$base.resource")
	[ "$got" = "$want" ] || fail "$ns resource: list says $got, sysfs $want"
	want=$(cat "$SYS/$ns/size")
	if [ "$mode" = raw ]; then
		got=$(q "$base.size")
	else
		got=$(q "$base.raw_size")
	fi
	[ "$got" = "$want" ] || fail "$ns raw size: list says $got, sysfs $want"
	holder=$(cat "$SYS/$ns/holder" 2>/dev/null)
	case "$mode" in
	fsdax|devdax)
		[ -n "$holder" ] || fail "$ns: $mode without a holder in sysfs"
		want=$(cat "$SYS/$holder/size")
		got=$(q "$base.size")
		[ "$got" = "$want" ] || fail "$ns size: list says $got, $holder size $want"
		want=$(printf 0x%x $(( $(cat "$SYS/$holder/resource") )))
		got=$(q "$base.data_resource")
		[ "$got" = "$want" ] || fail "$ns data_resource: list says $got, $holder $want"
		want=$(cat "$SYS/$holder/uuid")
		;;
	sector)
		want=$(cat "$SYS/$holder/uuid")
		;;
	*)
		want=$(cat "$SYS/$ns/uuid")
		;;
	esac
	got=$(q "$base.uuid")
	[ "$got" = "$want" ] || fail "$ns uuid: list says $got, sysfs $want"
	echo "$ns: $mode, sizes, resource, uuid match sysfs"
}

# our listing minus our own keys must equal upstream's, for the same options
compare_upstream() {
	local up ours
	up=$("$UPSTREAM_NDCTL" list "$@" 2>/run/up.err) || fail "upstream list $* failed: $(cat /run/up.err)"
	ours=$("$NDCTL" list "$@") || fail "our list $* failed"
	if [ -z "$up" ]; then
		[ -z "$ours" ] || fail "list $*: upstream printed nothing, we printed: $ours"
		echo "list $*: both print nothing"
		return
	fi
	# files, not <(...): the guest has no /dev/fd
	jq -S . <<<"$up" > /run/list-up.json || fail "upstream list $*: not JSON"
	jq -S "$OURS" <<<"$ours" > /run/list-ours.json || fail "our list $*: not JSON"
	if ! diff /run/list-up.json /run/list-ours.json > /run/list-diff.txt; then
		echo "--- upstream list $*"; echo "$up"
		echo "--- ours"; echo "$ours"
		echo "--- diff (upstream <, ours >)"; cat /run/list-diff.txt
		fail "list $*: our JSON differs from upstream's"
	fi
	echo "list $*: agrees with upstream"
}

label_region $R
create -m fsdax -s 64M
create -m devdax -s 64M
create -m sector -s 64M
create -m raw -s 32M -n listed

LIST=$("$NDCTL" list -BDRN) || fail "list -BDRN failed"
echo "$LIST"
[ "$(q 'type')" = array ] || fail "list -BDRN is not an array of buses"
[ "$(q '.[0].provider')" = "$(cat "$SYS/ndbus0/provider")" ] || fail "bus provider"
for d in $(q '.[0].dimms[].dev'); do
	[ -d "$SYS/$d" ] || fail "listed DIMM $d is not in sysfs"
done
[ "$(q '.[0].dimms | length')" = "$(ls -d "$SYS"/nmem* | wc -l)" ] || fail "DIMM count"
check_region $R '.[0].regions[0]'
n=$(q '.[0].regions[0].namespaces | length')
[ "$n" = 4 ] || fail "expected 4 namespaces, listed $n"
for i in 0 1 2 3; do
	check_namespace "$(q ".[0].regions[0].namespaces[$i].dev")" ".[0].regions[0].namespaces[$i]"
done
[ "$(q '[.[0].regions[0].namespaces[].mode] | sort | join(",")')" = "devdax,fsdax,raw,sector" ] ||
	fail "modes listed: $(q '[.[0].regions[0].namespaces[].mode] | join(",")')"

[ -n "${UPSTREAM_NDCTL:-}" ] || skip "sysfs checks passed; Debian's ndctl is not installed for the comparison"
for args in "" "-RN" "-BDRN" "-RN -u" "-DN" "-RD" "-RNi" "-vv" "-r 0" "-n 0.2" \
	    "-m sector -R -N" "-b ACPI.NFIT -N" "-d nmem0 -R" "-m fsdax -u" "-n namespace9.9"; do
	# shellcheck disable=SC2086
	compare_upstream $args
done

# wrong usage: both refuse an unknown mode and type
expect_fail "$NDCTL" list -m memoryish
expect_fail "$NDCTL" list -t nvme
echo "PASS"
