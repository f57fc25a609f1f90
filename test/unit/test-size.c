// SPDX-License-Identifier: GPL-2.0
/*
 * util/size.c: parsing what users type for --size/--align and formatting
 * sizes back. Every error path of size_parse() and the unit boundaries.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>
#include "size.h"
#include "json.h"

static void parses(const char *s, uint64_t want)
{
	uint64_t v = 0xdeadbeef;
	int rc = size_parse(s, &v);

	if (rc)
		fail_msg("size_parse(\"%s\") = %d, want %llu", s, rc, (unsigned long long)want);
	if (v != want)
		fail_msg("size_parse(\"%s\") = %llu, want %llu", s, (unsigned long long)v,
			 (unsigned long long)want);
}

static void refuses(const char *s, int want_rc)
{
	uint64_t v = 12345;
	int rc = size_parse(s, &v);

	if (rc != want_rc)
		fail_msg("size_parse(\"%s\") = %d, want %d", s ? s : "(null)", rc, want_rc);
	/* the output is left alone on failure */
	assert_int_equal(v, 12345);
}

static void test_parse_plain(void **state)
{
	(void)state;
	parses("0", 0);
	parses("4096", 4096);
	parses("007", 7);
	parses("0x1000", 0x1000);
	parses("0X1000", 0x1000);
	parses("0xABCdef", 0xabcdef);
	parses("18446744073709551615", UINT64_MAX);
	parses("0xffffffffffffffff", UINT64_MAX);
}

static void test_parse_units(void **state)
{
	(void)state;
	parses("1k", 1024);
	parses("1K", 1024);
	parses("1KB", 1024);
	parses("1KiB", 1024);
	parses("30M", 30 * SZ_1M);
	parses("30m", 30 * SZ_1M);
	parses("30MiB", 30 * SZ_1M);
	parses("30mib", 30 * SZ_1M);
	parses("30MB", 30 * SZ_1M);	/* base 1024 like upstream ndctl */
	parses("2M", SZ_2M);
	parses("1g", SZ_1G);
	parses("1G", SZ_1G);
	parses("1T", 1ULL << 40);
	parses("1P", 1ULL << 50);
	parses("16777215T", 16777215ULL << 40);
	parses("0x10M", 16 * SZ_1M);
	parses("0M", 0);
}

static void test_parse_malformed(void **state)
{
	(void)state;
	refuses(NULL, -EINVAL);
	refuses("", -EINVAL);
	refuses("M", -EINVAL);
	refuses("0x", -EINVAL);
	refuses("-1", -EINVAL);
	refuses("+5", -EINVAL);
	refuses(" 30M", -EINVAL);
	refuses("30 M", -EINVAL);
	refuses("30M ", -EINVAL);
	refuses("1.5G", -EINVAL);
	refuses("1e3", -EINVAL);
	refuses("12Q", -EINVAL);
	refuses("30Mx", -EINVAL);
	refuses("30MiBs", -EINVAL);
	refuses("30iB", -EINVAL);
	refuses("10B", -EINVAL);	/* no "bytes" suffix */
	refuses("16E", -EINVAL);	/* units stop at P */
	refuses("0x1G0", -EINVAL);
}

static void test_parse_overflow(void **state)
{
	(void)state;
	refuses("18446744073709551616", -ERANGE);
	refuses("99999999999999999999999", -ERANGE);
	refuses("0x10000000000000000", -ERANGE);
	refuses("16777216T", -ERANGE);
	refuses("17179869184G", -ERANGE);
	refuses("16384P", -ERANGE);
}

static void formats(uint64_t v, const char *want)
{
	char buf[SIZE_STR_LEN];

	assert_string_equal(size_str(buf, sizeof(buf), v), want);
}

static void test_size_str(void **state)
{
	(void)state;
	formats(0, "0 bytes");
	formats(1, "1 bytes");
	formats(1023, "1023 bytes");
	formats(1024, "1 KiB");
	formats(1536, "1536 bytes");
	formats(4096, "4 KiB");
	formats(SZ_2M, "2 MiB");
	formats(30 * SZ_1M, "30 MiB");
	formats(30 * SZ_1M + 1, "31457281 bytes");
	formats(30 * SZ_1M + 4096, "30724 KiB");
	formats(1022 * SZ_1M, "1022 MiB");
	formats(SZ_1G, "1 GiB");
	formats(1ULL << 40, "1 TiB");
	formats(1ULL << 50, "1 PiB");
	formats(1ULL << 60, "1 EiB");
	formats(UINT64_MAX, "18446744073709551615 bytes");
}

/* what size_str prints for exact multiples parses back once the space goes */
static void test_size_str_round_trip(void **state)
{
	static const uint64_t vals[] = { 4096, SZ_2M, 30 * SZ_1M, SZ_1G, 3ULL << 40 };
	char buf[SIZE_STR_LEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		char *sp;
		uint64_t v;

		size_str(buf, sizeof(buf), vals[i]);
		sp = strchr(buf, ' ');
		assert_non_null(sp);
		memmove(sp, sp + 1, strlen(sp));
		assert_int_equal(size_parse(buf, &v), 0);
		assert_true(v == vals[i]);
	}
}

static void test_size_str_small_buffer(void **state)
{
	char buf[4];

	(void)state;
	size_str(buf, sizeof(buf), 30 * SZ_1M);
	assert_int_equal(strlen(buf), 3);
}

static void test_align_helpers(void **state)
{
	(void)state;
	assert_true(is_aligned(0, SZ_2M));
	assert_true(is_aligned(SZ_128M, SZ_2M));
	assert_false(is_aligned(SZ_2M + 4096, SZ_2M));
	assert_true(is_aligned(12345, 0));
	assert_int_equal(align_down(0x101f00000ULL, SZ_2M), 0x101e00000ULL);
	assert_int_equal(align_up(0x101f00000ULL, SZ_2M), 0x102000000ULL);
	assert_int_equal(align_up(0x102000000ULL, SZ_2M), 0x102000000ULL);
	assert_int_equal(align_up(5, 0), 5);
	assert_int_equal(align_down(5, 0), 5);
	/* non-power-of-2 alignments (48 MiB region align for 3 ways) */
	assert_int_equal(align_up(SZ_16M, 48 * SZ_1M), 48 * SZ_1M);
	assert_int_equal(align_down(100 * SZ_1M, 48 * SZ_1M), 96 * SZ_1M);
	assert_true(is_power_of_2(SZ_2M));
	assert_false(is_power_of_2(0));
	assert_false(is_power_of_2(48 * SZ_1M));
	assert_true(is_power_of_2(1ULL << 63));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_plain),
		cmocka_unit_test(test_parse_units),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_parse_overflow),
		cmocka_unit_test(test_size_str),
		cmocka_unit_test(test_size_str_round_trip),
		cmocka_unit_test(test_size_str_small_buffer),
		cmocka_unit_test(test_align_helpers),
	};

	return cmocka_run_group_tests_name("size", tests, NULL, NULL);
}
