#!/bin/bash
# The demo: several fsdax namespaces inside one 128 MiB memory section, each
# mounted with DAX, which upstream ndctl's 16 MiB granularity cannot do.
# vm-nvdimm: size=1G
. "$NDCTL_SRC/test/vm/guest-lib.sh"

step() { printf '\n### %s\n' "$*"; }

step "An emulated 1 GiB NVDIMM, as the kernel (6.1) sees it"
$NDCTL list -R -u
step "Initialise its labels, so the region can hold several namespaces"
$NDCTL disable-region region0 >/dev/null
$NDCTL init-labels -f all
$NDCTL enable-region region0 >/dev/null
sizes="20M 24M 18M 30M 22M"
step "Plan five fsdax namespaces of $sizes (not multiples of 16 MiB) before touching anything"
reqs=$(for s in $sizes; do printf 'fsdax:%s ' "$s"; done)
$NDCTL plan -r region0 -u $reqs
step "Upstream ndctl 76.1 refuses the first of them (the baseline)"
if [ -n "$UPSTREAM_NDCTL" ]; then
	$UPSTREAM_NDCTL create-namespace -r region0 -m fsdax -s 20M -a 2M 2>&1 | tail -n 2
fi
step "Apply the plan: the kernel's placement is checked against the prediction"
$NDCTL plan -r region0 --apply $reqs >/dev/null || fail "plan --apply failed"
$NDCTL list -N -u
step "Where they sit: 2 MiB sub-sections of the first 128 MiB section"
$NDCTL list --subsections -u -r region0
step "mkfs.ext4 and mount -o dax on each"
for blk in $(ls /dev/pmem0.* /dev/pmem0 2>/dev/null); do
	mnt=/tmp/mnt/${blk##*/}
	mkdir -p "$mnt"
	mkfs.ext4 -q -F -b 4096 "$blk" || fail "mkfs $blk"
	mount -o dax "$blk" "$mnt" || fail "mount -o dax $blk"
	echo "hello from $blk" > "$mnt/hello"
done
grep ' /tmp/mnt/' /proc/mounts
umount /tmp/mnt/*
echo "demo complete"
