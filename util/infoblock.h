/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the kernel does when it lays out a namespace of a given mode: the
 * pfn/dax info block (data offset, end_trunc, start_pad), the BTT capacity of
 * sector mode, and whether it refuses (kernel-rules.md sections 4 and 7).
 * Pure code: numbers in, numbers out.
 */
#ifndef UTIL_INFOBLOCK_H
#define UTIL_INFOBLOCK_H
#include <stdbool.h>
#include <stdint.h>
#include "model.h"

#define IB_MIN_CLAIM_SIZE	(16ULL << 20)	/* claim.c: fsdax/devdax/sector need 16 MiB */
#define IB_INFO_RESERVE		(8ULL << 10)	/* nd_info_block_reserve() */
#define IB_STRUCT_PAGE		64ULL		/* MAX_STRUCT_PAGE_SIZE */
#define IB_DEFAULT_ALIGN	(2ULL << 20)	/* default pfn/dax align */
#define IB_DEFAULT_SECTOR	4096ULL		/* default BTT sector size */
#define IB_RULE_LEN		160

struct ib_params {
	enum ns_mode mode;
	enum ns_map map;	/* fsdax/devdax only */
	uint64_t align;		/* pfn/dax align; 0 = IB_DEFAULT_ALIGN */
	uint64_t sector_size;	/* sector only; 0 = IB_DEFAULT_SECTOR */
	uint64_t start;		/* P, SPA of the raw namespace */
	uint64_t size;		/* S, raw size */
	bool btt2;		/* sector: BTT2 (v1.2 labels) has no 4 KiB initial offset */
	/*
	 * KMODEL_SECTION only (5.1/5.2 padding): the section-rounded head /
	 * tail of the namespace is shared with System RAM or another region.
	 * The planner fills these from the model.
	 */
	bool head_shared;
	bool tail_shared;
};

struct ib_layout {
	int err;		/* 0, or the -errno the kernel would return */
	char rule[IB_RULE_LEN];	/* when err: the rule and value, "start 0x101f00000 is not ..." */
	uint64_t align;		/* A = max(pfn align, compat align); 0 for raw/sector */
	uint64_t dataoff;	/* from the namespace start (after start_pad) to the data */
	uint64_t start_pad;
	uint64_t end_trunc;
	struct range raw;	/* [P, P + S) */
	struct range mapped;	/* pgmap: [P + start_pad, P + S - end_trunc); raw for raw/sector */
	struct range data;	/* [P + start_pad + dataoff, mapped.end); for sector: the raw range */
	uint64_t usable;	/* capacity the user gets (BTT capacity for sector) */
	uint64_t metadata;	/* bytes of metadata (dataoff, or raw - BTT capacity) */
	uint64_t memmap_pmem;	/* memmap bytes kept in pmem (map=dev) */
	uint64_t memmap_dram;	/* memmap bytes the kernel takes from DRAM */
	unsigned nr_arenas;	/* sector only */
};

/*
 * Lay out one namespace under the rules of sys->kmodel (compat align and
 * section size from @sys). Always fills @out (zeroed on refusal except raw,
 * err and rule) and returns out->err: -EINVAL (start not 2 MiB aligned,
 * bad align/sector size), -ENXIO (under 16 MiB, dataoff >= size, no BTT
 * arena, nothing usable).
 * raw mode: usable = size, no metadata, never refused here.
 */
int ib_layout(const struct model_system *sys, const struct ib_params *p, struct ib_layout *out);

/*
 * Inverse: the smallest raw size S, a multiple of @grid (>= 4 KiB, e.g. the
 * region align), such that ib_layout() of @p with size S succeeds and its
 * usable size is >= @usable. p->size is ignored. Returns 0 and *raw_size,
 * -EINVAL for a bad grid or params, -ERANGE when no size fits in 64 bits.
 */
int ib_raw_size_for_usable(const struct model_system *sys, const struct ib_params *p,
			   uint64_t usable, uint64_t grid, uint64_t *raw_size);

/*
 * Layout of an existing namespace of the model: from what the kernel
 * reported (data_start/data_size) when known, computed otherwise.
 * Returns out->err as ib_layout() does.
 */
int ib_namespace_layout(const struct model_system *sys, const struct model_namespace *ns,
			struct ib_layout *out);

/* BTT capacity in bytes of a sector namespace of raw size @size, 0 when none */
uint64_t ib_btt_capacity(uint64_t size, uint64_t sector_size, bool btt2, unsigned *nr_arenas);

/* "fsdax", "devdax", "sector", "raw"; and back (-EINVAL when unknown) */
const char *ib_mode_name(enum ns_mode mode);
int ib_mode_parse(const char *s, enum ns_mode *mode);
const char *ib_map_name(enum ns_map map);
int ib_map_parse(const char *s, enum ns_map *map);

#endif
