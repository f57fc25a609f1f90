#!/bin/bash
# Helpers shared by the bench/*.sh guest scripts (sourced, not a benchmark).
# Every measurement runs a command under bench/rusage.c (fork, exec, wait4) so
# that wall time, CPU time and peak RSS come from one run, in microseconds;
# medians are taken over repeated runs because one TCG run says little on its own.

. "$NDCTL_SRC/test/vm/guest-lib.sh"

# BENCH_* settings from the host: the harness passes no environment into the
# guest, so bench/run.sh writes them to $NDCTL_BUILD/bench/params
# shellcheck disable=SC1091
[ -r "$NDCTL_BUILD/bench/params" ] && . "$NDCTL_BUILD/bench/params"

bench_require() {
	command -v jq >/dev/null || skip "jq is not installed"
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

# the getrusage wrapper (bench/rusage.c): built on the host by bench/run.sh
# into $NDCTL_BUILD/bench/rusage (compiling under TCG takes minutes on a busy
# machine). Without it GNU time is used, whose CPU times have 10 ms steps.
BENCH_RUSAGE=
bench_rusage_build() {
	local b=$NDCTL_BUILD/bench/rusage

	if [ -x "$b" ] && [ "$b" -nt "$NDCTL_SRC/bench/rusage.c" ]; then
		BENCH_RUSAGE=$b
	elif [ -x /usr/bin/time ]; then
		echo "note: no $b (run bench/run.sh): GNU time, 10 ms CPU resolution" >&2
	else
		skip "neither $b nor GNU time (apt-get install time)"
	fi
}

# GNU time in rusage.c's output format
bench_gnu_time() {
	local f=$1 t0 t1 rc u s m
	shift
	t0=$(date +%s%N)
	/usr/bin/time -f '%U %S %M' -o "$f.gnu" "$@"
	rc=$?
	t1=$(date +%s%N)
	read -r u s m < <(grep -v '^Command' "$f.gnu" | tail -n 1)
	rm -f "$f.gnu"
	awk -v rc=$rc -v w=$(((t1 - t0) / 1000)) -v u="$u" -v s="$s" -v m="$m" \
		'BEGIN { printf "%d %d %d %d %d\n", rc, w, u * 1e6, s * 1e6, m }' > "$f"
	return $rc
}

# bench_run OUT CMD...: run CMD once; OUT gets "rc wall_us cpu_us maxrss_kb"
# (cpu = user + system). stdout of CMD goes to $BENCH_OUT (default
# /dev/null), stderr is appended to $BENCH_ERR.
bench_run() {
	local __var=$1 f rc wall u s rss
	shift
	f=$(mktemp /tmp/bench-time.XXXXXX)
	${BENCH_RUSAGE:-bench_gnu_time} "$f" "$@" >"${BENCH_OUT:-/dev/null}" \
		2>>"${BENCH_ERR:-/tmp/bench-stderr.log}"
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

# bench_init_labels REGION: label the region's DIMMs with upstream's tool.
# (guest-lib.sh's init_labels globs mapping*, which also matches the
# "mappings" count file and then asks for a DIMM named "1".)
bench_init_labels() {
	local r=$1 m dimms=
	for m in /sys/bus/nd/devices/$r/mapping[0-9]*; do
		dimms="$dimms $(cut -d, -f1 "$m")"
	done
	"$UPSTREAM_NDCTL" disable-region "$r" >/dev/null || fail "disable-region $r"
	# shellcheck disable=SC2086
	"$UPSTREAM_NDCTL" init-labels -f $dimms >/dev/null || fail "init-labels$dimms"
	"$UPSTREAM_NDCTL" enable-region "$r" >/dev/null || fail "enable-region $r"
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
