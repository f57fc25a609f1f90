// SPDX-License-Identifier: GPL-2.0
/* info-block layout: kernel-rules.md sections 4 and 7, table-driven */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "infoblock.h"
#include "geometry.h"
#include "size.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

struct layout_case {
	const char *what;
	enum kernel_model kmodel;
	enum ns_mode mode;
	enum ns_map map;
	uint64_t align, start, size;
	bool head_shared, tail_shared;
	int err;
	uint64_t dataoff, end_trunc, start_pad, usable;
};

static const struct layout_case layout_cases[] = {
	/* the worked example of kernel-rules.md 7 */
	{ "16G map=dev", KMODEL_SUBSECTION, NS_MODE_DEVDAX, NS_MAP_DEV, 2 * MiB, 0x100000000ULL,
	  16 * GiB, false, false, 0, 258 * MiB, 0, 0, 16126 * MiB },
	{ "16G map=mem", KMODEL_SUBSECTION, NS_MODE_DEVDAX, NS_MAP_MEM, 2 * MiB, 0x100000000ULL,
	  16 * GiB, false, false, 0, 2 * MiB, 0, 0, 16382 * MiB },
	/* the four 30 MiB fsdax namespaces of vm-testing.md: data 2 MiB in */
	{ "30M @0", KMODEL_SUBSECTION, NS_MODE_FSDAX, NS_MAP_DEV, 0, 0x100000000ULL, 30 * MiB,
	  false, false, 0, 2 * MiB, 0, 0, 28 * MiB },
	{ "30M @30M", KMODEL_SUBSECTION, NS_MODE_FSDAX, NS_MAP_DEV, 0, 0x101e00000ULL, 30 * MiB,
	  false, false, 0, 2 * MiB, 0, 0, 28 * MiB },
	{ "30M @90M", KMODEL_SUBSECTION, NS_MODE_FSDAX, NS_MAP_DEV, 0, 0x105a00000ULL, 30 * MiB,
	  false, false, 0, 2 * MiB, 0, 0, 28 * MiB },
	/* 1 GiB align: the data starts on 1 GiB, the end is truncated to 1 GiB */
	{ "1G align end_trunc", KMODEL_SUBSECTION, NS_MODE_DEVDAX, NS_MAP_DEV, GiB, 0x100000000ULL,
	  3 * GiB + 30 * MiB, false, false, 0, GiB, 30 * MiB, 0, 2 * GiB },
	{ "1G align mid start", KMODEL_SUBSECTION, NS_MODE_DEVDAX, NS_MAP_MEM, GiB,
	  0x100000000ULL + 512 * MiB, 2 * GiB, false, false, 0, 512 * MiB, 512 * MiB, 0, GiB },
	{ "4K align is 2M effective", KMODEL_SUBSECTION, NS_MODE_FSDAX, NS_MAP_MEM, 4096,
	  0x100000000ULL, 16 * MiB, false, false, 0, 2 * MiB, 0, 0, 14 * MiB },
	{ "map=mem 16M", KMODEL_SUBSECTION, NS_MODE_FSDAX, NS_MAP_MEM, 0, 0x100000000ULL,
	  16 * MiB, false, false, 0, 2 * MiB, 0, 0, 14 * MiB },
	{ "odd 2M end", KMODEL_SUBSECTION, NS_MODE_FSDAX, NS_MAP_DEV, 0, 0x100000000ULL,
	  17 * MiB, false, false, 0, 2 * MiB, MiB, 0, 14 * MiB },
	/* refusals */
	{ "start not 2M aligned", KMODEL_SUBSECTION, NS_MODE_FSDAX, NS_MAP_DEV, 0,
	  0x101f00000ULL, 30 * MiB, false, false, -EINVAL },
	{ "under 16M", KMODEL_SUBSECTION, NS_MODE_FSDAX, NS_MAP_DEV, 0, 0x100000000ULL, 14 * MiB,
	  false, false, -ENXIO },
	{ "devdax under 16M", KMODEL_SUBSECTION, NS_MODE_DEVDAX, NS_MAP_MEM, 0, 0x100000000ULL,
	  8 * MiB, false, false, -ENXIO },
	{ "dataoff >= size", KMODEL_SUBSECTION, NS_MODE_DEVDAX, NS_MAP_DEV, GiB, 0x100000000ULL,
	  64 * MiB, false, false, -ENXIO },
	{ "bad align", KMODEL_SUBSECTION, NS_MODE_DEVDAX, NS_MAP_DEV, 64 * 1024, 0x100000000ULL,
	  64 * MiB, false, false, -EINVAL },
	/* raw: no metadata, never refused here */
	{ "raw 4M", KMODEL_SUBSECTION, NS_MODE_RAW, NS_MAP_DEV, 0, 0x100100000ULL, 4 * MiB, false,
	  false, 0, 0, 0, 0, 4 * MiB },
	/* pre-5.3: the memmap reserve is rounded up to a whole section (2 MiB of struct pages) */
	{ "pre-5.3 30M", KMODEL_SECTION, NS_MODE_FSDAX, NS_MAP_DEV, 0, 0x100000000ULL, 30 * MiB,
	  false, false, 0, 4 * MiB, 0, 0, 26 * MiB },
	{ "pre-5.3 RAM before: padded", KMODEL_SECTION, NS_MODE_FSDAX, NS_MAP_MEM, 0,
	  0x100000000ULL + 64 * MiB, 128 * MiB, true, false, 0, 2 * MiB, 0, 64 * MiB, 62 * MiB },
	{ "pre-5.3 unaligned end", KMODEL_SECTION, NS_MODE_FSDAX, NS_MAP_MEM, 0, 0x100000000ULL,
	  129 * MiB + 4096, false, false, 0, 2 * MiB, MiB + 4096, 0, 126 * MiB },
	{ "pre-5.3 all padding", KMODEL_SECTION, NS_MODE_FSDAX, NS_MAP_DEV, 0, 0x101e00000ULL,
	  30 * MiB, true, false, -ENXIO },
};

static void sys_init(struct model_system *sys, enum kernel_model km)
{
	memset(sys, 0, sizeof(*sys));
	model_system_defaults(sys);
	sys->kmodel = km;
}

static void test_layout_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(layout_cases) / sizeof(layout_cases[0]); i++) {
		const struct layout_case *c = &layout_cases[i];
		struct ib_params p = { .mode = c->mode, .map = c->map, .align = c->align,
				       .start = c->start, .size = c->size,
				       .head_shared = c->head_shared,
				       .tail_shared = c->tail_shared };
		struct model_system sys;
		struct ib_layout l;
		int rc;

		sys_init(&sys, c->kmodel);
		rc = ib_layout(&sys, &p, &l);
		print_message("case %s: rc %d dataoff %llu trunc %llu pad %llu usable %llu %s\n",
			      c->what, rc, (unsigned long long)l.dataoff,
			      (unsigned long long)l.end_trunc, (unsigned long long)l.start_pad,
			      (unsigned long long)l.usable, l.rule);
		assert_int_equal(rc, c->err);
		assert_int_equal(l.err, c->err);
		if (c->err) {
			assert_true(l.rule[0] != '\0');
			continue;
		}
		assert_int_equal(l.dataoff, c->dataoff);
		assert_int_equal(l.end_trunc, c->end_trunc);
		assert_int_equal(l.start_pad, c->start_pad);
		assert_int_equal(l.usable, c->usable);
		assert_int_equal(l.raw.start, c->start);
		assert_int_equal(l.raw.end, c->start + c->size);
		assert_int_equal(l.mapped.start, c->start + c->start_pad);
		assert_int_equal(l.mapped.end, c->start + c->size - c->end_trunc);
		assert_int_equal(l.data.start, c->start + c->start_pad + c->dataoff);
		assert_int_equal(l.data.end - l.data.start, c->usable);
		if (c->mode != NS_MODE_RAW) {
			assert_int_equal(l.metadata, c->dataoff);
			assert_int_equal(l.data.start % l.align, 0);
		}
	}
}

/* kernel-rules 7: kmem of the worked example with 128 MiB and 2 GiB blocks */
static void test_worked_example_kmem(void **state)
{
	struct ib_params p = { .mode = NS_MODE_DEVDAX, .start = 0x100000000ULL, .size = 16 * GiB };
	struct model_system sys;
	struct ib_layout l;
	struct geo_kmem k;

	(void)state;
	sys_init(&sys, KMODEL_SUBSECTION);
	assert_int_equal(ib_layout(&sys, &p, &l), 0);
	assert_int_equal(geo_kmem_range(&l.data, 128 * MiB, &k), 0);
	assert_false(k.empty);
	assert_int_equal(k.range.start, 0x118000000ULL);
	assert_int_equal(k.range.end, 0x500000000ULL);
	assert_int_equal(k.head, 0x118000000ULL - 0x110200000ULL);
	assert_int_equal(k.tail, 0);
	assert_int_equal(k.nr_blocks, (0x500000000ULL - 0x118000000ULL) / (128 * MiB));
	assert_int_equal(geo_kmem_range(&l.data, 2 * GiB, &k), 0);
	assert_int_equal(k.range.start, 0x180000000ULL);
	assert_int_equal(k.range.end, 0x500000000ULL);

	p.map = NS_MAP_MEM;
	assert_int_equal(ib_layout(&sys, &p, &l), 0);
	assert_int_equal(geo_kmem_range(&l.data, 128 * MiB, &k), 0);
	assert_int_equal(k.range.start, 0x108000000ULL);
	assert_int_equal(k.range.end, 0x500000000ULL);
}

static void test_memmap_accounting(void **state)
{
	struct ib_params p = { .mode = NS_MODE_FSDAX, .start = 0x100000000ULL, .size = 16 * GiB };
	struct model_system sys;
	struct ib_layout l;

	(void)state;
	sys_init(&sys, KMODEL_SUBSECTION);
	assert_int_equal(ib_layout(&sys, &p, &l), 0);
	/* whole sections only: 16 GiB from a section boundary, all in pmem */
	assert_int_equal(l.memmap_pmem, (16 * GiB - 8192) / 4096 * 64);
	assert_int_equal(l.memmap_dram, 0);
	p.map = NS_MAP_MEM;
	assert_int_equal(ib_layout(&sys, &p, &l), 0);
	assert_int_equal(l.memmap_pmem, 0);
	assert_int_equal(l.memmap_dram, 16 * GiB / 4096 * 64);
	/* a 30 MiB namespace is a partial section: its memmap comes from DRAM */
	p.map = NS_MAP_DEV;
	p.size = 30 * MiB;
	assert_int_equal(ib_layout(&sys, &p, &l), 0);
	assert_int_equal(l.memmap_dram, 30 * MiB / 4096 * 64);
}

struct btt_case {
	uint64_t size, lba;
	uint64_t capacity;	/* 0 = refused */
	unsigned arenas;
};

static const struct btt_case btt_cases[] = {
	{ 18 * MiB, 4096, 17772544, 1 },	/* verified in a guest */
	{ 16 * MiB, 4096, 0, 0 },		/* 16 MiB - 4 KiB: no arena */
	{ 14 * MiB, 4096, 0, 0 },
	{ 32 * MiB, 512, 0, 1 },		/* computed below */
	{ 513 * GiB, 4096, 0, 2 },		/* two arenas */
	{ 512 * GiB + 8 * MiB, 4096, 0, 1 },	/* leftover under 16 MiB dropped */
};

static void test_btt(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(btt_cases) / sizeof(btt_cases[0]); i++) {
		const struct btt_case *c = &btt_cases[i];
		unsigned arenas;
		uint64_t cap = ib_btt_capacity(c->size, c->lba, false, &arenas);

		assert_int_equal(arenas, c->arenas);
		if (c->capacity)
			assert_int_equal(cap, c->capacity);
		if (!c->arenas)
			assert_int_equal(cap, 0);
	}
	/* 32 MiB, 512 B sectors: n = (32M - 4K - 28K) / 516 */
	assert_int_equal(ib_btt_capacity(32 * MiB, 512, false, NULL),
			 ((32 * MiB - 32768) / 516 - 256) * 512);
	/* BTT2 has no initial offset: 16 MiB makes one arena */
	assert_true(ib_btt_capacity(16 * MiB, 4096, true, NULL) > 0);
	/* 520-byte sectors use 576-byte internal blocks */
	assert_int_equal(ib_btt_capacity(18 * MiB, 520, false, NULL),
			 ((18 * MiB - 4096 - 28672) / 580 - 256) * 520);
}

static void test_sector_layout(void **state)
{
	struct ib_params p = { .mode = NS_MODE_SECTOR, .start = 0x100000000ULL, .size = 18 * MiB };
	struct model_system sys;
	struct ib_layout l;

	(void)state;
	sys_init(&sys, KMODEL_SUBSECTION);
	assert_int_equal(ib_layout(&sys, &p, &l), 0);
	assert_int_equal(l.usable, 17772544);
	assert_int_equal(l.metadata, 18 * MiB - 17772544);
	assert_int_equal(l.nr_arenas, 1);
	p.size = 16 * MiB;
	assert_int_equal(ib_layout(&sys, &p, &l), -ENXIO);
	p.size = 18 * MiB;
	p.sector_size = 1000;
	assert_int_equal(ib_layout(&sys, &p, &l), -EINVAL);
}

struct inverse_case {
	enum ns_mode mode;
	enum ns_map map;
	uint64_t align, start, usable, grid, raw;
};

static const struct inverse_case inverse_cases[] = {
	{ NS_MODE_FSDAX, NS_MAP_DEV, 0, 0x100000000ULL, 28 * MiB, 2 * MiB, 30 * MiB },
	{ NS_MODE_FSDAX, NS_MAP_DEV, 0, 0x100000000ULL, 28 * MiB + 1, 2 * MiB, 32 * MiB },
	{ NS_MODE_FSDAX, NS_MAP_DEV, 0, 0x100000000ULL, 28 * MiB, 16 * MiB, 32 * MiB },
	/* 2 MiB less raw still gives 16126 MiB: the memmap shrinks by 32 KiB */
	{ NS_MODE_DEVDAX, NS_MAP_DEV, 0, 0x100000000ULL, 16126 * MiB, 2 * MiB, 16 * GiB - 2 * MiB },
	{ NS_MODE_DEVDAX, NS_MAP_DEV, 0, 0x100000000ULL, 16126 * MiB + 1, 2 * MiB, 16 * GiB + 2 * MiB },
	{ NS_MODE_DEVDAX, NS_MAP_MEM, 0, 0x100000000ULL, 16382 * MiB, 2 * MiB, 16 * GiB },
	{ NS_MODE_FSDAX, NS_MAP_MEM, 0, 0x100000000ULL, MiB, 2 * MiB, 16 * MiB },
	{ NS_MODE_SECTOR, NS_MAP_DEV, 0, 0x100000000ULL, 4096, 2 * MiB, 18 * MiB },
	{ NS_MODE_SECTOR, NS_MAP_DEV, 0, 0x100000000ULL, 17772544, 2 * MiB, 18 * MiB },
	{ NS_MODE_SECTOR, NS_MAP_DEV, 0, 0x100000000ULL, 17772545, 2 * MiB, 20 * MiB },
	{ NS_MODE_RAW, NS_MAP_DEV, 0, 0x100000000ULL, 5 * MiB, 2 * MiB, 6 * MiB },
	/* 1 GiB align: the end must land on 1 GiB or end_trunc eats the gain */
	{ NS_MODE_DEVDAX, NS_MAP_MEM, GiB, 0x100000000ULL, GiB, 2 * MiB, 2 * GiB },
	{ NS_MODE_DEVDAX, NS_MAP_MEM, GiB, 0x100000000ULL, GiB + 1, 2 * MiB, 3 * GiB },
	/* a 4 KiB grid and a start 30 MiB into a 1 GiB block: found by jumps, not 4 KiB steps */
	{ NS_MODE_DEVDAX, NS_MAP_DEV, GiB, 0x101e00000ULL, 4096, 4096, 2 * GiB - 30 * MiB },
	{ NS_MODE_DEVDAX, NS_MAP_DEV, GiB, 0x101e00000ULL, GiB, 4096, 2 * GiB - 30 * MiB },
	{ NS_MODE_DEVDAX, NS_MAP_DEV, GiB, 0x101e00000ULL, GiB + 1, 4096, 3 * GiB - 30 * MiB },
};

static void test_inverse(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(inverse_cases) / sizeof(inverse_cases[0]); i++) {
		const struct inverse_case *c = &inverse_cases[i];
		struct ib_params p = { .mode = c->mode, .map = c->map, .align = c->align,
				       .start = c->start };
		struct model_system sys;
		struct ib_layout l;
		uint64_t raw = 0;

		sys_init(&sys, KMODEL_SUBSECTION);
		assert_int_equal(ib_raw_size_for_usable(&sys, &p, c->usable, c->grid, &raw), 0);
		print_message("inverse %zu: raw %llu\n", i, (unsigned long long)raw);
		assert_int_equal(raw, c->raw);
		p.size = raw;
		assert_int_equal(ib_layout(&sys, &p, &l), 0);
		assert_true(l.usable >= c->usable);
		/* minimal: no smaller size on the grid is enough (brute force) */
		for (p.size = c->grid; p.size < raw; p.size += c->grid)
			if (ib_layout(&sys, &p, &l) == 0)
				assert_true(l.usable < c->usable);
	}
}

/* random inverse queries, checked by brute force (fixed seed) */
static void test_inverse_random(void **state)
{
	static const uint64_t aligns[] = { 0, 4096, 2 * MiB, GiB };
	static const uint64_t grids[] = { 2 * MiB, 4 * MiB, 16 * MiB };
	long steps = 0;
	uint64_t seed = 0x1b0c;
	int i;

	(void)state;
	for (i = 0; i < 400; i++) {
		struct model_system sys;
		struct ib_params p = { 0 };
		struct ib_layout l;
		uint64_t k, usable, grid, raw;

		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		k = seed >> 11;
		sys_init(&sys, (k >> 50) % 3 ? KMODEL_SUBSECTION : KMODEL_SECTION);
		p.mode = (enum ns_mode)(k % 4);
		p.head_shared = (k >> 53) & 1;
		p.tail_shared = (k >> 54) & 1;
		p.map = (k >> 2) & 1 ? NS_MAP_MEM : NS_MAP_DEV;
		p.align = aligns[(k >> 3) % 4];
		grid = grids[(k >> 5) % 3];
		p.start = 0x100000000ULL + ((k >> 7) % 512) * grid;
		if (sys.kmodel == KMODEL_SECTION) {
			grid = 4096;
			p.start = 0x100000000ULL + ((k >> 7) % 4096) * 4096 * 7;
		}
		usable = 1 + (k >> 16) % (sys.kmodel == KMODEL_SECTION ? 100 * MiB : 600 * MiB);
		if (p.align == GiB && (k >> 40) % 4)
			p.align = 0;
		assert_int_equal(ib_raw_size_for_usable(&sys, &p, usable, grid, &raw), 0);
		assert_int_equal(raw % grid, 0);
		p.size = raw;
		assert_int_equal(ib_layout(&sys, &p, &l), 0);
		assert_true(l.usable >= usable);
		for (p.size = grid; p.size < raw; p.size += grid, steps++)
			if (ib_layout(&sys, &p, &l) == 0)
				assert_true(l.usable < usable);
	}
	print_message("inverse brute force: %ld layouts\n", steps);
}

static void test_inverse_bad(void **state)
{
	struct ib_params p = { .mode = NS_MODE_FSDAX, .start = 0x100100000ULL };
	struct model_system sys;
	uint64_t raw;

	(void)state;
	sys_init(&sys, KMODEL_SUBSECTION);
	assert_int_equal(ib_raw_size_for_usable(&sys, &p, 28 * MiB, 2 * MiB, &raw), -EINVAL);
	p.start = 0x100000000ULL;
	assert_int_equal(ib_raw_size_for_usable(&sys, &p, 28 * MiB, 0, &raw), -EINVAL);
	assert_int_equal(ib_raw_size_for_usable(&sys, &p, UINT64_MAX, 2 * MiB, &raw), -ERANGE);
}

static void test_namespace_layout(void **state)
{
	struct model_namespace ns = { .mode = NS_MODE_FSDAX, .start = 0x101e00000ULL,
				      .size = 30 * MiB, .enabled = true };
	struct model_system sys;
	struct ib_layout l;

	(void)state;
	sys_init(&sys, KMODEL_SUBSECTION);
	assert_int_equal(ib_namespace_layout(&sys, &ns, &l), 0);
	assert_int_equal(l.data.start, 0x102000000ULL);
	/* what the kernel reported wins */
	ns.data_start = 0x102200000ULL;
	ns.data_size = 26 * MiB;
	assert_int_equal(ib_namespace_layout(&sys, &ns, &l), 0);
	assert_int_equal(l.dataoff, 4 * MiB);
	assert_int_equal(l.usable, 26 * MiB);
	assert_int_equal(l.end_trunc, 0);
	/* nonsense from a file is ignored */
	ns.data_start = 0x1000;
	assert_int_equal(ib_namespace_layout(&sys, &ns, &l), 0);
	assert_int_equal(l.dataoff, 2 * MiB);
}

static void test_names(void **state)
{
	enum ns_mode m;
	enum ns_map map;

	(void)state;
	assert_int_equal(ib_mode_parse("fsdax", &m), 0);
	assert_int_equal(m, NS_MODE_FSDAX);
	assert_int_equal(ib_mode_parse("memory", &m), 0);
	assert_int_equal(m, NS_MODE_FSDAX);
	assert_int_equal(ib_mode_parse("devdax", &m), 0);
	assert_int_equal(m, NS_MODE_DEVDAX);
	assert_int_equal(ib_mode_parse("sector", &m), 0);
	assert_int_equal(m, NS_MODE_SECTOR);
	assert_int_equal(ib_mode_parse("bogus", &m), -EINVAL);
	assert_int_equal(ib_mode_parse(NULL, &m), -EINVAL);
	assert_string_equal(ib_mode_name(NS_MODE_DEVDAX), "devdax");
	assert_string_equal(ib_mode_name((enum ns_mode)42), "unknown");
	assert_int_equal(ib_map_parse("mem", &map), 0);
	assert_int_equal(map, NS_MAP_MEM);
	assert_int_equal(ib_map_parse("x", &map), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_table),
		cmocka_unit_test(test_worked_example_kmem),
		cmocka_unit_test(test_memmap_accounting),
		cmocka_unit_test(test_btt),
		cmocka_unit_test(test_sector_layout),
		cmocka_unit_test(test_inverse),
		cmocka_unit_test(test_inverse_random),
		cmocka_unit_test(test_inverse_bad),
		cmocka_unit_test(test_namespace_layout),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests_name("infoblock", tests, NULL, NULL);
}
