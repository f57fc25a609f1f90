/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared bits of the libFuzzer targets. Besides what ASan and UBSan catch,
 * each target checks the documented contract of the function it feeds (the
 * return values it may give, what it must leave behind); a broken contract
 * aborts, so libFuzzer records it as a crash like any memory error.
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_CHECK(cond, ...)                                                     \
	do {                                                                      \
		if (!(cond)) {                                                    \
			fprintf(stderr, "contract broken at %s:%d: %s: ", __FILE__, \
				__LINE__, #cond);                                 \
			fprintf(stderr, __VA_ARGS__);                             \
			fputc('\n', stderr);                                      \
			abort();                                                  \
		}                                                                 \
	} while (0)

/* a NUL-terminated copy of the input, as argv or a JSON string would give it */
static inline char *fuzz_strdup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* an error message must be a terminated, non-empty string within its buffer */
static inline int fuzz_msg_ok(const char *buf, size_t len)
{
	return len && memchr(buf, '\0', len) && buf[0];
}

/*
 * FUZZ_STRICT=1 in the environment adds checks of what the project asks for
 * (issue 8, the bad-input catalogue) beyond what the headers promise in so
 * many words: a request asks for something, what request_str() prints parses
 * back the same, a topology has no overlapping ranges or duplicate names.
 * Off by default so that CI fails only on crashes and broken promises.
 */
static inline int fuzz_strict(void)
{
	static int strict = -1;

	if (strict < 0) {
		const char *e = getenv("FUZZ_STRICT");

		strict = e && e[0] == '1';
	}
	return strict;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
