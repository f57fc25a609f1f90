#!/bin/bash
# The bad-input catalogue (test/bad-input/catalogue.tsv), part 1 of 2: every
# second row, starting with row 1, against a live region with an fsdax and a
# devdax namespace; each must exit with its exact status, print its error
# class and change nothing (test/bad-input/catalogue-run.sh says how that is
# checked). Two parts so that make -j2 runs them side by side.
# vm-nvdimm: size=1G
# vm-timeout: 900
BI_PART=1
BI_PARTS=2
. "$NDCTL_SRC/test/bad-input/catalogue-run.sh"
