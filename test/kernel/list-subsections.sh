#!/bin/bash
# Four 30 MiB fsdax namespaces in the first section of a region (something
# upstream ndctl cannot make): `list --subsections` reports exactly the
# sub-sections the kernel's resources say, checked against each namespace's
# /proc/iomem entry and its pfn device's resource and size.
# vm-nvdimm: size=1G
# vm-timeout: 600
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
	read -r map < "$m"
	"$tool" init-labels -f "${map%%,*}" >/dev/null || fail "init-labels"
done
"$tool" enable-region $R >/dev/null || fail "enable-region"

for i in 1 2 3 4; do
	"$NDCTL" create-namespace -r $R -m fsdax -a 2M -s 30M > /dev/null ||
		fail "our create-namespace -s 30M (#$i)"
done
read -r rstart < "$SYS/$R/resource"
sec=$((rstart / SEC))

"$NDCTL" list --subsections -r $R > $T/view.json || fail "list --subsections"
"$NDCTL" list --subsections -r $R -u || fail "list --subsections -u"

# everything the checks need, in one jq run (processes are slow under TCG)
jq -r '.regions[0] as $r | ($r.sections[0].owners | map(select(.active))) as $o |
	$r.namespaces[] | . as $n | ($o[] | select(.owner == $n.dev)) as $ow |
	[.dev, .resource, .size, .data.start, .data.end, .mapped.start, .mapped.end,
	 .first_section, .first_subsection, .last_section, .last_subsection,
	 $ow.first_subsection, $ow.last_subsection] | @tsv' $T/view.json > $T/ns.tsv ||
	fail "jq on the view"
jq -r '.regions[0] | [.sections[0].section, .sections[0].subsection_map,
	.sections[0].shared, .sections[0].conflict, .sections[1].subsection_map] | @tsv' \
	$T/view.json > $T/sec.tsv || fail "jq on the sections"
cat $T/ns.tsv

mask=0
n=0
while IFS=$'\t' read -r ns res size dstart dend mstart mend fs fsub ls lsub olo ohi; do
	line=$(grep -m1 " : $ns\$" /proc/iomem)
	[ -n "$line" ] || fail "$ns not in /proc/iomem"
	range=${line%% :*}
	range=${range// /}
	start=$((0x${range%-*}))
	end=$((0x${range#*-} + 1))
	read -r holder < "$SYS/$ns/holder"
	read -r pstart < "$SYS/$holder/resource"
	read -r psize < "$SYS/$holder/size"
	pstart=$((pstart))
	mapped_end=$((pstart + psize))
	[ "$res" = "$(printf 0x%x $start)" ] || fail "$ns: resource $res, /proc/iomem $range"
	[ "$size" = $((end - start)) ] || fail "$ns: size $size, /proc/iomem $range"
	[ "$dstart" = "$(printf 0x%x $pstart)" ] || fail "$ns: data start $dstart, $holder $pstart"
	[ "$dend" = "$(printf 0x%x $mapped_end)" ] || fail "$ns: data end $dend, $holder end"
	[ "$mstart" = "$(printf 0x%x $start)" ] || fail "$ns: mapped start $mstart"
	[ "$mend" = "$(printf 0x%x $mapped_end)" ] || fail "$ns: mapped end $mend"
	# the sub-sections the kernel populates for [start, mapped end)
	lo=$(( (start % SEC) / SUB ))
	hi=$(( ((mapped_end - 1) % SEC) / SUB ))
	[ "$fs $fsub $ls $lsub" = "$sec $lo $sec $hi" ] ||
		fail "$ns: span '$fs $fsub $ls $lsub', kernel resources say '$sec $lo $sec $hi'"
	[ "$olo $ohi" = "$lo $hi" ] || fail "$ns: section owner entry '$olo $ohi', want '$lo $hi'"
	for ((i = lo; i <= hi; i++)); do
		mask=$((mask | (1 << i)))
	done
	echo "$ns: [$res, $(printf 0x%x $end)) data $dstart: sub-sections $lo-$hi of section $sec"
	n=$((n + 1))
done < $T/ns.tsv
[ $n = 4 ] || fail "expected 4 namespaces in the view, found $n"
IFS=$'\t' read -r s0 map shared conflict second < $T/sec.tsv
want=$(printf 0x%016x $mask)
[ "$s0" = $sec ] || fail "first section $s0, region starts in $sec"
[ "$map" = "$want" ] || fail "section $sec map $map, the four namespaces make $want"
[ "$shared $conflict" = "true false" ] || fail "section $sec: shared $shared conflict $conflict"
[ "$second" = 0x0000000000000000 ] || fail "the second section should be empty: $second"
echo "section $sec: map $map matches /proc/iomem and the pfn devices"
echo "PASS"
