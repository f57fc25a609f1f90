#!/bin/bash
# Print each failed test and the closing line "N passed, N failed, N skipped"
# from the automake result files (.trs); exit non-zero when anything failed
# or nothing ran.
#
#   scripts/test-summary.sh BUILD               every result under BUILD/test
#   scripts/test-summary.sh [LABEL=]DIR...      the results under each DIR
#
# A test is named by its path from the build tree (the part of DIR before
# its last "/test/"), after "LABEL: " when DIR has one: scripts/test labels
# each guest pass with its kernel and build ("6.12-asan: test/kernel/x").
# Each labelled DIR also gets its own count line.
pass=0 fail=0 skip=0
[ $# -gt 0 ] || set -- build

summarise() {
	local label=$1 dir=$2 root trs res t p=0 f=0 s=0
	case "$dir" in
	*/test/*) root=${dir%/test/*} ;;
	*) root=$dir dir=$dir/test ;;
	esac
	[ -d "$dir" ] || return 0
	for trs in $(find "$dir" -name '*.trs' | sort); do
		res=$(sed -n 's/^:test-result: //p' "$trs" | head -n 1)
		t=${trs#"$root"/}
		t=${label:+$label: }${t%.trs}
		case "$res" in
		PASS|XFAIL) p=$((p + 1)) ;;
		SKIP) s=$((s + 1)) ;;
		*) f=$((f + 1)); echo "failed: $t (log: ${trs%.trs}.log)" ;;
		esac
	done
	[ -n "$label" ] && echo "$label: $p passed, $f failed, $s skipped"
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
}

for arg in "$@"; do
	case "$arg" in
	*=*) summarise "${arg%%=*}" "${arg#*=}" ;;
	*) summarise "" "$arg" ;;
	esac
done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ] && [ $((pass + skip)) -gt 0 ]
