#!/bin/bash
# Four 30 MiB fsdax namespaces in the first section of a region (something
# upstream ndctl cannot make): `list --subsections` reports exactly the
# sub-sections the kernel's resources say, checked against each namespace's
# /proc/iomem entry and its pfn device's resource and size.
# vm-nvdimm: size=1G
# vm-timeout: 900
. "$NDCTL_SRC/test/vm/guest-lib.sh"
set -u

command -v jq >/dev/null || skip "jq is needed (apt-get install jq)"
R=region0
SYS=/sys/bus/nd/devices
SEC=$((128 << 20))
SUB=$((2 << 20))
T=/run/list-subsections
mkdir -p $T

tool=$(label_tool)
"$tool" disable-region $R >/dev/null || fail "disable-region"
for m in "$SYS/$R"/mapping[0-9]*; do
	"$tool" init-labels -f "$(cut -d, -f1 "$m")" >/dev/null || fail "init-labels"
done
"$tool" enable-region $R >/dev/null || fail "enable-region"

for i in 1 2 3 4; do
	"$NDCTL" create-namespace -r $R -m fsdax -a 2M -s 30M > $T/ns$i.json ||
		fail "our create-namespace -s 30M (#$i)"
done
rstart=$(( $(cat "$SYS/$R/resource") ))
sec=$((rstart / SEC))

"$NDCTL" list --subsections -r $R > $T/view.json || fail "list --subsections"
"$NDCTL" list --subsections -r $R -u || fail "list --subsections -u"
jq -c '.regions[0].namespaces[]' $T/view.json

# /proc/iomem: "  100000000-101dfffff : namespace0.0" (root sees addresses)
iomem_range() {
	sed -n "s/^ *\([0-9a-f]*\)-\([0-9a-f]*\) : $1\$/\1 \2/p" /proc/iomem | head -n 1
}

mask=0
n=0
for ns in $(jq -r '.regions[0].namespaces[].dev' $T/view.json); do
	sel=".regions[0].namespaces[] | select(.dev == \"$ns\")"
	read -r a b <<<"$(iomem_range "$ns")"
	[ -n "$a" ] || fail "$ns not in /proc/iomem"
	start=$((0x$a))
	end=$((0x$b + 1))
	holder=$(cat "$SYS/$ns/holder")
	pstart=$(( $(cat "$SYS/$holder/resource") ))
	psize=$(cat "$SYS/$holder/size")
	[ "$(jq -r "$sel | .resource" $T/view.json)" = "$(printf 0x%x $start)" ] ||
		fail "$ns: resource differs from /proc/iomem $a"
	[ "$(jq -r "$sel | .size" $T/view.json)" = $((end - start)) ] ||
		fail "$ns: size differs from /proc/iomem"
	# the data range is what the pfn device reports
	[ "$(jq -r "$sel | .data.start" $T/view.json)" = "$(printf 0x%x $pstart)" ] ||
		fail "$ns: data start $(jq -r "$sel | .data.start" $T/view.json), $holder says $(printf 0x%x $pstart)"
	[ "$(jq -r "$sel | .data.end" $T/view.json)" = "$(printf 0x%x $((pstart + psize)))" ] ||
		fail "$ns: data end differs from $holder resource + size"
	mapped_end=$((pstart + psize))
	[ "$(jq -r "$sel | .mapped.start" $T/view.json)" = "$(printf 0x%x $start)" ] ||
		fail "$ns: mapped start"
	[ "$(jq -r "$sel | .mapped.end" $T/view.json)" = "$(printf 0x%x $mapped_end)" ] ||
		fail "$ns: mapped end"
	# sub-sections the kernel populates for [start, mapped end)
	lo=$(( (start % SEC) / SUB ))
	hi=$(( ((mapped_end - 1) % SEC) / SUB ))
	got=$(jq -r "$sel | \"\(.first_section) \(.first_subsection) \(.last_section) \(.last_subsection)\"" \
		$T/view.json)
	[ "$got" = "$sec $lo $sec $hi" ] || fail "$ns: span '$got', kernel resources say '$sec $lo $sec $hi'"
	owner=$(jq -r ".regions[0].sections[0].owners[] | select(.owner == \"$ns\" and .active)
		| \"\(.first_subsection) \(.last_subsection)\"" $T/view.json)
	[ "$owner" = "$lo $hi" ] || fail "$ns: section owner entry '$owner', want '$lo $hi'"
	for ((i = lo; i <= hi; i++)); do
		mask=$((mask | (1 << i)))
	done
	echo "$ns: [$(printf 0x%x $start), $(printf 0x%x $end)) data $(printf 0x%x $pstart) sub-sections $lo-$hi of section $sec"
	n=$((n + 1))
done
[ $n = 4 ] || fail "expected 4 namespaces in the view, found $n"
got=$(jq -r '.regions[0].sections[0].subsection_map' $T/view.json)
want=$(printf 0x%016x $mask)
[ "$got" = "$want" ] || fail "section $sec map $got, the four namespaces make $want"
[ "$(jq -r '.regions[0].sections[0].section' $T/view.json)" = $sec ] || fail "first section"
[ "$(jq -r '.regions[0].sections[0].shared' $T/view.json)" = true ] || fail "not shared"
[ "$(jq -r '.regions[0].sections[0].conflict' $T/view.json)" = false ] || fail "conflict?"
[ "$(jq -r '.regions[0].sections[1].subsection_map' $T/view.json)" = 0x0000000000000000 ] ||
	fail "the second section should be empty"
echo "section $sec: map $got matches /proc/iomem and the pfn devices"
echo "PASS"
