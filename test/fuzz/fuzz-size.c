// SPDX-License-Identifier: GPL-2.0
/*
 * size_parse(): every size the user types (--size, request strings, JSON
 * string sizes) goes through it. Contract (util/size.h): 0, -EINVAL or
 * -ERANGE; an accepted string starts with a digit, has no fraction or sign,
 * and its value reads back the same when printed in decimal or hex.
 */
#include <errno.h>
#include <inttypes.h>
#include "fuzz-common.h"
#include "size.h"

static void check_formatters(uint64_t v)
{
	char buf[SIZE_STR_LEN];

	/* it must fit SIZE_STR_LEN for every value: callers size buffers with it */
	size_str(buf, sizeof(buf), v);
	FUZZ_CHECK(strlen(buf) < sizeof(buf) - 1, "size_str(%" PRIu64 ") filled the buffer", v);
	/* a short buffer is cut, never overrun */
	size_str(buf, 4, v);
	FUZZ_CHECK(strlen(buf) <= 3, "size_str ignores its length");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strdup(data, size);
	char again[40];
	uint64_t v = 0, w = 0;
	int rc;

	rc = size_parse(s, &v);
	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ERANGE, "'%s': rc %d", s, rc);
	if (rc == 0) {
		FUZZ_CHECK(s[0] >= '0' && s[0] <= '9', "'%s' accepted", s);
		FUZZ_CHECK(!strchr(s, '.') && !strchr(s, '-') && !strchr(s, ' '), "'%s' accepted",
			   s);
		snprintf(again, sizeof(again), "%" PRIu64, v);
		FUZZ_CHECK(size_parse(again, &w) == 0 && w == v, "'%s' -> %s does not read back",
			   s, again);
		snprintf(again, sizeof(again), "0x%" PRIx64, v);
		FUZZ_CHECK(size_parse(again, &w) == 0 && w == v, "'%s' -> %s does not read back",
			   s, again);
		check_formatters(v);
	}
	if (size >= sizeof(v)) {
		memcpy(&v, data, sizeof(v));
		check_formatters(v);
	}
	free(s);
	return 0;
}
