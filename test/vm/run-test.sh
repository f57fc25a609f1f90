#!/bin/bash
# Run one guest test (test/kernel/NAME.sh) in a QEMU guest booting a Debian
# kernel with the emulated NVDIMMs its header declares. Exit status: the
# test's (0 pass, 77 skip, other fail); 77 also when QEMU or the kernel is
# missing, unless NDCTL_TEST_REQUIRE_VM=1 (then 99). See test/vm/README.md.
set -u
test_path=$1
test_script=$(cd "$(dirname "$test_path")" && pwd)/$(basename "$test_path")
name=$(basename "$test_script" .sh)
src=${NDCTL_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${NDCTL_BUILD:-$src}
kver=${NDCTL_TEST_KERNEL:-}
required=${NDCTL_TEST_REQUIRE_VM:-0}

unavailable() {
	if [ "$required" = 1 ]; then
		echo "ERROR: $name: $* (VM tests are required: NDCTL_TEST_REQUIRE_VM=1)"
		exit 99
	fi
	echo "SKIP: $name: $*"
	exit 77
}

# NDCTL_TEST_KERNELS="6.1 6.12": run the test once per kernel (each with its
# own results folder); it fails if it fails on any, and is skipped only when
# skipped on every one. NDCTL_TEST_KERNEL (one kernel) wins over it.
if [ -z "$kver" ] && [ "$(echo ${NDCTL_TEST_KERNELS:-} | wc -w)" -gt 1 ]; then
	overall=77
	for k in $NDCTL_TEST_KERNELS; do
		NDCTL_TEST_KERNEL=$k NDCTL_TEST_RESULTS_TAG=-$k "$0" "$test_path"
		rc=$?
		case "$rc" in
		0) [ "$overall" = 77 ] && overall=0 ;;
		77) ;;
		*) overall=$rc ;;
		esac
	done
	exit "$overall"
fi
# one kernel in the list: just that one
[ -n "$kver" ] || kver=$(echo ${NDCTL_TEST_KERNELS:-})

newest_kernel() {
	ls /boot/vmlinuz-"$1"* 2>/dev/null | sort -V | tail -n 1 | sed 's|/boot/vmlinuz-||'
}
case "$kver" in
'')
	# Debian 12's own kernel unless told otherwise
	kver=$(newest_kernel 6.1.)
	[ -n "$kver" ] || kver=$(newest_kernel "")
	;;
[0-9].[0-9]|[0-9].[0-9][0-9])
	# a series (6.1, 6.12): its newest installed kernel
	kver=$(newest_kernel "$kver.")
	[ -n "$kver" ] || unavailable "no ${NDCTL_TEST_KERNEL} kernel in /boot (NDCTL_TEST_KERNELS=${NDCTL_TEST_KERNEL} scripts/deps.sh test)"
	;;
esac
kernel=/boot/vmlinuz-$kver
command -v qemu-system-x86_64 >/dev/null || unavailable "qemu-system-x86_64 is missing (apt-get install qemu-system-x86)"
[ -n "$kver" ] && [ -r "$kernel" ] && [ -d "/lib/modules/$kver" ] ||
	unavailable "no kernel image ${kernel} with modules (apt-get install linux-image-amd64)"
[ -x "$build/ndctl/ndctl" ] || unavailable "ndctl is not built in $build"

# the test's declared topology
header() { sed -n "s/^# $1: *//p" "$test_script"; }
boots=$(header vm-boots | head -n 1)
boots=${boots:-1}
timeout_s=$(header vm-timeout | head -n 1)
timeout_s=${timeout_s:-${NDCTL_TEST_VM_TIMEOUT:-900}}
mem=$(header vm-memory | head -n 1)
mem=${mem:-2G}
nfit_test=$(header vm-nfit-test | head -n 1)
# boots that end in a deliberate power cut (sysrq) instead of writing an exit status
power_cut=" $(header vm-power-cut | head -n 1) "
# boots that the guest watchdog must end (exit 124 with its report): the
# harness's own test of it (test/kernel/harness-watchdog.sh)
watchdog_boots=" $(header vm-watchdog-boots | head -n 1) "

# NDCTL_VM_9P_CACHE=none: the guest reads the host's files uncached (guest-init.sh)
ninep_cache=
[ "${NDCTL_VM_9P_CACHE:-loose}" = none ] && ninep_cache=" ndctl_9p_cache=none"

cache=$build/.vm-cache
mkdir -p "$cache"
initrd=$cache/initrd-$kver.cpio.gz
if [ ! -s "$initrd" ] || [ "$src/test/vm/guest-init.sh" -nt "$initrd" ] ||
   [ "$src/test/vm/make-initramfs.sh" -nt "$initrd" ]; then
	# several tests may start at once: build under a lock
	(
		flock 9
		[ -s "$initrd" ] && [ "$initrd" -nt "$src/test/vm/guest-init.sh" ] ||
			"$src/test/vm/make-initramfs.sh" "$kver" "$initrd"
	) 9>"$cache/.initrd.lock" || unavailable "cannot build the guest initramfs"
fi

# nfit_test: the kernel's emulated test bus, built once per kernel and cached
nfit_tree=
if [ "$nfit_test" = yes ]; then
	nfit_tree=$("$src/test/vm/nfit-test/build.sh" "$kver") ||
		unavailable "cannot build nfit_test for kernel $kver (scripts/deps.sh test installs what it needs)"
fi

results=$build/test/vm-results/$name${NDCTL_TEST_RESULTS_TAG:-}
rm -rf "$results"
mkdir -p "$results/state"
dimm_dir=$(mktemp -d /var/tmp/ndctl-vm-"$name".XXXXXX)
qemu_pid=
cleanup() {
	[ -n "$qemu_pid" ] && kill "$qemu_pid" 2>/dev/null
	rm -rf "$dimm_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

dimm_args=()
i=0
while read -r line; do
	[ -n "$line" ] || continue
	size= addr= label=128K
	for kv in $line; do
		case "$kv" in
		size=*) size=${kv#size=} ;;
		addr=*) addr=${kv#addr=} ;;
		label=*) label=${kv#label=} ;;
		*) echo "ERROR: $name: bad vm-nvdimm option '$kv'"; exit 99 ;;
		esac
	done
	truncate -s "$size" "$dimm_dir/nvdimm$i.img"
	dimm_args+=(-object "memory-backend-file,id=mem$i,share=on,mem-path=$dimm_dir/nvdimm$i.img,size=$size,align=2M")
	dimm_args+=(-device "nvdimm,id=nv$i,memdev=mem$i,label-size=$label${addr:+,addr=$addr}")
	i=$((i + 1))
done < <(header vm-nvdimm)

share_args=(
	-fsdev "local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap"
	-device "virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot"
	-fsdev "local,id=results,path=$results,security_model=none"
	-device "virtio-9p-pci,fsdev=results,mount_tag=results"
)
# trees under /tmp are hidden by the guest's own /tmp: share them apart
: > "$results/extra-shares"
n=0
for tree in "$src" "$build" "$nfit_tree"; do
	case "$tree" in
	/tmp/*|/tmp)
		n=$((n + 1))
		echo "tree$n" >> "$results/extra-shares"
		echo "$tree" > "$results/share-tree$n"
		share_args+=(-fsdev "local,id=tree$n,path=$tree,security_model=none,readonly=on,multidevs=remap"
			     -device "virtio-9p-pci,fsdev=tree$n,mount_tag=tree$n")
		;;
	esac
done

upstream_ndctl=
upstream_daxctl=
[ -x /usr/bin/ndctl ] && upstream_ndctl=/usr/bin/ndctl
[ -x /usr/bin/daxctl ] && upstream_daxctl=/usr/bin/daxctl
cp "$src/test/vm/guest-run.sh" "$results/guest-run.sh"

accel=(-accel tcg)
cpu=max
# KVM only on request: on these machines /dev/kvm may be present but unusable
# (nested, refusing MSRs), and TCG boots in about 15 s
if [ "${NDCTL_TEST_KVM:-0}" = 1 ] && [ -w /dev/kvm ]; then
	accel=(-accel kvm)
	cpu=host
fi

status=0
# A guest kernel that dies before the test's first line ("=== guest: boot N")
# has run none of our code: Debian's 6.12 panicked once here 2 s into a boot
# under TCG (in an interrupt, in BTF parsing). Such a boot is booted again, at
# most twice per test, and the harness says so with the console's last lines.
early_retries=0
boot=0
while [ "$boot" -lt "$boots" ]; do
	boot=$((boot + 1))
	cat > "$results/env" <<EOV
NDCTL=$build/ndctl/ndctl
DAXCTL=$build/daxctl/daxctl
NDCTL_SRC=$src
NDCTL_BUILD=$build
VM_BOOT=$boot
VM_STATE=/run/vm/state
UPSTREAM_NDCTL=$upstream_ndctl
UPSTREAM_DAXCTL=$upstream_daxctl
TEST_SCRIPT=$test_script
NFIT_TEST_TREE=$nfit_tree
VM_TIMEOUT=$timeout_s
EOV
	rm -f "$results/exit-status"
	console=$results/console-boot$boot.log
	start=$(date +%s)
	timeout --foreground -k 10 "$timeout_s" qemu-system-x86_64 "${accel[@]}" -cpu "$cpu" -smp 2 \
		-m "$mem,slots=8,maxmem=32G" -machine pc,nvdimm=on -nographic -no-reboot -net none \
		-kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0 quiet panic=-1 oops=panic${ninep_cache}" \
		"${share_args[@]}" "${dimm_args[@]}" </dev/null >"$console" 2>&1 &
	qemu_pid=$!
	wait "$qemu_pid"
	qrc=$?
	qemu_pid=
	took=$(($(date +%s) - start))
	# the test's own output, without the kernel's boot chatter
	tr -d '\r' < "$console" | sed -n 's/.*\(=== guest: boot\)/\1/; /^=== guest: boot/,$p' |
		grep -v -e '^guest: powering off' -e 'reboot: Power down'
	# a declared power cut counts only when the test said it was cutting
	# (the marker) and QEMU ended by itself, not by the timeout
	if [ ! -s "$results/exit-status" ] && [ "${power_cut#* $boot }" != "$power_cut" ] &&
	   [ -e "$results/state/power-cut" ] && [ "$qrc" = 0 ]; then
		rm -f "$results/state/power-cut"
		echo "--- $name: boot $boot ended by its power cut in ${took}s (kernel $kver, ${accel[1]})"
		status=0
		continue
	fi
	if [ ! -s "$results/exit-status" ] && [ "$early_retries" -lt 2 ] &&
	   ! tr -d '\r' < "$console" | grep -q "=== guest: boot $boot of"; then
		early_retries=$((early_retries + 1))
		mv "$console" "$results/console-boot$boot-died-early-$early_retries.log"
		echo "WARNING: $name: boot $boot: the guest died before the test started (qemu exit" \
			"$qrc after ${took}s); booting it again ($early_retries of 2). Its last lines:"
		tail -n 40 "$results/console-boot$boot-died-early-$early_retries.log" | tr -d '\r'
		boot=$((boot - 1))
		continue
	fi
	if [ ! -s "$results/exit-status" ]; then
		echo "ERROR: $name: boot $boot gave no exit status (qemu exit $qrc after ${took}s; timeout ${timeout_s}s)"
		echo "--- last lines of $console ---"
		tail -n 40 "$console" | tr -d '\r'
		status=99
		break
	fi
	status=$(cat "$results/exit-status")
	if [ "${watchdog_boots#* $boot }" != "$watchdog_boots" ]; then
		if [ "$status" = 124 ] && [ -s "$results/hang-boot$boot.txt" ]; then
			echo "--- $name: boot $boot ended by the guest watchdog, as declared, in ${took}s"
			status=0
			continue
		fi
		echo "FAIL: $name: boot $boot should have been ended by the guest watchdog" \
			"(exit $status, report $(ls "$results/hang-boot$boot.txt" 2>/dev/null || echo none))"
		status=1
		break
	fi
	echo "--- $name: boot $boot exit $status in ${took}s (kernel $kver, ${accel[1]})"
	[ "$status" = 0 ] || break
done
if [ "$status" != 0 ] && [ "$status" != 77 ]; then
	echo "--- $name failed; console and dmesg kept in $results"
	for f in "$results"/dmesg-boot*.txt; do
		[ -f "$f" ] && { echo "--- tail of $f"; tail -n 30 "$f"; }
	done
fi
if [ "$status" = 77 ] && [ "$required" = 1 ] && [ "${NDCTL_TEST_ALLOW_SKIP:-0}" != 1 ]; then
	echo "ERROR: $name skipped inside the guest while VM tests are required"
	status=99
fi
exit "$status"
