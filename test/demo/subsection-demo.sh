#!/bin/bash
# The demo: several fsdax namespaces inside one 128 MiB memory section, each
# mounted with DAX, which upstream ndctl's 16 MiB granularity cannot do.
# vm-nvdimm: size=1G
. "$NDCTL_SRC/test/vm/guest-lib.sh"

step() { printf '\n### %s\n' "$*"; }

step "The emulated NVDIMM as the kernel sees it"
$NDCTL list -R -u || cat /sys/bus/nd/devices/region0/size
step "Initialise labels so the region can hold several namespaces"
init_labels region0
$NDCTL list -R -u
