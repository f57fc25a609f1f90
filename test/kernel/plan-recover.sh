#!/bin/bash
# A power cut in the middle of `ndctl plan --apply`, then `ndctl plan --recover`:
#  boot 1: labels, a pre-existing fsdax namespace "keep" with files (checksums
#          kept in $VM_STATE), the region's state and the plan's prediction
#          saved; then apply 12 namespaces and cut the power once 4 steps are
#          journaled done;
#  boot 2: --recover lists exactly the journaled namespaces that exist, a normal
#          --apply is refused, --rollback leaves the region exactly as before
#          (files intact), a second --rollback has nothing to do; then the same
#          apply again, cut after 6 steps;
#  boot 3: --recover --finish makes the region exactly as planned (files intact),
#          a second --finish has nothing to do, and re-applying changes nothing.
# The journal lives in $VM_STATE (the host's results folder, which survives the
# guest's reboot; the guest's /var/lib is the host's read-only root).
#
# The cut is `echo b > /proc/sysrq-trigger`: emergency_restart() resets the
# machine at once, with no sync, no unmount and no device shutdown callbacks,
# and QEMU (-no-reboot) exits: what the guest did not write is lost, as in a
# power loss. `echo o` would go through kernel_power_off(), which runs the
# drivers' shutdown callbacks first: gentler than pulling the plug.
# vm-nvdimm: size=1G
# vm-boots: 3
# vm-power-cut: 1 2
# vm-timeout: 600
. "$NDCTL_SRC/test/vm/guest-lib.sh"
set -u

command -v jq >/dev/null || skip "jq is not installed"
R=region0
J=$VM_STATE/journal
JF=$J/$R.journal
MNT=/tmp/plan-recover
plan() { "$NDCTL" plan -r $R --journal-dir "$J" "$@"; }
reqs=$(for i in $(seq 1 12); do printf 'fsdax:%dM,name=r%d ' $((16 + 2 * i)) $i; done)

# one line per sized namespace: "dev uuid start size claim name" ("-" when
# empty; claim is pfn, dax, btt or -), read with one grep: a process per
# attribute is slow under TCG
ns_table() {
	grep -H . /sys/bus/nd/devices/namespace${R#region}.*/{size,uuid,resource,holder,alt_name} \
		2>/dev/null | awk '{
		n = index($0, ":"); k = split(substr($0, 1, n - 1), p, "/")
		v[p[k - 1], p[k]] = substr($0, n + 1); devs[p[k - 1]] = 1
	} END {
		for (d in devs) {
			if (v[d, "size"] == 0)
				continue
			h = v[d, "holder"]; sub(/[0-9.]+$/, "", h)
			printf "%s %s %s %s %s %s\n", d, v[d, "uuid"], v[d, "resource"], v[d, "size"],
			       h == "" ? "-" : h, v[d, "alt_name"] == "" ? "-" : v[d, "alt_name"]
		}
	}'
}

# every sized namespace by uuid (device names may change across a reboot),
# with its place, size, claim and name, and the region's capacity and align
snapshot() {
	ns_table | cut -d' ' -f2- | sort
	echo "available $(region_attr $R available_size) align $(region_attr $R align)"
}

# the namespace device whose uuid is $1
ns_of_uuid() {
	ns_table | awk -v u="$1" '$2 == u { print $1 }'
}

# the namespaces of the region whose uuid the journal names, sorted
journaled_present() {
	ns_table | awk -v us="$(jq -r '.steps[].uuid' "$JF")" '
		BEGIN { n = split(us, a, "\n"); for (i = 1; i <= n; i++) want[a[i]] = 1 }
		$2 in want { print $1 }' | sort
}

keep_block() {
	local dev
	dev=$(ns_of_uuid "$(cat $VM_STATE/keep.uuid)")
	[ -n "$dev" ] || fail "the pre-existing namespace (uuid $(cat $VM_STATE/keep.uuid)) is gone"
	ls "/sys/bus/nd/devices/$(cat /sys/bus/nd/devices/$dev/holder)/block" | head -n 1
}

check_files() {
	local blk
	blk=$(keep_block)
	mkdir -p $MNT
	mount -o dax /dev/$blk $MNT || fail "$1: mount -o dax /dev/$blk"
	(cd $MNT && sha256sum -c --quiet $VM_STATE/keep.sums) || fail "$1: files on $blk changed"
	umount $MNT || fail "umount $MNT"
	echo "$1: the pre-existing namespace's files are intact"
}

# state letter of process $1 (T once a SIGSTOP has taken effect), "" when gone
proc_state() {
	local line
	read -r line 2>/dev/null </proc/$1/stat || return 0
	line=${line##*) }
	echo "${line%% *}"
}

# start the apply and cut the power once $1 steps are journaled done. The
# apply is frozen (SIGSTOP) the moment the count is seen, so that the steps
# it would make while this script goes on to the cut are not made: freezing
# it and then cutting is the same as cutting at the instant it was frozen.
#
# The count comes from the apply's "verified" lines (stderr, on the guest's
# tmpfs), which it prints after journaling the step done, never from the
# journal while the apply may be replacing it: on Debian's 6.12, a read of a
# 9p file (cache=none) that is renamed over on the host in the meantime can
# hang for good (grep seen in D state in p9_virtio_zc_request, under
# netfs_retry_reads). The journal is read only once the apply has stopped.
apply_and_cut() {
	local want=$1 pid done=0 i
	# not through plan(): $! of a backgrounded function is a subshell, which
	# SIGSTOP would freeze without freezing ndctl
	# shellcheck disable=SC2086
	"$NDCTL" plan -r $R --journal-dir "$J" --json --apply $reqs >/tmp/apply.json \
		2>/tmp/apply.err &
	pid=$!
	# at most 5 minutes (one step takes a few seconds under TCG), well
	# inside the boot's vm-timeout, so that a stuck apply is reported here
	local deadline=$((SECONDS + 300))
	while [ $SECONDS -lt $deadline ]; do
		done=$(grep -c ' verified at ' /tmp/apply.err)
		[ "${done:-0}" -ge "$want" ] && break
		kill -0 $pid 2>/dev/null || break
		sleep 0.02
	done
	kill -STOP $pid 2>/dev/null
	# the signal takes effect when the apply's current system call returns
	for ((i = 0; i < 500; i++)); do
		case "$(proc_state $pid)" in T | t | Z | "") break ;; esac
		sleep 0.01
	done
	[ "${done:-0}" -ge "$want" ] || {
		cat /tmp/apply.err
		if kill -0 $pid 2>/dev/null; then
			echo "the apply (pid $pid) after $((SECONDS - deadline + 300))s:" \
				"$(cat /proc/$pid/wchan 2>/dev/null)"
			cat /proc/$pid/stack 2>/dev/null
		fi
		fail "the apply never journaled $want steps done ($(jq -M -c '[.steps[] | .state]' "$JF"))"
	}
	echo "cutting the power with $(grep -c '"state": "done"' "$JF") of 12 steps done" \
		"(apply in state $(proc_state $pid))"
	touch "$VM_STATE/power-cut"
	echo b >/proc/sysrq-trigger
	sleep 120
	fail "still running two minutes after sysrq b"
}

case $VM_BOOT in
1)
	run "$NDCTL" disable-region $R
	run "$NDCTL" init-labels -f -r $R all
	run "$NDCTL" enable-region $R
	# 48M keeps the region align at 16M, so the 2M align the plan sets is the plan's
	plan --json --apply fsdax:48M,name=keep >/tmp/keep.json || fail "creating keep failed"
	[ "$(jq -r .state "$JF")" = finished ] || fail "a finished apply's journal: $(cat "$JF")"
	dev=$(jq -r '.namespaces[0].dev' /tmp/keep.json)
	cat /sys/bus/nd/devices/$dev/uuid >$VM_STATE/keep.uuid
	blk=$(keep_block)
	mkdir -p $MNT
	mkfs.ext4 -q -F -b 4096 /dev/$blk || fail "mkfs.ext4 /dev/$blk"
	mount -o dax /dev/$blk $MNT || fail "mount -o dax /dev/$blk"
	for i in 1 2 3; do
		head -c 3M /dev/urandom >$MNT/file$i
	done
	(cd $MNT && sha256sum file*) >$VM_STATE/keep.sums
	umount $MNT || fail "umount $MNT"
	snapshot >$VM_STATE/before
	# shellcheck disable=SC2086
	plan --json $reqs >$VM_STATE/plan.json || fail "the 12 requests do not fit"
	echo "before:"
	cat $VM_STATE/before
	apply_and_cut 4
	;;
2)
	[ "$(jq -r .state "$JF")" = applying ] || fail "journal state $(jq -r .state "$JF")"
	ndone=$(jq '[.steps[] | select(.state == "done")] | length' "$JF")
	echo "journal after the cut: $(jq -M -c '[.steps[] | .state]' "$JF")"
	# every step journaled done must have survived the power cut
	present=$(ns_table | awk '{ print $2 }')
	for u in $(jq -r '.steps[] | select(.state == "done") | .uuid' "$JF"); do
		echo "$present" | grep -qx "$u" || fail "a step journaled done (uuid $u) is gone"
	done
	expected=$(journaled_present)
	[ "$(echo "$expected" | wc -w)" -ge "$ndone" ] || fail "fewer namespaces than done steps"

	run plan -u --recover >/tmp/list.txt
	cat /tmp/list.txt
	grep -q "^created by the interrupted apply ($(echo "$expected" | wc -w)):" /tmp/list.txt ||
		fail "the listing does not count $(echo "$expected" | wc -w) namespaces"
	run plan --json --recover >/tmp/list.json
	[ "$(jq -r '.created[]' /tmp/list.json | sort)" = "$expected" ] ||
		fail "--recover lists $(jq -M -c .created /tmp/list.json), the journal's uuids give $expected"
	keep=$(ns_of_uuid "$(cat $VM_STATE/keep.uuid)")
	jq -e --arg k "$keep" '.created | index($k) | not' /tmp/list.json >/dev/null ||
		fail "--recover lists the pre-existing $keep"
	[ "$(snapshot)" != "$(cat $VM_STATE/before)" ] || fail "the cut apply made nothing"

	# no new apply over an unfinished one
	expect_fail plan --json --apply fsdax:20M,name=other >/dev/null 2>/tmp/refused.err
	cat /tmp/refused.err
	grep -q -- "--recover" /tmp/refused.err || fail "the refusal does not name --recover"
	[ "$(journaled_present)" = "$expected" ] || fail "the refused apply changed the region"

	run plan --json --recover --rollback >/tmp/rollback.json
	[ "$(jq -r .result /tmp/rollback.json)" = rolled-back ] ||
		fail "rollback result $(jq -r .result /tmp/rollback.json)"
	[ "$(jq -r '.destroyed[]' /tmp/rollback.json | sort)" = "$expected" ] ||
		fail "rollback destroyed $(jq -M -c .destroyed /tmp/rollback.json), not $expected"
	[ "$(jq -r .state "$JF")" = rolled-back ] || fail "journal state after rollback"
	if [ "$(snapshot)" != "$(cat $VM_STATE/before)" ]; then
		echo "--- before"; cat $VM_STATE/before
		echo "--- after"; snapshot
		fail "the region is not as before after --rollback"
	fi
	echo "rollback: the region is exactly as before"
	check_files rollback
	run plan --recover --rollback >/tmp/again.txt 2>/tmp/again.err
	grep -q "nothing to recover" /tmp/again.err || fail "a second rollback: $(cat /tmp/again.err)"
	[ "$(snapshot)" = "$(cat $VM_STATE/before)" ] || fail "a second rollback changed the region"

	# round two: the same apply, cut later, then finished in boot 4
	apply_and_cut 6
	;;
3)
	[ "$(jq -r .state "$JF")" = applying ] || fail "journal state $(jq -r .state "$JF")"
	echo "journal after the cut: $(jq -M -c '[.steps[] | .state]' "$JF")"
	run plan --json --recover --finish >/tmp/finish.json
	jq -M -c '{result, created, made}' /tmp/finish.json
	[ "$(jq -r .result /tmp/finish.json)" = finished ] ||
		fail "finish result $(jq -r .result /tmp/finish.json)"
	[ "$(jq -r .state "$JF")" = finished ] || fail "journal state after finish"
	# exactly as planned: the keep namespace unchanged, and the 12 where predicted
	keep_line=$(grep "^$(cat $VM_STATE/keep.uuid) " $VM_STATE/before)
	snapshot | grep -qx "$keep_line" || fail "the pre-existing namespace changed"
	now=$(snapshot)
	[ "$(echo "$now" | grep -c ' pfn ')" = 13 ] || fail "not 13 fsdax namespaces: $now"
	jq -r '.namespaces[] | "\(.name) \(.start) \(.size)"' $VM_STATE/plan.json | sort >/tmp/want
	echo "$now" | awk '$4 == "pfn" && $5 != "keep" { print $5, $2, $3 }' | sort >/tmp/got
	diff /tmp/want /tmp/got || fail "the 12 namespaces are not where the plan put them"
	echo "finish: all 12 namespaces exactly as planned"
	check_files finish
	run plan --recover --finish >/tmp/again.txt 2>/tmp/again.err
	grep -q "nothing to recover" /tmp/again.err || fail "a second finish: $(cat /tmp/again.err)"
	# the plan is there: applying it again changes nothing
	# shellcheck disable=SC2086
	run plan --json --apply $reqs >/tmp/reapply.json
	[ "$(jq -r .status /tmp/reapply.json)" = already-applied ] ||
		fail "re-apply status $(jq -r .status /tmp/reapply.json)"
	echo "plan-recover: a power cut mid-apply was rolled back, and finished, exactly"
	;;
esac
