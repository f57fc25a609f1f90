#!/bin/bash
# A read-only region: nfit_test.1's DIMM is reported NOT_ARMED, so the kernel
# marks its region read-only. Creating a namespace there must fail with an
# error that says so, and leave the region, its namespaces and the DIMM's
# labels exactly as they were; planning there must refuse too.
# vm-nfit-test: yes
# vm-timeout: 900
. "$NDCTL_SRC/test/vm/guest-lib.sh"
. "$NDCTL_SRC/test/vm/nfit-test/nfit-lib.sh"
set -u

T=/tmp/nfit-readonly
mkdir -p $T
bus=$(nfit_bus nfit_test.1)
r=$(nfit_region "$bus" 1)
[ "$(cat $NFIT_SYS/$r/read_only)" = 1 ] || fail "$r on nfit_test.1 is not read-only"
dimm=$(nfit_region_dimms "$r")
echo "nfit_test.1 is $bus: read-only $r at $(cat $NFIT_SYS/$r/resource) on $dimm"

# what must not change: namespaces (all, with sizes), available space, align,
# and the DIMM's label area (its bytes, and whether it holds a valid index)
state() {
	local rc=0
	nfit_namespaces "$r"
	cat $NFIT_SYS/$r/available_size $NFIT_SYS/$r/align
	ls $NFIT_SYS/$r | grep -E '^(namespace|pfn|dax|btt)' | sort | tr '\n' ' '
	echo
	"$NDCTL" read-labels "$dimm" 2>/dev/null | md5sum
	"$NDCTL" check-labels "$dimm" >/dev/null 2>&1 || rc=$?
	echo "check-labels $dimm: $rc"
	if [ -n "${UPSTREAM_NDCTL:-}" ]; then
		"$UPSTREAM_NDCTL" read-labels -j "$dimm" 2>/dev/null | md5sum
	fi
}

# try_create WHAT [--any-reason] ARGS...: must fail, say "read-only" (unless
# --any-reason), and change nothing
try_create() {
	local what=$1 strict=1 before after
	shift
	if [ "$1" = --any-reason ]; then
		strict=0
		shift
	fi
	before=$(state)
	if "$NDCTL" create-namespace -r "$r" "$@" >$T/out 2>$T/err; then
		fail "$what: create-namespace $* on read-only $r succeeded: $(cat $T/out)"
	fi
	echo "$what: create-namespace $*: $(cat $T/err)"
	if ! grep -qi 'read-only' $T/err; then
		[ $strict = 0 ] || fail "$what: the error does not say the region is read-only"
		echo "note: $what: the refusal does not mention that $r is read-only"
	fi
	after=$(state)
	[ "$before" = "$after" ] || fail "$what: $r changed: '$before' -> '$after'"
}

# label-less, as nfit_test starts: one raw namespace covering the region;
# without --autolabel the label-less refusal comes first and is right too
try_create "label-less" --any-reason -m fsdax -a 2M -s 16M
# --autolabel must see the region is read-only before it writes a label index
# it could never use
try_create "label-less" -m fsdax -a 2M -s 16M --autolabel
if "$NDCTL" check-labels "$dimm" >/dev/null 2>&1; then
	fail "$dimm has a valid label index after --autolabel on read-only $r"
fi

# with a label index the region can hold namespaces, but still not be written
nfit_init_labels "$bus"
[ "$(cat $NFIT_SYS/$r/read_only)" = 1 ] || fail "$r is no longer read-only after init-labels"
for mode in fsdax devdax sector raw; do
	try_create "labelled" -m $mode -s 16M
done
try_create "labelled" -m fsdax -a 2M

if "$NDCTL" plan -r "$r" --json fsdax:16M >$T/plan.json 2>$T/plan.err; then
	fail "plan on read-only $r placed a namespace: $(cat $T/plan.json)"
fi
echo "plan: $(head -n 2 $T/plan.err)"
grep -qi 'read-only' $T/plan.err $T/plan.json || fail "plan's refusal does not say read-only"

# label-less again, and --autolabel: it must not write labels to a region it
# then cannot use
if [ -n "${UPSTREAM_NDCTL:-}" ]; then
	"$UPSTREAM_NDCTL" disable-region "$r" >/dev/null || fail "disable $r"
	"$UPSTREAM_NDCTL" zero-labels "$dimm" >/dev/null || fail "zero-labels $dimm"
	"$UPSTREAM_NDCTL" enable-region "$r" >/dev/null || fail "enable $r"
	# the DIMM keeps its labelling state until its driver rebinds: then
	# this cannot be checked here
	if [ -n "$(nfit_namespaces "$r")" ]; then
		try_create "label-less" -m fsdax -a 2M -s 16M --autolabel
	else
		echo "note: $r is not label-less again after zero-labels: --autolabel not checked"
	fi
else
	echo "(no upstream ndctl to zero the labels with: --autolabel not checked)"
fi
echo "PASS"
