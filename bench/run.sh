#!/bin/bash
# bench/run.sh NAME [OUT.md]: run one benchmark and write its results file
# (default bench/results/NAME.md) with the machine it ran on.
#   NAME = capacity | time   a guest script, run through test/vm/run-test.sh
#   NAME = scaling           on the host (ndctl plan --simulate)
# NDCTL_BUILD must name the build directory (configure && make done there).
# Builds bench/rusage.c into $NDCTL_BUILD/bench/rusage first, on the host.
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
name=${1:?usage: bench/run.sh capacity|time|scaling [OUT.md]}
out=${2:-$src/bench/results/$name.md}
build=${NDCTL_BUILD:?set NDCTL_BUILD to the build directory}
export NDCTL_BUILD=$build NDCTL_SRC=$src

mkdir -p "$build/bench" "$(dirname "$out")"
cc -O2 -Wall -o "$build/bench/rusage" "$src/bench/rusage.c" || exit 1

# BENCH_* settings for the guest scripts (the harness passes no environment)
env | grep '^BENCH_' | sed "s/=\(.*\)/='\1'/" > "$build/bench/params"
params=$(tr '\n' ' ' < "$build/bench/params")

load0=$(cut -d' ' -f1-3 /proc/loadavg)
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
case $name in
scaling)
	NDCTL=$build/ndctl/ndctl bash "$src/bench/scaling.sh" "$tmp"
	rc=$?
	where="host, $(uname -r), no VM"
	;;
capacity | time)
	"$src/test/vm/run-test.sh" "$src/bench/$name.sh"
	rc=$?
	state=$build/test/vm-results/$name/state
	cp "$state/$name.md" "$tmp" 2>/dev/null
	if [ -s "$state/$name-strace.txt" ]; then
		{ echo; echo '## strace -c (one run each)'; echo; echo '```'
		  cat "$state/$name-strace.txt"; echo '```'; } >> "$tmp"
	fi
	kver=$(grep -m1 -o 'kernel [^ ]*' "$build/test/vm-results/$name/console-boot1.log" |
	       cut -d' ' -f2 | tr -d '\r=')
	where="QEMU guest under TCG ($(qemu-system-x86_64 --version | head -n 1)), kernel ${kver:-?}, -smp 2 -m 2G"
	;;
*)
	echo "bench/run.sh: unknown benchmark '$name'" >&2
	exit 2
	;;
esac
[ "$rc" = 0 ] || { echo "bench/run.sh: $name failed ($rc)" >&2; exit "$rc"; }

{
	echo "# bench: $name"
	echo
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$src" rev-parse --short HEAD 2>/dev/null)"
	echo "- host: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), nproc $(nproc)," \
	     "$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, kernel $(uname -r)"
	echo "- load average before: $load0; after: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "- where: $where"
	echo "- how: ${params}NDCTL_BUILD=... bench/run.sh $name"
	echo
	cat "$tmp"
} > "$out"
echo "bench/run.sh: wrote $out"
