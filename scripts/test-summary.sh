#!/bin/bash
# Print each test's result and the closing line "N passed, N failed, N skipped"
# from the automake logs in BUILD; exit non-zero when anything failed.
build=${1:-build}
pass=0 fail=0 skip=0
for trs in $(find "$build/test" -name '*.trs' | sort); do
	res=$(sed -n 's/^:test-result: //p' "$trs" | head -n 1)
	t=${trs#"$build"/}
	case "$res" in
	PASS|XFAIL) pass=$((pass + 1)) ;;
	SKIP) skip=$((skip + 1)) ;;
	*) fail=$((fail + 1)); echo "failed: ${t%.trs} (log: ${trs%.trs}.log)" ;;
	esac
done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ] && [ $((pass + skip)) -gt 0 ]
