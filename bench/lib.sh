#!/bin/bash
# Helpers shared by the bench/*.sh guest scripts (sourced, not a benchmark).
# Every measurement runs a command under bench/rusage.c (fork, exec, wait4) so
# that wall time, CPU time and peak RSS come from one run, in microseconds;
# medians are taken over repeated runs because one TCG run says little on its own.

. "$NDCTL_SRC/test/vm/guest-lib.sh"

bench_require() {
	command -v jq >/dev/null || skip "jq is not installed"
	command -v cc >/dev/null || skip "no C compiler for bench/rusage.c"
	[ -n "${UPSTREAM_NDCTL:-}" ] || skip "Debian's ndctl is not installed: no baseline"
	bench_rusage_build
}

# bench_region START: the regionN whose resource is START (hex or decimal)
bench_region() {
	local r
	for r in /sys/bus/nd/devices/region*; do
		[ -e "$r/resource" ] || continue
		if [ $(($(cat "$r/resource"))) = $(($1)) ]; then
			basename "$r"
			return 0
		fi
	done
	fail "no region starts at $1"
}

# the getrusage wrapper (bench/rusage.c), built once per boot into /tmp
BENCH_RUSAGE=/tmp/bench-rusage
bench_rusage_build() {
	[ -x "$BENCH_RUSAGE" ] && return 0
	cc -O2 -o "$BENCH_RUSAGE" "$NDCTL_SRC/bench/rusage.c" || fail "cannot build bench/rusage.c"
}

# bench_run OUT CMD...: run CMD once; OUT gets "rc wall_us cpu_us maxrss_kb"
# (cpu = user + system). stdout of CMD goes to $BENCH_OUT (default
# /dev/null), stderr is appended to $BENCH_ERR.
bench_run() {
	local __var=$1 f rc wall u s rss
	shift
	f=$(mktemp /tmp/bench-time.XXXXXX)
	"$BENCH_RUSAGE" "$f" "$@" >"${BENCH_OUT:-/dev/null}" 2>>"${BENCH_ERR:-/tmp/bench-stderr.log}"
	read -r rc wall u s rss < "$f"
	rm -f "$f"
	printf -v "$__var" '%s %s %s %s' "$rc" "$wall" $((u + s)) "$rss"
}

# microseconds as milliseconds with one decimal
ms() {
	awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'
}

# median of the numbers on stdin (one per line); the lower middle for even counts
median() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print 0 }'
}

# ratio A B: A/B with two decimals ("-" when B is 0)
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'
}

mib() {
	awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'
}

# namespaces of a region with a size: "name raw_bytes usable_bytes start" per line.
# usable is the pfn/dax/btt device's size when there is one, else the raw size.
bench_ns_list() {
	local ns id holder raw usable
	id=${1#region}
	for ns in /sys/bus/nd/devices/namespace$id.*; do
		[ -e "$ns/size" ] || continue
		raw=$(cat "$ns/size")
		[ "$raw" -gt 0 ] || continue
		usable=$raw
		holder=$(cat "$ns/holder" 2>/dev/null)
		if [ -n "$holder" ] && [ -e "/sys/bus/nd/devices/$holder/size" ]; then
			usable=$(cat "/sys/bus/nd/devices/$holder/size")
		fi
		echo "$(basename "$ns") $raw $usable $(($(cat "$ns/resource")))"
	done
}

# destroy every namespace of a region (upstream's tool: the reference)
bench_clear() {
	"$UPSTREAM_NDCTL" destroy-namespace -f -r "$1" all >/dev/null 2>&1
	[ -z "$(bench_ns_list "$1")" ] || fail "$1: namespaces left after destroy"
}

# put the region align back to the kernel's default, as after a boot, so
# upstream's tool sees the region it would see on a fresh system
bench_reset_align() {
	echo $((16 << 20)) > "/sys/bus/nd/devices/$1/align" 2>/dev/null ||
		echo "note: $1: could not reset align to 16M" >&2
}

round_up() {
	echo $((($1 + $2 - 1) / $2 * $2))
}

# where the results table goes: $VM_STATE/NAME.md, also printed at the end
bench_out_init() {
	BENCH_TABLE=$VM_STATE/$1.md
	: > "$BENCH_TABLE"
}

out() {
	echo "$*" >> "$BENCH_TABLE"
}

bench_env_table() {
	out "| guest | |"
	out "|---|---|"
	out "| kernel | $(uname -r) |"
	out "| guest CPU | $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) vCPUs |"
	out "| upstream | $("$UPSTREAM_NDCTL" --version) ($UPSTREAM_NDCTL) |"
	out "| ours | $("$NDCTL" --version) ($NDCTL) |"
	out ""
}
