// SPDX-License-Identifier: GPL-2.0
/* the plan request syntax and the JSON request file: good and bad input */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "request.h"

#define MiB (1ULL << 20)

struct good_case {
	const char *in;
	enum ns_mode mode;
	enum ns_map map;
	uint64_t size, usable, align, sector;
	const char *name;
	const char *back;	/* request_str() */
};

static const struct good_case good_cases[] = {
	{ "fsdax:30M", NS_MODE_FSDAX, NS_MAP_DEV, 30 * MiB, 0, 0, 0, "", "fsdax:30M" },
	{ "devdax:64M,align=2M", NS_MODE_DEVDAX, NS_MAP_DEV, 64 * MiB, 0, 2 * MiB, 0, "",
	  "devdax:64M,align=2M" },
	{ "sector:16M,sector-size=4096", NS_MODE_SECTOR, NS_MAP_DEV, 16 * MiB, 0, 0, 4096, "",
	  "sector:16M,sector-size=4096" },
	{ "fsdax:usable=28M,map=mem,name=db", NS_MODE_FSDAX, NS_MAP_MEM, 0, 28 * MiB, 0, 0, "db",
	  "fsdax:usable=28M,map=mem,name=db" },
	{ "raw:4M", NS_MODE_RAW, NS_MAP_DEV, 4 * MiB, 0, 0, 0, "", "raw:4M" },
	{ "fsdax:size=1G,name=a b", NS_MODE_FSDAX, NS_MAP_DEV, 1ULL << 30, 0, 0, 0, "a b",
	  "fsdax:1G,name=a b" },
	{ "memory:0x2000000", NS_MODE_FSDAX, NS_MAP_DEV, 32 * MiB, 0, 0, 0, "", "fsdax:32M" },
	{ "dax:4097,map=dev", NS_MODE_DEVDAX, NS_MAP_DEV, 4097, 0, 0, 0, "", "devdax:4097" },
	{ "FSDAX:30MiB", NS_MODE_FSDAX, NS_MAP_DEV, 30 * MiB, 0, 0, 0, "", "fsdax:30M" },
	{ "fsdax:30M,name=012345678901234567890123456789012345678901234567890123456789012",
	  NS_MODE_FSDAX, NS_MAP_DEV, 30 * MiB, 0, 0, 0,
	  "012345678901234567890123456789012345678901234567890123456789012", NULL },
};

static void test_good(void **state)
{
	char err[REQUEST_ERR_LEN], back[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good_cases) / sizeof(good_cases[0]); i++) {
		const struct good_case *c = &good_cases[i];
		struct plan_request r, again;

		assert_int_equal(request_parse(c->in, &r, err, sizeof(err)), 0);
		assert_string_equal(err, "");
		assert_int_equal(r.mode, c->mode);
		assert_int_equal(r.map, c->map);
		assert_int_equal(r.size, c->size);
		assert_int_equal(r.usable_size, c->usable);
		assert_int_equal(r.align, c->align);
		assert_int_equal(r.sector_size, c->sector);
		assert_string_equal(r.name, c->name);
		request_str(&r, back, sizeof(back));
		if (c->back)
			assert_string_equal(back, c->back);
		/* what request_str() prints parses back to the same request */
		assert_int_equal(request_parse(back, &again, NULL, 0), 0);
		assert_memory_equal(&r, &again, sizeof(r));
	}
}

struct bad_case {
	const char *in;
	const char *msg;	/* substring of the error */
};

static const struct bad_case bad_cases[] = {
	{ "", "empty request" },
	{ "fsdax", "expected MODE:SIZE" },
	{ "fsdax:", "missing size" },
	{ ":30M", "unknown mode ''" },
	{ "fsdax:12.5M", "bad size '12.5M'" },
	{ "fsdax:1P", "too large" },
	{ "fsdax:99999999999999999999", "does not fit in 64 bits" },
	{ "fsdax:16777216T", "does not fit in 64 bits" },
	{ "fsdax:-30M", "bad size '-30M'" },
	{ "fsdax:0", "size must not be 0" },
	{ "fsdax:30X", "bad size '30X'" },
	{ "fsdax:30M ", "bad size '30M '" },
	{ "bogus:1M", "unknown mode 'bogus'" },
	{ "fsdax:30M,align=", "empty value for 'align'" },
	{ "fsdax:30M,align=3M", "not a power of 2" },
	{ "fsdax:30M,align=1K", "not a power of 2" },
	{ "fsdax:30M,map=", "empty value for 'map'" },
	{ "fsdax:30M,map=ram2", "bad map 'ram2'" },
	{ "fsdax:30M,30M", "expected key=value, got '30M'" },
	{ "fsdax:30M,", "expected key=value, got ''" },
	{ "fsdax:30M,=5", "empty key" },
	{ "fsdax:30M,colour=red", "unknown key 'colour'" },
	{ "fsdax:30M,size=32M", "'size' given twice" },
	{ "fsdax:usable=28M,size=30M", "not both" },
	{ "fsdax:name=x", "missing size" },
	{ "raw:4M,align=2M", "fsdax and devdax only" },
	{ "sector:18M,map=mem", "fsdax and devdax only" },
	{ "fsdax:30M,sector-size=512", "sector mode only" },
	{ "fsdax:30M,uuid=1234", "bad uuid" },
	{ "fsdax:30M,name=0123456789012345678901234567890123456789012345678901234567890123",
	  "longer than 63 bytes" },
	{ "fsdax:30M,name=a\tb", "control characters" },
};

static void test_bad(void **state)
{
	char err[REQUEST_ERR_LEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct plan_request r;
		int rc;

		memset(&r, 0xa5, sizeof(r));
		rc = request_parse(c->in, &r, err, sizeof(err));
		print_message("'%s' -> %d %s\n", c->in, rc, err);
		assert_true(rc == -EINVAL || rc == -ERANGE);
		assert_non_null(strstr(err, c->msg));
		/* nothing half-parsed is left behind */
		assert_int_equal(r.size, 0);
		assert_int_equal(r.name[0], 0);
	}
	assert_int_equal(request_parse(NULL, &(struct plan_request){ 0 }, err, sizeof(err)),
			 -EINVAL);
	/* a tiny error buffer is filled safely; no buffer at all is fine too */
	assert_int_equal(request_parse("bogus:1M", &(struct plan_request){ 0 }, err, 4), -EINVAL);
	assert_int_equal(strlen(err), 3);
	assert_int_equal(request_parse("bogus:1M", &(struct plan_request){ 0 }, NULL, 0), -EINVAL);
}

static void test_uuid_and_long(void **state)
{
	char err[REQUEST_ERR_LEN], *big;
	struct plan_request r;

	(void)state;
	assert_int_equal(request_parse("raw:4M,uuid=0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", &r, err,
				       sizeof(err)), 0);
	assert_string_equal(r.uuid, "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
	assert_int_equal(request_parse("raw:4M,uuid=0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1fz", &r, err,
				       sizeof(err)), -EINVAL);
	big = malloc(70000);
	assert_non_null(big);
	memset(big, 'a', 69999);
	big[69999] = '\0';
	memcpy(big, "fsdax:30M,name=", 15);
	assert_int_equal(request_parse(big, &r, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "longer than"));
	free(big);
}

static int parse_json(const char *text, struct plan_request **reqs, int *nr, char *err)
{
	return request_parse_json(text, strlen(text), reqs, nr, err, REQUEST_ERR_LEN);
}

static void test_json_good(void **state)
{
	const char *text = "[ {\"mode\":\"fsdax\",\"size\":\"30M\",\"name\":\"db\"},\n"
			   "  {\"mode\":\"devdax\",\"usable\":\"1G\",\"align\":2097152,"
			   "\"map\":\"mem\"},\n"
			   "  {\"mode\":\"sector\",\"size\":18874368,\"sector_size\":512},\n"
			   "  {\"mode\":\"raw\",\"size\":\"4M\"} ]\n\n";
	char err[REQUEST_ERR_LEN];
	struct plan_request *r;
	int nr;

	(void)state;
	assert_int_equal(parse_json(text, &r, &nr, err), 0);
	assert_int_equal(nr, 4);
	assert_int_equal(r[0].mode, NS_MODE_FSDAX);
	assert_int_equal(r[0].size, 30 * MiB);
	assert_string_equal(r[0].name, "db");
	assert_int_equal(r[1].usable_size, 1ULL << 30);
	assert_int_equal(r[1].align, 2 * MiB);
	assert_int_equal(r[1].map, NS_MAP_MEM);
	assert_int_equal(r[2].sector_size, 512);
	assert_int_equal(r[3].mode, NS_MODE_RAW);
	free(r);
	assert_int_equal(parse_json("[]", &r, &nr, err), 0);
	assert_int_equal(nr, 0);
	free(r);
}

static const struct bad_case json_bad[] = {
	{ "", "empty request file" },
	{ "[", "unexpected end" },
	{ "[{\"mode\":\"fsdax\",\"size\":\"30M\"}", "unexpected end" },
	{ "[{\"mode\":\"fsdax\" \"size\":1}]", "byte 17" },
	{ "{\"mode\":\"fsdax\"}", "expected an array" },
	{ "[1]", "request 0: not an object" },
	{ "[{\"size\":\"30M\"}]", "request 0: missing 'mode'" },
	{ "[{\"mode\":7,\"size\":\"30M\"}]", "bad 'mode'" },
	{ "[{\"mode\":\"fsdax\",\"size\":\"30M\"},{\"mode\":\"fsdax\",\"size\":-1}]",
	  "request 1: 'size' must not be negative" },
	{ "[{\"mode\":\"fsdax\",\"size\":1.5}]", "'size' must be a string or a whole number" },
	{ "[{\"mode\":\"fsdax\",\"size\":99999999999999999999}]", "too large" },
	{ "[{\"mode\":\"fsdax\",\"size\":\"30M\",\"colour\":\"red\"}]", "unknown key 'colour'" },
	{ "[{\"mode\":\"fsdax\",\"size\":\"12.5M\"}]", "bad size '12.5M'" },
	{ "[{\"mode\":\"fsdax\",\"size\":null}]", "must be a string" },
	{ "[{\"mode\":\"fsdax\",\"size\":\"30M\"}] x", "data after the JSON document" },
	{ "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
	  "byte" },
	{ "[{\"mode\":\"fsdax\",\"size\":\"30M\",\"name\":"
	  "\"0123456789012345678901234567890123456789012345678901234567890123\"}]",
	  "longer than 63" },
};

static void test_json_bad(void **state)
{
	char err[REQUEST_ERR_LEN];
	struct plan_request *r;
	size_t i;
	int nr;

	(void)state;
	for (i = 0; i < sizeof(json_bad) / sizeof(json_bad[0]); i++) {
		int rc = parse_json(json_bad[i].in, &r, &nr, err);

		print_message("json %zu -> %d %s\n", i, rc, err);
		assert_true(rc < 0);
		assert_null(r);
		assert_int_equal(nr, 0);
		assert_non_null(strstr(err, json_bad[i].msg));
	}
	/* embedded NUL and binary garbage: an error, never a crash */
	assert_true(request_parse_json("[\0]", 3, &r, &nr, err, sizeof(err)) < 0);
	assert_true(request_parse_json("\xff\xfe[]", 4, &r, &nr, err, sizeof(err)) < 0);
}

/* every prefix of a valid document is an error or a success, never a crash */
static void test_json_truncated(void **state)
{
	const char *text = "[{\"mode\":\"fsdax\",\"size\":\"30M\",\"name\":\"db\"},"
			   "{\"mode\":\"raw\",\"size\":4194304}]";
	char err[REQUEST_ERR_LEN];
	struct plan_request *r;
	size_t len = strlen(text), i;
	int nr;

	(void)state;
	for (i = 1; i < len; i++) {
		assert_true(request_parse_json(text, i, &r, &nr, err, sizeof(err)) < 0);
		assert_true(strstr(err, "byte") != NULL);
	}
	assert_int_equal(request_parse_json(text, len, &r, &nr, err, sizeof(err)), 0);
	assert_int_equal(nr, 2);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_uuid_and_long),
		cmocka_unit_test(test_json_good),
		cmocka_unit_test(test_json_bad),
		cmocka_unit_test(test_json_truncated),
	};

	return cmocka_run_group_tests_name("request", tests, NULL, NULL);
}
