#!/bin/bash
# The harness's guest watchdog (test/vm/guest-watchdog.sh): a test that hangs
# is ended a minute before the harness's timeout with exit status 124 and a
# report of what each process was doing, instead of QEMU being killed with no
# word from the guest.
#  boot 1: hangs in `sleep`; the harness requires this boot to end by the
#          watchdog (vm-watchdog-boots), with status 124 and a report;
#  boot 2: the report names the sleeping process, its state and kernel stack,
#          and holds the kernel's blocked-task dump and dmesg.
# vm-boots: 2
# vm-timeout: 150
# vm-watchdog-boots: 1
. "$NDCTL_SRC/test/vm/guest-lib.sh"
set -u
report=/run/vm/hang-boot1.txt

case $VM_BOOT in
1)
	echo "hanging in sleep; the watchdog fires at ${VM_TIMEOUT}s - 60s of uptime"
	# a child with a command line to find in the report
	sleep 4242
	fail "sleep 4242 returned: the watchdog did not kill the test"
	;;
2)
	[ -s $report ] || fail "no watchdog report from boot 1"
	cat $report
	grep -q '^=== guest watchdog: the test is still running after' $report ||
		fail "the report has no heading"
	grep -q '^--- pid [0-9]* state S wchan [a-z_]*: sleep 4242' $report ||
		fail "the report does not show 'sleep 4242' asleep with its kernel function"
	# the kernel stack of the sleeping process, from /proc/PID/stack
	awk '/: sleep 4242/ { getline; print; exit }' $report | grep -q '^    \[<' ||
		fail "the report has no kernel stack for 'sleep 4242'"
	grep -q 'sysrq: Show Blocked State' $report || fail "the report has no blocked-task dump"
	[ ! -e /run/vm/guest-timeout ] || fail "the watchdog's marker was not cleared for boot 2"
	echo "PASS"
	;;
esac
