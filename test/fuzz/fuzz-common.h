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
 * back the same, names are UTF-8, a topology has no overlapping ranges or
 * duplicate names.
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

/* well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF) */
static inline int fuzz_utf8_ok(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	while (*s) {
		unsigned c = *s, n, cp, i;

		if (c < 0x80) {
			s++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 1, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3, cp = c & 0x07;
		else
			return 0;
		for (i = 1; i <= n; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		s += n + 1;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
