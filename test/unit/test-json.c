// SPDX-License-Identifier: GPL-2.0
/*
 * util/json.c: the number and string forms upstream ndctl 76.1 prints, and
 * the printer's exact text (scripts and jq filters depend on both).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>
#include "json.h"

static void check_human(uint64_t bytes, const char *want)
{
	char buf[80];

	assert_string_equal(json_size_human(buf, sizeof(buf), bytes), want);
}

/* expected strings worked out from upstream's centi-unit rounding by hand */
static void test_size_human(void **state)
{
	(void)state;
	check_human(0, "0");
	check_human(4096, "4096");
	check_human(4ULL << 20, "4194304");
	check_human(5000ULL * 1024 - 1, "5119999");
	check_human(5000ULL * 1024, "4.88 MiB (5.12 MB)");
	check_human(30ULL << 20, "30.00 MiB (31.46 MB)");
	check_human(1022ULL << 20, "1022.00 MiB (1071.64 MB)");
	check_human(1536ULL << 20, "1536.00 MiB (1610.61 MB)");
	check_human((2ULL << 30) - 1, "2048.00 MiB (2147.48 MB)");
	check_human(2ULL << 30, "2.00 GiB (2.15 GB)");
	check_human(16ULL << 30, "16.00 GiB (17.18 GB)");
	check_human(16126ULL << 20, "15.75 GiB (16.91 GB)");
	check_human(2ULL << 40, "2.00 TiB (2.20 TB)");
	check_human(3ULL << 40, "3.00 TiB (3.30 TB)");
	/* no overflow at the top of the range */
	check_human(UINT64_MAX, "16777216.00 TiB (18446744.07 TB)");
}

static void test_size_human_truncates(void **state)
{
	char buf[8];

	(void)state;
	json_size_human(buf, sizeof(buf), 30ULL << 20);
	assert_int_equal(strlen(buf), 7);
}

static void test_new_size(void **state)
{
	struct json_object *j;

	(void)state;
	j = json_new_size(30ULL << 20, 0);
	assert_int_equal(json_object_get_type(j), json_type_int);
	assert_string_equal(json_object_to_json_string(j), "31457280");
	json_object_put(j);

	j = json_new_size(30ULL << 20, JSONF_HUMAN);
	assert_int_equal(json_object_get_type(j), json_type_string);
	assert_string_equal(json_object_get_string(j), "30.00 MiB (31.46 MB)");
	json_object_put(j);

	/* small sizes stay numbers even for people, as upstream does */
	j = json_new_size(4096, JSONF_HUMAN);
	assert_int_equal(json_object_get_type(j), json_type_int);
	json_object_put(j);

	/* values above INT64_MAX print unsigned */
	j = json_new_size(UINT64_MAX, 0);
	assert_string_equal(json_object_to_json_string(j), "18446744073709551615");
	json_object_put(j);
}

static void test_new_hex(void **state)
{
	struct json_object *j;

	(void)state;
	j = json_new_hex(0x1000, 0);
	assert_string_equal(json_object_to_json_string(j), "4096");
	json_object_put(j);
	j = json_new_hex(0x1000, JSONF_HUMAN);
	assert_string_equal(json_object_get_string(j), "0x1000");
	json_object_put(j);
	/* %#llx prints zero without a prefix */
	j = json_new_hex(0, JSONF_HUMAN);
	assert_string_equal(json_object_get_string(j), "0");
	json_object_put(j);
	j = json_new_addr(0x100000000ULL);
	assert_string_equal(json_object_get_string(j), "0x100000000");
	json_object_put(j);
	j = json_new_addr(0);
	assert_string_equal(json_object_get_string(j), "0x0");
	json_object_put(j);
}

static int read_text(const char *text, uint64_t *out)
{
	struct json_object *j = json_tokener_parse(text);
	int rc;

	assert_non_null(j);
	rc = json_read_u64(j, out);
	json_object_put(j);
	return rc;
}

static void test_read_u64(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(read_text("4096", &v), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(read_text("\"0x100000000\"", &v), 0);
	assert_int_equal(v, 0x100000000ULL);
	assert_int_equal(read_text("\"31457280\"", &v), 0);
	assert_int_equal(v, 31457280);
	assert_int_equal(read_text("18446744073709551615", &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(read_text("-1", &v), -EINVAL);
	assert_int_equal(read_text("\"-1\"", &v), -EINVAL);
	assert_int_equal(read_text("\"\"", &v), -EINVAL);
	assert_int_equal(read_text("\"0x\"", &v), -EINVAL);
	assert_int_equal(read_text("\"12abc\"", &v), -EINVAL);
	assert_int_equal(read_text("\" 12\"", &v), -EINVAL);
	assert_int_equal(read_text("\"0x10000000000000000\"", &v), -EINVAL);
	assert_int_equal(read_text("true", &v), -EINVAL);
	assert_int_equal(read_text("1.5", &v), -EINVAL);
	assert_int_equal(read_text("[1]", &v), -EINVAL);
	assert_int_equal(json_read_u64(NULL, &v), -EINVAL);
}

/* run the printer into a memory buffer */
static char *print_listing(struct json_object *array, unsigned long flags)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	json_print_listing(f, array, flags);
	fclose(f);
	return buf;
}

static struct json_object *one_namespace(const char *dev)
{
	struct json_object *o = json_object_new_object();

	json_add_str(o, "dev", dev);
	json_add(o, "size", json_new_size(30ULL << 20, 0));
	return o;
}

static void test_print_listing(void **state)
{
	struct json_object *a;
	char *text;

	(void)state;
	/* one object, machine form: still an array (upstream 76.1) */
	a = json_object_new_array();
	json_object_array_add(a, one_namespace("namespace0.0"));
	text = print_listing(a, 0);
	assert_string_equal(text, "[\n"
				  "  {\n"
				  "    \"dev\":\"namespace0.0\",\n"
				  "    \"size\":31457280\n"
				  "  }\n"
				  "]\n");
	free(text);

	/* one object, human form: unwrapped */
	a = json_object_new_array();
	json_object_array_add(a, one_namespace("namespace0.0"));
	text = print_listing(a, JSONF_HUMAN);
	assert_string_equal(text, "{\n"
				  "  \"dev\":\"namespace0.0\",\n"
				  "  \"size\":31457280\n"
				  "}\n");
	free(text);

	/* two objects, human form: an array */
	a = json_object_new_array();
	json_object_array_add(a, one_namespace("namespace0.0"));
	json_object_array_add(a, one_namespace("namespace0.1"));
	text = print_listing(a, JSONF_HUMAN);
	assert_non_null(strstr(text, "namespace0.1"));
	assert_int_equal(text[0], '[');
	free(text);
}

static void test_add_null(void **state)
{
	struct json_object *o = json_object_new_object();

	(void)state;
	json_add(o, "nothing", NULL);
	json_add_str(o, "nostr", NULL);
	json_add(NULL, "x", NULL);
	assert_int_equal(json_object_object_length(o), 0);
	json_object_put(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size_human),
		cmocka_unit_test(test_size_human_truncates),
		cmocka_unit_test(test_new_size),
		cmocka_unit_test(test_new_hex),
		cmocka_unit_test(test_read_u64),
		cmocka_unit_test(test_print_listing),
		cmocka_unit_test(test_add_null),
	};

	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
