/* SPDX-License-Identifier: GPL-2.0 */
/* Sizes: parsing user input and formatting for people. Pure code. */
#ifndef UTIL_SIZE_H
#define UTIL_SIZE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SZ_4K	0x1000ULL
#define SZ_8K	0x2000ULL
#define SZ_64K	0x10000ULL
#define SZ_1M	0x100000ULL
#define SZ_2M	0x200000ULL
#define SZ_16M	0x1000000ULL
#define SZ_128M	0x8000000ULL
#define SZ_1G	0x40000000ULL
#define SZ_2G	0x80000000ULL

/*
 * Parse "4096", "0x1000", "30M", "30MiB", "1g" (K, M, G, T, P, base 1024).
 * Returns 0, -EINVAL for anything malformed (empty, negative, fraction,
 * unknown unit, trailing junk) or -ERANGE when it does not fit in 64 bits.
 */
int size_parse(const char *str, uint64_t *out);

/*
 * "30 MiB" when the value is an exact multiple of a unit, otherwise
 * "31457281 bytes". Returns buf.
 */
char *size_str(char *buf, size_t len, uint64_t bytes);


#define SIZE_STR_LEN 48

static inline bool is_aligned(uint64_t v, uint64_t a)
{
	return a == 0 || v % a == 0;
}

static inline uint64_t align_down(uint64_t v, uint64_t a)
{
	return a ? v - v % a : v;
}

/* caller guarantees no overflow */
static inline uint64_t align_up(uint64_t v, uint64_t a)
{
	return a ? align_down(v + a - 1, a) : v;
}

static inline bool is_power_of_2(uint64_t v)
{
	return v && !(v & (v - 1));
}

#endif
