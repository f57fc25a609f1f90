#!/bin/bash
# A devdax namespace whose data range is exactly two 128 MiB memory blocks:
# --check predicts 256 MiB and no loss, reconfigure-device -m system-ram
# onlines exactly that (memory blocks and MemTotal), offline/online-memory
# work, back to devdax (refused while online unless -f), destroy: nothing left.
# The JSON of list is compared with Debian's daxctl 76.1 in both modes.
# vm-nvdimm: size=1G
# vm-timeout: 600
. "$NDCTL_SRC/test/vm/guest-lib.sh"
. "$NDCTL_SRC/test/vm/dax-lib.sh"
set -u
command -v jq >/dev/null || skip "jq is missing"

# our listing and upstream's, same arguments, same text
same_as_upstream() {
	[ -n "${UPSTREAM_DAXCTL:-}" ] || return 0
	local ours theirs
	ours=$("$DAXCTL" list "$@") || fail "daxctl list $* failed"
	theirs=$("$UPSTREAM_DAXCTL" list "$@")
	if [ "$ours" != "$theirs" ]; then
		echo "--- ours: list $*"; echo "$ours"
		echo "--- upstream: list $*"; echo "$theirs"
		fail "daxctl list $* differs from upstream"
	fi
	echo "list $*: same as upstream"
}

block=$(memblock_size)
[ "$block" = $((128 << 20)) ] || skip "memory block size is $block, the test assumes 128 MiB"
policy=$(< $memsys/auto_online_blocks)
echo "auto_online_blocks: $policy"
base_total=$(memtotal_kb)
base_present=$(memblocks_present)
base_online=$(memblocks_online)

step "prepare region0"
dax_region_prepare region0
# a raw 126 MiB filler puts the devdax namespace at 0x107e00000: with map=mem its
# data starts 2 MiB in, at the block boundary 0x108000000, and ends at 0x118000000
filler=$(ns_raw region0 $((126 << 20))) || fail "cannot create the filler"
dev=$(ns_devdax region0 $((258 << 20)) mem 0x200000) || fail "cannot create the devdax namespace"
ns=namespace${dev#dax}
echo "filler $filler, $ns at $(ns_start "$ns") -> /dev/$dev"
[ "$(ns_start "$ns")" = 0x107e00000 ] || fail "$ns starts at $(ns_start "$ns"), expected 0x107e00000"

step "compare list with upstream"
same_as_upstream -R -D -M
same_as_upstream -d "$dev" -u
same_as_upstream -i

step "--check"
out=$("$DAXCTL" reconfigure-device --check -m system-ram "$dev") || fail "--check failed"
echo "$out"
got=$(echo "$out" | jq -r '.[0].kmem | "\(.online_size) \(.head_lost) \(.tail_lost) \(.memblocks) \(.ranges[0].kmem_start)"')
[ "$got" = "$((256 << 20)) 0 0 2 $((0x108000000))" ] || fail "--check preview: $got"
[ "$(jq_dev "$dev" mode)" = devdax ] || fail "--check changed the mode"
[ "$(memtotal_kb)" = "$base_total" ] || fail "--check changed MemTotal"

step "to system-ram"
run "$DAXCTL" reconfigure-device -m system-ram "$dev"
# 6.12 says "online" (ZONE_NORMAL): daxctl holds it at "offline" while kmem binds
[ "$(< $memsys/auto_online_blocks)" = "$policy" ] ||
	fail "auto_online_blocks is $(< $memsys/auto_online_blocks) after the conversion, was $policy"
got=$(dev_keys "$dev" mode total_memblocks online_memblocks movable)
[ "$got" = "system-ram 2 2 true" ] || fail "after conversion: mode, total, online, movable = $got"
for addr in 0x108000000 0x110000000; do
	[ "$(memblock_state $addr)" = online ] || fail "block at $addr: $(memblock_state $addr)"
done
[ "$(memblock_state 0x100000000)" = absent ] || fail "block at 0x100000000 exists"
[ "$(memblock_state 0x118000000)" = absent ] || fail "block at 0x118000000 exists"
iomem=$(< /proc/iomem)
[[ "$iomem" == *"108000000-117ffffff : System RAM (kmem)"* ]] ||
	fail "no System RAM (kmem) at 0x108000000-0x117ffffff"
delta=$(($(memtotal_kb) - base_total))
echo "MemTotal grew by $delta kB"
[ "$delta" = $((256 << 10)) ] || fail "MemTotal grew by $delta kB, predicted 262144 kB"
[ $(($(memblocks_online) - base_online)) = 2 ] || fail "online block count did not grow by 2"
same_as_upstream -d "$dev"

step "offline and online"
run "$DAXCTL" offline-memory "$dev"
[ "$(jq_dev "$dev" online_memblocks)" = 0 ] || fail "offline-memory left blocks online"
[ "$(memtotal_kb)" = "$base_total" ] || fail "MemTotal not back after offline-memory"
run "$DAXCTL" online-memory "$dev"
[ "$(jq_dev "$dev" online_memblocks)" = 2 ] || fail "online-memory did not online 2 blocks"

step "back to devdax"
expect_fail "$DAXCTL" reconfigure-device -m devdax "$dev"
[ "$(jq_dev "$dev" mode)" = system-ram ] || fail "a refused reconfigure changed the mode"
run "$DAXCTL" reconfigure-device -f -m devdax "$dev"
[ "$(jq_dev "$dev" mode)" = devdax ] || fail "not back in devdax mode"
[ "$(memblock_state 0x108000000)" = absent ] || fail "memory block left after devdax"
[ "$(memtotal_kb)" = "$base_total" ] || fail "MemTotal not back to $base_total"
iomem=$(< /proc/iomem)
[[ "$iomem" != *"System RAM (kmem)"* ]] || fail "kmem resource left in /proc/iomem"

step "destroy"
ns_destroy_all region0
[ -z "$("$DAXCTL" list)" ] || fail "dax devices left"
[ "$(memblocks_present)" = "$base_present" ] || fail "memory blocks left"
[ "$(memblocks_online)" = "$base_online" ] || fail "online memory blocks changed"
[ "$(memtotal_kb)" = "$base_total" ] || fail "MemTotal changed"
step "done"
echo "PASS"
