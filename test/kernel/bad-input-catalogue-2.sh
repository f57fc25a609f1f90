#!/bin/bash
# The bad-input catalogue (test/bad-input/catalogue.tsv), part 2 of 2: every
# second row, starting with row 2, against a live region with an fsdax and a
# devdax namespace; each must exit with its exact status, print its error
# class and change nothing (test/bad-input/catalogue-run.sh says how that is
# checked). Two parts so that make -j2 runs them side by side.
# vm-nvdimm: size=1G
# vm-timeout: 900
BI_PART=2
BI_PARTS=2
. "$NDCTL_SRC/test/bad-input/catalogue-run.sh"
