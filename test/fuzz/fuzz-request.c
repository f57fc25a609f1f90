// SPDX-License-Identifier: GPL-2.0
/*
 * request_parse(): the MODE:SIZE[,key=value...] strings of `ndctl plan` and
 * create-namespace. Fed as the command line gives them (NUL-terminated), with
 * error buffers of exact sizes so that a message written past its length is
 * caught.
 */
#include "fuzz-request-common.h"

static int parse_with_errlen(const char *s, struct plan_request *req, size_t errlen)
{
	char *err = malloc(errlen ? errlen : 1);
	int rc;

	FUZZ_CHECK(err, "out of memory");
	memset(req, 0, sizeof(*req));
	rc = request_parse(s, req, errlen ? err : NULL, errlen);
	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ERANGE || rc == -ENOSYS,
		   "'%s': rc %d", s, rc);
	if (rc && rc != -ENOSYS && errlen >= REQUEST_ERR_LEN)
		FUZZ_CHECK(fuzz_msg_ok(err, errlen), "'%s': rc %d without a message", s, rc);
	if (rc && rc != -ENOSYS && errlen && errlen < REQUEST_ERR_LEN)
		FUZZ_CHECK(memchr(err, '\0', errlen), "'%s': message not cut at %zu bytes", s,
			   errlen);
	free(err);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strdup(data, size);
	struct plan_request req, other;
	int rc;

	rc = parse_with_errlen(s, &req, REQUEST_ERR_LEN);
	if (rc == 0)
		check_request(&req, s);
	/* the outcome does not depend on where (or whether) the message goes */
	FUZZ_CHECK(parse_with_errlen(s, &other, 0) == rc, "'%s': rc differs without err", s);
	FUZZ_CHECK(parse_with_errlen(s, &other, 9) == rc, "'%s': rc differs with a short err", s);
	if (rc == 0)
		FUZZ_CHECK(same_request(&req, &other), "'%s': result differs with a short err", s);
	free(s);
	return 0;
}
