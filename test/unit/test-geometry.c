// SPDX-License-Identifier: GPL-2.0
/* sections, sub-sections, memory blocks and the section view */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "geometry.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)
#define SEC32 0x100000000ULL	/* section 32 starts at 4 GiB */

static void sys_init(struct model_system *sys)
{
	memset(sys, 0, sizeof(*sys));
	model_system_defaults(sys);
}

struct span_case {
	uint64_t start, end;
	uint64_t fsec, lsec, fsub, lsub;
};

static const struct span_case span_cases[] = {
	{ SEC32, SEC32 + 30 * MiB, 32, 32, 2048, 2062 },
	/* straddles sections 32 and 33 */
	{ SEC32 + 126 * MiB, SEC32 + 130 * MiB, 32, 33, 2111, 2112 },
	/* not 2 MiB aligned: rounded outward */
	{ SEC32 + MiB, SEC32 + 3 * MiB, 32, 32, 2048, 2049 },
	{ SEC32, SEC32 + 1, 32, 32, 2048, 2048 },
	{ SEC32, SEC32 + 16 * GiB, 32, 159, 2048, 2048 + 8192 - 1 },
};

static void test_span(void **state)
{
	struct model_system sys;
	struct geo_span sp;
	size_t i;

	(void)state;
	sys_init(&sys);
	for (i = 0; i < sizeof(span_cases) / sizeof(span_cases[0]); i++) {
		const struct span_case *c = &span_cases[i];
		struct range r = { c->start, c->end };

		assert_int_equal(geo_span(&sys, &r, &sp), 0);
		assert_int_equal(sp.first_section, c->fsec);
		assert_int_equal(sp.last_section, c->lsec);
		assert_int_equal(sp.first_subsection, c->fsub);
		assert_int_equal(sp.last_subsection, c->lsub);
	}
	assert_int_equal(geo_span(&sys, &(struct range){ 5, 5 }, &sp), -EINVAL);
	sys.section_size = 3;
	assert_int_equal(geo_span(&sys, &(struct range){ 0, 5 }, &sp), -EINVAL);
	assert_int_equal(geo_subsections_per_section(&sys), 0);
	sys_init(&sys);
	assert_int_equal(geo_subsections_per_section(&sys), 64);
}

struct mask_case {
	uint64_t start, end, section, mask;
};

static const struct mask_case mask_cases[] = {
	{ SEC32, SEC32 + 30 * MiB, 32, 0x7fffULL },
	{ SEC32 + 30 * MiB, SEC32 + 60 * MiB, 32, 0x7fffULL << 15 },
	/* first and last sub-section of a section */
	{ SEC32, SEC32 + 2 * MiB, 32, 1ULL },
	{ SEC32 + 126 * MiB, SEC32 + 128 * MiB, 32, 1ULL << 63 },
	{ SEC32, SEC32 + 128 * MiB, 32, ~0ULL },
	/* straddling: each section sees its part */
	{ SEC32 + 126 * MiB, SEC32 + 130 * MiB, 32, 1ULL << 63 },
	{ SEC32 + 126 * MiB, SEC32 + 130 * MiB, 33, 1ULL },
	{ SEC32 + 100 * MiB, SEC32 + 300 * MiB, 33, ~0ULL },
	/* partial sub-sections round outward */
	{ SEC32 + 3 * MiB, SEC32 + 5 * MiB, 32, 0x6ULL },
	/* misses */
	{ SEC32, SEC32 + 30 * MiB, 31, 0 },
	{ SEC32, SEC32 + 128 * MiB, 33, 0 },
};

static void test_mask(void **state)
{
	struct model_system sys;
	size_t i;

	(void)state;
	sys_init(&sys);
	for (i = 0; i < sizeof(mask_cases) / sizeof(mask_cases[0]); i++) {
		const struct mask_case *c = &mask_cases[i];
		struct range r = { c->start, c->end };

		assert_int_equal(geo_subsection_mask(&sys, &r, c->section), c->mask);
	}
	/* the pre-5.3 view can use whole sections as "sub-sections" */
	sys.subsection_size = sys.section_size;
	assert_int_equal(geo_subsection_mask(&sys, &(struct range){ SEC32, SEC32 + 1 }, 32), 1);
}

static void test_kmem(void **state)
{
	struct geo_kmem k;

	(void)state;
	/* data of a 1 GiB devdax at 4 GiB, map=dev: starts 18 MiB in */
	assert_int_equal(geo_kmem_range(&(struct range){ SEC32 + 18 * MiB, SEC32 + GiB },
					128 * MiB, &k), 0);
	assert_false(k.empty);
	assert_int_equal(k.range.start, SEC32 + 128 * MiB);
	assert_int_equal(k.range.end, SEC32 + GiB);
	assert_int_equal(k.head, 110 * MiB);
	assert_int_equal(k.tail, 0);
	assert_int_equal(k.nr_blocks, 7);
	/* too small after alignment */
	assert_int_equal(geo_kmem_range(&(struct range){ SEC32 + 2 * MiB, SEC32 + 120 * MiB },
					128 * MiB, &k), 0);
	assert_true(k.empty);
	assert_int_equal(k.nr_blocks, 0);
	assert_int_equal(k.range.end - k.range.start, 0);
	/* 2 GiB blocks */
	assert_int_equal(geo_kmem_range(&(struct range){ SEC32 + 2 * MiB, SEC32 + 5 * GiB },
					2 * GiB, &k), 0);
	assert_int_equal(k.range.start, 6 * GiB);
	assert_int_equal(k.range.end, 8 * GiB);
	assert_int_equal(k.head, 2 * GiB - 2 * MiB);
	assert_int_equal(k.tail, GiB);
	assert_int_equal(k.nr_blocks, 1);
	assert_int_equal(geo_kmem_range(&(struct range){ 0, 8 * GiB }, 2 * GiB, &k), 0);
	assert_int_equal(k.nr_blocks, 4);
	assert_int_equal(geo_kmem_range(&(struct range){ 0, GiB }, 3 * MiB, &k), -EINVAL);
	assert_int_equal(geo_kmem_range(&(struct range){ UINT64_MAX - 5, UINT64_MAX }, 128 * MiB,
					&k), 0);
	assert_true(k.empty);
}

/* ---- section view ---- */

static struct model_namespace fsdax(const char *dev, uint64_t start, uint64_t size)
{
	struct model_namespace ns = { .mode = NS_MODE_FSDAX, .start = start, .size = size,
				      .enabled = true };

	strcpy(ns.dev, dev);
	return ns;
}

static struct model_region region(const char *dev, uint64_t start, uint64_t size,
				  struct model_namespace *ns, int nr)
{
	struct model_region r = { .start = start, .size = size, .align = 2 * MiB, .ways = 1,
				  .labeled = true, .label_slots_free = -1, .nr_namespaces = nr,
				  .namespaces = ns };

	strcpy(r.dev, dev);
	return r;
}

static const struct geo_owner *find_owner(const struct geo_section *s, const char *name)
{
	int i;

	for (i = 0; i < s->nr_owners; i++)
		if (strcmp(s->owners[i].name, name) == 0)
			return &s->owners[i];
	return NULL;
}

/* four 30 MiB fsdax namespaces in section 32 (vm-testing.md) */
static void test_view_four(void **state)
{
	struct model_namespace ns[4] = {
		fsdax("namespace0.0", SEC32, 30 * MiB),
		fsdax("namespace0.1", SEC32 + 30 * MiB, 30 * MiB),
		fsdax("namespace0.2", SEC32 + 60 * MiB, 30 * MiB),
		fsdax("namespace0.3", SEC32 + 90 * MiB, 30 * MiB),
	};
	struct model_region r = region("region0", SEC32, GiB, ns, 4);
	struct model_system sys;
	struct geo_view *v;
	const struct geo_section *s;
	const struct geo_owner *o;
	int i;

	(void)state;
	sys_init(&sys);
	sys.nr_regions = 1;
	sys.regions = &r;
	assert_int_equal(geo_section_view(&sys, "region0", NULL, 0, &v), 0);
	assert_int_equal(v->nr_sections, 8);
	s = &v->sections[0];
	assert_int_equal(s->index, 32);
	assert_int_equal(s->start, SEC32);
	assert_int_equal(s->nr_owners, 5);	/* four namespaces + unused tail */
	assert_int_equal(s->active, (1ULL << 60) - 1);
	assert_true(s->shared);
	assert_false(s->conflict);
	assert_false(s->system_ram);
	for (i = 0; i < 4; i++) {
		assert_string_equal(s->owners[i].name, ns[i].dev);
		assert_string_equal(s->owners[i].region, "region0");
		assert_int_equal(s->owners[i].mask, 0x7fffULL << (15 * i));
		assert_true(s->owners[i].active);
	}
	o = &s->owners[4];
	assert_int_equal(o->kind, GEO_OWNER_UNUSED);
	assert_int_equal(o->mask, 0xfULL << 60);
	assert_false(o->active);
	for (i = 1; i < 8; i++) {
		assert_int_equal(v->sections[i].nr_owners, 1);
		assert_int_equal(v->sections[i].owners[0].kind, GEO_OWNER_UNUSED);
		assert_false(v->sections[i].shared);
	}
	assert_int_equal(v->nr_issues, 1);
	assert_int_equal(v->issues[0].kind, GEO_ISSUE_SHARED);
	assert_non_null(strstr(v->issues[0].text, "section 32 is shared"));
	assert_non_null(strstr(v->issues[0].text, "before 5.3"));
	geo_view_free(v);
	assert_int_equal(geo_section_view(&sys, "region9", NULL, 0, &v), -ENOENT);
	assert_null(v);
}

/* two regions in one section (two NVDIMMs at 4 GiB and 4 GiB + 34 MiB) */
static void test_view_two_regions(void **state)
{
	struct model_namespace a = fsdax("namespace0.0", SEC32, 32 * MiB);
	struct model_namespace b = fsdax("namespace1.0", SEC32 + 34 * MiB, 32 * MiB);
	struct model_region r[2] = { region("region0", SEC32, 32 * MiB, &a, 1),
				     region("region1", SEC32 + 34 * MiB, 32 * MiB, &b, 1) };
	struct model_system sys;
	struct geo_view *v;
	const struct geo_section *s;

	(void)state;
	sys_init(&sys);
	sys.nr_regions = 2;
	sys.regions = r;
	assert_int_equal(geo_section_view(&sys, "region0", NULL, 0, &v), 0);
	assert_int_equal(v->nr_sections, 1);
	s = &v->sections[0];
	assert_int_equal(s->nr_owners, 2);
	assert_non_null(find_owner(s, "namespace1.0"));
	assert_string_equal(find_owner(s, "namespace1.0")->region, "region1");
	assert_true(s->shared);
	assert_false(s->conflict);
	assert_int_equal(v->nr_issues, 1);
	assert_non_null(strstr(v->issues[0].text, "region1/namespace1.0"));
	geo_view_free(v);
	/* the whole system: still one section */
	assert_int_equal(geo_section_view(&sys, NULL, NULL, 0, &v), 0);
	assert_int_equal(v->nr_sections, 1);
	geo_view_free(v);
}

/* System RAM in the same section but other sub-sections: allowed */
static void test_view_ram_section(void **state)
{
	struct model_namespace a = fsdax("namespace0.0", SEC32 + 2 * MiB, 30 * MiB);
	struct model_region r = region("region0", SEC32 + 2 * MiB, 126 * MiB, &a, 1);
	struct range ram = { 0, SEC32 + 2 * MiB };
	struct model_system sys;
	struct geo_view *v;
	const struct geo_section *s;

	(void)state;
	sys_init(&sys);
	sys.nr_regions = 1;
	sys.regions = &r;
	sys.nr_ram = 1;
	sys.ram = &ram;
	assert_int_equal(geo_section_view(&sys, "region0", NULL, 0, &v), 0);
	assert_int_equal(v->nr_sections, 1);
	s = &v->sections[0];
	assert_true(s->system_ram);
	assert_true(s->shared);
	assert_false(s->conflict);
	assert_int_equal(s->owners[0].kind, GEO_OWNER_SYSTEM_RAM);
	assert_int_equal(s->owners[0].mask, 1);
	assert_int_equal(s->owners[1].mask, 0x7fffULL << 1);
	assert_int_equal(v->nr_issues, 1);
	assert_int_equal(v->issues[0].kind, GEO_ISSUE_SHARED);
	geo_view_free(v);

	/* RAM ending 1 MiB into the namespace's first sub-section: a conflict */
	ram.end = SEC32 + 3 * MiB;
	assert_int_equal(geo_section_view(&sys, "region0", NULL, 0, &v), 0);
	s = &v->sections[0];
	assert_true(s->conflict);
	assert_int_equal(s->conflict_mask, 2);
	assert_int_equal(v->issues[0].kind, GEO_ISSUE_CONFLICT);
	assert_non_null(strstr(v->issues[0].text, "System RAM"));
	assert_non_null(strstr(v->issues[0].text, "region0/namespace0.0"));
	geo_view_free(v);
}

/* disabled, raw and sector namespaces map nothing; end_trunc tails are not mapped */
static void test_view_inactive_and_extra(void **state)
{
	struct model_namespace ns[3] = {
		fsdax("namespace0.0", SEC32, 30 * MiB),
		fsdax("namespace0.1", SEC32 + 30 * MiB, 30 * MiB),
		fsdax("namespace0.2", SEC32 + 60 * MiB, 31 * MiB),
	};
	struct model_region r = region("region0", SEC32, 256 * MiB, ns, 3);
	struct geo_extra ex = { .name = "db", .region = "region0",
				.range = { SEC32 + 128 * MiB, SEC32 + 160 * MiB }, .active = true };
	struct model_system sys;
	struct geo_view *v;
	const struct geo_section *s;
	const struct geo_owner *o;

	(void)state;
	ns[0].mode = NS_MODE_RAW;
	ns[1].enabled = false;
	sys_init(&sys);
	sys.nr_regions = 1;
	sys.regions = &r;
	assert_int_equal(geo_section_view(&sys, "region0", &ex, 1, &v), 0);
	assert_int_equal(v->nr_sections, 2);
	s = &v->sections[0];
	assert_false(find_owner(s, "namespace0.0")->active);
	assert_false(find_owner(s, "namespace0.1")->active);
	o = find_owner(s, "namespace0.2");
	assert_true(o->active);
	assert_int_equal(o->mask, 0x7fffULL << 30);	/* mapped: 30 MiB, 1 MiB truncated */
	assert_false(s->shared);
	assert_int_equal(s->active, 0x7fffULL << 30);
	o = find_owner(&v->sections[1], "db");
	assert_non_null(o);
	assert_int_equal(o->kind, GEO_OWNER_PLANNED);
	assert_int_equal(o->mask, 0xffff);
	assert_int_equal(v->nr_issues, 0);
	geo_view_free(v);
	geo_view_free(NULL);
}

static void test_view_bad(void **state)
{
	struct model_system sys;
	struct geo_view *v;

	(void)state;
	sys_init(&sys);
	sys.nr_regions = -1;
	assert_int_equal(geo_section_view(&sys, NULL, NULL, 0, &v), -EINVAL);
	sys.nr_regions = 0;
	assert_int_equal(geo_section_view(&sys, NULL, NULL, 1, &v), -EINVAL);
	assert_int_equal(geo_section_view(&sys, NULL, NULL, 0, &v), 0);
	assert_int_equal(v->nr_sections, 0);
	geo_view_free(v);
	sys.subsection_size = 1;	/* 2^27 sub-sections do not fit a 64-bit mask */
	assert_int_equal(geo_section_view(&sys, NULL, NULL, 0, &v), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_span),
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_kmem),
		cmocka_unit_test(test_view_four),
		cmocka_unit_test(test_view_two_regions),
		cmocka_unit_test(test_view_ram_section),
		cmocka_unit_test(test_view_inactive_and_extra),
		cmocka_unit_test(test_view_bad),
	};

	return cmocka_run_group_tests_name("geometry", tests, NULL, NULL);
}
