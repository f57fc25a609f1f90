#!/bin/sh
# /init of the test guest (busybox). Mounts the host's root read-only over
# virtio-9p, a writable results share, and runs guest-run.sh in a chroot of
# the host root. Then powers off; the harness reads the exit status file.
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in $(cat /modules.order); do
	insmod /lib/modules/$m
done
opts=trans=virtio,version=9p2000.L,msize=262144
# The host's files do not change while a guest runs, so the read-only shares
# are cached in the guest (cache=loose): without it every exec reads the
# binary and its libraries through 9p again, and one `ndctl list` took ~6 s
# under TCG instead of ~1.4 s. The results share stays uncached. The harness
# passes ndctl_9p_cache=none (NDCTL_VM_9P_CACHE=none) to compare.
ro_opts=$opts,ro,cache=loose
case "$(cat /proc/cmdline)" in *ndctl_9p_cache=none*) ro_opts=$opts,ro ;; esac
mount -t 9p -o $ro_opts hostroot /host || { echo "guest: cannot mount host root"; poweroff -f; }
mount -t proc proc /host/proc
mount -t sysfs sys /host/sys
mount -t devtmpfs dev /host/dev
mkdir -p /host/dev/pts /host/dev/shm
mount -t devpts devpts /host/dev/pts
# what udev would add: bash's process substitution needs /dev/fd
ln -sf /proc/self/fd /host/dev/fd
ln -sf /proc/self/fd/0 /host/dev/stdin
ln -sf /proc/self/fd/1 /host/dev/stdout
ln -sf /proc/self/fd/2 /host/dev/stderr
mount -t tmpfs tmpfs /host/dev/shm
mount -t tmpfs tmpfs /host/tmp
mount -t tmpfs tmpfs /host/run
mkdir -p /host/run/vm
mount -t 9p -o $opts results /host/run/vm || { echo "guest: cannot mount results"; poweroff -f; }
# trees that live under /tmp on the host are hidden by the guest's tmpfs:
# the harness shares them separately and they are mounted at the same path
for tag in $(cat /host/run/vm/extra-shares 2>/dev/null); do
	path=$(cat /host/run/vm/share-$tag)
	mkdir -p /host$path
	mount -t 9p -o $ro_opts $tag /host$path
done
chroot /host /bin/bash /run/vm/guest-run.sh
echo $? > /host/run/vm/exit-status
sync
umount /host/run/vm
echo "guest: powering off"
poweroff -f
