#!/bin/bash
# Build the tiny initramfs the guest boots: a static busybox, the virtio and 9p
# modules of kernel KVER (resolved through modules.dep, decompressed), and
# guest-init.sh as /init. Usage: make-initramfs.sh KVER OUTPUT.cpio.gz
set -euo pipefail
kver=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
moddir=/lib/modules/$kver

if ! (ldd /bin/busybox 2>&1 || true) | grep -q 'not a dynamic executable'; then
	echo "make-initramfs: /bin/busybox is not static (apt-get install busybox-static)" >&2
	exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work"/{bin,dev,proc,sys,host,lib/modules}
cp /bin/busybox "$work/bin/busybox"
for tool in sh mount umount mkdir ln insmod chroot cat echo sleep poweroff sync; do
	ln -s busybox "$work/bin/$tool"
done

# modules in dependency order: dependencies first, each once
declare -A seen=()
order=()
add_module() {
	local rel=$1 deps dep
	[ -n "${seen[$rel]:-}" ] && return 0
	seen[$rel]=1
	deps=$(awk -F': *' -v m="$rel" '$1 == m { print $2 }' "$moddir/modules.dep")
	for dep in $deps; do
		add_module "$dep"
	done
	order+=("$rel")
}
for name in virtio_pci 9pnet_virtio 9p; do
	rel=$(grep -E "(^|/)$name\.ko(\.xz|\.zst|\.gz)?:" "$moddir/modules.dep" | cut -d: -f1 || true)
	if [ -z "$rel" ]; then
		grep -qE "/$name\.ko" "$moddir/modules.builtin" && continue
		echo "make-initramfs: module $name not found for $kver" >&2
		exit 1
	fi
	add_module "$rel"
done
: > "$work/modules.order"
for rel in "${order[@]}"; do
	base=$(basename "$rel")
	case "$base" in
	*.ko.xz) xz -dc "$moddir/$rel" > "$work/lib/modules/${base%.xz}"; base=${base%.xz} ;;
	*.ko.zst) zstd -qdc "$moddir/$rel" > "$work/lib/modules/${base%.zst}"; base=${base%.zst} ;;
	*.ko.gz) gzip -dc "$moddir/$rel" > "$work/lib/modules/${base%.gz}"; base=${base%.gz} ;;
	*) cp "$moddir/$rel" "$work/lib/modules/$base" ;;
	esac
	echo "$base" >> "$work/modules.order"
done
cp "$here/guest-init.sh" "$work/init"
chmod +x "$work/init"
(cd "$work" && find . | cpio -o -H newc --quiet) | gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
