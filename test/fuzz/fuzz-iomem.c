// SPDX-License-Identifier: GPL-2.0
/*
 * topology_parse_iomem(): the /proc/iomem text, exactly as read_file() hands
 * it over (no NUL after it). Contract (util/topology.h): 0 with sorted,
 * merged, non-empty ranges (array NULL when none), -EPERM when every address
 * is zero, -ENOMEM.
 */
#include <errno.h>
#include <inttypes.h>
#include "fuzz-common.h"
#include "topology.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct range *ram = (struct range *)1;
	int nr = -1, rc, i;

	rc = topology_parse_iomem((const char *)data, size, &ram, &nr);
	FUZZ_CHECK(rc == 0 || rc == -EPERM || rc == -ENOMEM, "rc %d", rc);
	if (rc) {
		FUZZ_CHECK(!ram && nr == 0, "rc %d left ram %p nr %d", rc, (void *)ram, nr);
		return 0;
	}
	FUZZ_CHECK(nr >= 0 && (nr == 0) == (ram == NULL), "nr %d ram %p", nr, (void *)ram);
	for (i = 0; i < nr; i++) {
		FUZZ_CHECK(ram[i].start < ram[i].end, "range %d [0x%" PRIx64 ", 0x%" PRIx64 ")", i,
			   ram[i].start, ram[i].end);
		/* merged: ranges that touch would have been joined */
		if (i)
			FUZZ_CHECK(ram[i].start > ram[i - 1].end,
				   "ranges %d and %d overlap or touch", i - 1, i);
	}
	free(ram);
	return 0;
}
