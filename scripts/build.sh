#!/bin/bash
# Configure and build out of tree in ./build (or $NDCTL_BUILD).
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${NDCTL_BUILD:-$src/build}
cd "$src"
if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt configure ]; then
	autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
fi
mkdir -p "$build"
cd "$build"
# re-run configure every time: it lists the guest tests and man pages by name
"$src/configure" -q ${NDCTL_CONFIGURE_FLAGS:-}
make -j"$(nproc)" >/dev/null || make
