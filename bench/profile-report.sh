#!/bin/bash
# bench/profile-report.sh DIR: tables from what bench/profile.sh left in DIR
# ($NDCTL_BUILD/test/vm-results/profile/state/profile): median times per tool
# and, per strace -T file, the syscalls and the sysfs/dev files that took the
# time (digits in paths folded to N so that namespace0.3 and namespace0.5
# count as one attribute).
set -u
dir=${1:?usage: bench/profile-report.sh DIR}

median() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print 0 }'
}

if [ -s "$dir/samples.txt" ]; then
	echo "## Median over rounds (ms): one create-namespace, one destroy-namespace"
	echo
	echo "| op | tool | runs | wall ms | CPU ms | wall / upstream |"
	echo "|---|---|---|---|---|---|"
	for op in create destroy; do
		uw=$(awk -v op=$op '$1 == op && $2 == "upstream" { print $5 }' "$dir/samples.txt" | median)
		for who in upstream ours head; do
			n=$(awk -v op=$op -v w=$who '$1 == op && $2 == w' "$dir/samples.txt" | wc -l)
			[ "$n" -gt 0 ] || continue
			w=$(awk -v op=$op -v w=$who '$1 == op && $2 == w { print $5 }' "$dir/samples.txt" | median)
			c=$(awk -v op=$op -v w=$who '$1 == op && $2 == w { print $6 }' "$dir/samples.txt" | median)
			awk -v op=$op -v who=$who -v n="$n" -v w="$w" -v c="$c" -v u="$uw" 'BEGIN {
				printf "| %s | %s | %d | %.0f | %.0f | %s |\n", op, who, n, w / 1000,
					c / 1000, (u > 0 ? sprintf("%.2f", w / u) : "-") }'
		done
	done
	echo
fi

# one strace -f -tt -T -y file: totals, top syscalls, top files
summarize() {
	awk '
	function path(line,    m) {
		if (match(line, /"\/(sys|dev|proc|etc|run|usr|lib)[^"]*"/))
			return substr(line, RSTART + 1, RLENGTH - 2)
		if (match(line, /<\/(sys|dev|proc|etc|run|usr|lib)[^>]*>/))
			return substr(line, RSTART + 1, RLENGTH - 2)
		return "-"
	}
	/<[0-9]+\.[0-9]+>$/ {
		t = $NF; gsub(/[<>]/, "", t)
		name = $3; sub(/\(.*/, "", name)
		p = path($0); gsub(/[0-9]+/, "N", p)
		calls++; total += t
		sc[name] += t; sn[name]++
		pf[p] += t; pn[p]++
		if (!first) first = $2
		last = $2
	}
	function secs(ts,    a) { split(ts, a, ":"); return a[1] * 3600 + a[2] * 60 + a[3] }
	END {
		printf "syscalls %d, time inside them %.3f s, first to last %.3f s\n", calls, total,
			secs(last) - secs(first)
		print "by syscall (s, calls):"
		for (k in sc) printf "  %-16s %8.3f %6d\n", k, sc[k], sn[k] | "sort -k2 -rn | head -n 8"
		close("sort -k2 -rn | head -n 8")
		print "by file, digits folded (s, calls):"
		for (k in pf) printf "  %8.3f %5d %s\n", pf[k], pn[k], k | "sort -rn | head -n 16"
		close("sort -rn | head -n 16")
	}' "$1"
}

for f in "$dir"/create-*.strace "$dir"/destroy-*.strace; do
	[ -s "$f" ] || continue
	echo "### $(basename "$f" .strace)"
	echo
	echo '```'
	summarize "$f"
	echo '```'
	echo
done

# callgrind files (BENCH_PROFILE_CALLGRIND=1): instructions in user space
if ls "$dir"/*.callgrind >/dev/null 2>&1; then
	echo "## User-space instructions (callgrind, one run each)"
	echo
	echo "| op | tool | M instructions | vs upstream |"
	echo "|---|---|---|---|"
	for op in create destroy; do
		u=$(sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$dir/$op-upstream.callgrind" 2>/dev/null)
		for f in "$dir/$op-"*.callgrind; do
			[ -s "$f" ] || continue
			who=$(basename "$f" .callgrind)
			who=${who#"$op-"}
			ir=$(sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$f")
			awk -v op=$op -v who="$who" -v ir="$ir" -v u="${u:-0}" 'BEGIN {
				printf "| %s | %s | %.1f | %s |\n", op, who, ir / 1e6,
					(u > 0 ? sprintf("%.2f", ir / u) : "-") }'
		done
	done
	echo
	for f in "$dir"/create-ours.callgrind "$dir"/create-upstream.callgrind; do
		[ -s "$f" ] || continue
		echo "### $(basename "$f"): top functions (inclusive)"
		echo
		echo '```'
		callgrind_annotate --inclusive=yes "$f" 2>/dev/null | sed -n '/^Ir/,$p' | head -n 25
		echo '```'
		echo
	done
fi
