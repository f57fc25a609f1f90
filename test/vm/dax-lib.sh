#!/bin/bash
# Helpers for the daxctl guest tests (test/kernel/dax-*.sh), after guest-lib.sh:
#   . "$NDCTL_SRC/test/vm/guest-lib.sh"; . "$NDCTL_SRC/test/vm/dax-lib.sh"
#
# Namespaces are made through sysfs directly, so that the daxctl tests can
# place them on the 2 MiB grid (upstream ndctl insists on 16 MiB) without
# depending on this project's create-namespace.

nd=/sys/bus/nd/devices
memsys=/sys/devices/system/memory

# dax_region_prepare REGION: labelled, region align 2 MiB
dax_region_prepare() {
	init_labels "$1"
	echo 0x200000 > "$nd/$1/align" || fail "cannot set $1 align to 2 MiB"
}

# ns_new REGION SIZE: a pmem namespace with a uuid and SIZE bytes, not enabled;
# prints its name
ns_new() {
	local region=$1 size=$2 ns
	ns=$(cat "$nd/$region/namespace_seed")
	[ -n "$ns" ] || fail "$region has no namespace seed"
	cat /proc/sys/kernel/random/uuid > "$nd/$ns/uuid" || fail "$ns: cannot set uuid"
	echo "$size" > "$nd/$ns/size" || fail "$ns: cannot set size $size"
	echo "$ns"
}

# ns_raw REGION SIZE: an enabled raw namespace (a filler that moves the next
# start); prints its name
ns_raw() {
	local ns
	ns=$(ns_new "$1" "$2") || exit 1
	echo "$ns" > /sys/bus/nd/drivers/nd_pmem/bind || fail "$ns: cannot enable"
	echo "$ns"
}

# ns_devdax REGION SIZE MAP(mem|dev) ALIGN: an enabled devdax namespace;
# prints the dax character device name (daxR.N, after namespaceR.N)
ns_devdax() {
	local region=$1 size=$2 map=$3 align=$4 ns dax mode=pmem
	[ "$map" = mem ] && mode=ram
	ns=$(ns_new "$region" "$size") || exit 1
	dax=$(cat "$nd/$region/dax_seed")
	[ -n "$dax" ] || fail "$region has no dax seed"
	# without a uuid of its own the dax device refuses to probe (ENODEV)
	cat /proc/sys/kernel/random/uuid > "$nd/$dax/uuid" || fail "$dax: cannot set uuid"
	echo "$ns" > "$nd/$dax/namespace" || fail "$dax: cannot attach $ns"
	echo "$align" > "$nd/$dax/align" || fail "$dax: cannot set align $align"
	echo "$mode" > "$nd/$dax/mode" || fail "$dax: cannot set mode $mode"
	echo "$dax" > /sys/bus/nd/drivers/dax_pmem/bind || fail "$dax: cannot enable ($ns)"
	[ -c "/dev/dax${ns#namespace}" ] || fail "/dev/dax${ns#namespace} missing after enabling $dax"
	echo "dax${ns#namespace}"
}

# ns_start NS: its physical start (hex)
ns_start() {
	cat "$nd/$1/resource"
}

# ns_destroy_all REGION: every namespace of the region gone (through sysfs:
# detach and disable its dax/pfn device, disable it, size 0)
ns_destroy_all() {
	local region=$1 ns d
	for ns in $(ls "$nd/$region" | grep '^namespace[0-9]'); do
		[ "$(cat "$nd/$region/$ns/size")" != 0 ] || continue
		for d in "$nd/$region"/dax[0-9]* "$nd/$region"/pfn[0-9]*; do
			[ -e "$d/namespace" ] || continue
			[ "$(cat "$d/namespace")" = "$ns" ] || continue
			if [ -e "$d/driver" ]; then
				basename "$d" > "$d/driver/unbind" || fail "cannot disable $d"
			fi
			echo > "$d/namespace" || fail "cannot detach $d from $ns"
		done
		if [ -e "$nd/$ns/driver" ]; then
			echo "$ns" > "$nd/$ns/driver/unbind" || fail "cannot disable $ns"
		fi
		echo 0 > "$nd/$ns/size" || fail "cannot destroy $ns"
		echo "destroyed $ns"
	done
}

# The helpers below use shell builtins only: under TCG on a loaded host every
# process start costs seconds.

memtotal_kb() {
	local key val rest
	while read -r key val rest; do
		[ "$key" = MemTotal: ] && { echo "$val"; return; }
	done < /proc/meminfo
}

memblock_size() {
	echo $((0x$(< $memsys/block_size_bytes)))
}

# count of memory blocks present / online
memblocks_present() {
	local blocks=($memsys/memory[0-9]*)
	echo ${#blocks[@]}
}

memblocks_online() {
	local f n=0
	for f in $memsys/memory[0-9]*/state; do
		[ "$(< "$f")" = online ] && n=$((n + 1))
	done
	echo $n
}

# memblock_state ADDR: state of the memory block holding a physical address,
# "absent" when there is no such block
memblock_state() {
	local f
	f=$memsys/memory$(($1 / $(memblock_size)))/state
	if [ -e "$f" ]; then echo "$(< "$f")"; else echo absent; fi
}

# sys_state: what a refused command must not change: iomem, memory blocks,
# and which driver each dax device has
sys_state() {
	local f d
	echo "$(< /proc/iomem)"
	for f in $memsys/memory[0-9]*/state; do echo "$f $(< "$f")"; done
	for d in /sys/bus/dax/devices/*; do
		if [ -e "$d/driver" ]; then
			echo "$d $(cd "$d/driver" && pwd -P)"
		else
			echo "$d unbound"
		fi
	done
}

# dev_keys CHARDEV KEY...: those keys of our daxctl's listing of the device,
# space separated, in one daxctl and one jq run
dev_keys() {
	local dev=$1 filter
	shift
	filter=$(printf '\\(.%s) ' "$@")
	"$DAXCTL" list -d "$dev" | jq -r ".[0] | \"${filter% }\""
}

# jq_dev CHARDEV KEY: one key of our daxctl's listing of the device
jq_dev() {
	dev_keys "$1" "$2"
}

# the mmap test program: built by make in the build tree when wired in (or by
# hand), else compiled here; prints its path
build_mmap_test() {
	local built=$NDCTL_BUILD/test/vm/mmap-test
	if [ -x "$built" ] && [ "$built" -nt "$NDCTL_SRC/test/vm/mmap-test.c" ]; then
		echo "$built"
		return
	fi
	command -v cc >/dev/null || skip "no C compiler in the guest for mmap-test"
	cc -O2 -o /tmp/mmap-test "$NDCTL_SRC/test/vm/mmap-test.c" || fail "cannot build mmap-test"
	echo /tmp/mmap-test
}

# step TEXT: a progress line with the seconds since the test started
step() {
	echo "=== [${SECONDS}s] $*"
}
