/* SPDX-License-Identifier: GPL-2.0 */
/* Checks shared by the two request parser targets (util/request.h). */
#ifndef FUZZ_REQUEST_COMMON_H
#define FUZZ_REQUEST_COMMON_H
#include <errno.h>
#include <inttypes.h>
#include "fuzz-common.h"
#include "request.h"

static inline int same_request(const struct plan_request *a, const struct plan_request *b)
{
	return !strcmp(a->name, b->name) && a->mode == b->mode && a->map == b->map &&
	       a->size == b->size && a->usable_size == b->usable_size && a->align == b->align &&
	       a->sector_size == b->sector_size && !strcmp(a->uuid, b->uuid);
}

/* request_str() into buffers of several sizes, each exactly that big (ASan sees overruns) */
static inline void check_request_str(const struct plan_request *req)
{
	static const size_t lens[] = { 0, 1, 7, 64, REQUEST_MAX_LEN + 64 };
	size_t i;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		char *buf = malloc(lens[i]);
		char *ret;

		FUZZ_CHECK(buf, "out of memory");
		ret = request_str(req, buf, lens[i]);
		FUZZ_CHECK(ret == buf, "request_str must return its buffer");
		if (lens[i])
			FUZZ_CHECK(memchr(buf, '\0', lens[i]), "request_str left no NUL in %zu bytes",
				   lens[i]);
		free(buf);
	}
}

/*
 * request_str() is for messages: it leaves the uuid out, and a name from JSON
 * may hold ',' or '=' that the command-line syntax cannot carry. Compare the rest.
 */
static inline void check_roundtrip(const struct plan_request *req)
{
	char text[REQUEST_MAX_LEN + 64], err[REQUEST_ERR_LEN];
	struct plan_request again;
	int rc;

	if (strpbrk(req->name, ",="))
		return;
	request_str(req, text, sizeof(text));
	memset(&again, 0, sizeof(again));
	rc = request_parse(text, &again, err, sizeof(err));
	FUZZ_CHECK(rc == 0, "request_str gave '%s', which does not parse: %s", text, err);
	memcpy(again.uuid, req->uuid, sizeof(again.uuid));
	FUZZ_CHECK(same_request(req, &again), "'%s' parses to a different request", text);
}

/* what every successfully parsed request must look like */
static inline void check_request(const struct plan_request *req, const char *what)
{
	FUZZ_CHECK(memchr(req->name, '\0', sizeof(req->name)), "%s: name not terminated", what);
	FUZZ_CHECK(memchr(req->uuid, '\0', sizeof(req->uuid)), "%s: uuid not terminated", what);
	FUZZ_CHECK((unsigned)req->mode <= NS_MODE_SECTOR, "%s: mode %d", what, (int)req->mode);
	FUZZ_CHECK((unsigned)req->map <= NS_MAP_MEM, "%s: map %d", what, (int)req->map);
	FUZZ_CHECK(!(req->size && req->usable_size), "%s: both size %" PRIu64 " and usable %" PRIu64,
		   what, req->size, req->usable_size);
	check_request_str(req);
	if (!fuzz_strict())
		return;
	FUZZ_CHECK(req->size || req->usable_size, "%s: a request for 0 bytes was accepted", what);
	FUZZ_CHECK(fuzz_utf8_ok(req->name), "%s: a name that is not UTF-8 was accepted", what);
	check_roundtrip(req);
}

#endif
