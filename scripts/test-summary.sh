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
# Each labelled DIR also gets its own count line. The last lines of each
# failed test's log come first (NDCTL_TEST_FAIL_TAIL lines, default 80), so
# that a CI record that keeps only the end of the output still shows why.
pass=0 fail=0 skip=0 report= failed_logs=()
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
		*)
			f=$((f + 1))
			failed_logs+=("${trs%.trs}.log")
			report+="failed: $t (log: ${trs%.trs}.log)"$'\n'
			;;
		esac
	done
	[ -n "$label" ] && report+="$label: $p passed, $f failed, $s skipped"$'\n'
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
}

for arg in "$@"; do
	case "$arg" in
	*=*) summarise "${arg%%=*}" "${arg#*=}" ;;
	*) summarise "" "$arg" ;;
	esac
done
for log in "${failed_logs[@]}"; do
	echo "=== last lines of $log"
	tail -n "${NDCTL_TEST_FAIL_TAIL:-80}" "$log" 2>/dev/null || echo "(no log)"
done
printf '%s' "$report"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ] && [ $((pass + skip)) -gt 0 ]
