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

# region_dimm_names REGION: the nmemN behind each of its mappingN attributes
# (mapping[0-9]*: a bare mapping* also matches "mappings", the count)
region_dimm_names() {
	local m
	for m in /sys/bus/nd/devices/"$1"/mapping[0-9]*; do
		[ -e "$m" ] && cut -d, -f1 "$m"
	done
	return 0
}

# init_labels [--ours] REGION...: give the regions' DIMMs a label index so the
# regions become labelled (namespaces can be created and sized). Every named
# region is disabled while the DIMMs are written, so regions that share DIMMs
# (nfit_test) are given together. The tool is Debian's upstream ndctl when
# installed (the reference); --ours uses this project's commands.
init_labels() {
	local tool r d dimms=
	tool=$(label_tool)
	if [ "${1:-}" = --ours ]; then
		tool=$NDCTL
		shift
	fi
	[ $# -gt 0 ] || fail "init_labels: no region named"
	for r in "$@"; do
		d=$(region_dimm_names "$r")
		[ -n "$d" ] || fail "init_labels: $r has no DIMMs"
		dimms="$dimms $d"
	done
	for r in "$@"; do
		"$tool" disable-region "$r" >/dev/null || fail "init_labels: disable $r"
	done
	for d in $(echo $dimms | tr ' ' '\n' | sort -u); do
		"$tool" init-labels -f "$d" >/dev/null || fail "init_labels: init-labels $d"
	done
	for r in "$@"; do
		"$tool" enable-region "$r" >/dev/null || fail "init_labels: enable $r"
	done
}

# init_all_labels: every region that has DIMMs
init_all_labels() {
	local r regions=
	for r in $(ls /sys/bus/nd/devices | grep '^region'); do
		[ -z "$(region_dimm_names "$r")" ] || regions="$regions $r"
	done
	init_labels $regions
}

region_attr() {
	cat "/sys/bus/nd/devices/$1/$2"
}
