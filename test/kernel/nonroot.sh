#!/bin/bash
# The tools run by an unprivileged user (nobody, through setpriv): what needs
# root is refused with a message that says so, changes nothing and prints no
# partial result; listings that do work show only values root sees too (no
# physical address shown as 0); planning offline needs no root.
# vm-nvdimm: size=1G
# vm-timeout: 900
. "$NDCTL_SRC/test/vm/guest-lib.sh"
. "$NDCTL_SRC/test/kernel/ns-lib/common.sh"
. "$NDCTL_SRC/test/bad-input/lib.sh"
set -u
command -v jq >/dev/null || skip "jq is missing"
command -v setpriv >/dev/null || skip "setpriv is missing"

R=region0
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
work=$(mktemp -d /tmp/nonroot.XXXXXX)
chmod 777 "$work"
failures=()

step() { echo "== $*" >&2; }
bad() {
	echo "FAIL: $*" >&2
	failures+=("$*")
}

# as_nobody OUT ERR CMD...: run as nobody; stdout and stderr into files
as_nobody() {
	local out=$1 err=$2
	shift 2
	"${NOBODY[@]}" "$@" >"$out" 2>"$err" </dev/null
}

# needs_root NAME CMD...: as nobody, CMD must fail, say "root" on stderr,
# print nothing on stdout and leave the system as it was (sysfs after each,
# with builtins; the listings once at the end)
needs_root() {
	local name=$1 rc before now err=
	shift
	bi_sys_state before
	as_nobody "$work/out" "$work/err" "$@"
	rc=$?
	read -r -d '' err <"$work/err"
	echo "$name: exit $rc: ${err//$'\n'/ }"
	[ "$rc" != 0 ] || bad "$name: succeeded without root"
	[[ $err == *root* ]] || bad "$name: the message does not say that root is needed"
	[ ! -s "$work/out" ] || bad "$name: printed a partial result: $(head -c 300 "$work/out")"
	bi_sys_state now
	[ "$now" = "$before" ] || bad "$name: changed the system: $(bi_diff "$before" "$now")"
}

# a physical address printed as zero (string or number, anywhere in a line)
zero_addr='"(resource|data_resource|start|data_start|end|phys_addr)": ?("0x0"|0)(,|}|$)'

# the scalar leaves of a JSON document, one "path value" line each
leaves() { jq -c 'paths(scalars) as $p | [$p, getpath($p)]' "$1" | sort; }

# works_subset NAME CMD...: as nobody CMD succeeds, and every value it prints
# is one root's run prints too (fields may be missing, never made up or 0)
works_subset() {
	local name=$1 extra
	shift
	"$@" >"$work/root.json" 2>/dev/null || bad "$name: fails as root"
	if ! as_nobody "$work/out" "$work/err" "$@"; then
		# refusing is acceptable when the message says why
		grep -q root "$work/err" || bad "$name: fails as nobody without naming root: $(cat "$work/err")"
		[ ! -s "$work/out" ] || bad "$name: refused but printed a partial result"
		echo "$name: refused as nobody: $(head -n 1 "$work/err")"
		return
	fi
	extra=$(comm -13 <(leaves "$work/root.json") <(leaves "$work/out"))
	[ -z "$extra" ] || bad "$name: values root does not see: $(echo "$extra" | head -n 5 | tr '\n' ' ')"
	if grep -Eq "$zero_addr" "$work/out"; then
		bad "$name: shows a zero physical address: $(grep -Eo "$zero_addr" "$work/out" | head -n 3)"
	fi
	echo "$name: works as nobody ($(leaves "$work/out" | wc -l) values, $(leaves "$work/root.json" | wc -l) as root)"
}

step "setup: labels, an fsdax and a devdax namespace (as root)"
ns_init_labels $R
ns_create fs -r $R -m fsdax -a 2M -s 32M
ns_create dd -r $R -m devdax -a 2M -s 64M
NS_FSDAX=$(echo "$fs" | jq -r .dev)
DAX=$("$DAXCTL" list | jq -r '(if type == "array" then .[] else . end) | .chardev' | head -n 1)
"$NDCTL" list --capture "$work/capture.json" || fail "capture as root"
chmod 644 "$work/capture.json"
[ -n "$DAX" ] || fail "no dax device"

step "sanity: nobody cannot read physical addresses"
as_nobody "$work/out" "$work/err" cat /sys/bus/nd/devices/$R/resource &&
	echo "note: $R/resource is readable without root here"
head -n 3 /proc/iomem >"$work/iomem-root"
"${NOBODY[@]}" head -n 3 /proc/iomem

step "listings"
works_subset "list" "$NDCTL" list
works_subset "list -RNDu" "$NDCTL" list -RNDu
works_subset "list -RNiv" "$NDCTL" list -RNiv
works_subset "daxctl list -RD" "$DAXCTL" list -RD

step "what needs physical addresses or the devices"
listing_before=$(bi_full_state)
needs_root "list --subsections" "$NDCTL" list --subsections
needs_root "list --capture" "$NDCTL" list --capture "$work/nobody.json"
[ ! -e "$work/nobody.json" ] || bad "list --capture left a file behind"
needs_root "plan -r" "$NDCTL" plan -r $R fsdax:32M
needs_root "plan -r --apply" "$NDCTL" plan -r $R --apply fsdax:32M
needs_root "create-namespace" "$NDCTL" create-namespace -r $R -m fsdax -s 32M
needs_root "destroy-namespace" "$NDCTL" destroy-namespace -f "$NS_FSDAX"
needs_root "disable-namespace" "$NDCTL" disable-namespace "$NS_FSDAX"
needs_root "disable-region" "$NDCTL" disable-region $R
needs_root "init-labels" "$NDCTL" init-labels -f nmem0
needs_root "read-labels" "$NDCTL" read-labels -j nmem0
needs_root "check-labels" "$NDCTL" check-labels nmem0
needs_root "daxctl reconfigure-device" "$DAXCTL" reconfigure-device -m system-ram "$DAX"
needs_root "daxctl disable-device" "$DAXCTL" disable-device "$DAX"

[ "$(bi_full_state)" = "$listing_before" ] ||
	bad "the refused commands changed the listings or labels: $(bi_diff "$listing_before" "$(bi_full_state)")"

step "offline planning needs no root"
as_nobody "$work/out" "$work/err" "$NDCTL" plan --simulate size=1G fsdax:32M ||
	bad "plan --simulate fails as nobody: $(cat "$work/err")"
as_nobody "$work/out" "$work/err" "$NDCTL" plan --topology "$work/capture.json" -r $R fsdax:32M ||
	bad "plan --topology fails as nobody: $(cat "$work/err")"
# the plan from a root capture is the one root gets from the same capture
"$NDCTL" plan --topology "$work/capture.json" -r $R fsdax:32M >"$work/root.json"
cmp -s "$work/out" "$work/root.json" || bad "plan --topology differs between nobody and root"
as_nobody "$work/out" "$work/err" "$NDCTL" list --topology "$work/capture.json" ||
	bad "list --topology fails as nobody: $(cat "$work/err")"

step "cleanup"
run "$NDCTL" destroy-namespace -f -r $R all
rm -rf "$work"
if [ ${#failures[@]} -gt 0 ]; then
	printf '  %s\n' "${failures[@]}" >&2
	fail "${#failures[@]} problems as a non-root user"
fi
echo PASS
