#!/bin/bash
# Helpers shared by the ns-*.sh guest tests (sourced, not a test itself).

# labels through our own commands
ns_init_labels() {
	run "$NDCTL" disable-region "$1"
	run "$NDCTL" init-labels -f -r "$1" all
	run "$NDCTL" enable-region "$1"
}

# everything the kernel says about regions and namespaces, for before/after
ns_snapshot() {
	# one grep for all attributes: forks are slow under TCG
	grep -s -H . /sys/bus/nd/devices/*/{size,resource,align,available_size,max_available_extent,mode,uuid,namespace,alt_name}
	ls -l /sys/bus/nd/devices/*/driver 2>/dev/null | sed 's/.* \(\/sys[^ ]*\) -> .*\/\([^/]*\)$/\1 \2/'
	ls /dev | grep -E '^(pmem|dax)' || true
}

# ns_create OUTVAR ARGS...: our create-namespace, JSON into OUTVAR
ns_create() {
	local __var=$1 __out
	shift
	echo "+ ndctl create-namespace $*" >&2
	__out=$("$NDCTL" create-namespace "$@") || fail "create-namespace $* failed"
	echo "$__out" >&2
	printf -v "$__var" '%s' "$__out"
}

ns_start() { echo $(( $(cat /sys/bus/nd/devices/$1/resource) )); }

# mount_dax BDEV DIR: ext4 with 4 KiB blocks, mounted -o dax, checked in /proc/mounts
mount_dax() {
	mkdir -p "$2"
	mkfs.ext4 -q -F -b 4096 "/dev/$1" || fail "mkfs.ext4 /dev/$1"
	mount -o dax "/dev/$1" "$2" || fail "mount -o dax /dev/$1"
	grep -q "^/dev/$1 $2 ext4 .*dax" /proc/mounts ||
		fail "/dev/$1 not mounted with dax: $(grep "^/dev/$1 " /proc/mounts)"
}
