// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's per-mode namespace layout: pfn/dax info block (nd_pfn_init in
 * 6.1, trim_pfn_device in 5.1/5.2) and the BTT arena split. Formulas and
 * their sources: kernel-rules.md sections 4 and 7.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "infoblock.h"
#include "size.h"

#define BTT_MAX_ARENA	(512ULL << 30)
#define BTT_MIN_ARENA	(16ULL << 20)
#define BTT_INIT_OFF	SZ_4K		/* BTT v1.1 starts 4 KiB into the namespace */
#define BTT_FIXED	(28ULL << 10)	/* 2 info blocks + log (256 free x 64 B) + map pad */
#define BTT_NFREE	256ULL

static int refuse(struct ib_layout *out, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int refuse(struct ib_layout *out, int err, const char *fmt, ...)
{
	struct range raw = out->raw;
	va_list ap;

	memset(out, 0, sizeof(*out));
	out->raw = raw;
	out->err = err;
	va_start(ap, fmt);
	vsnprintf(out->rule, sizeof(out->rule), fmt, ap);
	va_end(ap);
	return err;
}

static bool pfn_align_ok(uint64_t a)
{
	/* nd_pfn_supported_alignments() on x86-64 with PSE and PUD THP */
	return a == SZ_4K || a == SZ_2M || a == SZ_1G;
}

static bool sector_size_ok(uint64_t s)
{
	static const uint64_t ok[] = { 512, 520, 528, 4096, 4104, 4160, 4224 };
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (s == ok[i])
			return true;
	return false;
}

/* capacity of one arena of @a bytes, 0 when it holds no arena */
static uint64_t btt_arena_capacity(uint64_t a, uint64_t sector_size)
{
	uint64_t per = align_up(sector_size, 64) + 4;	/* internal lba + one map entry */
	uint64_t n;

	if (a < BTT_MIN_ARENA)
		return 0;
	n = (align_down(a, SZ_4K) - BTT_FIXED) / per;
	return n > BTT_NFREE ? (n - BTT_NFREE) * sector_size : 0;
}

uint64_t ib_btt_capacity(uint64_t size, uint64_t sector_size, bool btt2, unsigned *nr_arenas)
{
	uint64_t raw, full, rest, cap, one;
	unsigned n = 0;

	if (nr_arenas)
		*nr_arenas = 0;
	if (!sector_size || sector_size > SZ_64K)
		return 0;
	if (!btt2 && size < BTT_INIT_OFF)
		return 0;
	raw = btt2 ? size : size - BTT_INIT_OFF;
	/* whole 512 GiB arenas, then the rest (dropped under 16 MiB) */
	full = raw / BTT_MAX_ARENA;
	rest = raw % BTT_MAX_ARENA;
	one = btt_arena_capacity(BTT_MAX_ARENA, sector_size);
	cap = full * one;
	if (one)
		n = (unsigned)full;
	if (btt_arena_capacity(rest, sector_size)) {
		cap += btt_arena_capacity(rest, sector_size);
		n++;
	}
	if (nr_arenas)
		*nr_arenas = n;
	return cap;
}

static int layout_sector(const struct ib_params *p, struct ib_layout *out)
{
	uint64_t lba = p->sector_size ? p->sector_size : IB_DEFAULT_SECTOR;
	char b[SIZE_STR_LEN];

	if (!sector_size_ok(lba))
		return refuse(out, -EINVAL, "sector size %llu is not supported by the BTT",
			      (unsigned long long)lba);
	if (p->size < IB_MIN_CLAIM_SIZE)
		return refuse(out, -ENXIO, "%s is too small for sector mode (at least 16 MiB)",
			      size_str(b, sizeof(b), p->size));
	out->usable = ib_btt_capacity(p->size, lba, p->btt2, &out->nr_arenas);
	if (!out->usable)
		return refuse(out, -ENXIO,
			      "%s leaves no BTT arena of at least 16 MiB (sector mode needs 18 MiB)",
			      size_str(b, sizeof(b), p->size));
	out->mapped = out->raw;
	out->data = out->raw;
	out->metadata = p->size - out->usable;
	return 0;
}

/* memmap bytes the kernel allocates from DRAM for [s, e): partial sections, or all for map=mem */
static uint64_t memmap_dram(const struct model_system *sys, uint64_t s, uint64_t e, bool map_mem)
{
	uint64_t sec = sys->section_size, full_s, full_e, dram = 0;

	if (e <= s)
		return 0;
	if (map_mem || !sec)
		return (e - s) / SZ_4K * IB_STRUCT_PAGE;
	full_s = align_up(s, sec);
	full_e = align_down(e, sec);
	if (full_s >= full_e)
		return (e - s) / SZ_4K * IB_STRUCT_PAGE;
	dram += (full_s - s) / SZ_4K * IB_STRUCT_PAGE;
	dram += (e - full_e) / SZ_4K * IB_STRUCT_PAGE;
	return dram;
}

/* 6.1 nd_pfn_init(); also 5.3+ apart from the start check */
static int layout_pfn_subsection(const struct model_system *sys, const struct ib_params *p,
				 uint64_t a, struct ib_layout *out)
{
	uint64_t c = sys->compat_align ? sys->compat_align : SZ_2M;
	uint64_t A = a > c ? a : c, P = p->start, S = p->size, E = P + S, base;
	char b1[SIZE_STR_LEN], b2[SIZE_STR_LEN];

	if (P % c)
		return refuse(out, -EINVAL, "start 0x%llx is not %s aligned",
			      (unsigned long long)P, size_str(b1, sizeof(b1), c));
	out->align = A;
	out->end_trunc = E % A;
	if (p->map == NS_MAP_MEM) {
		base = P + IB_INFO_RESERVE;
	} else {
		out->memmap_pmem = (S - IB_INFO_RESERVE) / SZ_4K * IB_STRUCT_PAGE;
		base = P + IB_INFO_RESERVE + out->memmap_pmem;
	}
	if (base > UINT64_MAX - A)
		return refuse(out, -EINVAL, "namespace end beyond the address space");
	out->dataoff = align_up(base, A) - P;
	if (out->dataoff >= S || out->dataoff + out->end_trunc >= S)
		return refuse(out, -ENXIO,
			      "%s at 0x%llx cannot hold its info block, memmap and data at %s align",
			      size_str(b1, sizeof(b1), S), (unsigned long long)P,
			      size_str(b2, sizeof(b2), A));
	return 0;
}

/* 5.1/5.2 trim_pfn_device() and the section-sized memmap reserve */
static int layout_pfn_section(const struct model_system *sys, const struct ib_params *p,
			      uint64_t a, struct ib_layout *out)
{
	uint64_t sec = sys->section_size, P = p->start, S = p->size, E = P + S;
	uint64_t A = a > SZ_2M ? a : SZ_2M, base, npfns, left;
	char b1[SIZE_STR_LEN];

	out->align = A;
	if (p->head_shared && P % sec)
		out->start_pad = align_up(P, sec) - P;
	if (p->tail_shared || E % a) {
		uint64_t d1 = align_down(E, sec), d2 = align_down(E, a);

		out->end_trunc = E - (d1 < d2 ? d1 : d2);
	}
	if (out->start_pad + out->end_trunc + IB_INFO_RESERVE >= S)
		return refuse(out, -ENXIO, "%s at 0x%llx is all padding on a pre-5.3 kernel",
			      size_str(b1, sizeof(b1), S), (unsigned long long)P);
	left = S - out->start_pad - out->end_trunc;
	if (p->map == NS_MAP_MEM) {
		base = P + out->start_pad + IB_INFO_RESERVE;
	} else {
		npfns = align_up((left - IB_INFO_RESERVE) / SZ_4K, sec / SZ_4K);
		out->memmap_pmem = npfns * IB_STRUCT_PAGE;
		base = P + out->start_pad + IB_INFO_RESERVE + out->memmap_pmem;
	}
	if (base > UINT64_MAX - A)
		return refuse(out, -EINVAL, "namespace end beyond the address space");
	out->dataoff = align_up(base, A) - (P + out->start_pad);
	if (out->dataoff >= left)
		return refuse(out, -ENXIO, "%s at 0x%llx cannot hold its info block and memmap",
			      size_str(b1, sizeof(b1), S), (unsigned long long)P);
	return 0;
}

static int layout_pfn(const struct model_system *sys, const struct ib_params *p,
		      struct ib_layout *out)
{
	uint64_t a = p->align ? p->align : IB_DEFAULT_ALIGN;
	char b[SIZE_STR_LEN];
	int rc;

	if (!pfn_align_ok(a))
		return refuse(out, -EINVAL, "align %s is not supported (4K, 2M or 1G)",
			      size_str(b, sizeof(b), a));
	if (p->size < IB_MIN_CLAIM_SIZE)
		return refuse(out, -ENXIO, "%s is too small for %s mode (at least 16 MiB)",
			      size_str(b, sizeof(b), p->size), ib_mode_name(p->mode));
	if (sys->kmodel == KMODEL_SECTION)
		rc = layout_pfn_section(sys, p, a, out);
	else
		rc = layout_pfn_subsection(sys, p, a, out);
	if (rc)
		return rc;
	out->mapped.start = p->start + out->start_pad;
	out->mapped.end = p->start + p->size - out->end_trunc;
	out->data.start = out->mapped.start + out->dataoff;
	out->data.end = out->mapped.end;
	out->usable = out->data.end - out->data.start;
	out->metadata = out->dataoff;
	out->memmap_dram = memmap_dram(sys, out->mapped.start, out->mapped.end,
				       p->map == NS_MAP_MEM);
	return 0;
}

int ib_layout(const struct model_system *sys, const struct ib_params *p, struct ib_layout *out)
{
	char b[SIZE_STR_LEN];

	memset(out, 0, sizeof(*out));
	out->raw.start = p->start;
	out->raw.end = p->start + p->size;
	if (!p->size)
		return refuse(out, -EINVAL, "size 0");
	if (p->start + p->size < p->start)
		return refuse(out, -EINVAL, "0x%llx + %s wraps the address space",
			      (unsigned long long)p->start, size_str(b, sizeof(b), p->size));
	switch (p->mode) {
	case NS_MODE_RAW:
		out->mapped = out->raw;
		out->data = out->raw;
		out->usable = p->size;
		return 0;
	case NS_MODE_SECTOR:
		return layout_sector(p, out);
	case NS_MODE_FSDAX:
	case NS_MODE_DEVDAX:
		return layout_pfn(sys, p, out);
	}
	return refuse(out, -EINVAL, "unknown mode %d", (int)p->mode);
}

/*
 * For S' >= S, usable(S') <= S' - dataoff(S): the data offset never shrinks
 * as the size grows. So S' = usable + dataoff(S) is a safe lower bound to
 * jump to. And (6.1 rules) while the end stays inside one A-sized block,
 * end_trunc grows byte for byte with S, so usable cannot grow before the end
 * reaches the next multiple of A: jump there too.
 */
static uint64_t pfn_A(const struct model_system *sys, const struct ib_params *p)
{
	uint64_t c = sys->compat_align ? sys->compat_align : SZ_2M;
	uint64_t a = p->align ? p->align : IB_DEFAULT_ALIGN;

	if (p->mode != NS_MODE_FSDAX && p->mode != NS_MODE_DEVDAX)
		return 0;
	return a > c ? a : c;
}

/*
 * 5.1/5.2: the head pad is fixed by the start, and end_trunc is E mod
 * max(section, align) unless the end is aligned (and not shared), so the
 * usable size only grows when the end reaches the next multiple of the align
 * (of max(section, align) when the tail is shared).
 */
static uint64_t section_candidate(const struct model_system *sys, const struct ib_params *p,
				  uint64_t E, uint64_t usable, uint64_t lo)
{
	uint64_t sec = sys->section_size, a = p->align ? p->align : IB_DEFAULT_ALIGN;
	uint64_t pad = 0, step;

	if (!sec || sec > UINT64_MAX / 4 || a > UINT64_MAX / 4)
		return lo;
	if (p->head_shared && p->start % sec)
		pad = align_up(p->start, sec) - p->start;
	if (pad + IB_INFO_RESERVE + usable > lo)
		lo = pad + IB_INFO_RESERVE + usable;
	step = p->tail_shared && sec > a ? sec : a;
	if (E % step && E <= UINT64_MAX - step) {
		uint64_t next_end = align_down(E, step) + step;

		if (next_end - p->start > lo)
			lo = next_end - p->start;
	}
	return lo;
}

static uint64_t next_candidate(const struct model_system *sys, const struct ib_params *p,
			       const struct ib_layout *lay, uint64_t S, uint64_t usable,
			       uint64_t grid)
{
	uint64_t lo = S + grid, E = p->start + S, A = pfn_A(sys, p);

	if (!lay->err && A && usable + lay->dataoff + lay->start_pad > lo)
		lo = usable + lay->dataoff + lay->start_pad;
	/*
	 * BTT capacity grows slower than the raw size within one arena; a new
	 * arena (past 512 GiB) can jump, so only skip ahead below that.
	 */
	if (!lay->err && p->mode == NS_MODE_SECTOR && S + (usable - lay->usable) < BTT_MAX_ARENA &&
	    S + (usable - lay->usable) > lo)
		lo = S + (usable - lay->usable);
	if (A && sys->kmodel == KMODEL_SECTION)
		return section_candidate(sys, p, E, usable, lo);
	if (A && A <= UINT64_MAX / 4 && E <= UINT64_MAX - A) {
		uint64_t next_end = align_down(E, A) + A;

		if (next_end - p->start > lo)
			lo = next_end - p->start;
	}
	return lo;
}

int ib_raw_size_for_usable(const struct model_system *sys, const struct ib_params *p,
			   uint64_t usable, uint64_t grid, uint64_t *raw_size)
{
	struct ib_params q = *p;
	struct ib_layout lay;
	uint64_t S, lo;
	int i;

	if (grid < SZ_4K || !usable)
		return -EINVAL;
	if (usable > UINT64_MAX / 4 || grid > UINT64_MAX / 4 || p->start > UINT64_MAX / 4)
		return -ERANGE;
	S = align_up(usable, grid);
	if (q.mode != NS_MODE_RAW && S < IB_MIN_CLAIM_SIZE)
		S = align_up(IB_MIN_CLAIM_SIZE, grid);
	if (pfn_A(sys, &q)) {
		/* the data cannot start before the first A boundary past the info block */
		uint64_t A = pfn_A(sys, &q);

		if (A <= UINT64_MAX / 4) {
			lo = align_up(p->start + IB_INFO_RESERVE, A) - p->start + usable;
			if (lo > S)
				S = align_up(lo, grid);
		}
	}
	/* with the jumps above real searches take a few steps; give up on nonsense */
	for (i = 0; i < 4096; i++) {
		q.size = S;
		ib_layout(sys, &q, &lay);
		if (!lay.err && lay.usable >= usable) {
			*raw_size = S;
			return 0;
		}
		if (lay.err == -EINVAL)
			return -EINVAL;
		lo = next_candidate(sys, &q, &lay, S, usable, grid);
		if (lo > UINT64_MAX / 4)
			return -ERANGE;
		S = align_up(lo, grid);
	}
	return -ERANGE;
}

int ib_namespace_layout(const struct model_system *sys, const struct model_namespace *ns,
			struct ib_layout *out)
{
	struct ib_params p = {
		.mode = ns->mode,
		.map = ns->map,
		.align = ns->align,
		.sector_size = ns->sector_size,
		.start = ns->start,
		.size = ns->size,
	};
	uint64_t end = ns->start + ns->size;
	int rc;

	rc = ib_layout(sys, &p, out);
	if (ns->mode != NS_MODE_FSDAX && ns->mode != NS_MODE_DEVDAX)
		return rc;
	/* trust what the kernel reported over the computation */
	if (!ns->data_start || !ns->data_size || ns->data_start < ns->start ||
	    ns->data_size > end - ns->data_start)
		return rc;
	if (rc) {
		memset(out, 0, sizeof(*out));
		out->raw.start = ns->start;
		out->raw.end = end;
	}
	out->dataoff = ns->data_start - ns->start - out->start_pad;
	out->end_trunc = end - (ns->data_start + ns->data_size);
	out->mapped.start = ns->start + out->start_pad;
	out->mapped.end = end - out->end_trunc;
	out->data.start = ns->data_start;
	out->data.end = ns->data_start + ns->data_size;
	out->usable = ns->data_size;
	out->metadata = out->dataoff;
	out->err = 0;
	out->rule[0] = '\0';
	return 0;
}

static const char *const mode_names[] = {
	[NS_MODE_RAW] = "raw",
	[NS_MODE_FSDAX] = "fsdax",
	[NS_MODE_DEVDAX] = "devdax",
	[NS_MODE_SECTOR] = "sector",
};

const char *ib_mode_name(enum ns_mode mode)
{
	if ((unsigned)mode >= sizeof(mode_names) / sizeof(mode_names[0]))
		return "unknown";
	return mode_names[mode];
}

int ib_mode_parse(const char *s, enum ns_mode *mode)
{
	static const struct {
		const char *name;
		enum ns_mode mode;
	} names[] = {
		{ "raw", NS_MODE_RAW },	      { "fsdax", NS_MODE_FSDAX },
		{ "memory", NS_MODE_FSDAX },  { "devdax", NS_MODE_DEVDAX },
		{ "dax", NS_MODE_DEVDAX },    { "sector", NS_MODE_SECTOR },
		{ "safe", NS_MODE_SECTOR },
	};
	size_t i;

	if (!s)
		return -EINVAL;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcasecmp(s, names[i].name) == 0) {
			*mode = names[i].mode;
			return 0;
		}
	}
	return -EINVAL;
}

const char *ib_map_name(enum ns_map map)
{
	return map == NS_MAP_MEM ? "mem" : "dev";
}

int ib_map_parse(const char *s, enum ns_map *map)
{
	if (!s)
		return -EINVAL;
	if (strcasecmp(s, "dev") == 0 || strcasecmp(s, "pmem") == 0) {
		*map = NS_MAP_DEV;
		return 0;
	}
	if (strcasecmp(s, "mem") == 0 || strcasecmp(s, "ram") == 0) {
		*map = NS_MAP_MEM;
		return 0;
	}
	return -EINVAL;
}
