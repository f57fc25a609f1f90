#!/bin/bash
# devdax namespaces sharing 128 MiB sections: the kmem preview reports the
# head and tail trimmed to memory blocks, conversion onlines exactly that, and
# a device holding no whole block is refused with the reason, nothing changed.
#
#   dax0.0  30 MiB at 0x100000000, data 0x100200000-0x101e00000: no whole block
#   dax0.1 258 MiB at 0x101e00000, data 0x102000000-0x112000000:
#          kmem 0x108000000-0x110000000 (128 MiB), head 96 MiB, tail 32 MiB
#   dax0.2  30 MiB at 0x112000000, in the section of dax0.1's tail
# vm-nvdimm: size=1G
# vm-timeout: 600
. "$NDCTL_SRC/test/vm/guest-lib.sh"
. "$NDCTL_SRC/test/vm/dax-lib.sh"
set -u
command -v jq >/dev/null || skip "jq is missing"

block=$(memblock_size)
[ "$block" = $((128 << 20)) ] || skip "memory block size is $block, the test assumes 128 MiB"
base_total=$(memtotal_kb)
base_present=$(memblocks_present)

step "prepare region0"
dax_region_prepare region0
small=$(ns_devdax region0 $((30 << 20)) mem 0x200000) || fail "cannot create dax0.0"
big=$(ns_devdax region0 $((258 << 20)) mem 0x200000) || fail "cannot create dax0.1"
tail_dev=$(ns_devdax region0 $((30 << 20)) mem 0x200000) || fail "cannot create dax0.2"
for d in "$small" "$big" "$tail_dev"; do
	echo "$d: namespace at $(ns_start "namespace${d#dax}")"
done
[ "$(ns_start "namespace${big#dax}")" = 0x101e00000 ] || fail "$big is not at 0x101e00000"
"$DAXCTL" list --kmem -u
snapshot=$(sys_state)

step "--check on a device with no whole memory block"
err=$("$DAXCTL" reconfigure-device --check -m system-ram "$small" 2>&1 >/dev/null) &&
	fail "--check accepted $small"
echo "$err"
[[ "$err" == *"$small: data 0x100200000-0x101e00000 (28 MiB) holds no whole 128 MiB memory block"* ]] ||
	fail "--check on $small did not give the reason"

step "conversion of that device is refused, nothing changed"
err=$("$DAXCTL" reconfigure-device -m system-ram "$small" 2>&1 >/dev/null) &&
	fail "reconfigure accepted $small"
[[ "$err" == *"nothing would be onlined"* ]] || fail "no reason given: $err"
[ "$(sys_state)" = "$snapshot" ] ||
	fail "a refused conversion changed something"

step "--check on the device with a trimmed head and tail"
out=$("$DAXCTL" reconfigure-device --check -m system-ram "$big" 2>/tmp/check.err) ||
	fail "--check failed on $big"
err=$(< /tmp/check.err)
echo "$err"
[[ "$err" == *"128 MiB of 256 MiB data would be onlined as System RAM (1 memory block of 128 MiB at 0x108000000-0x110000000); lost to memory-block alignment: head 96 MiB, tail 32 MiB"* ]] ||
	fail "--check sentence differs"
got=$(echo "$out" | jq -r '.[0].kmem | "\(.online_size) \(.head_lost) \(.tail_lost) \(.memblocks)"')
[ "$got" = "$((128 << 20)) $((96 << 20)) $((32 << 20)) 1" ] || fail "--check preview: $got"
[ "$(sys_state)" = "$snapshot" ] ||
	fail "--check changed something"

step "conversion onlines exactly the predicted block"
run "$DAXCTL" reconfigure-device -m system-ram "$big"
got=$(dev_keys "$big" mode total_memblocks online_memblocks)
[ "$got" = "system-ram 1 1" ] || fail "after conversion: mode, total, online = $got"
[ "$(memblock_state 0x108000000)" = online ] || fail "block 0x108000000 not online"
[ "$(memblock_state 0x100000000)" = absent ] || fail "a block in the shared head section"
[ "$(memblock_state 0x110000000)" = absent ] || fail "a block in the shared tail section"
delta=$(($(memtotal_kb) - base_total))
echo "MemTotal grew by $delta kB"
[ "$delta" = $((128 << 10)) ] || fail "MemTotal grew by $delta kB, predicted 131072 kB"
# the neighbours in the shared sections still work as devdax
mmap_test=$(build_mmap_test) || exit 1
"$mmap_test" "/dev/$small" 0x200000 0x200000 || fail "mmap of $small next to System RAM"
"$mmap_test" "/dev/$tail_dev" 0x200000 0x200000 || fail "mmap of $tail_dev next to System RAM"

step "back to devdax and destroy"
run "$DAXCTL" reconfigure-device -f -m devdax "$big"
[ "$(memtotal_kb)" = "$base_total" ] || fail "MemTotal not back"
ns_destroy_all region0
[ -z "$("$DAXCTL" list)" ] || fail "dax devices left"
[ "$(memblocks_present)" = "$base_present" ] || fail "memory blocks left"
step "done"
echo "PASS"
