// SPDX-License-Identifier: GPL-2.0
/*
 * request_parse_json(): the request file of `ndctl plan`. The input is passed
 * exactly as read from the file, with no NUL after it: reading past @len is a
 * heap overflow that ASan reports.
 */
#include "fuzz-request-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[REQUEST_ERR_LEN], what[32];
	struct plan_request *reqs = NULL;
	int nr = -1, rc, i;

	memset(err, 0, sizeof(err));
	rc = request_parse_json((const char *)data, size, &reqs, &nr, err, sizeof(err));
	FUZZ_CHECK(rc <= 0, "rc %d", rc);
	if (rc == -ENOSYS)
		return 0;
	if (rc) {
		FUZZ_CHECK(fuzz_msg_ok(err, sizeof(err)), "rc %d without a message", rc);
		return 0;
	}
	FUZZ_CHECK(nr >= 0 && nr <= REQUEST_MAX_NR, "nr %d", nr);
	FUZZ_CHECK(nr == 0 || reqs, "nr %d with no array", nr);
	for (i = 0; i < nr; i++) {
		snprintf(what, sizeof(what), "element %d", i);
		check_request(&reqs[i], what);
	}
	free(reqs);
	return 0;
}
