#!/bin/bash
# Bad input never changes anything: each case gives a clear error (naming
# the object, value and rule), a non-zero exit, and the kernel's view of
# regions and namespaces is identical before and after.
# vm-nvdimm: size=1G
# vm-timeout: 900
. "$NDCTL_SRC/test/vm/guest-lib.sh"
. "$NDCTL_SRC/test/kernel/ns-lib/common.sh"
set -u

R=region0
# refused CMD...: must fail, say something on stderr matching $want, change nothing
refused() {
	local before after err rc
	before=$(ns_snapshot)
	err=$("$NDCTL" "$@" 2>&1 >/dev/null)
	rc=$?
	after=$(ns_snapshot)
	echo "ndctl $* -> exit $rc: $err"
	[ $rc != 0 ] || fail "ndctl $* succeeded"
	[ -z "$want" ] || echo "$err" | grep -qiE -- "$want" ||
		fail "ndctl $*: message does not match '$want': $err"
	[ "$before" = "$after" ] ||
		fail "ndctl $* changed the system: $(diff <(echo "$before") <(echo "$after"))"
}

# a label-less region (as QEMU gives it): the hint to initialise labels
want="label-less.*init-labels"
refused create-namespace -r $R -m fsdax -s 32M
ns_init_labels $R

want="31 MiB.*2 MiB.*--size=30M or --size=32M"
refused create-namespace -r $R -m fsdax -a 2M -s 31M
want="16 MiB"
refused create-namespace -r $R -m fsdax -a 2M -s 8M
want="not a size"
refused create-namespace -r $R -s 12.5M
want="mode"
refused create-namespace -r $R -m bogus -s 32M
want="16K.*not supported|choose"
refused create-namespace -r $R -m fsdax -a 16K -s 32M
want="1 ?G|align"
refused create-namespace -r $R -m fsdax -a 1G -s 30M
want="region9|no enabled pmem region"
refused create-namespace -r region9 -m fsdax -s 32M
want="--map"
refused create-namespace -r $R -m sector -M mem -s 32M
want="no such namespace"
refused destroy-namespace namespace0.9
want="--usable-size|not both"
refused create-namespace -r $R -s 32M --usable-size 30M

# a small fsdax namespace to mount, then the rest of the region as one raw
# namespace (the default size: the largest free extent), then nothing fits
ns_create small -r $R -m fsdax -a 2M -s 32M
ns_create rest -r $R -m raw
want="does not fit|largest free extent"
refused create-namespace -r $R -m fsdax -s 32M
want="does not fit|largest free extent|no enabled|room"
refused create-namespace -m fsdax -s 32M

# destroy of a mounted namespace, even with -f: names the mount
bdev=$(echo "$small" | jq -r .blockdev)
dev=$(echo "$small" | jq -r .dev)
mount_dax $bdev /tmp/ns-bad
want="mounted on /tmp/ns-bad"
refused destroy-namespace -f $dev
want="mounted on /tmp/ns-bad"
refused disable-namespace $dev
# -f changes nothing for disable (and its help must not claim it destroys)
want="mounted on /tmp/ns-bad"
refused disable-namespace -f $dev
for cmd in enable-namespace disable-namespace; do
	force=$("$NDCTL" $cmd --help 2>&1 | grep -e '--force') || fail "$cmd --help has no --force"
	echo "$cmd --help: $force"
	echo "$force" | grep -qi 'destroy' && fail "$cmd --help says -f destroys: $force"
done
want="mounted on /tmp/ns-bad"
refused create-namespace -f -e $dev -m devdax
want="mounted on /tmp/ns-bad"
refused disable-region $R
umount /tmp/ns-bad || fail umount
# enabled but not mounted: destroy and reconfig need -f
want="-f"
refused destroy-namespace $dev
want="-f"
refused create-namespace -e $dev -m devdax
run "$NDCTL" destroy-namespace -f -r $R all
echo PASS
