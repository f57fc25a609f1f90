#!/bin/bash
# Bad input to the daxctl device commands: unknown devices, malformed names,
# wrong mode names and option mixes, memory commands on a devdax device, and
# a device busy because a process maps it. Each gives a clear error and a
# non-zero exit, and changes nothing. (Few cases per kind: every process start
# costs seconds under TCG.)
# vm-nvdimm: size=1G
# vm-timeout: 600
. "$NDCTL_SRC/test/vm/guest-lib.sh"
. "$NDCTL_SRC/test/vm/dax-lib.sh"
set -u
command -v jq >/dev/null || skip "jq is missing"

# refused STATUS PATTERN CMD...: CMD exits with STATUS and its stderr holds
# PATTERN; with CHECK_STATE=1 the system must be unchanged too (usage errors
# stop before looking at any device, so they are not checked for that)
CHECK_STATE=0
refused() {
	local want=$1 pattern=$2 err rc before
	shift 2
	[ "$CHECK_STATE" = 1 ] && before=$(sys_state)
	err=$("$@" 2>&1 >/dev/null)
	rc=$?
	echo "$* -> exit $rc: ${err%%$'\n'*}"
	[ "$rc" = "$want" ] || fail "$*: exit $rc, expected $want"
	[[ "$err" == *"$pattern"* ]] || fail "$*: message lacks '$pattern': $err"
	if [ "$CHECK_STATE" = 1 ]; then
		[ "$(sys_state)" = "$before" ] || fail "$*: changed the system"
	fi
}

step "prepare"
mmap_test=$(build_mmap_test) || exit 1
dax_region_prepare region0
# 258 MiB with map=mem at the region start: 128 MiB could become System RAM
dev=$(ns_devdax region0 $((258 << 20)) mem 0x200000) || fail "cannot create the devdax namespace"
"$DAXCTL" list

step "unknown and malformed devices"
CHECK_STATE=1
refused 1 "dax9.9: no such dax device" "$DAXCTL" reconfigure-device -m system-ram dax9.9
refused 1 "dax9.9: no such dax device" "$DAXCTL" online-memory dax9.9
refused 1 "dax9.9: no such dax device" "$DAXCTL" disable-device dax9.9
refused 1 "$dev: no such dax device in region 7" "$DAXCTL" disable-device -r 7 "$dev"
CHECK_STATE=0
refused 2 '"pmem0" is not a dax device name' "$DAXCTL" reconfigure-device -m system-ram pmem0
refused 2 "specify a device to reconfigure" "$DAXCTL" reconfigure-device -m system-ram
refused 2 "specify a device to disable" "$DAXCTL" disable-device

step "wrong modes and option mixes"
for mode in ram System-RAM ""; do
	refused 2 "unknown mode \"$mode\": use system-ram or devdax" \
		"$DAXCTL" reconfigure-device -m "$mode" "$dev"
done
refused 2 "a mode is required" "$DAXCTL" reconfigure-device "$dev"
refused 2 "option '--mode' needs a value" "$DAXCTL" reconfigure-device "$dev" --mode
refused 2 "--no-online is incompatible with --mode=devdax" \
	"$DAXCTL" reconfigure-device -N -m devdax "$dev"
if [ -n "${UPSTREAM_DAXCTL:-}" ]; then
	# upstream also refuses these, and also without changing anything
	before=$(sys_state)
	"$UPSTREAM_DAXCTL" reconfigure-device -m ram "$dev" 2>/dev/null &&
		fail "upstream accepted mode ram"
	[ "$(sys_state)" = "$before" ] || fail "upstream changed something"
fi

step "memory commands on a devdax device"
CHECK_STATE=1
refused 1 "memory operations need system-ram mode" "$DAXCTL" online-memory "$dev"
refused 1 "memory operations need system-ram mode" "$DAXCTL" offline-memory "$dev"

step "busy: a process maps the device"
rm -f /tmp/held
"$mmap_test" "/dev/$dev" 0x200000 0x200000 hold /tmp/held &
holder=$!
for _ in $(seq 50); do
	[ -e /tmp/held ] && break
	sleep 0.2
done
[ -e /tmp/held ] || fail "the mmap holder did not start"
refused 1 "$dev: device is busy: /dev/$dev is open or mapped by process $holder" \
	"$DAXCTL" reconfigure-device -m system-ram "$dev"
refused 1 "device is busy" "$DAXCTL" disable-device "$dev"
kill "$holder"
wait "$holder" 2>/dev/null

step "no longer busy: the same commands work"
run "$DAXCTL" disable-device "$dev"
run "$DAXCTL" enable-device "$dev"
run "$DAXCTL" reconfigure-device --check -m system-ram "$dev"
[ "$(jq_dev "$dev" mode)" = devdax ] || fail "$dev is not devdax"

step "destroy"
ns_destroy_all region0
[ -z "$("$DAXCTL" list)" ] || fail "dax devices left"
step "done"
echo "PASS"
