#!/bin/bash
# `ndctl plan` on simulated and captured regions: option handling, exit
# statuses, refusals with suggestions, the JSON keys, --file, --dry-run, the
# pre-5.3 model and policies, and reconciliation with existing namespaces.
# Needs no NVDIMM, so it also runs on the host:
#   NDCTL=build/ndctl/ndctl NDCTL_SRC=. bash test/kernel/plan-cli.sh
# In the guest it also checks that a plan made from a captured topology
# (ndctl list --capture) equals the plan made on the live region.
# vm-nvdimm: size=1G
# vm-timeout: 900
. "$NDCTL_SRC/test/vm/guest-lib.sh"
set -u

command -v jq >/dev/null || skip "jq is not installed"
T=$(mktemp -d /tmp/plan-cli.XXXXXX)
SIM=size=1022M
P() { "$NDCTL" plan "$@"; }

# status CODE CMD...: run, expect exit CODE
status() {
	local want=$1 rc=0
	shift
	"$@" >$T/out 2>$T/err || rc=$?
	[ $rc = "$want" ] || { cat $T/err; fail "exit $rc, expected $want: $*"; }
}

# usage errors
status 2 P fsdax:30M
status 2 P --simulate $SIM
status 2 P --simulate $SIM --topology /nonexistent fsdax:30M
status 2 P --simulate $SIM --apply fsdax:30M
status 2 P --simulate $SIM --policy fastest fsdax:30M
status 2 P --simulate $SIM --kernel 4.19 fsdax:30M
status 2 P --simulate size=1G,bogus=1 fsdax:30M
status 2 P --simulate start=0x100000000 fsdax:30M
status 2 P --simulate $SIM fsdax:12.5M
status 0 P --help

# placed: exit 0, JSON keys, exact layout of a 30 MiB fsdax namespace
status 0 P --simulate $SIM --json fsdax:30M,name=db devdax:64M sector:18M raw:4M
j=$T/out
[ "$(jq -r .status $j)" = planned ] || fail "status $(jq -r .status $j)"
[ "$(jq -r '.namespaces[0] | [.name, .start, .end, .data_start, .usable, .metadata] | @tsv' $j)" = \
  "$(printf 'db\t0x100000000\t0x101e00000\t0x100200000\t%d\t%d' $((28 << 20)) $((2 << 20)))" ] ||
	fail "db layout: $(jq -c '.namespaces[0]' $j)"
[ "$(jq -r '.operations[0].op' $j)" = set-region-align ] || fail "no set-region-align first"
[ "$(jq '.operations | length' $j)" = 5 ] || fail "expected 5 operations"
[ "$(jq '.namespaces[1].kmem.blocks' $j)" != null ] || fail "devdax without kmem"
[ "$(jq '.summary.placed' $j)" = 4 ] || fail "summary.placed"
[ "$(jq -r '.picture.rows[0].cells' $j | cut -c1-15)" = AAAAAAAAAAAAAAA ] ||
	fail "picture row 0: $(jq -r '.picture.rows[0].cells' $j)"

# refused: exit 1, the rule and the nearest sizes that fit
status 1 P --simulate $SIM --json fsdax:31M
[ "$(jq -r '.namespaces[0].errno' $T/out)" = EINVAL ] || fail "31M not EINVAL"
[ "$(jq -c '.namespaces[0].suggest' $T/out)" = "[$((30 << 20)),$((32 << 20))]" ] ||
	fail "31M suggestions $(jq -c '.namespaces[0].suggest' $T/out)"
status 1 P --simulate $SIM --json fsdax:2G
[ "$(jq -r '.namespaces[0].errno' $T/out)" = ENOSPC ] || fail "2G not ENOSPC"
status 1 P --simulate $SIM --compat --json fsdax:30M
[ "$(jq -r '.namespaces[0].errno' $T/out)" = EINVAL ] || fail "--compat accepted 30M"
status 1 P --simulate $SIM,labelless --json fsdax:30M
[ "$(jq -r '.errno' $T/out)" = EOPNOTSUPP ] || fail "label-less region not refused"

# the human table and picture fit in 80 columns
status 0 P --simulate $SIM,ram=0x0-0x100000000 -u fsdax:30M,name=db devdax:64M sector:18M
awk 'length > 80 { print; bad = 1 } END { exit bad }' $T/out || fail "table wider than 80 columns"
grep -q '^0x100000000 AAAAAAAAAAAAAAA' $T/out || fail "no picture row for section 32"

# --file and --dry-run
echo '[{"mode":"fsdax","size":"30M","name":"db"},{"mode":"raw","size":4194304}]' >$T/r.json
status 0 P --simulate $SIM --file $T/r.json --dry-run --json fsdax:20M
[ "$(jq -r '[.operations[].name // empty] | join(",")' $T/out)" = "db,request#1,request#2" ] ||
	fail "--file order: $(jq -c .operations $T/out)"
[ "$(jq 'has("namespaces")' $T/out)" = false ] || fail "--dry-run printed namespaces"

# pre-5.3: one pfn device per section; isolate puts each in its own
status 1 P --simulate $SIM --kernel section --json fsdax:18M fsdax:22M
[ "$(jq -r '.namespaces[1].errno' $T/out)" = ENOMEM ] || fail "section model shared a section"
status 0 P --simulate $SIM --kernel section --policy isolate --json fsdax:18M fsdax:22M
[ "$(jq -c '[.namespaces[] | select(.filler | not) | .sections[0]] | unique | length' $T/out)" = 2 ] ||
	fail "isolate kept them in one section"

# pack never wastes more than in-order
reqs="devdax:100M fsdax:20M,align=2M devdax:30M fsdax:18M devdax:200M"
w1=$(P --simulate $SIM --json $reqs | jq .summary.waste)
w2=$(P --simulate $SIM --json --policy pack $reqs | jq .summary.waste)
[ "$w2" -le "$w1" ] || fail "pack wastes $w2 > in-order $w1"

# reconciliation by name
S=$SIM,ns=0x100000000+18M:fsdax:a,ns=0x101200000+22M:fsdax:b
status 0 P --simulate $S --json fsdax:18M,name=a fsdax:22M,name=b
[ "$(jq -r .status $T/out)" = already-applied ] || fail "not already-applied"
[ "$(jq '.operations | length' $T/out)" = 0 ] || fail "already-applied has operations"
status 0 P --simulate $S --json fsdax:18M,name=a fsdax:22M,name=b fsdax:30M,name=c
[ "$(jq -r '[.existing, (.namespaces | length), .namespaces[0].start] | @tsv' $T/out)" = \
  "$(printf '2\t1\t0x102800000')" ] || fail "partial: $(jq -c . $T/out)"
status 1 P --simulate $S --json fsdax:20M,name=a
[ "$(jq -r .status $T/out)" = conflict ] || fail "no conflict"

# a captured topology plans like the live region (guest only)
if [ -n "${VM_BOOT:-}" ] && [ -e /sys/bus/nd/devices/region0 ]; then
	run "$NDCTL" disable-region region0
	run "$NDCTL" init-labels -f -r region0 all
	run "$NDCTL" enable-region region0
	reqs="fsdax:30M,name=x devdax:64M sector:18M"
	P -r region0 --json $reqs >$T/live.json || fail "live plan failed"
	"$NDCTL" list --capture $T/cap.json >/dev/null || fail "list --capture failed"
	P --topology $T/cap.json -r region0 --json $reqs >$T/cap-plan.json || fail "captured plan failed"
	[ "$(jq -c .namespaces $T/live.json)" = "$(jq -c .namespaces $T/cap-plan.json)" ] ||
		fail "captured and live plans differ"
	echo "captured topology plans like the live region"
fi
rm -rf $T
echo "plan-cli: ok"
