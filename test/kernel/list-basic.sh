#!/bin/bash
# ndctl list on one 1 GiB NVDIMM with a namespace of every mode: `list -BDRN`
# shows what sysfs shows (region size, resource, align, namespace modes,
# sizes, uuids, data start), and for a dozen option sets our JSON, without
# the keys we add, equals Debian's ndctl 76.1 output key for key.
# vm-nvdimm: size=1G
# vm-timeout: 600
. "$NDCTL_SRC/test/vm/guest-lib.sh"
set -u

command -v jq >/dev/null || skip "jq is needed (apt-get install jq)"
R=region0
SYS=/sys/bus/nd/devices
T=/run/list-basic
mkdir -p $T
# keys we print and upstream does not (physical addresses)
OURS='walk(if type == "object" then del(.resource, .raw_size, .data_resource) else . end)'

# labels on every DIMM of a region (mapping0, mapping1, ... but not "mappings")
label_region() {
	local tool m map
	tool=$(label_tool)
	"$tool" disable-region "$1" >/dev/null || fail "disable-region $1"
	for m in "$SYS/$1"/mapping[0-9]*; do
		read -r map < "$m"
		"$tool" init-labels -f "${map%%,*}" >/dev/null || fail "init-labels for $1"
	done
	"$tool" enable-region "$1" >/dev/null || fail "enable-region $1"
}

create() {
	local tool=${UPSTREAM_NDCTL:-$NDCTL}

	"$tool" create-namespace -r $R "$@" >/dev/null || fail "create-namespace $* with $tool"
}

# sysfs attribute, without spawning a process
attr() {
	local v=
	read -r v < "$SYS/$1/$2" 2>/dev/null
	echo "$v"
}

hex() {
	printf 0x%x $(($1))
}

# our listing minus our own keys equals upstream's (one jq run per comparison)
compare_upstream() {
	"$UPSTREAM_NDCTL" list "$@" > $T/up.json 2>$T/up.err ||
		fail "upstream list $* failed: $(cat $T/up.err)"
	"$NDCTL" list "$@" > $T/ours.json || fail "our list $* failed"
	if [ ! -s $T/up.json ]; then
		[ ! -s $T/ours.json ] || fail "list $*: upstream printed nothing, we did"
		echo "list $*: both print nothing"
		return
	fi
	if ! jq -e -n --slurpfile a $T/up.json --slurpfile b $T/ours.json \
		"\$a == (\$b | $OURS)" >/dev/null; then
		echo "--- upstream list $*"; cat $T/up.json
		echo "--- ours"; cat $T/ours.json
		fail "list $*: our JSON differs from upstream's"
	fi
	echo "list $*: agrees with upstream"
}

label_region $R
create -m fsdax -s 64M
create -m devdax -s 64M
create -m sector -s 64M
create -m raw -s 32M -n listed

"$NDCTL" list -BDRN > $T/list.json || fail "list -BDRN failed"
cat $T/list.json
jq -r '.[0] | [type, .provider, (.dimms | length), (.dimms | map(.dev) | join(" ")),
	(.regions | length)] | @tsv' $T/list.json > $T/bus.tsv ||
	fail "list -BDRN: not an array of buses"
IFS=$'\t' read -r type provider ndimms dimms nregions < $T/bus.tsv
[ "$type" = object ] || fail "list -BDRN: not an array of buses"
[ "$provider" = "$(attr ndbus0 provider)" ] || fail "bus provider $provider"
[ "$nregions" = 1 ] || fail "$nregions regions listed"
for d in $dimms; do
	[ -d "$SYS/$d" ] || fail "listed DIMM $d is not in sysfs"
done
sysdimms=("$SYS"/nmem*)
[ "$ndimms" = ${#sysdimms[@]} ] || fail "$ndimms DIMMs listed, sysfs has ${#sysdimms[@]}"

jq -r '.[0].regions[0] | [.dev, .size, .available_size, .max_available_extent, .align,
	.resource] | @tsv' $T/list.json > $T/region.tsv || fail "jq on the region"
IFS=$'\t' read -r r size avail extent align res < $T/region.tsv
[ "$r" = $R ] || fail "region $r listed"
want="$(attr $R size) $(attr $R available_size) $(attr $R max_available_extent)"
[ "$size $avail $extent" = "$want" ] ||
	fail "$R size/available/extent: list '$size $avail $extent', sysfs '$want'"
[ "$align" = $(($(attr $R align))) ] || fail "$R align: list $align, sysfs $(attr $R align)"
[ "$res" = "$(hex "$(attr $R resource)")" ] || fail "$R resource: list $res"
echo "$R: size, available_size, max_available_extent, align, resource match sysfs"

jq -r '.[0].regions[0].namespaces[] | [.dev, .mode, .size, (.raw_size // .size), .resource,
	(.data_resource // "-"), .uuid] | @tsv' $T/list.json > $T/ns.tsv || fail "jq on namespaces"
modes=
while IFS=$'\t' read -r ns mode size raw res data uuid; do
	case $(attr "$ns" mode) in
	safe) smode=sector ;;
	memory) smode=fsdax ;;
	dax) smode=devdax ;;
	"") smode=raw ;;
	*) smode=$(attr "$ns" mode) ;;
	esac
	[ "$mode" = "$smode" ] || fail "$ns mode: list $mode, sysfs $smode"
	[ "$res" = "$(hex "$(attr "$ns" resource)")" ] || fail "$ns resource: list $res"
	[ "$raw" = "$(attr "$ns" size)" ] || fail "$ns raw size: list $raw, sysfs $(attr "$ns" size)"
	holder=$(attr "$ns" holder)
	case $mode in
	fsdax|devdax)
		[ "$size" = "$(attr "$holder" size)" ] || fail "$ns size: list $size, $holder"
		[ "$data" = "$(hex "$(attr "$holder" resource)")" ] || fail "$ns data: list $data"
		[ "$uuid" = "$(attr "$holder" uuid)" ] || fail "$ns uuid: list $uuid, $holder"
		;;
	sector)
		[ "$uuid" = "$(attr "$holder" uuid)" ] || fail "$ns uuid: list $uuid, $holder"
		;;
	*)
		[ "$uuid" = "$(attr "$ns" uuid)" ] || fail "$ns uuid: list $uuid"
		;;
	esac
	echo "$ns: $mode, sizes, resource, uuid match sysfs"
	modes+=" $mode"
done < $T/ns.tsv
for m in fsdax devdax sector raw; do
	[[ "$modes " == *" $m "* ]] || fail "no $m namespace listed (modes:$modes)"
done

[ -n "${UPSTREAM_NDCTL:-}" ] || skip "sysfs checks passed; Debian's ndctl is not installed for the comparison"
for args in "" "-RN" "-BDRN" "-RN -u" "-DN" "-RNi" "-vv" "-r 0" "-n 0.2" "-m sector -R -N" \
	    "-d nmem0 -R" "-m fsdax -u" "-n namespace9.9"; do
	# shellcheck disable=SC2086
	compare_upstream $args
done

# libkmod's indexes stay loaded (util/kmod-indexes.c): one open of
# modules.alias.bin per kmod context (libndctl's and the libdaxctl one it
# makes), not one per enumerated device as upstream's ndctl does. The ASan
# build's LeakSanitizer cannot run under ptrace: leak checks off for this run.
if command -v strace >/dev/null; then
	for who in ours upstream; do
		tool=$NDCTL
		[ $who = upstream ] && tool=$UPSTREAM_NDCTL
		ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
			strace -f -e trace=openat -o $T/$who.strace "$tool" list -RN >/dev/null ||
			fail "$who list -RN under strace"
		opens=$(grep -c 'modules\.alias\.bin' $T/$who.strace)
		echo "$who list -RN: $opens opens of modules.alias.bin"
		eval "${who}_opens=$opens"
	done
	# shellcheck disable=SC2154
	[ "$ours_opens" -le 2 ] || fail "ours opened modules.alias.bin $ours_opens times (the indexes are not kept loaded)"
	# shellcheck disable=SC2154
	[ "$upstream_opens" -gt 2 ] || fail "upstream opened modules.alias.bin $upstream_opens times: the check counts nothing"
else
	echo "strace not installed: the kmod index check is skipped"
fi

# wrong usage: we refuse an unknown mode or type
expect_fail "$NDCTL" list -m memoryish
expect_fail "$NDCTL" list -t nvme
echo "PASS"
