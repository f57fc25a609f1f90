// SPDX-License-Identifier: GPL-2.0
/* the planner on simulated regions: placement, refusals, policies, properties */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include "planner.h"
#include "section-picture.h"
#include "size.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)
#define SEC32 0x100000000ULL

struct fixture {
	struct model_system sys;
	struct model_region reg[2];
	struct model_namespace ns[8];
	struct range ram[2];
};

static void fx_init(struct fixture *f, uint64_t size, unsigned ways, uint64_t align)
{
	memset(f, 0, sizeof(*f));
	model_system_defaults(&f->sys);
	strcpy(f->reg[0].dev, "region0");
	f->reg[0].start = SEC32;
	f->reg[0].size = size;
	f->reg[0].ways = ways;
	f->reg[0].align = align;
	f->reg[0].labeled = true;
	f->reg[0].label_slots_free = -1;
	f->reg[0].namespaces = f->ns;
	f->sys.nr_regions = 1;
	f->sys.regions = f->reg;
}

static struct model_namespace *fx_ns(struct fixture *f, enum ns_mode mode, uint64_t start,
				     uint64_t size)
{
	struct model_namespace *ns = &f->ns[f->reg[0].nr_namespaces];

	snprintf(ns->dev, sizeof(ns->dev), "namespace0.%d", f->reg[0].nr_namespaces);
	f->reg[0].nr_namespaces++;
	ns->mode = mode;
	ns->start = start;
	ns->size = size;
	ns->enabled = true;
	return ns;
}

static struct plan_request req(enum ns_mode mode, uint64_t size)
{
	struct plan_request r = { .mode = mode, .size = size };

	return r;
}

static void plan(struct fixture *f, const struct plan_request *reqs, int nr,
		 enum plan_policy policy, bool compat, struct plan_result *res)
{
	struct plan_options o = { .policy = policy, .compat = compat };

	assert_int_equal(plan_region(&f->sys, &f->reg[0], reqs, nr, &o, res), 0);
}

/* vm-testing.md: four 30 MiB fsdax land 30 MiB apart in section 32 */
static void test_four_30m(void **state)
{
	static const uint64_t starts[] = { 0x100000000ULL, 0x101e00000ULL, 0x103c00000ULL,
					   0x105a00000ULL };
	struct plan_request r[4];
	struct plan_result res;
	struct fixture f;
	int i;

	(void)state;
	fx_init(&f, GiB, 1, 16 * MiB);
	for (i = 0; i < 4; i++)
		r[i] = req(NS_MODE_FSDAX, 30 * MiB);
	plan(&f, r, 4, PLAN_IN_ORDER, false, &res);
	assert_int_equal(res.err, 0);
	assert_int_equal(res.region_align_before, 16 * MiB);
	assert_int_equal(res.region_align, 2 * MiB);
	assert_int_equal(res.nr_ops, 5);
	assert_int_equal(res.ops[0].kind, PLAN_OP_SET_REGION_ALIGN);
	assert_int_equal(res.ops[0].value, 2 * MiB);
	for (i = 0; i < 4; i++) {
		const struct plan_placement *p = &res.placements[i];

		assert_int_equal(p->err, 0);
		assert_int_equal(p->start, starts[i]);
		assert_int_equal(p->size, 30 * MiB);
		assert_int_equal(p->dpa, 30 * MiB * (uint64_t)i);
		assert_int_equal(p->layout.data.start, starts[i] + 2 * MiB);
		assert_int_equal(p->layout.usable, 28 * MiB);
		assert_int_equal(p->span.first_section, 32);
		assert_int_equal(p->span.last_section, 32);
		assert_int_equal(p->span.first_subsection, 2048 + 15 * i);
		assert_int_equal(p->waste, 0);
		assert_int_equal(p->nr_shared, 3);
		assert_int_equal(res.ops[i + 1].kind, PLAN_OP_CREATE);
		assert_int_equal(res.ops[i + 1].placement, i);
		assert_int_equal(p->order, i);
	}
	assert_string_equal(res.placements[0].shared_with[0], "request#1");
	assert_int_equal(res.nr_placed, 4);
	assert_int_equal(res.nr_refused, 0);
	assert_int_equal(res.nr_sections, 1);
	assert_int_equal(res.used, 120 * MiB);
	assert_int_equal(res.free, GiB - 120 * MiB);
	assert_int_equal(res.largest_free, GiB - 120 * MiB);
	assert_int_equal(res.usable, 4 * 28 * MiB);
	assert_int_equal(res.metadata, 4 * 2 * MiB);
	assert_int_equal(res.label_slots_free, -1);
	assert_int_equal(res.label_slots_used, 4);
	plan_result_free(&res);

	/* compat keeps 16 MiB: refused with the sizes that would fit */
	plan(&f, r, 1, PLAN_IN_ORDER, true, &res);
	assert_int_equal(res.region_align, 16 * MiB);
	assert_int_equal(res.placements[0].err, -EINVAL);
	assert_string_equal(res.placements[0].why, "region0: 30 MiB is not a multiple of 16 MiB");
	assert_int_equal(res.placements[0].suggest_lo, 16 * MiB);
	assert_int_equal(res.placements[0].suggest_hi, 32 * MiB);
	assert_int_equal(res.nr_ops, 0);
	plan_result_free(&res);
}

struct refusal_case {
	const char *what;
	unsigned ways;
	enum ns_mode mode;
	uint64_t size, usable;
	int err;
	const char *why;
	uint64_t lo, hi;
};

static const struct refusal_case refusal_cases[] = {
	{ "31M", 1, NS_MODE_FSDAX, 31 * MiB, 0, -EINVAL,
	  "region0: 31 MiB is not a multiple of 2 MiB", 30 * MiB, 32 * MiB },
	{ "30M 2-way", 2, NS_MODE_FSDAX, 30 * MiB, 0, -EINVAL,
	  "region0: 30 MiB is not a multiple of 4 MiB", 28 * MiB, 32 * MiB },
	{ "36M 4-way", 4, NS_MODE_FSDAX, 36 * MiB, 0, -EINVAL,
	  "region0: 36 MiB is not a multiple of 8 MiB", 32 * MiB, 40 * MiB },
	{ "14M fsdax", 1, NS_MODE_FSDAX, 14 * MiB, 0, -ENXIO,
	  "region0: 14 MiB is too small for fsdax mode (at least 16 MiB)", 0, 16 * MiB },
	/* 18 MiB would work once the plan lowers the align to 2 MiB */
	{ "16M sector", 1, NS_MODE_SECTOR, 16 * MiB, 0, -ENXIO, NULL, 0, 18 * MiB },
	{ "3M fsdax", 1, NS_MODE_FSDAX, 3 * MiB, 0, -EINVAL, NULL, 0, 16 * MiB },
	{ "too big", 1, NS_MODE_FSDAX, 2 * GiB, 0, -ENOSPC,
	  "region0: 2 GiB does not fit: the largest free extent is 1 GiB", GiB, 0 },
	{ "usable too big", 1, NS_MODE_FSDAX, 0, GiB, -ENOSPC, NULL, GiB, 0 },
	{ "no size", 1, NS_MODE_FSDAX, 0, 0, -EINVAL, NULL, 0, 0 },
	{ "both sizes", 1, NS_MODE_FSDAX, 32 * MiB, 30 * MiB, -EINVAL, NULL, 0, 0 },
};

static void test_refusals(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(refusal_cases) / sizeof(refusal_cases[0]); i++) {
		const struct refusal_case *c = &refusal_cases[i];
		struct plan_request r = req(c->mode, c->size);
		struct plan_result res;
		struct fixture f;

		r.usable_size = c->usable;
		fx_init(&f, GiB, c->ways, c->ways == 1 ? 16 * MiB : 16 * MiB);
		plan(&f, &r, 1, PLAN_IN_ORDER, false, &res);
		print_message("%s: %d %s lo %llu hi %llu\n", c->what, res.placements[0].err,
			      res.placements[0].why, (unsigned long long)res.placements[0].suggest_lo,
			      (unsigned long long)res.placements[0].suggest_hi);
		assert_int_equal(res.placements[0].err, c->err);
		assert_true(res.placements[0].why[0] != '\0');
		if (c->why)
			assert_string_equal(res.placements[0].why, c->why);
		if (c->lo || c->hi) {
			assert_int_equal(res.placements[0].suggest_lo, c->lo);
			assert_int_equal(res.placements[0].suggest_hi, c->hi);
		}
		assert_int_equal(res.nr_refused, 1);
		assert_int_equal(res.nr_placed, 0);
		assert_int_equal(res.nr_ops, 0);
		assert_int_equal(res.used, 0);
		assert_int_equal(res.region_align, res.region_align_before);
		plan_result_free(&res);
	}
}

/* the sector refusal suggests the smallest working size, 18 MiB */
/* an off-grid size does not make the plan lower the align for nothing */
static void test_align_only_when_useful(void **state)
{
	struct plan_request r[2] = { req(NS_MODE_FSDAX, 32 * MiB), req(NS_MODE_FSDAX, 31 * MiB) };
	struct plan_result res;
	struct fixture f;

	(void)state;
	fx_init(&f, GiB, 1, 16 * MiB);
	plan(&f, r, 2, PLAN_IN_ORDER, false, &res);
	assert_int_equal(res.region_align, 16 * MiB);
	assert_int_equal(res.nr_ops, 1);
	assert_int_equal(res.placements[1].err, -EINVAL);
	assert_string_equal(res.placements[1].why, "region0: 31 MiB is not a multiple of 2 MiB");
	assert_int_equal(res.placements[1].suggest_lo, 30 * MiB);
	assert_int_equal(res.placements[1].suggest_hi, 32 * MiB);
	plan_result_free(&res);
}

static void test_sector_minimum(void **state)
{
	struct plan_request r[2] = { req(NS_MODE_SECTOR, 16 * MiB), req(NS_MODE_SECTOR, 18 * MiB) };
	struct plan_result res;
	struct fixture f;

	(void)state;
	fx_init(&f, GiB, 1, 16 * MiB);
	plan(&f, r, 2, PLAN_IN_ORDER, false, &res);
	assert_int_equal(res.placements[0].err, -ENXIO);
	assert_int_equal(res.placements[0].suggest_hi, 18 * MiB);
	assert_int_equal(res.placements[1].err, 0);
	assert_int_equal(res.placements[1].start, SEC32);
	assert_int_equal(res.placements[1].layout.usable, 17772544);
	plan_result_free(&res);
}

struct ways_case {
	unsigned ways;
	uint64_t align, size;
	uint64_t want_align;
	uint64_t second_start;
};

static const struct ways_case ways_cases[] = {
	{ 1, 16 * MiB, 32 * MiB, 16 * MiB, SEC32 + 32 * MiB },	/* fits 16 MiB: no change */
	{ 1, 16 * MiB, 30 * MiB, 2 * MiB, SEC32 + 30 * MiB },
	{ 2, 16 * MiB, 36 * MiB, 4 * MiB, SEC32 + 36 * MiB },
	{ 4, 16 * MiB, 40 * MiB, 8 * MiB, SEC32 + 40 * MiB },
	{ 3, 48 * MiB, 54 * MiB, 6 * MiB, SEC32 + 54 * MiB },
	{ 1, 2 * MiB, 30 * MiB, 2 * MiB, SEC32 + 30 * MiB },	/* already 2 MiB */
};

static void test_ways(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ways_cases) / sizeof(ways_cases[0]); i++) {
		const struct ways_case *c = &ways_cases[i];
		struct plan_request r[2] = { req(NS_MODE_FSDAX, c->size),
					     req(NS_MODE_FSDAX, c->size) };
		struct plan_result res;
		struct fixture f;

		fx_init(&f, 3 * GiB, c->ways, c->align);
		f.reg[0].dpa_start = 16 * MiB;
		plan(&f, r, 2, PLAN_IN_ORDER, false, &res);
		assert_int_equal(res.region_align, c->want_align);
		assert_int_equal(res.nr_ops, 2 + (c->want_align != c->align));
		assert_int_equal(res.placements[0].err, 0);
		assert_int_equal(res.placements[0].start, SEC32);
		assert_int_equal(res.placements[0].dpa, 16 * MiB);
		assert_int_equal(res.placements[1].err, 0);
		assert_int_equal(res.placements[1].start, c->second_start);
		assert_int_equal(res.placements[1].dpa, 16 * MiB + c->size / c->ways);
		plan_result_free(&res);
	}
}

/* 2-way with a 16 MiB align: starts advance in 16 MiB SPA steps (8 MiB per DIMM) */
static void test_ways_trim(void **state)
{
	struct plan_request r = req(NS_MODE_FSDAX, 32 * MiB);
	struct plan_result res;
	struct fixture f;

	(void)state;
	fx_init(&f, GiB, 2, 16 * MiB);
	/* an existing raw namespace of 4 MiB (2 MiB per DIMM), made at 4 MiB align */
	fx_ns(&f, NS_MODE_RAW, SEC32, 4 * MiB);
	plan(&f, &r, 1, PLAN_IN_ORDER, false, &res);
	assert_int_equal(res.region_align, 16 * MiB);
	assert_int_equal(res.placements[0].dpa, 8 * MiB);
	assert_int_equal(res.placements[0].start, SEC32 + 16 * MiB);
	plan_result_free(&res);
}

/*
 * fuzz finding (test/fuzz/crashes/plan/ns-start-not-multiple-of-ways): a
 * captured namespace whose end is not a multiple of the ways must keep its
 * last byte busy; the per-DIMM end was rounded down and a raw namespace was
 * placed over that byte
 */
static void test_ways_odd_end(void **state)
{
	struct plan_request r = req(NS_MODE_RAW, 2 * MiB);
	struct plan_result res;
	struct fixture f;

	(void)state;
	fx_init(&f, 64 * MiB, 2, 2 * MiB);
	fx_ns(&f, NS_MODE_RAW, SEC32 + 1, 60 * MiB);
	plan(&f, &r, 1, PLAN_IN_ORDER, false, &res);
	/* not at 60 MiB, where the namespace's last byte is, but one DIMM grain on */
	assert_int_equal(res.nr_placed, 1);
	assert_int_equal(res.placements[0].start, SEC32 + 62 * MiB);
	plan_result_free(&res);
}

/* fuzz finding (crashes/plan/region-align-not-pow2): an align the kernel refuses */
static void test_bad_region_align(void **state)
{
	struct plan_request r[2] = { req(NS_MODE_FSDAX, 30 * MiB), req(NS_MODE_RAW, 4 * MiB) };
	static const uint64_t aligns[] = { 32 * MiB + 1, 6 * MiB, 2048 };
	struct plan_result res;
	struct fixture f;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(aligns) / sizeof(aligns[0]); i++) {
		fx_init(&f, GiB, 2, aligns[i]);
		plan(&f, r, 2, PLAN_IN_ORDER, false, &res);
		assert_int_equal(res.err, -EINVAL);
		assert_int_equal(res.nr_placed, 0);
		assert_int_equal(res.nr_refused, 2);
		assert_non_null(strstr(res.why, "region align"));
		plan_result_free(&res);
	}
	/* 2 ways x 2 MiB is fine (and 30 MiB is not a multiple of it) */
	r[0].size = 32 * MiB;
	fx_init(&f, GiB, 2, 4 * MiB);
	plan(&f, r, 2, PLAN_IN_ORDER, false, &res);
	assert_int_equal(res.nr_placed, 2);
	plan_result_free(&res);
}

/* holes left by deleted namespaces are filled first */
static void test_holes(void **state)
{
	struct plan_request r[3] = { req(NS_MODE_FSDAX, 40 * MiB), req(NS_MODE_FSDAX, 30 * MiB),
				     req(NS_MODE_RAW, 4 * MiB) };
	struct plan_result res;
	struct fixture f;

	(void)state;
	fx_init(&f, GiB, 1, 2 * MiB);
	fx_ns(&f, NS_MODE_FSDAX, SEC32, 30 * MiB);
	fx_ns(&f, NS_MODE_FSDAX, SEC32 + 60 * MiB, 30 * MiB);
	fx_ns(&f, NS_MODE_RAW, SEC32 + 94 * MiB, 2 * MiB);
	plan(&f, r, 3, PLAN_IN_ORDER, false, &res);
	/* 40 MiB does not fit the 30 MiB hole, 30 MiB does, 4 MiB takes the 4 MiB one */
	assert_int_equal(res.placements[0].start, SEC32 + 96 * MiB);
	assert_int_equal(res.placements[1].start, SEC32 + 30 * MiB);
	assert_int_equal(res.placements[2].start, SEC32 + 90 * MiB);
	assert_int_equal(res.nr_ops, 3);
	assert_int_equal(res.placements[0].order, 0);
	assert_int_equal(res.used, 62 * MiB + 74 * MiB);
	assert_int_equal(res.free, GiB - 136 * MiB);
	assert_int_equal(res.largest_free, GiB - 136 * MiB);
	/* the existing namespaces show up as neighbours */
	assert_int_equal(res.placements[1].nr_shared, 3);
	plan_result_free(&res);
}

static void test_label_slots(void **state)
{
	struct plan_request r[3] = { req(NS_MODE_FSDAX, 32 * MiB), req(NS_MODE_FSDAX, 32 * MiB),
				     req(NS_MODE_FSDAX, 32 * MiB) };
	struct plan_result res;
	struct fixture f;

	(void)state;
	fx_init(&f, GiB, 1, 16 * MiB);
	f.reg[0].label_slots_free = 2;
	plan(&f, r, 3, PLAN_IN_ORDER, false, &res);
	assert_int_equal(res.placements[0].err, 0);
	assert_int_equal(res.placements[1].err, 0);
	assert_int_equal(res.placements[2].err, -ENOSPC);
	assert_non_null(strstr(res.placements[2].why, "label"));
	assert_int_equal(res.label_slots_used, 2);
	assert_int_equal(res.label_slots_free, 0);
	plan_result_free(&res);
}

static void test_region_refusals(void **state)
{
	struct plan_request r = req(NS_MODE_FSDAX, 32 * MiB);
	struct plan_result res;
	struct fixture f;

	(void)state;
	fx_init(&f, GiB, 1, 16 * MiB);
	f.reg[0].labeled = false;
	plan(&f, &r, 1, PLAN_IN_ORDER, false, &res);
	assert_int_equal(res.err, -EOPNOTSUPP);
	assert_non_null(strstr(res.why, "init-labels"));
	assert_int_equal(res.placements[0].err, -EOPNOTSUPP);
	assert_int_equal(res.nr_refused, 1);
	plan_result_free(&res);
	f.reg[0].labeled = true;
	f.reg[0].readonly = true;
	plan(&f, &r, 1, PLAN_IN_ORDER, false, &res);
	assert_int_equal(res.err, -EROFS);
	assert_non_null(strstr(res.placements[0].why, "read-only"));
	plan_result_free(&res);
	assert_int_equal(plan_region(NULL, &f.reg[0], &r, 1, NULL, &res), -EINVAL);
	plan_result_free(&res);
	assert_int_equal(plan_region(&f.sys, &f.reg[0], NULL, 1, NULL, &res), -EINVAL);
	plan_result_free(&res);
}

/* System RAM in the section but not in the sub-sections: fine; inside: refused */
static void test_ram(void **state)
{
	struct plan_request r = req(NS_MODE_FSDAX, 30 * MiB);
	struct plan_result res;
	struct fixture f;

	(void)state;
	fx_init(&f, GiB, 1, 2 * MiB);
	f.reg[0].start = SEC32 + 2 * MiB;
	f.ram[0] = (struct range){ 0, SEC32 + 2 * MiB };
	f.sys.nr_ram = 1;
	f.sys.ram = f.ram;
	plan(&f, &r, 1, PLAN_IN_ORDER, false, &res);
	assert_int_equal(res.placements[0].err, 0);
	assert_int_equal(res.placements[0].nr_shared, 1);
	assert_string_equal(res.placements[0].shared_with[0], "System RAM");
	plan_result_free(&res);
	/* a (broken) map where RAM reaches into the namespace's first sub-section */
	f.ram[0].end = SEC32 + 3 * MiB;
	plan(&f, &r, 1, PLAN_IN_ORDER, false, &res);
	assert_int_equal(res.placements[0].err, -ENXIO);
	assert_non_null(strstr(res.placements[0].why, "System RAM"));
	plan_result_free(&res);
	/* raw mode maps nothing: accepted */
	r.mode = NS_MODE_RAW;
	plan(&f, &r, 1, PLAN_IN_ORDER, false, &res);
	assert_int_equal(res.placements[0].err, 0);
	plan_result_free(&res);
}

/* a region whose start is not 2 MiB aligned: fsdax refused with the start named */
static void test_misaligned_region(void **state)
{
	struct plan_request r[2] = { req(NS_MODE_FSDAX, 30 * MiB), req(NS_MODE_RAW, 30 * MiB) };
	struct plan_result res;
	struct fixture f;

	(void)state;
	fx_init(&f, GiB, 1, 2 * MiB);
	f.reg[0].start = SEC32 + MiB;
	plan(&f, r, 2, PLAN_IN_ORDER, false, &res);
	assert_int_equal(res.placements[0].err, -EINVAL);
	assert_non_null(strstr(res.placements[0].why, "0x100100000 is not 2 MiB aligned"));
	assert_int_equal(res.placements[1].err, 0);
	assert_int_equal(res.placements[1].start, SEC32 + MiB);
	plan_result_free(&res);
}

/* usable= requests: the smallest raw size that gives it, on the region grid */
static void test_usable(void **state)
{
	struct plan_request r[3] = { { .mode = NS_MODE_FSDAX, .usable_size = 28 * MiB },
				     { .mode = NS_MODE_DEVDAX, .usable_size = GiB, .align = GiB,
				       .map = NS_MAP_MEM },
				     { .mode = NS_MODE_FSDAX, .usable_size = 28 * MiB } };
	struct plan_result res;
	struct fixture f;

	(void)state;
	fx_init(&f, 8 * GiB, 1, 16 * MiB);
	plan(&f, r, 3, PLAN_IN_ORDER, false, &res);
	assert_int_equal(res.region_align, 2 * MiB);
	assert_int_equal(res.placements[0].size, 30 * MiB);
	assert_int_equal(res.placements[0].layout.usable, 28 * MiB);
	/* at 4 GiB + 30 MiB the data must start on 1 GiB and end on 1 GiB */
	assert_int_equal(res.placements[1].err, 0);
	assert_int_equal(res.placements[1].start, SEC32 + 30 * MiB);
	assert_int_equal(res.placements[1].layout.data.start, SEC32 + GiB);
	assert_int_equal(res.placements[1].size, 2 * GiB - 30 * MiB);
	assert_int_equal(res.placements[1].layout.usable, GiB);
	assert_int_equal(res.placements[1].waste, 0);
	assert_int_equal(res.placements[2].start, SEC32 + 2 * GiB);
	plan_result_free(&res);
	/* compat: rounded to 16 MiB, the excess is waste */
	plan(&f, r, 1, PLAN_IN_ORDER, true, &res);
	assert_int_equal(res.placements[0].size, 32 * MiB);
	assert_int_equal(res.placements[0].waste, 2 * MiB);
	assert_int_equal(res.waste, 2 * MiB);
	plan_result_free(&res);
}

/* 1 GiB align: end_trunc is waste; map=dev data offset lands on 1 GiB */
static void test_1g_align(void **state)
{
	struct plan_request r = { .mode = NS_MODE_DEVDAX, .size = 3 * GiB + 30 * MiB, .align = GiB };
	struct plan_result res;
	struct fixture f;

	(void)state;
	fx_init(&f, 8 * GiB, 1, 16 * MiB);
	plan(&f, &r, 1, PLAN_IN_ORDER, false, &res);
	assert_int_equal(res.placements[0].err, 0);
	assert_int_equal(res.placements[0].layout.dataoff, GiB);
	assert_int_equal(res.placements[0].layout.end_trunc, 30 * MiB);
	assert_int_equal(res.placements[0].waste, 30 * MiB);
	assert_int_equal(res.placements[0].layout.usable, 2 * GiB);
	assert_int_equal(res.placements[0].kmem.nr_blocks, 16);
	plan_result_free(&res);
}

/*
 * A suggestion is a size that would work: never one larger than the largest
 * free extent (issue 9: -a 1G -s 30M on a 1 GiB region suggested 2G).
 */
static void test_suggestions_fit(void **state)
{
	struct plan_request r = { .mode = NS_MODE_FSDAX, .size = 30 * MiB, .align = GiB };
	struct plan_result res;
	struct fixture f;

	(void)state;
	fx_init(&f, GiB, 1, 16 * MiB);
	plan(&f, &r, 1, PLAN_IN_ORDER, false, &res);
	assert_int_equal(res.placements[0].err, -ENXIO);
	assert_int_equal(res.placements[0].suggest_lo, 0);
	assert_int_equal(res.placements[0].suggest_hi, 0);
	assert_non_null(strstr(res.placements[0].why, "largest free extent"));
	plan_result_free(&res);

	/* the same request on a region with room: the minimum is offered */
	fx_init(&f, 4 * GiB, 1, 16 * MiB);
	plan(&f, &r, 1, PLAN_IN_ORDER, false, &res);
	assert_int_equal(res.placements[0].err, -ENXIO);
	assert_int_equal(res.placements[0].suggest_hi, 2 * GiB);
	plan_result_free(&res);

	/* off the grid, with 40 MiB free: 42M is not offered, 40M is */
	fx_init(&f, GiB, 1, 2 * MiB);
	fx_ns(&f, NS_MODE_RAW, SEC32, GiB - 40 * MiB);
	r = req(NS_MODE_FSDAX, 41 * MiB);
	plan(&f, &r, 1, PLAN_IN_ORDER, false, &res);
	assert_int_equal(res.placements[0].err, -EINVAL);
	assert_int_equal(res.placements[0].suggest_lo, 40 * MiB);
	assert_int_equal(res.placements[0].suggest_hi, 0);
	plan_result_free(&res);

	/* a 16 MiB sector namespace with 16 MiB free: 18M (its minimum) does not fit */
	fx_init(&f, GiB, 1, 2 * MiB);
	fx_ns(&f, NS_MODE_RAW, SEC32, GiB - 16 * MiB);
	r = req(NS_MODE_SECTOR, 16 * MiB);
	plan(&f, &r, 1, PLAN_IN_ORDER, false, &res);
	assert_int_equal(res.placements[0].err, -ENXIO);
	assert_int_equal(res.placements[0].suggest_lo, 0);
	assert_int_equal(res.placements[0].suggest_hi, 0);
	plan_result_free(&res);
}

/* pre-5.3 refusals name the namespace's real start, not 0x0 (issue 9) */
static void test_section_refusal_start(void **state)
{
	struct plan_request r[2] = { req(NS_MODE_FSDAX, 64 * MiB), req(NS_MODE_FSDAX, 32 * MiB) };
	struct plan_result res;
	struct fixture f;

	(void)state;
	fx_init(&f, GiB, 1, 16 * MiB);
	f.sys.kmodel = KMODEL_SECTION;
	plan(&f, r, 2, PLAN_IN_ORDER, false, &res);
	assert_int_equal(res.placements[1].err, -ENOMEM);
	assert_non_null(strstr(res.placements[1].why, "0x104000000 shares section 32"));
	assert_null(strstr(res.placements[1].why, "0x0 "));
	plan_result_free(&res);
}

/*
 * The picture of a plan folds runs of alike sections (plan JSON "count"):
 * a 4 TiB region with two planned namespaces is two runs, not 32768 rows.
 */
static void test_picture_runs(void **state)
{
	struct plan_request r[2] = { req(NS_MODE_FSDAX, 30 * MiB), req(NS_MODE_FSDAX, 300 * MiB) };
	struct section_picture *pic = NULL;
	struct geo_extra *extra = NULL;
	struct geo_view *view = NULL;
	struct plan_result res;
	struct fixture f;
	int n, i, rows;

	(void)state;
	fx_init(&f, 4ULL << 40, 1, 16 * MiB);
	plan(&f, r, 2, PLAN_IN_ORDER, false, &res);
	n = plan_result_extras(&res, &extra);
	assert_true(n >= 2);
	assert_int_equal(geo_section_view(&f.sys, "region0", extra, n, &view), 0);
	assert_int_equal(section_picture_build(&f.sys, view, &pic), 0);
	assert_int_equal(pic->nr_rows, 32768);
	/* 0: A and B, shared; 1: all B; 2: B then free; 3..: free */
	assert_int_equal(section_picture_run(pic, 0), 1);
	assert_int_equal(section_picture_run(pic, 1), 1);
	assert_int_equal(section_picture_run(pic, 2), 1);
	assert_int_equal(section_picture_run(pic, 3), 32765);
	assert_int_equal(section_picture_run(pic, 32767), 1);
	for (i = 0, rows = 0; i < pic->nr_rows; i += section_picture_run(pic, i))
		rows++;
	assert_int_equal(rows, 4);
	section_picture_free(pic);
	geo_view_free(view);
	free(extra);
	plan_result_free(&res);
}

/* pre-5.3: one pfn device per section; isolate moves the second with a filler */
static void test_section_model(void **state)
{
	struct plan_request r[3] = { req(NS_MODE_FSDAX, 64 * MiB), req(NS_MODE_FSDAX, 64 * MiB),
				     req(NS_MODE_RAW, 4 * MiB + 4096) };
	struct plan_result res;
	struct fixture f;

	(void)state;
	fx_init(&f, GiB, 1, 16 * MiB);
	f.sys.kmodel = KMODEL_SECTION;
	plan(&f, r, 3, PLAN_IN_ORDER, false, &res);
	assert_int_equal(res.region_align, 4096);
	assert_int_equal(res.nr_ops, 2);	/* no align attribute before 5.7 */
	assert_int_equal(res.placements[0].err, 0);
	assert_int_equal(res.placements[0].layout.dataoff, 4 * MiB);
	assert_int_equal(res.placements[1].err, -ENOMEM);
	assert_non_null(strstr(res.placements[1].why, "section 32"));
	assert_int_equal(res.placements[2].err, 0);
	assert_int_equal(res.placements[2].start, SEC32 + 64 * MiB);
	plan_result_free(&res);

	plan(&f, r, 2, PLAN_ISOLATE, false, &res);
	assert_int_equal(res.placements[0].err, 0);
	assert_int_equal(res.placements[1].err, 0);
	assert_int_equal(res.placements[1].start, SEC32 + 128 * MiB);
	assert_int_equal(res.nr_fillers, 1);
	assert_int_equal(res.nr_placements, 3);
	assert_int_equal(res.placements[2].req, -1);
	assert_int_equal(res.placements[2].mode, NS_MODE_RAW);
	assert_int_equal(res.placements[2].start, SEC32 + 64 * MiB);
	assert_int_equal(res.placements[2].size, 64 * MiB);
	assert_string_equal(res.placements[2].name, "plan-filler-0");
	assert_int_equal(res.ops[1].placement, 2);	/* filler created before the second */
	assert_int_equal(res.ops[2].placement, 1);
	assert_int_equal(res.waste, 64 * MiB);
	assert_int_equal(res.nr_sections, 2);
	plan_result_free(&res);
}

/* kmem: a devdax namespace's data range moved onto a 128 MiB memory block */
static void test_kmem_policy(void **state)
{
	struct plan_request r[2] = { req(NS_MODE_FSDAX, 30 * MiB), req(NS_MODE_DEVDAX, GiB) };
	struct plan_result res;
	struct fixture f;

	(void)state;
	fx_init(&f, 4 * GiB, 1, 16 * MiB);
	plan(&f, r, 2, PLAN_IN_ORDER, false, &res);
	assert_int_equal(res.placements[1].start, SEC32 + 30 * MiB);
	assert_int_equal(res.placements[1].kmem.head, 80 * MiB);
	assert_int_equal(res.placements[1].kmem.nr_blocks, 7);
	plan_result_free(&res);
	plan(&f, r, 2, PLAN_KMEM, false, &res);
	assert_int_equal(res.region_align, 2 * MiB);
	assert_int_equal(res.nr_fillers, 1);
	/* data offset of 1 GiB map=dev is 18 MiB: start 110 MiB into a block */
	assert_int_equal(res.placements[1].start, SEC32 + 128 * MiB - 18 * MiB);
	assert_int_equal(res.placements[1].layout.data.start, SEC32 + 128 * MiB);
	assert_int_equal(res.placements[1].kmem.head, 0);
	assert_int_equal(res.placements[1].kmem.nr_blocks, 7);
	assert_int_equal(res.placements[2].size, 128 * MiB - 18 * MiB - 30 * MiB);
	plan_result_free(&res);
}

/* two NVDIMMs in one section: region1's plan shares section 32 with region0 */
static void test_two_regions(void **state)
{
	struct plan_request r = req(NS_MODE_FSDAX, 32 * MiB);
	struct plan_result res;
	struct fixture f;

	(void)state;
	fx_init(&f, 32 * MiB, 1, 16 * MiB);
	fx_ns(&f, NS_MODE_FSDAX, SEC32, 32 * MiB);
	f.reg[1] = f.reg[0];
	strcpy(f.reg[1].dev, "region1");
	f.reg[1].start = SEC32 + 34 * MiB;
	f.reg[1].nr_namespaces = 0;
	f.sys.nr_regions = 2;
	assert_int_equal(plan_region(&f.sys, &f.reg[1], &r, 1, NULL, &res), 0);
	assert_int_equal(res.placements[0].err, 0);
	assert_int_equal(res.placements[0].start, SEC32 + 34 * MiB);
	assert_int_equal(res.placements[0].nr_shared, 1);
	assert_string_equal(res.placements[0].shared_with[0], "region0/namespace0.0");
	assert_string_equal(res.region, "region1");
	plan_result_free(&res);

	/* before 5.3 the second region's namespace is padded to the next section */
	f.sys.kmodel = KMODEL_SECTION;
	f.reg[1].size = 256 * MiB;
	r.size = 160 * MiB;
	assert_int_equal(plan_region(&f.sys, &f.reg[1], &r, 1, NULL, &res), 0);
	assert_int_equal(res.placements[0].err, 0);
	assert_int_equal(res.placements[0].layout.start_pad, 94 * MiB);
	assert_int_equal(res.placements[0].layout.mapped.start, SEC32 + 128 * MiB);
	assert_int_equal(res.placements[0].waste, 94 * MiB + res.placements[0].layout.end_trunc);
	plan_result_free(&res);
}

/*
 * Page maps of other devices: a neighbour ending inside the sub-section
 * before ours is fine; one reaching over our start (an overlapping,
 * broken capture) is refused as the kernel's pgmap lookup does.
 */
static void test_populated_subsection(void **state)
{
	struct plan_request r = req(NS_MODE_FSDAX, 30 * MiB);
	struct plan_result res;
	struct fixture f;
	struct model_namespace *o;

	(void)state;
	fx_init(&f, GiB, 1, 2 * MiB);
	f.reg[0].start = SEC32 + 2 * MiB;
	/* region1 ends 1 MiB into region0's first sub-section (a broken but possible capture) */
	f.reg[1] = f.reg[0];
	strcpy(f.reg[1].dev, "region1");
	f.reg[1].start = SEC32 - 62 * MiB;
	f.reg[1].size = 64 * MiB;
	f.reg[1].namespaces = &f.ns[4];
	f.reg[1].nr_namespaces = 1;
	o = &f.ns[4];
	strcpy(o->dev, "namespace1.0");
	o->mode = NS_MODE_DEVDAX;
	o->start = SEC32 - 62 * MiB;
	o->size = 63 * MiB;
	o->data_start = SEC32 - 60 * MiB;
	o->data_size = 61 * MiB;
	o->enabled = true;
	f.sys.nr_regions = 2;
	plan(&f, &r, 1, PLAN_IN_ORDER, false, &res);
	assert_int_equal(res.placements[0].err, 0);
	assert_int_equal(res.placements[0].span.first_subsection, 2049);
	assert_string_equal(res.placements[0].shared_with[0], "region1/namespace1.0");
	plan_result_free(&res);
	o->size = 65 * MiB;
	o->data_size = 63 * MiB;
	plan(&f, &r, 1, PLAN_IN_ORDER, false, &res);
	assert_int_equal(res.placements[0].err, -ENOMEM);
	assert_non_null(strstr(res.placements[0].why, "already mapped by region1/namespace1.0"));
	plan_result_free(&res);
}

static void test_pack_simple(void **state)
{
	/* 1 GiB-aligned devdax after a small one wastes end_trunc; pack reorders */
	struct plan_request r[2] = { req(NS_MODE_FSDAX, 30 * MiB),
				     { .mode = NS_MODE_DEVDAX, .size = 2 * GiB, .align = GiB } };
	struct plan_result a, b;
	struct fixture f;

	(void)state;
	fx_init(&f, 4 * GiB, 1, 16 * MiB);
	plan(&f, r, 2, PLAN_IN_ORDER, false, &a);
	plan(&f, r, 2, PLAN_PACK, false, &b);
	assert_int_equal(a.placements[1].layout.end_trunc, 30 * MiB);
	assert_true(b.waste < a.waste);
	assert_int_equal(b.waste, 0);
	assert_int_equal(b.placements[1].start, SEC32);
	assert_int_equal(b.placements[1].order, 0);
	assert_int_equal(b.ops[1].placement, 1);
	plan_result_free(&a);
	plan_result_free(&b);
}

static void test_extras_and_names(void **state)
{
	struct plan_request r[2] = { req(NS_MODE_FSDAX, 30 * MiB), req(NS_MODE_RAW, 31 * MiB) };
	struct plan_result res;
	struct geo_extra *ex;
	struct geo_view *v;
	enum plan_policy pol;
	struct fixture f;

	(void)state;
	fx_init(&f, GiB, 1, 2 * MiB);
	strcpy(r[0].name, "db");
	plan(&f, r, 2, PLAN_IN_ORDER, false, &res);
	assert_int_equal(plan_result_extras(&res, &ex), 1);
	assert_string_equal(ex[0].name, "db");
	assert_true(ex[0].active);
	assert_int_equal(geo_section_view(&f.sys, "region0", ex, 1, &v), 0);
	assert_int_equal(v->sections[0].active, 0x7fff);
	/* planned space is not shown as unused */
	assert_int_equal(v->sections[0].nr_owners, 2);
	assert_int_equal(v->sections[0].owners[0].kind, GEO_OWNER_PLANNED);
	assert_int_equal(v->sections[0].owners[1].kind, GEO_OWNER_UNUSED);
	assert_int_equal(v->sections[0].owners[1].range.start, SEC32 + 30 * MiB);
	geo_view_free(v);
	free(ex);
	plan_result_free(&res);

	/* 1 GiB align: the truncated tail is a second, inactive entry */
	r[0] = (struct plan_request){ .mode = NS_MODE_DEVDAX, .size = 2 * GiB + 30 * MiB, .align = GiB };
	fx_init(&f, 4 * GiB, 1, 2 * MiB);
	plan(&f, r, 1, PLAN_IN_ORDER, false, &res);
	assert_int_equal(plan_result_extras(&res, &ex), 2);
	assert_true(ex[0].active);
	assert_false(ex[1].active);
	assert_int_equal(ex[1].range.start, SEC32 + 2 * GiB);
	assert_int_equal(ex[1].range.end, SEC32 + 2 * GiB + 30 * MiB);
	assert_int_equal(geo_section_view(&f.sys, "region0", ex, 2, &v), 0);
	assert_int_equal(v->sections[16].owners[0].kind, GEO_OWNER_PLANNED);
	assert_false(v->sections[16].owners[0].active);
	assert_int_equal(v->sections[16].owners[1].kind, GEO_OWNER_UNUSED);
	assert_int_equal(v->sections[16].owners[1].range.start, SEC32 + 2 * GiB + 30 * MiB);
	geo_view_free(v);
	free(ex);
	plan_result_free(&res);
	plan_result_free(&res);	/* twice is harmless */
	assert_int_equal(plan_policy_parse("pack", &pol), 0);
	assert_int_equal(pol, PLAN_PACK);
	assert_int_equal(plan_policy_parse("nope", &pol), -EINVAL);
	assert_string_equal(plan_policy_name(PLAN_KMEM), "kmem");
}

/* ---- property test ---- */

static uint64_t rnd(uint64_t *s)
{
	/* xorshift64*: fixed seed, same sequence everywhere */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static void random_requests(uint64_t *seed, struct plan_request *r, int n)
{
	static const uint64_t aligns[] = { 0, 4096, 2 * MiB, GiB };
	int i;

	for (i = 0; i < n; i++) {
		uint64_t k = rnd(seed);

		memset(&r[i], 0, sizeof(r[i]));
		r[i].mode = (enum ns_mode)(k % 4);
		k >>= 2;
		r[i].map = (k & 1) ? NS_MAP_MEM : NS_MAP_DEV;
		k >>= 1;
		if (r[i].mode == NS_MODE_FSDAX || r[i].mode == NS_MODE_DEVDAX)
			r[i].align = aligns[(k & 7) < 6 ? 0 : 1 + (k & 7) % 3];
		k >>= 3;
		if (k & 1)
			r[i].usable_size = (1 + (k >> 1) % 200) * MiB;
		else
			r[i].size = (2 + (k >> 1) % 100 * 2) * MiB;
	}
}

static bool overlap(const struct range *a, const struct range *b)
{
	return a->start < b->end && b->start < a->end;
}

static void check_plan(const struct fixture *f, const struct plan_result *res)
{
	const struct model_region *reg = &f->reg[0];
	bool section = f->sys.kmodel == KMODEL_SECTION;
	int i, j;

	for (i = 0; i < res->nr_placements; i++) {
		const struct plan_placement *p = &res->placements[i];
		const struct range raw = { p->start, p->start + p->size };

		if (p->err) {
			assert_true(p->why[0] != '\0');
			continue;
		}
		assert_true(p->start >= reg->start);
		assert_true(raw.end <= reg->start + reg->size);
		assert_int_equal(p->size % res->region_align, 0);
		assert_int_equal(p->layout.raw.start, p->start);
		assert_int_equal(p->layout.raw.end, raw.end);
		assert_true(p->layout.usable > 0);
		for (j = 0; j < reg->nr_namespaces; j++) {
			const struct range e = { reg->namespaces[j].start,
						 reg->namespaces[j].start + reg->namespaces[j].size };

			assert_false(overlap(&raw, &e));
		}
		for (j = 0; j < f->sys.nr_ram; j++)
			if (p->mode == NS_MODE_FSDAX || p->mode == NS_MODE_DEVDAX)
				assert_false(overlap(&p->layout.mapped, &f->sys.ram[j]));
		if ((p->mode == NS_MODE_FSDAX || p->mode == NS_MODE_DEVDAX) && section) {
			assert_true(p->size >= 16 * MiB);
			assert_int_equal(p->layout.data.start % p->layout.align, 0);
			assert_true(p->layout.data.end <= raw.end);
		} else if (p->mode == NS_MODE_FSDAX || p->mode == NS_MODE_DEVDAX) {
			assert_true(p->size >= 16 * MiB);
			assert_int_equal(p->start % (2 * MiB), 0);
			assert_int_equal(p->layout.mapped.end % (2 * MiB), 0);
			assert_int_equal(p->layout.data.start % p->layout.align, 0);
			assert_true(p->layout.data.end <= raw.end);
		}
		for (j = i + 1; j < res->nr_placements; j++) {
			const struct plan_placement *q = &res->placements[j];
			const struct range qr = { q->start, q->start + q->size };

			if (q->err)
				continue;
			assert_false(overlap(&raw, &qr));
			if (!(p->mode == NS_MODE_FSDAX || p->mode == NS_MODE_DEVDAX) ||
			    !(q->mode == NS_MODE_FSDAX || q->mode == NS_MODE_DEVDAX))
				continue;
			/* before 5.3 no two page maps in one section, after in one sub-section */
			if (section)
				assert_true(p->span.last_section < q->span.first_section ||
					    q->span.last_section < p->span.first_section);
			else
				assert_true(p->span.last_subsection < q->span.first_subsection ||
					    q->span.last_subsection < p->span.first_subsection);
		}
	}
}

/*
 * An independent first fit (one way, DPA = SPA - region start): every
 * placement of an in-order plan is the first aligned hole big enough among
 * the existing namespaces and the placements created before it.
 */
static int checked_first_fit;

static void check_first_fit(const struct fixture *f, const struct plan_result *res)
{
	const struct model_region *reg = &f->reg[0];
	struct range busy[64];
	int nb = 0, i, j, k;

	if (reg->ways != 1 || res->nr_fillers)
		return;
	for (i = 0; i < reg->nr_namespaces; i++)
		busy[nb++] = (struct range){ reg->namespaces[i].start,
					     reg->namespaces[i].start + reg->namespaces[i].size };
	for (k = 0; k < res->nr_ops; k++) {
		const struct plan_placement *p;
		uint64_t pos = reg->start, want, found = 0;
		bool any = false;

		if (res->ops[k].kind != PLAN_OP_CREATE)
			continue;
		p = &res->placements[res->ops[k].placement];
		want = p->size;
		/* walk the holes in address order */
		for (;;) {
			uint64_t next = reg->start + reg->size, lo, hi;
			int nxt = -1;

			for (j = 0; j < nb; j++)
				if (busy[j].start >= pos && busy[j].start < next) {
					next = busy[j].start;
					nxt = j;
				}
			lo = nb ? reg->start + align_up(pos - reg->start, res->region_align) : pos;
			hi = reg->start + align_down(next - reg->start, res->region_align);
			if (hi > lo && hi - lo >= want) {
				found = lo;
				any = true;
				break;
			}
			if (nxt < 0)
				break;
			pos = busy[nxt].end;
		}
		assert_true(any);
		assert_int_equal(p->start, found);
		assert_true(nb < 64);
		busy[nb++] = (struct range){ p->start, p->start + p->size };
	}
	checked_first_fit++;
}

static void check_usable(const struct plan_request *r, int n, const struct plan_result *res)
{
	int i;

	for (i = 0; i < n; i++)
		if (!res->placements[i].err && r[i].usable_size)
			assert_true(res->placements[i].layout.usable >= r[i].usable_size);
}

static void test_property(void **state)
{
	uint64_t seed = 0x5eed2026ULL;
	struct plan_request r[24];
	int iter, total_placed = 0, total_refused = 0, packed_better = 0;

	(void)state;
	print_message("property seed 0x%llx\n", (unsigned long long)seed);
	for (iter = 0; iter < 3000; iter++) {
		struct plan_result a, b, c;
		struct fixture f;
		uint64_t k = rnd(&seed);
		unsigned ways = 1u << (k % 3);
		int n = 1 + (int)((k >> 2) % 24);
		enum plan_policy pol = (enum plan_policy)((k >> 8) % 4);

		fx_init(&f, (256 + (k >> 12) % 1792) * MiB * ways, ways, 16 * MiB);
		if ((k >> 24) & 1) {
			/* existing namespaces with holes */
			fx_ns(&f, NS_MODE_FSDAX, SEC32 + 32 * MiB * ways, 32 * MiB * ways);
			fx_ns(&f, NS_MODE_RAW, SEC32 + 96 * MiB * ways, 16 * MiB * ways);
		}
		if ((k >> 25) & 1)
			f.sys.kmodel = KMODEL_SECTION;
		if ((k >> 26) & 1)
			f.reg[0].label_slots_free = (int)((k >> 27) % 16);
		random_requests(&seed, r, n);
		plan(&f, r, n, PLAN_IN_ORDER, (k >> 40) & 1, &a);
		plan(&f, r, n, PLAN_PACK, (k >> 40) & 1, &b);
		plan(&f, r, n, pol, (k >> 40) & 1, &c);
		check_plan(&f, &a);
		check_plan(&f, &b);
		check_plan(&f, &c);
		check_usable(r, n, &a);
		check_usable(r, n, &b);
		check_first_fit(&f, &a);
		check_usable(r, n, &c);
		assert_true(b.waste <= a.waste);
		assert_true(b.nr_refused <= a.nr_refused);
		assert_int_equal(a.nr_placed + a.nr_refused, n);
		packed_better += b.waste < a.waste || b.nr_refused < a.nr_refused;
		total_placed += a.nr_placed;
		total_refused += a.nr_refused;
		plan_result_free(&a);
		plan_result_free(&b);
		/* deterministic */
		plan(&f, r, n, pol, (k >> 40) & 1, &a);
		assert_int_equal(a.nr_placements, c.nr_placements);
		for (n = 0; n < a.nr_placements; n++) {
			assert_int_equal(a.placements[n].err, c.placements[n].err);
			assert_int_equal(a.placements[n].start, c.placements[n].start);
			assert_int_equal(a.placements[n].size, c.placements[n].size);
		}
		plan_result_free(&a);
		plan_result_free(&c);
	}
	print_message("placed %d refused %d, pack better in %d lists, first fit checked in %d\n",
		      total_placed, total_refused, packed_better, checked_first_fit);
	assert_true(checked_first_fit > 500);
	assert_true(total_placed > 1000);
	assert_true(total_refused > 100);
}

/* planning stays fast: 10,000 requests on a big simulated region */
static void test_many(void **state)
{
	static struct plan_request r[10000];
	uint64_t seed = 42;
	struct plan_result res;
	struct fixture f;
	struct timespec t0, t1;
	double ms;

	(void)state;
	fx_init(&f, 4096 * GiB, 1, 16 * MiB);
	random_requests(&seed, r, 10000);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	plan(&f, r, 10000, PLAN_IN_ORDER, false, &res);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	print_message("10000 requests in-order: %.1f ms, placed %d\n", ms, res.nr_placed);
	check_plan(&f, &res);
	plan_result_free(&res);
	assert_true(ms < 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_four_30m),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_align_only_when_useful),
		cmocka_unit_test(test_sector_minimum),
		cmocka_unit_test(test_ways),
		cmocka_unit_test(test_ways_trim),
		cmocka_unit_test(test_ways_odd_end),
		cmocka_unit_test(test_bad_region_align),
		cmocka_unit_test(test_holes),
		cmocka_unit_test(test_label_slots),
		cmocka_unit_test(test_region_refusals),
		cmocka_unit_test(test_ram),
		cmocka_unit_test(test_misaligned_region),
		cmocka_unit_test(test_usable),
		cmocka_unit_test(test_1g_align),
		cmocka_unit_test(test_section_model),
		cmocka_unit_test(test_suggestions_fit),
		cmocka_unit_test(test_section_refusal_start),
		cmocka_unit_test(test_picture_runs),
		cmocka_unit_test(test_kmem_policy),
		cmocka_unit_test(test_two_regions),
		cmocka_unit_test(test_populated_subsection),
		cmocka_unit_test(test_pack_simple),
		cmocka_unit_test(test_extras_and_names),
		cmocka_unit_test(test_property),
		cmocka_unit_test(test_many),
	};

	return cmocka_run_group_tests_name("planner", tests, NULL, NULL);
}
