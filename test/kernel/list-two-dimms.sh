#!/bin/bash
# Two 32 MiB regions in one 128 MiB section (two NVDIMMs 34 MiB apart): the
# listing agrees with sysfs and with Debian's ndctl, `list --subsections`
# reports one shared section holding both regions' namespaces, a topology
# captured with --capture and read back with --topology gives the same output
# as the live system, and broken topology files are refused cleanly.
# vm-nvdimm: size=34M addr=0x100000000 label=128K
# vm-nvdimm: size=34M addr=0x102200000 label=128K
# vm-timeout: 600
. "$NDCTL_SRC/test/vm/guest-lib.sh"
set -u

command -v jq >/dev/null || skip "jq is needed (apt-get install jq)"
SYS=/sys/bus/nd/devices
SEC=$((128 << 20))
OURS='walk(if type == "object" then del(.resource, .raw_size, .data_resource) else . end)'
T=/run/list-two-dimms
mkdir -p $T

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

# our listing minus our own keys equals upstream's (one jq run per comparison)
compare_upstream() {
	[ -n "${UPSTREAM_NDCTL:-}" ] || return 0
	"$UPSTREAM_NDCTL" list "$@" > $T/up.json 2>/dev/null || fail "upstream list $* failed"
	"$NDCTL" list "$@" > $T/ours.json || fail "our list $* failed"
	if ! jq -e -n --slurpfile a $T/up.json --slurpfile b $T/ours.json \
		"\$a == (\$b | $OURS)" >/dev/null; then
		cat $T/up.json $T/ours.json
		fail "list $*: our JSON differs from upstream's"
	fi
	echo "list $*: agrees with upstream"
}

for r in region0 region1; do
	[ -d "$SYS/$r" ] || fail "no $r: expected two regions"
	label_region "$r"
	# the whole region as one fsdax namespace: upstream refuses region1, which
	# does not start on 16 MiB ("misaligned to 16M"); ours does not
	if ! "${UPSTREAM_NDCTL:-$NDCTL}" create-namespace -r "$r" -m fsdax >/dev/null 2>&1; then
		"$NDCTL" create-namespace -r "$r" -m fsdax >/dev/null ||
			fail "create-namespace on $r"
	fi
done

# the listing against sysfs
"$NDCTL" list -RN > $T/list.json || fail "list -RN"
cat $T/list.json
jq -r '.regions[] | [.dev, .resource, .size, .namespaces[0].dev, .namespaces[0].resource,
	.namespaces[0].mode] | @tsv' $T/list.json > $T/list.tsv || fail "jq on list -RN"
while IFS=$'\t' read -r r res size ns nres mode; do
	read -r want < "$SYS/$r/resource"
	[ "$res" = "$(printf 0x%x $((want)))" ] || fail "$r resource: list says $res, sysfs $want"
	read -r want < "$SYS/$r/size"
	[ "$size" = "$want" ] || fail "$r size: list says $size, sysfs $want"
	read -r want < "$SYS/$ns/resource"
	[ "$nres" = "$(printf 0x%x $((want)))" ] || fail "$ns resource: list says $nres, sysfs $want"
	[ "$mode" = fsdax ] || fail "$ns is $mode, not fsdax"
	echo "$r, $ns: resource, size, mode match sysfs"
done < $T/list.tsv
for args in "-RN" "-BDRN" "-RN -u"; do
	# shellcheck disable=SC2086
	compare_upstream $args
done

# --subsections: each region sees one section, shared with the other region
"$NDCTL" list --subsections > $T/live.json || fail "list --subsections"
read -r r0 < "$SYS/region0/resource"
read -r r1 < "$SYS/region1/resource"
[ $((r0 / SEC)) = $((r1 / SEC)) ] || fail "the regions are not in one section"
sec=$((r0 / SEC))
jq -r '.regions[] | [.dev, (.sections | length), .sections[0].section, .sections[0].shared,
	.sections[0].conflict, ([.sections[0].owners[] | select(.kind == "namespace" and .active)
	| .region + "/" + .owner + "=" + (.first_subsection | tostring) + "-" +
	(.last_subsection | tostring)] | sort | join(" ")), (.warnings // [] | join(" "))] | @tsv' \
	$T/live.json > $T/view.tsv || fail "jq on the view"
cat $T/view.tsv
# the sub-sections each namespace populates, from the kernel's resources
want_owners=
for ns in namespace0.0 namespace1.0; do
	read -r start < "$SYS/$ns/resource"
	read -r size < "$SYS/$ns/size"
	start=$((start))
	lo=$(( (start % SEC) >> 21 ))
	hi=$(( ((start + size - 1) % SEC) >> 21 ))
	want_owners+=" region${ns:9:1}/$ns=$lo-$hi"
done
want_owners=${want_owners# }
n=0
while IFS=$'\t' read -r r nsec s shared conflict owners warnings; do
	[ "$nsec" = 1 ] || fail "$r: $nsec sections, expected one"
	[ "$s" = $sec ] || fail "$r: section $s, expected $sec"
	[ "$shared $conflict" = "true false" ] || fail "$r: shared $shared conflict $conflict"
	[ "$owners" = "$want_owners" ] || fail "$r: owners '$owners', kernel says '$want_owners'"
	[[ "$warnings" == *"shared by"* ]] || fail "$r: no shared-section warning"
	n=$((n + 1))
done < $T/view.tsv
[ $n = 2 ] || fail "the view lists $n regions, expected 2"
echo "one shared section $sec with both regions' namespaces: $want_owners"

# the picture names both and stays within 80 columns (notes may wrap)
"$NDCTL" list --subsections -u > $T/live.txt || fail "list --subsections -u"
cat $T/live.txt
grep -q "region1/namespace1.0" $T/live.txt || fail "picture lacks region1/namespace1.0"
while IFS= read -r line; do
	[ ${#line} -le 80 ] || fail "picture line wider than 80 columns: '$line'"
done < $T/live.txt

# capture, read back offline: the same output
"$NDCTL" list --subsections --capture $T/topo.json > $T/live2.json || fail "--capture"
cmp $T/live.json $T/live2.json || fail "--capture changed the output"
"$NDCTL" list --topology $T/topo.json > $T/offline.json || fail "--topology"
cmp $T/live.json $T/offline.json || fail "--topology output differs from the live one"
"$NDCTL" list --topology $T/topo.json -u > $T/offline.txt || fail "--topology -u"
cmp $T/live.txt $T/offline.txt || fail "--topology picture differs from the live one"
echo "captured topology gives the same output offline"

# broken files: an error naming the byte or key, exit 1, never a crash
head -c 300 $T/topo.json > $T/trunc.json
"$NDCTL" list --topology $T/trunc.json > /dev/null 2> $T/err.txt
rc=$?
cat $T/err.txt
[ $rc = 1 ] || fail "truncated topology: exit $rc"
grep -q "byte" $T/err.txt || fail "truncated topology: no byte offset in the error"
sed '0,/"size":/s/"size":[0-9]*/"size":"lots"/' $T/topo.json > $T/badkey.json
"$NDCTL" list --topology $T/badkey.json > /dev/null 2> $T/err.txt
rc=$?
cat $T/err.txt
[ $rc = 1 ] || fail "bad key: exit $rc"
grep -q "size" $T/err.txt || fail "bad key: error does not name the key"
echo "PASS"
