// SPDX-License-Identifier: GPL-2.0
/*
 * util/topology.c without a live system: /proc/iomem parsing, the kernel
 * model from a release, and the capture file (round trip, and every way a
 * file can be broken: each must give an error naming the byte or the key).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <setjmp.h>
#include <cmocka.h>
#include "json.h"
#include "json-read.h"
#include "topology.h"

/* a QEMU guest with 2 GiB of RAM and a 1 GiB NVDIMM, as root */
static const char iomem_root[] =
	"00000000-00000fff : Reserved\n"
	"00001000-0009fbff : System RAM\n"
	"0009fc00-0009ffff : Reserved\n"
	"000a0000-000bffff : PCI Bus 0000:00\n"
	"000f0000-000fffff : Reserved\n"
	"  000f0000-000fffff : System ROM\n"
	"00100000-7ffdffff : System RAM\n"
	"  01000000-01e01fff : Kernel code\n"
	"  01e02000-0285bfff : Kernel rodata\n"
	"7ffe0000-7fffffff : Reserved\n"
	"100000000-13fffffff : Persistent Memory\n"
	"  100000000-13fdfffff : namespace0.0\n"
	"140000000-1bfffffff : System RAM\n"
	"1c0000000-23fffffff : System RAM\n"
	"  1c0000000-1c7ffffff : dax0.0\n"
	"    1c0000000-1c7ffffff : System RAM (kmem)\n";

static void test_iomem_root(void **state)
{
	struct range *ram;
	int nr;

	(void)state;
	assert_int_equal(topology_parse_iomem(iomem_root, strlen(iomem_root), &ram, &nr), 0);
	/* the two adjacent top-level ranges above 4 GiB merge; kmem is not top level */
	assert_int_equal(nr, 3);
	assert_int_equal(ram[0].start, 0x1000);
	assert_int_equal(ram[0].end, 0x9fc00);
	assert_int_equal(ram[1].start, 0x100000);
	assert_int_equal(ram[1].end, 0x7ffe0000);
	assert_int_equal(ram[2].start, 0x140000000ULL);
	assert_int_equal(ram[2].end, 0x240000000ULL);
	free(ram);
}

static void test_iomem_not_root(void **state)
{
	static const char text[] = "00000000-00000000 : Reserved\n"
				   "00000000-00000000 : System RAM\n"
				   "  00000000-00000000 : Kernel code\n"
				   "00000000-00000000 : Persistent Memory\n";
	struct range *ram = (struct range *)1;
	int nr = 7;

	(void)state;
	assert_int_equal(topology_parse_iomem(text, strlen(text), &ram, &nr), -EPERM);
	assert_null(ram);
	assert_int_equal(nr, 0);
}

static void test_iomem_odd_input(void **state)
{
	static const char *const texts[] = {
		"",
		"\n\n\n",
		"garbage\n",
		"00001000-0009fbff System RAM\n",	/* no " : " */
		"0009fbff-00001000 : System RAM\n",	/* end below start */
		"00001000-ffffffffffffffff : System RAM\n",	/* all-ones end */
		"00001000-00002000 : System RAMX\n",
		"00001000-00002000 : System RA",
		"00001000-00002000 : ",
		"00001000-",
		"-00002000 : System RAM\n",
		"10000000000000000-10000000000000001 : System RAM\n",	/* > 64 bits */
		" \n  \n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct range *ram;
		int nr, rc;

		rc = topology_parse_iomem(texts[i], strlen(texts[i]), &ram, &nr);
		assert_int_equal(rc, 0);
		assert_int_equal(nr, 0);
		assert_null(ram);
	}
}

static void test_iomem_no_newline_and_nul(void **state)
{
	static const char text[] = "00001000-00001fff : System RAM";
	char buf[64];
	struct range *ram;
	int nr;

	(void)state;
	/* the text need not end in a newline or NUL */
	memcpy(buf, text, sizeof(text) - 1);
	memset(buf + sizeof(text) - 1, 'X', sizeof(buf) - sizeof(text) + 1);
	assert_int_equal(topology_parse_iomem(buf, sizeof(text) - 1, &ram, &nr), 0);
	assert_int_equal(nr, 1);
	assert_int_equal(ram[0].end, 0x2000);
	free(ram);
}

static void test_iomem_every_prefix(void **state)
{
	size_t len = strlen(iomem_root), i;

	(void)state;
	/* any truncation parses without crashing and yields sane ranges */
	for (i = 0; i <= len; i++) {
		struct range *ram;
		int nr, k;

		assert_int_equal(topology_parse_iomem(iomem_root, i, &ram, &nr), 0);
		for (k = 0; k < nr; k++)
			assert_true(ram[k].start < ram[k].end);
		free(ram);
	}
}

static void test_kernel_model(void **state)
{
	enum kernel_model m;

	(void)state;
	assert_int_equal(topology_kernel_model("6.1.0-56-amd64", &m), 0);
	assert_int_equal(m, KMODEL_SUBSECTION);
	assert_int_equal(topology_kernel_model("5.3.0", &m), 0);
	assert_int_equal(m, KMODEL_SUBSECTION);
	assert_int_equal(topology_kernel_model("5.2.21", &m), 0);
	assert_int_equal(m, KMODEL_SECTION);
	assert_int_equal(topology_kernel_model("4.19.0-27-amd64", &m), 0);
	assert_int_equal(m, KMODEL_SECTION);
	assert_int_equal(topology_kernel_model("10.0", &m), 0);
	assert_int_equal(m, KMODEL_SUBSECTION);
	assert_int_equal(topology_kernel_model("", &m), -EINVAL);
	assert_int_equal(topology_kernel_model("linux", &m), -EINVAL);
	assert_int_equal(topology_kernel_model("6", &m), -EINVAL);
	assert_int_equal(topology_kernel_model(NULL, &m), -EINVAL);
}

/* two 32 MiB regions in one section, as the two-DIMM guest test makes */
static void make_system(struct model_system *sys)
{
	struct model_region *r;
	struct model_namespace *ns;

	memset(sys, 0, sizeof(*sys));
	model_system_defaults(sys);
	snprintf(sys->kernel_release, sizeof(sys->kernel_release), "6.1.0-56-amd64");
	sys->nr_ram = 2;
	sys->ram = calloc(2, sizeof(*sys->ram));
	sys->ram[0] = (struct range){ 0x1000, 0x9fc00 };
	sys->ram[1] = (struct range){ 0x100000, 0x7ffe0000 };
	sys->nr_regions = 2;
	sys->regions = calloc(2, sizeof(*sys->regions));
	for (int i = 0; i < 2; i++) {
		r = &sys->regions[i];
		snprintf(r->dev, sizeof(r->dev), "region%d", i);
		r->start = 0x100000000ULL + (uint64_t)i * 0x2200000ULL;
		r->size = 32ULL << 20;
		r->align = 2ULL << 20;
		r->ways = 1;
		r->labeled = true;
		r->label_slots_free = 254 - i;
		r->nr_namespaces = 1;
		r->namespaces = calloc(1, sizeof(*r->namespaces));
		ns = r->namespaces;
		snprintf(ns->dev, sizeof(ns->dev), "namespace%d.0", i);
		snprintf(ns->name, sizeof(ns->name), "data \"%d\"", i);
		snprintf(ns->uuid, sizeof(ns->uuid), "c5a7e1b2-0f6d-4c0e-9d1a-5b8f4e3c2a1%d", i);
		ns->mode = NS_MODE_FSDAX;
		ns->map = NS_MAP_DEV;
		ns->start = r->start;
		ns->size = 30ULL << 20;
		ns->align = 2ULL << 20;
		ns->data_start = ns->start + (2ULL << 20);
		ns->data_size = 28ULL << 20;
		ns->enabled = true;
	}
	sys->regions[1].readonly = true;
	sys->regions[1].namespaces[0].map = NS_MAP_MEM;
	sys->regions[1].namespaces[0].mode = NS_MODE_SECTOR;
	sys->regions[1].namespaces[0].sector_size = 4096;
	sys->regions[1].namespaces[0].enabled = false;
}

static char *capture_text(const struct model_system *sys)
{
	struct json_object *j = topology_to_json(sys);
	char *text;

	assert_non_null(j);
	text = strdup(json_to_text(j));
	json_object_put(j);
	return text;
}

static void test_round_trip(void **state)
{
	struct model_system a, b;
	char err[256];
	char *t1, *t2;

	(void)state;
	make_system(&a);
	t1 = capture_text(&a);
	assert_int_equal(topology_parse(t1, strlen(t1), &b, err, sizeof(err)), 0);
	assert_string_equal(err, "");
	t2 = capture_text(&b);
	assert_string_equal(t1, t2);

	assert_int_equal(b.nr_regions, 2);
	assert_int_equal(b.nr_ram, 2);
	assert_int_equal(b.memblock_size, a.memblock_size);
	assert_string_equal(b.kernel_release, "6.1.0-56-amd64");
	assert_int_equal(b.regions[1].start, 0x102200000ULL);
	assert_true(b.regions[1].readonly);
	assert_int_equal(b.regions[1].label_slots_free, 253);
	assert_string_equal(b.regions[0].namespaces[0].name, "data \"0\"");
	assert_int_equal(b.regions[1].namespaces[0].mode, NS_MODE_SECTOR);
	assert_int_equal(b.regions[1].namespaces[0].map, NS_MAP_MEM);
	assert_false(b.regions[1].namespaces[0].enabled);
	assert_int_equal(b.regions[0].namespaces[0].data_size, 28ULL << 20);
	assert_non_null(topology_find_region(&b, "region1"));
	assert_null(topology_find_region(&b, "region9"));
	assert_null(topology_find_region(&b, NULL));
	free(t1);
	free(t2);
	topology_free(&a);
	topology_free(&b);
	/* freeing twice is harmless: topology_free zeroes */
	topology_free(&b);
}

static void test_file_round_trip(void **state)
{
	struct model_system a, b;
	char path[] = "/tmp/test-topology-XXXXXX";
	int fd = mkstemp(path);
	char *t1, *t2;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	make_system(&a);
	assert_int_equal(topology_save(&a, path), 0);
	assert_int_equal(topology_load(path, &b), 0);
	t1 = capture_text(&a);
	t2 = capture_text(&b);
	assert_string_equal(t1, t2);
	free(t1);
	free(t2);
	topology_free(&a);
	topology_free(&b);
	unlink(path);
	assert_int_equal(topology_load(path, &b), -ENOENT);
}

/* the loader sorts what a hand-written file lists out of order */
static void test_sorting(void **state)
{
	static const char text[] =
		"{\"version\":1,\"system_ram\":[{\"start\":\"0x200000\",\"end\":\"0x300000\"},"
		"{\"start\":4096,\"end\":\"0x200000\"}],"
		"\"regions\":[{\"dev\":\"region1\",\"start\":\"0x200000000\",\"size\":1073741824},"
		"{\"dev\":\"region0\",\"start\":\"0x100000000\",\"size\":1073741824,\"namespaces\":["
		"{\"dev\":\"namespace0.1\",\"start\":\"0x101000000\",\"size\":16777216},"
		"{\"dev\":\"namespace0.0\",\"start\":\"0x100000000\",\"size\":16777216}]}]}";
	struct model_system s;
	char err[256];

	(void)state;
	assert_int_equal(topology_parse(text, strlen(text), &s, err, sizeof(err)), 0);
	assert_string_equal(s.regions[0].dev, "region0");
	assert_string_equal(s.regions[0].namespaces[0].dev, "namespace0.0");
	assert_int_equal(s.nr_ram, 1);
	assert_int_equal(s.ram[0].start, 4096);
	assert_int_equal(s.ram[0].end, 0x300000);
	/* defaults for what the file leaves out */
	assert_int_equal(s.section_size, 128ULL << 20);
	assert_int_equal(s.regions[1].ways, 1);
	assert_true(s.regions[1].labeled);
	assert_int_equal(s.regions[1].label_slots_free, -1);
	topology_free(&s);
}

struct bad_case {
	const char *text;
	const char *want;	/* substring of the error */
};

static void test_malformed(void **state)
{
	static const struct bad_case cases[] = {
		{ "", "byte 0: unexpected end" },
		{ "{", "unexpected end" },
		{ "[]", "(top): expected an object" },
		{ "{\"version\":1,\"regions\":[]} x", "byte 27: unexpected data after the end" },
		{ "{\"version\":1,,}", "byte 13" },
		{ "{}", "version: missing" },
		{ "{\"version\":2,\"regions\":[]}", "version: 2 is not supported" },
		{ "{\"version\":1}", "regions: missing" },
		{ "{\"version\":1,\"regions\":{}}", "regions: expected an array" },
		{ "{\"version\":1,\"regions\":[1]}", "regions[0].region: expected an object" },
		{ "{\"version\":1,\"regions\":[{}]}", "regions[0].dev: missing" },
		{ "{\"version\":1,\"regions\":[{\"dev\":7}]}", "regions[0].dev: expected a string" },
		{ "{\"version\":1,\"regions\":[{\"dev\":\"\"}]}", "regions[0].dev: empty" },
		{ "{\"version\":1,\"regions\":[{\"dev\":\"r0123456789012345678901234567890123\"}]}",
		  "regions[0].dev: longer than 31" },
		{ "{\"version\":1,\"regions\":[{\"dev\":\"region0\"}]}", "regions[0].start: missing" },
		{ "{\"version\":1,\"regions\":[{\"dev\":\"region0\",\"start\":\"0xz\",\"size\":1}]}",
		  "regions[0].start: expected a number, not '0xz'" },
		{ "{\"version\":1,\"regions\":[{\"dev\":\"region0\",\"start\":-5,\"size\":1}]}",
		  "regions[0].start: -5 is negative" },
		{ "{\"version\":1,\"regions\":[{\"dev\":\"region0\",\"start\":1,\"size\":1.5}]}",
		  "regions[0].size: expected a number or a \"0x...\" string" },
		{ "{\"version\":1,\"regions\":[{\"dev\":\"region0\",\"start\":\"0xffffffffffffffff\","
		  "\"size\":2}]}", "regions[0].size: start + size overflows" },
		{ "{\"version\":1,\"regions\":[{\"dev\":\"region0\",\"start\":0,\"size\":1,"
		  "\"ways\":0}]}", "regions[0].ways: 0 is out of range" },
		{ "{\"version\":1,\"regions\":[{\"dev\":\"region0\",\"start\":0,\"size\":1,"
		  "\"labeled\":1}]}", "regions[0].labeled: expected true or false" },
		{ "{\"version\":1,\"regions\":[{\"dev\":\"region0\",\"start\":0,\"size\":1,"
		  "\"label_slots_free\":-2}]}", "regions[0].label_slots_free: -2 is out of range (-1..2147483647)" },
		{ "{\"version\":1,\"regions\":[{\"dev\":\"region0\",\"start\":0,\"size\":1,"
		  "\"namespaces\":7}]}", "regions[0].namespaces: expected an array" },
		{ "{\"version\":1,\"regions\":[{\"dev\":\"region0\",\"start\":0,\"size\":4096,"
		  "\"namespaces\":[{\"dev\":\"namespace0.0\",\"start\":0,\"size\":4096,"
		  "\"enabled\":\"yes\"}]}]}",
		  "regions[0].namespaces[0].enabled: expected true or false" },
		{ "{\"version\":1,\"system_ram\":[{\"start\":1,\"end\":2},[]],\"regions\":[]}",
		  "system_ram[1].range: expected an object" },
		{ "{\"version\":1,\"kernel_release\":6,\"regions\":[]}",
		  "kernel_release: expected a string" },
		{ "{\"version\":1,\"regions\":[{\"dev\":\"region0\",\"start\":0,\"size\":4096,"
		  "\"namespaces\":[{\"dev\":\"namespace0.0\",\"start\":0,\"size\":4096,"
		  "\"mode\":\"memory\"}]}]}",
		  "regions[0].namespaces[0].mode: unknown value 'memory'" },
		{ "{\"version\":1,\"regions\":[{\"dev\":\"region0\",\"start\":0,\"size\":4096,"
		  "\"namespaces\":[{\"dev\":\"namespace0.0\",\"start\":0,\"size\":8192}]}]}",
		  "regions[0].namespaces[0].start: namespace [0x0, 0x2000) is outside region0" },
		{ "{\"version\":1,\"regions\":[{\"dev\":\"region0\",\"start\":0,\"size\":4096,"
		  "\"namespaces\":[{\"dev\":\"namespace0.0\",\"start\":0,\"size\":0}]}]}",
		  "regions[0].namespaces[0].size: a namespace cannot be empty" },
		{ "{\"version\":1,\"regions\":[{\"dev\":\"region0\",\"start\":0,\"size\":4096,"
		  "\"namespaces\":[{\"dev\":\"namespace0.0\",\"start\":0,\"size\":4096},"
		  "{\"dev\":\"namespace0.1\",\"size\":4096}]}]}",
		  "regions[0].namespaces[1].start: missing" },
		{ "{\"version\":1,\"regions\":[{\"dev\":\"region0\",\"start\":0,\"size\":1,"
		  "\"namespaces\":[\"x\"]}]}", "regions[0].namespaces[0].namespace: expected an" },
		{ "{\"version\":1,\"system_ram\":[{\"start\":5,\"end\":5}],\"regions\":[]}",
		  "system_ram[0].end: not above start" },
		{ "{\"version\":1,\"system_ram\":7,\"regions\":[]}",
		  "system_ram: expected an array" },
		{ "{\"version\":1,\"section_size\":3,\"regions\":[]}",
		  "section_size: 3 is not a power of two" },
		{ "{\"version\":1,\"section_size\":1048576,\"subsection_size\":2097152,"
		  "\"regions\":[]}", "subsection_size: a section must hold" },
		{ "{\"version\":1,\"memblock_size\":\"0x3\",\"regions\":[]}",
		  "memblock_size: 3 is not a power of two" },
		{ "{\"version\":1,\"kernel_model\":\"sparse\",\"regions\":[]}",
		  "kernel_model: unknown value 'sparse'" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct model_system s;
		char err[256];
		int rc = topology_parse(cases[i].text, strlen(cases[i].text), &s, err, sizeof(err));

		if (rc != -EINVAL || !strstr(err, cases[i].want))
			fail_msg("case %zu: rc %d, error '%s', want '%s'", i, rc, err,
				 cases[i].want);
		assert_int_equal(s.nr_regions, 0);
		assert_null(s.regions);
	}
}

/* every truncation of a valid capture fails cleanly, naming a byte offset */
static void test_truncated(void **state)
{
	struct model_system a, s;
	char err[256];
	char *text;
	size_t len, i;

	(void)state;
	make_system(&a);
	text = capture_text(&a);
	len = strlen(text);
	for (i = 0; i < len - 1; i++) {
		int rc = topology_parse(text, i, &s, err, sizeof(err));

		if (rc != -EINVAL || strncmp(err, "byte ", 5) != 0)
			fail_msg("prefix %zu: rc %d, error '%s'", i, rc, err);
	}
	free(text);
	topology_free(&a);
}

/* flipping bytes never crashes, and failures always explain themselves */
static void test_corrupted(void **state)
{
	static const char junk[] = "\0\"{}[],:0x-9aZ\\ \xff";
	struct model_system a, s;
	char err[256];
	char *text, *copy;
	size_t len, i, j;
	unsigned seed = 1;

	(void)state;
	make_system(&a);
	text = capture_text(&a);
	len = strlen(text);
	copy = malloc(len);
	for (i = 0; i < len; i += 3) {
		for (j = 0; j < sizeof(junk) - 1; j += 2) {
			int rc;

			memcpy(copy, text, len);
			copy[i] = junk[(j + seed++) % (sizeof(junk) - 1)];
			rc = topology_parse(copy, len, &s, err, sizeof(err));
			if (rc == 0)
				topology_free(&s);
			else if (!err[0])
				fail_msg("offset %zu: rc %d without a message", i, rc);
		}
	}
	free(copy);
	free(text);
	topology_free(&a);
}

/* the reader under the loader: optional keys, paths, the error buffer */
static void test_json_read(void **state)
{
	struct json_object *o = json_tokener_parse(
		"{\"n\":7,\"big\":\"0xffffffffffffffff\",\"s\":\"\",\"e\":\"\",\"sub\":{\"b\":true},"
		"\"nul\":null,\"f\":1.5}");
	static const char *const names[] = { "zero", NULL, "two" };
	struct jr_ctx c = { 0 };
	char err[64], small[12], buf[8] = "keep";
	struct json_object *sub = NULL;
	uint64_t u = 42;
	int64_t x;
	int i = 3, e = 2;
	bool b = false;
	size_t mark;

	(void)state;
	assert_non_null(o);
	c.err = err;
	c.errlen = sizeof(err);
	/* absent or null optional keys leave *out alone; required ones are missing */
	assert_int_equal(jr_u64(&c, o, "none", JR_OPTIONAL, &u), 0);
	assert_int_equal(jr_int(&c, o, "nul", JR_OPTIONAL, 0, 9, &i), 0);
	assert_int_equal(jr_enum(&c, o, "e", JR_OPTIONAL, names, 3, &e), 0);
	assert_int_equal(u, 42);
	assert_int_equal(i, 3);
	assert_int_equal(e, 2);
	assert_int_equal(jr_str(&c, o, "nul", JR_REQUIRED, buf, sizeof(buf)), -EINVAL);
	assert_string_equal(err, "nul: missing");
	assert_string_equal(buf, "keep");
	/* values */
	assert_int_equal(jr_u64(&c, o, "big", JR_REQUIRED, &u), 0);
	assert_true(u == UINT64_MAX);
	assert_int_equal(jr_int(&c, o, "n", JR_REQUIRED, 0, 9, &i), 0);
	assert_int_equal(i, 7);
	assert_int_equal(jr_str(&c, o, "s", JR_REQUIRED, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	assert_int_equal(jr_object(&c, o, "sub", JR_REQUIRED, &sub), 0);
	assert_int_equal(jr_bool(&c, sub, "b", JR_REQUIRED, &b), 0);
	assert_true(b);
	/* errors, with the path of where the reader is */
	mark = jr_enter(&c, "regions", 1);
	jr_enter(&c, "namespaces", 12);
	assert_int_equal(jr_int(&c, o, "n", JR_REQUIRED, 8, 9, &i), -EINVAL);
	assert_string_equal(err, "regions[1].namespaces[12].n: 7 is out of range (8..9)");
	jr_leave(&c, mark);
	assert_int_equal(jr_str(&c, o, "s", JR_NONEMPTY, buf, sizeof(buf)), -EINVAL);
	assert_string_equal(err, "s: empty");
	assert_int_equal(jr_enum(&c, o, "e", JR_REQUIRED, names, 3, &e), -EINVAL);
	assert_string_equal(err, "e: unknown value ''");
	assert_int_equal(jr_str(&c, o, "big", JR_REQUIRED, buf, sizeof(buf)), -EINVAL);
	assert_string_equal(err, "big: longer than 7 bytes");
	assert_int_equal(jr_i64(&c, o, "f", JR_REQUIRED, 0, 9, &x), -EINVAL);
	assert_string_equal(err, "f: expected an integer");
	assert_int_equal(jr_object(&c, o, "n", JR_REQUIRED, &sub), -EINVAL);
	assert_null(sub);
	assert_string_equal(err, "n: expected an object");
	assert_int_equal(jr_want_object(&c, o, ""), 0);
	/* a short buffer is cut, never overrun; no buffer is no message */
	c.err = small;
	c.errlen = sizeof(small);
	assert_int_equal(jr_fail(&c, "key", "%s", "a long message"), -EINVAL);
	assert_string_equal(small, "key: a long");
	c.err = NULL;
	c.errlen = 0;
	assert_int_equal(jr_fail(&c, "key", "x"), -EINVAL);
	json_object_put(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iomem_root),
		cmocka_unit_test(test_iomem_not_root),
		cmocka_unit_test(test_iomem_odd_input),
		cmocka_unit_test(test_iomem_no_newline_and_nul),
		cmocka_unit_test(test_iomem_every_prefix),
		cmocka_unit_test(test_kernel_model),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_file_round_trip),
		cmocka_unit_test(test_sorting),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_corrupted),
		cmocka_unit_test(test_json_read),
	};

	return cmocka_run_group_tests_name("topology", tests, NULL, NULL);
}
