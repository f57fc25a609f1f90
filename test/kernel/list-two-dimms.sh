#!/bin/bash
# Two 32 MiB regions in one 128 MiB section (two NVDIMMs 34 MiB apart): the
# listing agrees with sysfs and with Debian's ndctl, `list --subsections`
# reports one shared section holding both regions' namespaces, a topology
# captured with --capture and read back with --topology gives the same output
# as the live system, and broken topology files are refused cleanly.
# vm-nvdimm: size=34M addr=0x100000000 label=128K
# vm-nvdimm: size=34M addr=0x102200000 label=128K
# vm-timeout: 900
. "$NDCTL_SRC/test/vm/guest-lib.sh"
set -u

command -v jq >/dev/null || skip "jq is needed (apt-get install jq)"
SYS=/sys/bus/nd/devices
SEC=$((128 << 20))
OURS='walk(if type == "object" then del(.resource, .raw_size, .data_resource) else . end)'
T=/run/list-two-dimms
mkdir -p $T

label_region() {
	local tool m
	tool=$(label_tool)
	"$tool" disable-region "$1" >/dev/null || fail "disable-region $1"
	for m in "$SYS/$1"/mapping[0-9]*; do
		"$tool" init-labels -f "$(cut -d, -f1 "$m")" >/dev/null || fail "init-labels for $1"
	done
	"$tool" enable-region "$1" >/dev/null || fail "enable-region $1"
}

compare_upstream() {
	local up ours
	[ -n "${UPSTREAM_NDCTL:-}" ] || return 0
	up=$("$UPSTREAM_NDCTL" list "$@" 2>/dev/null) || fail "upstream list $* failed"
	ours=$("$NDCTL" list "$@") || fail "our list $* failed"
	# files, not <(...): the guest has no /dev/fd
	jq -S . <<<"$up" > $T/up.json || fail "upstream list $*: not JSON"
	jq -S "$OURS" <<<"$ours" > $T/ours.json || fail "our list $*: not JSON"
	if ! diff $T/up.json $T/ours.json; then
		echo "$up"; echo "$ours"
		fail "list $*: our JSON differs from upstream's"
	fi
	echo "list $*: agrees with upstream"
}

regions=$(ls "$SYS" | grep '^region' | sort)
[ "$(echo "$regions" | wc -l)" = 2 ] || fail "expected two regions, found: $regions"
for r in $regions; do
	label_region "$r"
	# the whole region as one fsdax namespace (32 MiB: a multiple of the 16 MiB default align)
	"${UPSTREAM_NDCTL:-$NDCTL}" create-namespace -r "$r" -m fsdax >/dev/null ||
		fail "create-namespace on $r"
done

# the listing against sysfs
LIST=$("$NDCTL" list -RN) || fail "list -RN"
echo "$LIST"
for r in $regions; do
	want=$(printf 0x%x $(( $(cat "$SYS/$r/resource") )))
	got=$(jq -r ".regions[] | select(.dev == \"$r\") | .resource" <<<"$LIST")
	[ "$got" = "$want" ] || fail "$r resource: list says $got, sysfs $want"
	got=$(jq -r ".regions[] | select(.dev == \"$r\") | .size" <<<"$LIST")
	[ "$got" = "$(cat "$SYS/$r/size")" ] || fail "$r size: list says $got"
	ns=$(jq -r ".regions[] | select(.dev == \"$r\") | .namespaces[0].dev" <<<"$LIST")
	want=$(printf 0x%x $(( $(cat "$SYS/$ns/resource") )))
	got=$(jq -r ".regions[] | select(.dev == \"$r\") | .namespaces[0].resource" <<<"$LIST")
	[ "$got" = "$want" ] || fail "$ns resource: list says $got, sysfs $want"
	[ "$(jq -r ".regions[] | select(.dev == \"$r\") | .namespaces[0].mode" <<<"$LIST")" = fsdax ] ||
		fail "$ns is not fsdax"
done
for args in "-RN" "-BDRN" "-RN -u" "-N" "-r 1 -N"; do
	# shellcheck disable=SC2086
	compare_upstream $args
done

# --subsections: each region sees one section, shared with the other region
"$NDCTL" list --subsections > $T/live.json || fail "list --subsections"
cat $T/live.json
r0start=$(( $(cat "$SYS/region0/resource") ))
r1start=$(( $(cat "$SYS/region1/resource") ))
[ $((r0start / SEC)) = $((r1start / SEC)) ] || fail "the regions are not in one section"
sec=$((r0start / SEC))
for r in $regions; do
	sel=".regions[] | select(.dev == \"$r\")"
	[ "$(jq "$sel | .sections | length" $T/live.json)" = 1 ] ||
		fail "$r: expected one section"
	[ "$(jq "$sel | .sections[0].section" $T/live.json)" = $sec ] || fail "$r: wrong section"
	[ "$(jq "$sel | .sections[0].shared" $T/live.json)" = true ] || fail "$r: section not shared"
	[ "$(jq "$sel | .sections[0].conflict" $T/live.json)" = false ] || fail "$r: conflict?"
	owners=$(jq -r "$sel | [.sections[0].owners[] | select(.kind == \"namespace\" and .active)
		 | .region + \"/\" + .owner] | sort | join(\" \")" $T/live.json)
	[ "$owners" = "region0/namespace0.0 region1/namespace1.0" ] ||
		fail "$r: active owners of section $sec: '$owners'"
	# sub-sections of each namespace from the kernel's own resources
	for ns in namespace0.0 namespace1.0; do
		start=$(( $(cat "$SYS/$ns/resource") ))
		size=$(cat "$SYS/$ns/size")
		lo=$(( (start % SEC) >> 21 ))
		hi=$(( ((start + size - 1) % SEC) >> 21 ))
		got=$(jq -r "$sel | .sections[0].owners[] | select(.owner == \"$ns\" and .active)
			 | \"\(.first_subsection)-\(.last_subsection)\"" $T/live.json)
		[ "$got" = "$lo-$hi" ] || fail "$r view: $ns sub-sections $got, kernel says $lo-$hi"
	done
	grep -q "shared by" <<<"$(jq -r "$sel | .warnings[]" $T/live.json)" ||
		fail "$r: no shared-section warning"
done
echo "one shared section $sec with both regions' namespaces"

# the picture names both
"$NDCTL" list --subsections -u > $T/live.txt || fail "list --subsections -u"
cat $T/live.txt
grep -q "region1/namespace1.0" $T/live.txt || fail "picture lacks region1/namespace1.0"
awk 'length($0) > 80 && !/^note:|^warning:|^conflict:/ { bad = 1 } END { exit bad }' \
	$T/live.txt || fail "picture wider than 80 columns"

# capture, read back offline: the same output
"$NDCTL" list --subsections --capture $T/topo.json > $T/live2.json || fail "--capture"
cmp $T/live.json $T/live2.json || fail "--capture changed the output"
jq -e '.version == 1 and (.regions | length) == 2' $T/topo.json >/dev/null ||
	fail "capture file: $(cat $T/topo.json)"
"$NDCTL" list --topology $T/topo.json > $T/offline.json || fail "--topology"
diff $T/live.json $T/offline.json || fail "--topology output differs from the live one"
"$NDCTL" list --topology $T/topo.json -u > $T/offline.txt || fail "--topology -u"
diff $T/live.txt $T/offline.txt || fail "--topology picture differs from the live one"
"$NDCTL" list --topology $T/topo.json -r region1 | jq -e '.regions | length == 1' >/dev/null ||
	fail "--topology -r region1"
echo "captured topology gives the same output offline"

# broken files: an error naming the byte or key, exit 1, never a crash
head -c 300 $T/topo.json > $T/trunc.json
"$NDCTL" list --topology $T/trunc.json > /dev/null 2> $T/err.txt
rc=$?
cat $T/err.txt
[ $rc = 1 ] || fail "truncated topology: exit $rc"
grep -q "byte" $T/err.txt || fail "truncated topology: no byte offset in the error"
jq '.regions[0].size = "lots"' $T/topo.json > $T/badkey.json
"$NDCTL" list --topology $T/badkey.json > /dev/null 2> $T/err.txt
rc=$?
cat $T/err.txt
[ $rc = 1 ] || fail "bad key: exit $rc"
grep -q "regions\[0\].size" $T/err.txt || fail "bad key: error does not name the key"
"$NDCTL" list --topology /nonexistent.json > /dev/null 2>&1
[ $? = 1 ] || fail "missing topology file: wrong exit status"
echo "PASS"
