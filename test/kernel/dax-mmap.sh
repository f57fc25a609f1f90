#!/bin/bash
# mmap of /dev/daxR.N at the device alignment from a small C program: write,
# read back; a length that is not a multiple of the alignment is refused; the
# data survives disable-device / enable-device of our daxctl.
#   dax0.0  64 MiB, map=dev, align 2 MiB
#   dax0.1  32 MiB at 0x104000000, map=mem, align 4 KiB
# vm-nvdimm: size=1G
# vm-timeout: 600
. "$NDCTL_SRC/test/vm/guest-lib.sh"
. "$NDCTL_SRC/test/vm/dax-lib.sh"
set -u
command -v jq >/dev/null || skip "jq is missing"

step "prepare"
mmap_test=$(build_mmap_test) || exit 1
dax_region_prepare region0
huge=$(ns_devdax region0 $((64 << 20)) dev 0x200000) || fail "cannot create the 2 MiB device"
small=$(ns_devdax region0 $((32 << 20)) mem 0x1000) || fail "cannot create the 4 KiB device"
"$DAXCTL" list
read -r huge_align huge_size < <(dev_keys "$huge" align size)
read -r small_align small_size < <(dev_keys "$small" align size)
[ "$huge_align" = $((2 << 20)) ] || fail "$huge align is $huge_align, not 2 MiB"
[ "$small_align" = 4096 ] || fail "$small align is $small_align, not 4 KiB"
echo "$huge: $huge_size bytes, $small: $small_size bytes"

step "2 MiB device: one page, the whole device, a misaligned length"
run "$mmap_test" "/dev/$huge" 0x200000 0x200000
run "$mmap_test" "/dev/$huge" 0x200000 "$huge_size"
run "$mmap_test" "/dev/$huge" 0x200000 $((0x200000 + 0x1000)) bad

step "4 KiB device: odd multiples of 4 KiB and the whole device"
run "$mmap_test" "/dev/$small" 0x1000 0x3000
run "$mmap_test" "/dev/$small" 0x1000 "$small_size"

step "the data survives disable-device / enable-device"
run "$DAXCTL" disable-device "$huge"
[ "$(jq_dev "$huge" state)" = disabled ] || fail "$huge is not disabled"
# the node stays (it belongs to the dax device), but has no driver behind it
expect_fail "$mmap_test" "/dev/$huge" 0x200000 0x200000 check
run "$DAXCTL" enable-device "$huge"
[ "$(jq_dev "$huge" state)" = null ] || fail "$huge is not enabled again"
run "$mmap_test" "/dev/$huge" 0x200000 "$huge_size" check

step "destroy"
ns_destroy_all region0
[ -z "$("$DAXCTL" list)" ] || fail "dax devices left"
step "done"
echo "PASS"
