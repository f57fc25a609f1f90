// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "size.h"

static int unit_shift(const char *s, unsigned *shift)
{
	static const char units[] = "KMGTP";
	const char *u;

	if (*s == '\0') {
		*shift = 0;
		return 0;
	}
	u = strchr(units, toupper((unsigned char)*s));
	if (!u)
		return -EINVAL;
	*shift = 10 * (unsigned)(u - units + 1);
	s++;
	if (*s == '\0' || strcasecmp(s, "iB") == 0 || strcasecmp(s, "B") == 0)
		return 0;
	return -EINVAL;
}

int size_parse(const char *str, uint64_t *out)
{
	uint64_t val = 0;
	unsigned shift, base = 10;
	const char *p = str;
	int digits = 0, rc;

	if (!str)
		return -EINVAL;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	for (; *p; p++) {
		unsigned d;

		if (isdigit((unsigned char)*p))
			d = (unsigned)(*p - '0');
		else if (base == 16 && isxdigit((unsigned char)*p))
			d = (unsigned)(tolower((unsigned char)*p) - 'a' + 10);
		else
			break;
		if (val > (UINT64_MAX - d) / base)
			return -ERANGE;
		val = val * base + d;
		digits++;
	}
	if (!digits)
		return -EINVAL;
	rc = unit_shift(p, &shift);
	if (rc)
		return rc;
	if (shift && val > (UINT64_MAX >> shift))
		return -ERANGE;
	*out = val << shift;
	return 0;
}

static const char *const iec_units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };

char *size_str(char *buf, size_t len, uint64_t bytes)
{
	int i;

	for (i = 5; i >= 0; i--) {
		uint64_t unit = 1ULL << (10 * (i + 1));

		if (bytes && bytes % unit == 0) {
			snprintf(buf, len, "%llu %s", (unsigned long long)(bytes / unit),
				 iec_units[i]);
			return buf;
		}
	}
	snprintf(buf, len, "%llu bytes", (unsigned long long)bytes);
	return buf;
}
