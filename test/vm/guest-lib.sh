#!/bin/bash
# Shell helpers for guest tests: . "$NDCTL_SRC/test/vm/guest-lib.sh"

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

skip() {
	echo "SKIP: $*" >&2
	exit 77
}

# run a command that must fail (non-zero exit); its stderr is shown
expect_fail() {
	if "$@"; then
		fail "expected failure: $*"
	fi
	return 0
}

# run a command that must succeed, echoing it first
run() {
	echo "+ $*" >&2
	"$@" || fail "command failed ($?): $*"
}

# the label tool: Debian's upstream ndctl when present (the reference), else ours
label_tool() {
	if [ -n "${UPSTREAM_NDCTL:-}" ]; then
		echo "$UPSTREAM_NDCTL"
	else
		echo "$NDCTL"
	fi
}

# init_labels REGION: give the region's DIMMs a label index so the region
# becomes labelled (namespaces can be created and sized)
init_labels() {
	local region=$1 tool dimms d
	tool=$(label_tool)
	dimms=$(ls -d /sys/bus/nd/devices/$region/mapping[0-9]* 2>/dev/null |
		while read -r m; do cut -d, -f1 "$m"; done)
	[ -n "$dimms" ] || fail "init_labels: $region has no DIMMs"
	"$tool" disable-region "$region" >/dev/null || fail "init_labels: disable $region"
	for d in $dimms; do
		"$tool" init-labels -f "$d" >/dev/null || fail "init_labels: init-labels $d"
	done
	"$tool" enable-region "$region" >/dev/null || fail "init_labels: enable $region"
}

# init_all_labels: every pmem region
init_all_labels() {
	local r
	for r in $(ls /sys/bus/nd/devices | grep '^region'); do
		init_labels "$r"
	done
}

region_attr() {
	cat "/sys/bus/nd/devices/$1/$2"
}
