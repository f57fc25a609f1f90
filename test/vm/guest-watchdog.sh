#!/bin/bash
# guest-watchdog.sh SECONDS: started in the background by guest-run.sh before
# the test. If the test is still running after SECONDS (set to end a minute
# before the harness's own timeout kills QEMU), say what every process is
# doing and end the boot with exit status 124, so that a hang is a failure
# with a reason instead of a boot that "gave no exit status".
#
# What it records, on the console and in /run/vm/hang-bootN.txt: each
# process's state, the kernel function it waits in and its kernel stack
# (/proc, no procps needed), the kernel's list of blocked tasks (sysrq w) and
# the end of dmesg. Then it kills the test; a test stuck in the kernel
# (state D) cannot be killed, so after 20 s more the watchdog writes the exit
# status itself and resets the machine.
vm=/run/vm
secs=${1:?usage: guest-watchdog.sh SECONDS}
# guest-run.sh stops the watchdog with SIGTERM when the test ends in time:
# the sleep goes with it (a trap runs at once while bash waits in `wait`)
sleep "$secs" &
sleeper=$!
trap 'kill $sleeper 2>/dev/null; exit 0' TERM
wait $sleeper
trap - TERM

# one line per process, read with bash builtins only: a fork costs tens of
# milliseconds under TCG and the guest has ~150 kernel threads to skip
dump() {
	local p line st cmd wchan args
	echo "=== guest watchdog: the test is still running after ${secs}s (boot $VM_BOOT)"
	for p in /proc/[0-9]*; do
		[ "${p#/proc/}" = "$BASHPID" ] && continue
		read -r line <"$p/stat" 2>/dev/null || continue
		# the state follows the command name, which is in parentheses
		line=${line##*) }
		st=${line%% *}
		args=()
		mapfile -d '' args <"$p/cmdline" 2>/dev/null
		cmd=${args[*]}
		# kernel threads have no command line: only their blocked ones matter
		if [ -z "$cmd" ] && [ "$st" != D ]; then
			continue
		fi
		wchan=
		read -r wchan <"$p/wchan" 2>/dev/null
		echo "--- pid ${p#/proc/} state $st wchan ${wchan:-?}: ${cmd:0:200}"
		[ "$wchan" = do_wait ] && continue
		while read -r line; do
			echo "    $line"
		done <"$p/stack" 2>/dev/null
	done
	echo w >/proc/sysrq-trigger 2>/dev/null
	echo "--- dmesg (last 30 lines)"
	dmesg 2>/dev/null | tail -n 30
}
dump 2>&1 | tee "$vm/hang-boot$VM_BOOT.txt"

# end the test: every process but this one, init and the kernel's threads
touch "$vm/guest-timeout"
for p in /proc/[0-9]*; do
	p=${p#/proc/}
	[ "$p" = 1 ] || [ "$p" = "$$" ] || [ "$p" = "$PPID" ] && continue
	args=()
	mapfile -d '' args <"/proc/$p/cmdline" 2>/dev/null
	[ ${#args[@]} -gt 0 ] && kill -KILL "$p" 2>/dev/null
done
sleep 20
echo "guest watchdog: the test did not end when killed; resetting"
echo 124 >"$vm/exit-status"
sync
echo b >/proc/sysrq-trigger
