#!/bin/bash
# Install what building and testing need, from Debian's archive, when missing.
# Usage: scripts/deps.sh [build|test|demo]
# In test mode NDCTL_TEST_KERNELS (default "6.1 6.12", as scripts/test) lists
# the guest kernels to install: "6.1" is bookworm's own, "6.12" the one from
# bookworm-backports (the suite is added with a sources file; see
# test/vm/README.md); a full release name needs only nfit_test's build deps.
set -euo pipefail
what=${1:-test}
kernels=${NDCTL_TEST_KERNELS:-6.1 6.12}
backports_list=/etc/apt/sources.list.d/ndctl-subsection-backports.sources
pkgs=(autoconf automake libtool pkg-config make gcc libndctl-dev libdaxctl-dev libjson-c-dev
      uuid-dev libkmod-dev libcmocka-dev asciidoctor)
case "$what" in
test|demo)
	# the guest: QEMU, Debian's kernel, a static busybox for the initramfs,
	# file systems for mount -o dax, jq for the tests, and Debian's ndctl
	# 76.1 as the baseline the tests compare against; strace for the syscall
	# checks (list-basic) and bench/profile.sh
	pkgs+=(qemu-system-x86 linux-image-amd64 busybox-static cpio xz-utils e2fsprogs xfsprogs
	       jq ndctl daxctl kmod util-linux strace)
	# the fuzz targets (libFuzzer) and the sanitizer build of the unit tests
	[ "$what" = test ] && pkgs+=(clang libclang-rt-14-dev)
	;;
esac
installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

need_root() {
	if [ "$(id -u)" != 0 ]; then
		echo "deps: missing: $* (run as root, or install them)" >&2
		exit 1
	fi
}

apt_install() {
	need_root "$@"
	echo "deps: installing $*" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

updated=0
apt_update() {
	[ "$updated" = 1 ] && return 0
	apt-get update -qq >/dev/null
	updated=1
}

missing=()
for p in "${pkgs[@]}"; do
	installed "$p" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	need_root "${missing[@]}"
	apt_update
	apt_install "${missing[@]}"
fi
[ "$what" = test ] || exit 0

# The 6.1 guest kernel the harness boots by default (the newest installed
# 6.1), and what building nfit_test for it takes: its headers and the
# source package of exactly the same version.
nfit_deps() {
	local kver=$1 series=$2 ver src
	ver=$(dpkg-query -W -f='${Version}' "linux-image-$kver" 2>/dev/null ||
	      dpkg-query -W -f='${Version}' "linux-image-$kver-unsigned" 2>/dev/null || true)
	[ -n "$ver" ] || return 0
	src=linux-source-$series
	if ! installed "linux-headers-$kver"; then
		apt_update
		apt_install "linux-headers-$kver" || echo "deps: no linux-headers-$kver" >&2
	fi
	if [ "$(dpkg-query -W -f='${Version}' "$src" 2>/dev/null || true)" != "$ver" ]; then
		apt_update
		apt_install "$src=$ver" || echo "deps: no $src $ver: nfit_test tests will fail" >&2
	fi
}

add_backports() {
	[ -f "$backports_list" ] && return 0
	need_root "the bookworm-backports suite"
	echo "deps: adding bookworm-backports ($backports_list)" >&2
	cat > "$backports_list" <<EOF
# Added by ndctl-subsection scripts/deps.sh: the 6.12 guest kernel for VM tests.
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
	updated=0
}

# The backports kernel: the image linux-image-amd64 depends on in
# bookworm-backports, installed by its own name so that the meta package (and
# the default 6.1 guest kernel) stays bookworm's.
install_backports_kernel() {
	local series=$1 image
	add_backports
	apt_update
	image=$(apt-cache -t bookworm-backports depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n 1)
	case "$image" in
	linux-image-"$series".*) ;;
	*)
		echo "deps: bookworm-backports has no $series kernel (found '${image:-none}')" >&2
		exit 1
		;;
	esac
	installed "$image" || apt_install "$image"
	nfit_deps "${image#linux-image-}" "$series"
}

for k in $kernels; do
	case "$k" in
	6.1)
		kver=$(ls /boot/vmlinuz-6.1.* 2>/dev/null | sort -V | tail -n 1 | sed 's|/boot/vmlinuz-||')
		if [ -z "$kver" ]; then
			echo "deps: no 6.1 kernel in /boot (apt-get install linux-image-amd64/bookworm)" >&2
			exit 1
		fi
		nfit_deps "$kver" 6.1
		;;
	6.12)
		install_backports_kernel 6.12
		;;
	[0-9]*.*-*)
		# an installed release (NDCTL_TEST_KERNEL=6.12.95+deb12-amd64)
		if [ ! -r "/boot/vmlinuz-$k" ]; then
			echo "deps: no /boot/vmlinuz-$k" >&2
			exit 1
		fi
		nfit_deps "$k" "$(echo "$k" | cut -d. -f1-2)"
		;;
	*)
		echo "deps: unknown test kernel '$k' (NDCTL_TEST_KERNELS takes 6.1, 6.12 or an installed release)" >&2
		exit 1
		;;
	esac
done
