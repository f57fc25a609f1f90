// SPDX-License-Identifier: GPL-2.0
/*
 * The planner simulates, request by request, what the kernel does when
 * create-namespace writes a size and attaches a pfn/dax/btt device
 * (kernel-rules.md sections 3 and 7):
 *   - the size must be a multiple of the region align;
 *   - DPA comes first-fit from the holes between allocations, each hole
 *     trimmed to dpa_align = align / ways; SPA = Rs + (dpa - Ds) * ways;
 *   - then the per-mode layout (infoblock.c) and the memory-hotplug checks
 *     against System RAM and pages already mapped by other devices.
 * Holes only ever shrink from the left within one plan (the region align is
 * set once, before any create), so a hole list plus a sorted list of
 * "active" (page-mapped) ranges is all the state there is.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "planner.h"
#include "size.h"

#define MAX_MOVES	16	/* fillers tried per request before giving up the move */
#define MAX_FILLER_STEPS (1 << 16)

struct hole {
	uint64_t lo, hi;	/* DPA, [lo, hi), untrimmed */
};

/* a page-mapped range: System RAM, an enabled pfn/dax device, a planned one */
struct act {
	struct range r;
	const char *name;	/* existing dev or "System RAM"; NULL for placements */
	const char *region;	/* "" for RAM */
	int placement;		/* >= 0: index into res->placements */
	bool ram;
};

struct sim {
	const struct model_system *sys;
	const struct model_region *reg;
	const struct plan_options *opts;
	const struct plan_request *reqs;
	struct plan_result *res;
	unsigned ways;
	uint64_t ra;		/* region align used by the plan */
	uint64_t g;		/* dpa_align */
	uint64_t msg_grid;	/* the finest region align a plan may use (for refusals) */
	uint64_t dstart, dend;	/* mapping0 DPA */
	struct hole *holes;
	int nr_holes;
	bool any_alloc;		/* the mapping has at least one allocation */
	struct act *act;
	int nr_act, alloc_act;
	int alloc_placements;
	int alloc_ops;
	int slots_left;		/* -1 unknown */
	int filler_seq;
};

static void why(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void why(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

static bool pfn_mode(enum ns_mode m)
{
	return m == NS_MODE_FSDAX || m == NS_MODE_DEVDAX;
}

/* kernel default region align (region_devs.c default_align) */
static uint64_t default_region_align(const struct model_region *reg, unsigned ways)
{
	uint64_t a = reg->size < SZ_16M ? SZ_4K : SZ_16M;

	if (a % ways)
		a *= ways;
	return a;
}

/* ---- active ranges ---- */

static int act_first_ending_after(const struct sim *s, uint64_t addr)
{
	int lo = 0, hi = s->nr_act;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (s->act[mid].r.end > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static int act_insert(struct sim *s, struct act a)
{
	int lo = 0, hi = s->nr_act;

	if (a.r.end <= a.r.start)
		return 0;
	if (s->nr_act == s->alloc_act) {
		int n = s->alloc_act ? s->alloc_act * 2 : 64;
		struct act *v = realloc(s->act, (size_t)n * sizeof(*v));

		if (!v)
			return -ENOMEM;
		s->act = v;
		s->alloc_act = n;
	}
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (s->act[mid].r.start <= a.r.start)
			lo = mid + 1;
		else
			hi = mid;
	}
	memmove(&s->act[lo + 1], &s->act[lo], (size_t)(s->nr_act - lo) * sizeof(*s->act));
	s->act[lo] = a;
	s->nr_act++;
	return 0;
}

/* first active range overlapping [lo, hi), optionally only RAM or only non-RAM */
enum act_filter { ACT_ANY, ACT_RAM, ACT_PGMAP };

static const struct act *act_find(const struct sim *s, uint64_t lo, uint64_t hi,
				  enum act_filter f, int self)
{
	int i;

	for (i = act_first_ending_after(s, lo); i < s->nr_act; i++) {
		const struct act *a = &s->act[i];

		if (a->r.start >= hi)
			break;
		if (a->r.end <= lo || (self >= 0 && a->placement == self))
			continue;
		if ((f == ACT_RAM && !a->ram) || (f == ACT_PGMAP && a->ram))
			continue;
		return a;
	}
	return NULL;
}

static void act_label(const struct sim *s, const struct act *a, char *buf, size_t len)
{
	if (a->ram)
		snprintf(buf, len, "System RAM");
	else if (a->placement >= 0)
		snprintf(buf, len, "%s", s->res->placements[a->placement].name);
	else if (strcmp(a->region, s->reg->dev) != 0)
		snprintf(buf, len, "%s/%s", a->region, a->name);
	else
		snprintf(buf, len, "%s", a->name);
}

/* ---- setup ---- */

static int add_existing_active(struct sim *s)
{
	const struct model_system *sys = s->sys;
	int i, j, rc;

	for (i = 0; i < sys->nr_ram; i++) {
		rc = act_insert(s, (struct act){ sys->ram[i], "System RAM", "", -1, true });
		if (rc)
			return rc;
	}
	for (i = 0; i < sys->nr_regions; i++) {
		const struct model_region *r = &sys->regions[i];

		for (j = 0; j < r->nr_namespaces; j++) {
			const struct model_namespace *ns = &r->namespaces[j];
			struct ib_layout lay;

			if (!ns->size || !ns->enabled || !pfn_mode(ns->mode))
				continue;
			if (ib_namespace_layout(sys, ns, &lay))
				continue;
			rc = act_insert(s, (struct act){ lay.mapped, ns->dev, r->dev, -1, false });
			if (rc)
				return rc;
		}
	}
	return 0;
}

static int cmp_hole(const void *a, const void *b)
{
	const struct hole *x = a, *y = b;

	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return 0;
}

/* the DPA holes of mapping0 between the region's existing namespaces */
static int build_holes(struct sim *s)
{
	const struct model_region *reg = s->reg;
	struct hole *busy;
	uint64_t pos = s->dstart;
	int i, n = 0;

	busy = calloc((size_t)reg->nr_namespaces + 1, sizeof(*busy));
	s->holes = calloc((size_t)reg->nr_namespaces + 2, sizeof(*s->holes));
	if (!busy || !s->holes) {
		free(busy);
		return -ENOMEM;
	}
	for (i = 0; i < reg->nr_namespaces; i++) {
		const struct model_namespace *ns = &reg->namespaces[i];
		uint64_t off, end;

		if (!ns->size || ns->start < reg->start || ns->start - reg->start >= reg->size)
			continue;
		/*
		 * per-DIMM offsets rounded outward: a start or size that is not a
		 * multiple of the ways (only in a hand-made capture) still keeps
		 * every byte of the namespace busy
		 */
		off = ns->start - reg->start;
		end = off + ns->size < off ? reg->size : off + ns->size;
		busy[n].lo = s->dstart + off / s->ways;
		busy[n].hi = s->dstart + end / s->ways + (end % s->ways != 0);
		n++;
	}
	qsort(busy, (size_t)n, sizeof(*busy), cmp_hole);
	for (i = 0; i < n; i++) {
		if (busy[i].lo > pos)
			s->holes[s->nr_holes++] = (struct hole){ pos, busy[i].lo };
		if (busy[i].hi > pos)
			pos = busy[i].hi;
	}
	if (pos < s->dend)
		s->holes[s->nr_holes++] = (struct hole){ pos, s->dend };
	s->any_alloc = n > 0;
	free(busy);
	return 0;
}

/* usable part of a hole on a per-DIMM grid @g; the very first allocation starts at Ds */
static void hole_trim_at(const struct sim *s, const struct hole *h, uint64_t g, uint64_t *lo,
			 uint64_t *hi)
{
	*lo = s->any_alloc ? align_up(h->lo, g) : h->lo;
	*hi = align_down(h->hi, g);
	if (!s->any_alloc)
		*hi = h->lo + align_down(h->hi - h->lo, g);
	if (*hi < *lo)
		*hi = *lo;
}

/* usable part of a hole under dpa_align */
static void hole_trim(const struct sim *s, const struct hole *h, uint64_t *lo, uint64_t *hi)
{
	hole_trim_at(s, h, s->g, lo, hi);
}

/* first-fit: index of the hole that takes @d bytes per DIMM, -1 when none */
static int first_fit(const struct sim *s, uint64_t d, uint64_t *x)
{
	int i;

	for (i = 0; i < s->nr_holes; i++) {
		uint64_t lo, hi;

		hole_trim(s, &s->holes[i], &lo, &hi);
		if (hi - lo >= d) {
			*x = lo;
			return i;
		}
	}
	return -1;
}

/* the largest namespace one hole can take when sizes are multiples of @grid */
static uint64_t largest_extent_at(const struct sim *s, uint64_t grid)
{
	uint64_t best = 0, lo, hi, g = grid / s->ways;
	int i;

	for (i = 0; i < s->nr_holes; i++) {
		hole_trim_at(s, &s->holes[i], g ? g : s->g, &lo, &hi);
		if (hi - lo > best)
			best = hi - lo;
	}
	return best * s->ways;
}

static uint64_t largest_extent(const struct sim *s)
{
	return largest_extent_at(s, s->g * s->ways);
}

/*
 * A suggested size must be one the region can still take: drop any larger
 * than the largest free extent on the finest grid the plan may use.
 * Returns that extent.
 */
static uint64_t drop_oversized(const struct sim *s, struct plan_placement *p)
{
	uint64_t room = largest_extent_at(s, s->msg_grid);

	if (p->suggest_lo > room)
		p->suggest_lo = 0;
	if (p->suggest_hi > room)
		p->suggest_hi = 0;
	return room;
}

static uint64_t free_space(const struct sim *s)
{
	uint64_t sum = 0, lo, hi;
	int i;

	for (i = 0; i < s->nr_holes; i++) {
		hole_trim(s, &s->holes[i], &lo, &hi);
		sum += hi - lo;
	}
	return sum * s->ways;
}

static uint64_t dpa_to_spa(const struct sim *s, uint64_t x)
{
	return s->reg->start + (x - s->dstart) * s->ways;
}

/* ---- placements and ops ---- */

static struct plan_placement *new_filler(struct sim *s)
{
	struct plan_result *res = s->res;
	struct plan_placement *p;

	if (res->nr_placements == s->alloc_placements) {
		int n = s->alloc_placements * 2 + 8;

		p = realloc(res->placements, (size_t)n * sizeof(*p));
		if (!p)
			return NULL;
		res->placements = p;
		s->alloc_placements = n;
	}
	p = &res->placements[res->nr_placements++];
	memset(p, 0, sizeof(*p));
	p->req = -1;
	p->mode = NS_MODE_RAW;
	snprintf(p->name, sizeof(p->name), "plan-filler-%d", s->filler_seq++);
	return p;
}

static int add_op(struct sim *s, enum plan_op_kind kind, uint64_t value, int placement)
{
	struct plan_result *res = s->res;

	if (res->nr_ops == s->alloc_ops) {
		int n = s->alloc_ops * 2 + 8;
		struct plan_op *v = realloc(res->ops, (size_t)n * sizeof(*v));

		if (!v)
			return -ENOMEM;
		res->ops = v;
		s->alloc_ops = n;
	}
	res->ops[res->nr_ops++] = (struct plan_op){ kind, value, placement };
	return 0;
}

/* record a placed namespace: allocate its DPA, map its pages, queue the create */
static int commit(struct sim *s, int idx, int hole, uint64_t x, uint64_t size)
{
	struct plan_placement *p = &s->res->placements[idx];
	int rc;

	s->holes[hole].lo = x + size / s->ways;
	s->any_alloc = true;
	if (s->slots_left > 0)
		s->slots_left--;
	p->err = 0;
	p->why[0] = '\0';
	p->start = dpa_to_spa(s, x);
	p->size = size;
	p->dpa = x;
	p->order = s->res->label_slots_used++;
	geo_span(s->sys, &p->layout.mapped, &p->span);
	if (pfn_mode(p->mode)) {
		rc = act_insert(s, (struct act){ p->layout.mapped, NULL, s->reg->dev, idx, false });
		if (rc)
			return rc;
	}
	return add_op(s, PLAN_OP_CREATE, 0, idx);
}

/* ---- checks ---- */

static bool overlaps_other_region(const struct sim *s, uint64_t lo, uint64_t hi)
{
	int i;

	for (i = 0; i < s->sys->nr_regions; i++) {
		const struct model_region *r = &s->sys->regions[i];

		if (r == s->reg)
			continue;
		if (r->start < hi && r->start + r->size > lo)
			return true;
	}
	return false;
}

/* 5.1/5.2: is the section-rounded head / tail shared with RAM or another region? */
static void section_sharing(const struct sim *s, struct ib_params *ip)
{
	uint64_t sec = s->sys->section_size, P = ip->start, E = ip->start + ip->size;
	uint64_t h0 = align_down(P, sec), t1 = align_up(E, sec);

	ip->head_shared = act_find(s, h0, E, ACT_RAM, -1) || overlaps_other_region(s, h0, E);
	ip->tail_shared = act_find(s, P, t1, ACT_RAM, -1) || overlaps_other_region(s, P, t1);
}

/* memory-hotplug checks of kernel-rules.md 2 and 7 for a pfn/dax mapping */
static int hotplug_checks(const struct sim *s, struct plan_placement *p)
{
	const struct model_system *sys = s->sys;
	const struct range *m = &p->layout.mapped;
	/* p->start is only set when the placement is committed */
	unsigned long long start = p->layout.raw.start;
	uint64_t c = sys->subsection_size, sec = sys->section_size;
	const struct act *a;
	char who[2 * MODEL_NAME_LEN];

	if (sys->kmodel == KMODEL_SECTION) {
		uint64_t s0 = align_down(m->start, sec), s1 = align_up(m->end, sec);

		a = act_find(s, s0, s1, ACT_RAM, -1);
		if (a) {
			why(p->why, sizeof(p->why),
			    "%s: sections [0x%llx, 0x%llx) of 0x%llx mix System RAM and pmem: refused before 5.3",
			    s->reg->dev, (unsigned long long)s0, (unsigned long long)s1, start);
			return -ENXIO;
		}
		a = act_find(s, s0, s0 + sec, ACT_PGMAP, -1);
		if (!a)
			a = act_find(s, s1 - sec, s1, ACT_PGMAP, -1);
		if (a) {
			act_label(s, a, who, sizeof(who));
			why(p->why, sizeof(p->why),
			    "%s: 0x%llx shares section %llu with %s: one pfn/dax device per section before 5.3",
			    s->reg->dev, start,
			    (unsigned long long)(a->r.start < s0 + sec ? s0 : s1 - sec) / sec, who);
			return -ENOMEM;
		}
		return 0;
	}
	a = act_find(s, m->start, m->start + 1, ACT_PGMAP, -1);
	if (!a)
		a = act_find(s, m->end - 1, m->end, ACT_PGMAP, -1);
	if (a) {
		act_label(s, a, who, sizeof(who));
		why(p->why, sizeof(p->why), "%s: [0x%llx, 0x%llx) is already mapped by %s",
		    s->reg->dev, (unsigned long long)m->start, (unsigned long long)m->end, who);
		return -ENOMEM;
	}
	a = act_find(s, m->start, m->end, ACT_RAM, -1);
	if (a) {
		why(p->why, sizeof(p->why),
		    "%s: mapped range [0x%llx, 0x%llx) overlaps System RAM [0x%llx, 0x%llx)",
		    s->reg->dev, (unsigned long long)m->start, (unsigned long long)m->end,
		    (unsigned long long)a->r.start, (unsigned long long)a->r.end);
		return -ENXIO;
	}
	a = act_find(s, align_down(m->start, c), align_up(m->end, c), ACT_ANY, -1);
	if (a) {
		uint64_t sub = (a->r.start > m->start ? a->r.start : m->start) / c;

		act_label(s, a, who, sizeof(who));
		why(p->why, sizeof(p->why), "%s: sub-section %llu (0x%llx) is already populated by %s",
		    s->reg->dev, (unsigned long long)sub, (unsigned long long)(sub * c), who);
		return -EEXIST;
	}
	return 0;
}

static struct ib_params params_of(const struct plan_placement *p, uint64_t start, uint64_t size)
{
	return (struct ib_params){
		.mode = p->mode,
		.map = p->map,
		.align = p->align,
		.sector_size = p->sector_size,
		.start = start,
		.size = size,
	};
}

/* layout and kernel checks of @p at SPA @start; returns 0 or -errno with p->why set */
static int evaluate(struct sim *s, struct plan_placement *p, uint64_t start, uint64_t size)
{
	struct ib_params ip = params_of(p, start, size);

	if (s->sys->kmodel == KMODEL_SECTION && pfn_mode(p->mode))
		section_sharing(s, &ip);
	ib_layout(s->sys, &ip, &p->layout);
	if (p->layout.err) {
		why(p->why, sizeof(p->why), "%s: %s", s->reg->dev, p->layout.rule);
		return p->layout.err;
	}
	if (pfn_mode(p->mode))
		return hotplug_checks(s, p);
	return 0;
}

/* the raw size for a usable-size request if it were placed at @start */
static int size_for_usable(struct sim *s, const struct plan_request *rq, struct plan_placement *p,
			   uint64_t start, uint64_t *size)
{
	struct ib_params ip = params_of(p, start, 0);
	uint64_t want = rq->usable_size;

	/* kmem policy: whole memory blocks of data, so nothing is trimmed off */
	if (s->opts->policy == PLAN_KMEM && p->mode == NS_MODE_DEVDAX && s->sys->memblock_size)
		want = align_up(want, s->sys->memblock_size);
	if (s->sys->kmodel == KMODEL_SECTION && pfn_mode(p->mode))
		section_sharing(s, &ip);
	return ib_raw_size_for_usable(s->sys, &ip, want, s->ra, size);
}

static void suggest_sizes(struct plan_placement *p, uint64_t size, uint64_t grid)
{
	uint64_t lo = align_down(size, grid), hi = align_up(size, grid);
	uint64_t min = p->mode == NS_MODE_RAW ? grid : align_up(IB_MIN_CLAIM_SIZE, grid);

	if (p->mode == NS_MODE_SECTOR)
		min = align_up(18 * SZ_1M, grid);
	p->suggest_lo = lo >= min ? lo : 0;
	p->suggest_hi = hi >= min ? hi : min;
}

static void refuse_nospace(struct sim *s, struct plan_placement *p, uint64_t size)
{
	uint64_t big = largest_extent(s);
	uint64_t min = p->mode == NS_MODE_RAW ? s->ra : align_up(IB_MIN_CLAIM_SIZE, s->ra);
	char b1[SIZE_STR_LEN], b2[SIZE_STR_LEN];

	p->err = -ENOSPC;
	why(p->why, sizeof(p->why), "%s: %s does not fit: the largest free extent is %s",
	    s->reg->dev, size_str(b1, sizeof(b1), size), size_str(b2, sizeof(b2), big));
	big = align_down(big, s->ra);
	p->suggest_lo = big >= min ? big : 0;
	p->suggest_hi = 0;
}

/*
 * Smallest filler f (a multiple of the region align) so that the next
 * namespace starts where (start + f + extra(start + f)) % modulus == 0.
 * extra() is the data offset for the kmem policy, 0 for isolate.
 */
static uint64_t find_filler(struct sim *s, struct plan_placement *p, uint64_t start, uint64_t size,
			    uint64_t modulus, bool data)
{
	uint64_t f;
	int i;

	for (i = 1, f = s->ra; i < MAX_FILLER_STEPS; i++, f += s->ra) {
		uint64_t at = start + f;

		if (data) {
			struct ib_params ip = params_of(p, at, size);
			struct ib_layout lay;

			if (ib_layout(s->sys, &ip, &lay))
				continue;
			at += lay.dataoff + lay.start_pad;
		}
		if (at % modulus == 0)
			return f;
		if (f > 4 * modulus + s->ra)
			break;
	}
	return 0;
}

/* how far the policy wants to push the start of @p that first-fit puts at @start */
static uint64_t policy_move(struct sim *s, int idx, uint64_t start, uint64_t size)
{
	struct plan_placement *p = &s->res->placements[idx];
	uint64_t sec = s->sys->section_size, B = s->sys->memblock_size;
	struct ib_layout lay;
	struct ib_params ip;

	if (!pfn_mode(p->mode))
		return 0;
	ip = params_of(p, start, size);
	if (ib_layout(s->sys, &ip, &lay))
		return 0;
	if (s->opts->policy == PLAN_ISOLATE) {
		uint64_t s0 = align_down(lay.mapped.start, sec);

		if (start % sec == 0 || !act_find(s, s0, s0 + sec, ACT_ANY, -1))
			return 0;
		return find_filler(s, p, start, size, sec, false);
	}
	if (s->opts->policy == PLAN_KMEM && p->mode == NS_MODE_DEVDAX && is_power_of_2(B)) {
		if (lay.data.start % B == 0)
			return 0;
		return find_filler(s, p, start, size, B, true);
	}
	return 0;
}

/* place a raw filler of @f bytes first-fit; false when it cannot be placed */
static bool place_filler(struct sim *s, uint64_t f, int *rc)
{
	struct plan_placement *p;
	uint64_t x;
	int h, idx;

	*rc = 0;
	if (s->slots_left == 0)
		return false;
	h = first_fit(s, f / s->ways, &x);
	if (h < 0)
		return false;
	p = new_filler(s);
	if (!p) {
		*rc = -ENOMEM;
		return false;
	}
	idx = (int)(p - s->res->placements);
	ib_layout(s->sys, &(struct ib_params){ .mode = NS_MODE_RAW, .start = dpa_to_spa(s, x),
					       .size = f }, &p->layout);
	*rc = commit(s, idx, h, x, f);
	s->res->nr_fillers++;
	return *rc == 0;
}

static int check_request(struct sim *s, const struct plan_request *rq, struct plan_placement *p)
{
	char b[SIZE_STR_LEN];

	if ((unsigned)rq->mode > NS_MODE_SECTOR) {
		why(p->why, sizeof(p->why), "%s: unknown mode %d", s->reg->dev, (int)rq->mode);
		return -EINVAL;
	}
	if (!rq->size == !rq->usable_size) {
		why(p->why, sizeof(p->why), "%s: give exactly one of size and usable size",
		    s->reg->dev);
		return -EINVAL;
	}
	if (s->slots_left == 0) {
		why(p->why, sizeof(p->why), "%s: the label area is full (no free label slot)",
		    s->reg->dev);
		return -ENOSPC;
	}
	if (rq->size && rq->size % s->ra) {
		char b2[SIZE_STR_LEN];

		/* name the finest grid a plan could use, so the suggestions are the nearest */
		why(p->why, sizeof(p->why), "%s: %s is not a multiple of %s", s->reg->dev,
		    size_str(b, sizeof(b), rq->size), size_str(b2, sizeof(b2), s->msg_grid));
		suggest_sizes(p, rq->size, s->msg_grid);
		drop_oversized(s, p);
		return -EINVAL;
	}
	return 0;
}

/* too small for its mode: suggest the smallest size the mode works with there */
static void suggest_minimum(struct sim *s, struct plan_placement *p, uint64_t start, uint64_t size)
{
	struct ib_params ip = params_of(p, start, 0);
	char b1[SIZE_STR_LEN], b2[SIZE_STR_LEN];
	size_t n = strlen(p->why);
	uint64_t min, room;

	if (ib_raw_size_for_usable(s->sys, &ip, 1, s->msg_grid, &min) || min <= size)
		return;
	p->suggest_lo = 0;
	p->suggest_hi = min;
	room = drop_oversized(s, p);
	if (p->suggest_hi || n >= sizeof(p->why) - 1)
		return;
	/* no size fits: say why no size is offered */
	why(p->why + n, sizeof(p->why) - n, "; it needs at least %s, the largest free extent is %s",
	    size_str(b1, sizeof(b1), min), size_str(b2, sizeof(b2), room));
}

/* no raw size gives the usable size asked for: say why at the first-fit start */
static int refuse_usable(struct sim *s, int ri, uint64_t start, bool tried)
{
	const struct plan_request *rq = &s->reqs[ri];
	struct plan_placement *p = &s->res->placements[ri];
	uint64_t try = align_up(rq->usable_size, s->ra);
	char b[SIZE_STR_LEN];

	if (try < IB_MIN_CLAIM_SIZE)
		try = align_up(IB_MIN_CLAIM_SIZE, s->ra);
	/* a rule that refuses any size there (a misaligned start) says it best */
	p->err = tried ? 0 : evaluate(s, p, start, try);
	if (!p->err) {
		p->err = -ERANGE;
		why(p->why, sizeof(p->why), "%s: no raw size at 0x%llx gives %s usable",
		    s->reg->dev, (unsigned long long)start,
		    size_str(b, sizeof(b), rq->usable_size));
	}
	memset(&p->layout, 0, sizeof(p->layout));
	return 0;
}

/*
 * A usable= request: the raw size depends on the start (end_trunc, 1 GiB
 * data offsets) and the start on the size (first fit). Iterate from the
 * first hole until the two agree. Returns false when no size works.
 */
static bool usable_to_size(struct sim *s, int ri, uint64_t *size, uint64_t *start)
{
	const struct plan_request *rq = &s->reqs[ri];
	struct plan_placement *p = &s->res->placements[ri];
	uint64_t x;
	int k;

	*start = s->nr_holes ? dpa_to_spa(s, s->holes[0].lo) : s->reg->start;
	for (k = 0; k < 8; k++) {
		uint64_t prev = *size;

		if (size_for_usable(s, rq, p, *start, size))
			return false;
		if (first_fit(s, *size / s->ways, &x) < 0 || (k && *size == prev))
			break;
		*start = dpa_to_spa(s, x);
	}
	return true;
}

/*
 * Policies other than in-order and pack may push the start with a filler.
 * Returns 1 when a filler was placed (look again), 0 when the start stays,
 * or -ENOMEM.
 */
static int steer(struct sim *s, int ri, uint64_t start, uint64_t size)
{
	uint64_t f;
	int rc;

	if (s->opts->policy != PLAN_ISOLATE && s->opts->policy != PLAN_KMEM)
		return 0;
	f = policy_move(s, ri, start, size);
	if (!f)
		return 0;
	if (!place_filler(s, f, &rc))
		return rc;
	return 1;
}

/* resolve the raw size and the hole for request @ri, then check and commit it */
static int place_request(struct sim *s, int ri)
{
	const struct plan_request *rq = &s->reqs[ri];
	struct plan_placement *p = &s->res->placements[ri];
	uint64_t size = rq->size, x = 0, start = 0;
	int h = -1, moves, rc;

	p->err = check_request(s, rq, p);
	if (p->err)
		return 0;
	for (moves = 0; moves <= MAX_MOVES; moves++) {
		if (rq->usable_size && !usable_to_size(s, ri, &size, &start))
			return refuse_usable(s, ri, start, false);
		h = first_fit(s, size / s->ways, &x);
		if (h < 0) {
			refuse_nospace(s, &s->res->placements[ri], size);
			return 0;
		}
		start = dpa_to_spa(s, x);
		rc = moves < MAX_MOVES ? steer(s, ri, start, size) : 0;
		if (rc < 0)
			return rc;
		if (!rc)
			break;
	}
	/* fillers may have moved the placements array */
	p = &s->res->placements[ri];
	p->err = evaluate(s, p, start, size);
	if (p->err) {
		if (p->err == -ENXIO)
			suggest_minimum(s, p, start, size);
		return 0;
	}
	/* the size/start iteration did not settle: never deliver less than asked */
	if (rq->usable_size && p->layout.usable < rq->usable_size)
		return refuse_usable(s, ri, start, true);
	return commit(s, ri, h, x, size);
}

/* ---- the region align the plan needs ---- */

static bool usable_gains(struct sim *s, const struct plan_request *rq, uint64_t coarse,
			 uint64_t fine)
{
	struct ib_params ip = {
		.mode = rq->mode,
		.map = rq->map,
		.align = rq->align,
		.sector_size = rq->sector_size,
		.start = align_up(s->reg->start, coarse),
	};
	uint64_t a = 0, b = 0;

	if (ib_raw_size_for_usable(s->sys, &ip, rq->usable_size, coarse, &a))
		return true;
	if (ib_raw_size_for_usable(s->sys, &ip, rq->usable_size, fine, &b))
		return false;
	return b < a;
}

static uint64_t choose_align(struct sim *s, int nr)
{
	uint64_t ra0 = s->res->region_align_before, fine = SZ_2M * s->ways;
	int i;

	if (s->sys->kmodel == KMODEL_SECTION)
		return SZ_4K * s->ways;
	if (s->opts->compat || ra0 <= fine)
		return ra0;
	for (i = 0; i < nr; i++) {
		const struct plan_request *rq = &s->reqs[i];

		if (rq->size && rq->size % ra0 && rq->size % fine == 0)
			return fine;
		if (rq->usable_size && usable_gains(s, rq, ra0, fine))
			return fine;
		if (s->opts->policy == PLAN_KMEM && rq->mode == NS_MODE_DEVDAX)
			return fine;
	}
	return ra0;
}

/* ---- results ---- */

static int fill_shared(struct sim *s, struct plan_placement *p, int idx)
{
	uint64_t sec = s->sys->section_size;
	uint64_t lo = p->span.first_section * sec, hi = (p->span.last_section + 1) * sec;
	char who[2 * MODEL_NAME_LEN];
	int i, n = 0, cap = 0;

	if (p->span.last_section + 1 > UINT64_MAX / sec)
		hi = UINT64_MAX;
	for (i = act_first_ending_after(s, lo); i < s->nr_act; i++) {
		const struct act *a = &s->act[i];
		size_t l;
		int j;

		if (a->r.start >= hi)
			break;
		if (a->placement == idx || a->r.end <= lo)
			continue;
		act_label(s, a, who, sizeof(who));
		for (j = 0; j < n; j++)
			if (strcmp(p->shared_with[j], who) == 0)
				break;
		if (j < n)
			continue;
		if (n == cap) {
			char(*v)[MODEL_NAME_LEN];

			cap = cap ? cap * 2 : 4;
			v = realloc(p->shared_with, (size_t)cap * sizeof(*v));
			if (!v)
				return -ENOMEM;
			p->shared_with = v;
		}
		/* a label may be cut at MODEL_NAME_LEN - 1: it is only shown */
		l = strnlen(who, MODEL_NAME_LEN - 1);
		memcpy(p->shared_with[n], who, l);
		p->shared_with[n++][l] = '\0';
	}
	p->nr_shared = n;
	return 0;
}

static int cmp_span(const void *a, const void *b)
{
	const struct geo_span *x = a, *y = b;

	if (x->first_section != y->first_section)
		return x->first_section < y->first_section ? -1 : 1;
	return 0;
}

static int finish(struct sim *s, int nr)
{
	struct plan_result *res = s->res;
	struct geo_span *spans;
	uint64_t existing = 0, last = 0;
	int i, n = 0, rc;

	for (i = 0; i < s->reg->nr_namespaces; i++)
		existing += s->reg->namespaces[i].size;
	spans = calloc((size_t)res->nr_placements + 1, sizeof(*spans));
	if (!spans)
		return -ENOMEM;
	res->used = existing;
	for (i = 0; i < res->nr_placements; i++) {
		struct plan_placement *p = &res->placements[i];
		uint64_t asked;

		if (p->err) {
			if (i < nr)
				res->nr_refused++;
			continue;
		}
		res->used += p->size;
		if (p->mode == NS_MODE_DEVDAX && s->sys->memblock_size)
			geo_kmem_range(&p->layout.data, s->sys->memblock_size, &p->kmem);
		else
			p->kmem.empty = true;
		rc = fill_shared(s, p, i);
		if (rc)
			goto out;
		if (p->req < 0) {
			res->waste += p->size;
			continue;
		}
		asked = s->reqs[p->req].usable_size;
		p->waste = p->layout.end_trunc + p->layout.start_pad;
		if (asked && p->layout.usable > asked)
			p->waste += p->layout.usable - asked;
		res->nr_placed++;
		res->planned_raw += p->size;
		res->usable += p->layout.usable;
		res->metadata += p->layout.metadata;
		res->waste += p->waste;
		spans[n++] = p->span;
	}
	qsort(spans, (size_t)n, sizeof(*spans), cmp_span);
	for (i = 0; i < n; i++) {
		uint64_t first = spans[i].first_section;

		if (res->nr_sections && first <= last)
			first = last + 1;
		if (spans[i].last_section >= first)
			res->nr_sections += (int)(spans[i].last_section - first + 1);
		if (!res->nr_sections || spans[i].last_section > last)
			last = spans[i].last_section;
	}
	res->free = free_space(s);
	res->largest_free = largest_extent(s);
	res->label_slots_free = s->reg->label_slots_free < 0 ? -1 : s->slots_left;
	rc = 0;
out:
	free(spans);
	return rc;
}

static void init_placements(struct sim *s, int nr)
{
	int i;

	for (i = 0; i < nr; i++) {
		const struct plan_request *rq = &s->reqs[i];
		struct plan_placement *p = &s->res->placements[i];

		p->req = i;
		p->order = -1;
		if (rq->name[0])
			snprintf(p->name, sizeof(p->name), "%s", rq->name);
		else
			snprintf(p->name, sizeof(p->name), "request#%d", i);
		p->mode = rq->mode;
		p->map = pfn_mode(rq->mode) ? rq->map : NS_MAP_DEV;
		if (pfn_mode(rq->mode))
			p->align = rq->align ? rq->align : IB_DEFAULT_ALIGN;
		if (rq->mode == NS_MODE_SECTOR)
			p->sector_size = rq->sector_size ? rq->sector_size : IB_DEFAULT_SECTOR;
		p->kmem.empty = true;
	}
}

static void refuse_all(struct plan_result *res, int nr, int err)
{
	int i;

	for (i = 0; i < nr; i++) {
		res->placements[i].err = err;
		snprintf(res->placements[i].why, sizeof(res->placements[i].why), "%s", res->why);
	}
	res->nr_refused = nr;
}

/* a region the planner cannot create namespaces in at all */
static int region_refusal(const struct model_region *reg, struct plan_result *res)
{
	if (reg->readonly) {
		why(res->why, sizeof(res->why), "%s is read-only: no namespace can be created",
		    reg->dev);
		return -EROFS;
	}
	if (!reg->labeled) {
		why(res->why, sizeof(res->why),
		    "%s is label-less: it holds one fixed namespace; initialise labels on its DIMMs first (ndctl init-labels)",
		    reg->dev);
		return -EOPNOTSUPP;
	}
	if (!reg->size || reg->start + reg->size < reg->start) {
		why(res->why, sizeof(res->why), "%s: bad region size", reg->dev);
		return -EINVAL;
	}
	/*
	 * the kernel's region align is ways x a power of two of at least a page
	 * per DIMM (it refuses any other value); a captured or simulated region
	 * with another one would break the per-DIMM grid arithmetic (fuzz:
	 * crashes/plan/region-align-not-pow2 placed two namespaces over each other)
	 */
	if (reg->align) {
		unsigned ways = reg->ways ? reg->ways : 1;
		uint64_t per_dimm = reg->align / ways;

		if (reg->align % ways || per_dimm < SZ_4K || !is_power_of_2(per_dimm)) {
			why(res->why, sizeof(res->why),
			    "%s: region align %#llx is not %u x a power of two of at least 4 KiB",
			    reg->dev, (unsigned long long)reg->align, ways);
			return -EINVAL;
		}
	}
	return 0;
}

static void sim_free(struct sim *s)
{
	free(s->holes);
	free(s->act);
}

static int run_order(struct sim *s, const int *order, int nr)
{
	int i, rc = 0;

	s->res->region_align = choose_align(s, nr);
	s->ra = s->res->region_align;
	s->g = s->ra / s->ways;
	s->msg_grid = s->ra;
	if (s->sys->kmodel != KMODEL_SECTION && !s->opts->compat && s->ra > SZ_2M * s->ways)
		s->msg_grid = SZ_2M * s->ways;
	/* kernels before 5.7 have no region align attribute to write */
	if (s->res->region_align != s->res->region_align_before &&
	    s->sys->kmodel != KMODEL_SECTION) {
		rc = add_op(s, PLAN_OP_SET_REGION_ALIGN, s->ra, -1);
		if (rc)
			return rc;
	}
	for (i = 0; i < nr && !rc; i++)
		rc = place_request(s, order ? order[i] : i);
	if (rc)
		return rc;
	/* the align change is only worth doing if something is created */
	if (s->res->nr_ops == 1 && s->res->ops[0].kind == PLAN_OP_SET_REGION_ALIGN) {
		s->res->nr_ops = 0;
		s->res->region_align = s->res->region_align_before;
	}
	return finish(s, nr);
}

/* one complete simulation of @order (NULL = request order) into @res */
static int simulate(const struct model_system *sys, const struct model_region *reg,
		    const struct plan_request *reqs, int nr, const struct plan_options *opts,
		    const int *order, struct plan_result *res)
{
	struct sim s = {
		.sys = sys,
		.reg = reg,
		.opts = opts,
		.reqs = reqs,
		.res = res,
	};
	int rc;

	memset(res, 0, sizeof(*res));
	snprintf(res->region, sizeof(res->region), "%s", reg->dev);
	s.ways = reg->ways ? reg->ways : 1;
	res->region_align_before = reg->align ? reg->align : default_region_align(reg, s.ways);
	res->region_align = res->region_align_before;
	res->label_slots_free = reg->label_slots_free;
	s.slots_left = reg->label_slots_free < 0 ? -1 : reg->label_slots_free;
	s.alloc_placements = nr + 1;
	res->placements = calloc((size_t)s.alloc_placements, sizeof(*res->placements));
	if (!res->placements)
		return -ENOMEM;
	res->nr_placements = nr;
	init_placements(&s, nr);
	res->err = region_refusal(reg, res);
	if (res->err) {
		refuse_all(res, nr, res->err);
		return 0;
	}
	s.dstart = reg->dpa_start;
	s.dend = reg->dpa_start + reg->size / s.ways;
	rc = build_holes(&s);
	if (!rc)
		rc = add_existing_active(&s);
	if (!rc)
		rc = run_order(&s, order, nr);
	sim_free(&s);
	return rc;
}

/* ---- pack: try a few deterministic orders, keep the cheapest ---- */

static uint64_t req_size(const struct plan_request *r)
{
	return r->size ? r->size : r->usable_size;
}

struct order_ctx {
	const struct plan_request *reqs;
	int mode;
};

static int cmp_order(const void *a, const void *b, void *arg)
{
	const struct order_ctx *ctx = arg;
	int i = *(const int *)a, j = *(const int *)b;
	const struct plan_request *x = &ctx->reqs[i], *y = &ctx->reqs[j];
	uint64_t sx = req_size(x), sy = req_size(y);
	uint64_t ax = pfn_mode(x->mode) ? (x->align ? x->align : SZ_2M) : 0;
	uint64_t ay = pfn_mode(y->mode) ? (y->align ? y->align : SZ_2M) : 0;

	switch (ctx->mode) {
	case 0: /* largest first */
		if (sx != sy)
			return sx > sy ? -1 : 1;
		break;
	case 1: /* smallest first */
		if (sx != sy)
			return sx < sy ? -1 : 1;
		break;
	default: /* biggest pfn align first, then largest */
		if (ax != ay)
			return ax > ay ? -1 : 1;
		if (sx != sy)
			return sx > sy ? -1 : 1;
		break;
	}
	return i < j ? -1 : i > j;
}

static bool better(const struct plan_result *a, const struct plan_result *b)
{
	if (a->nr_refused != b->nr_refused)
		return a->nr_refused < b->nr_refused;
	if (a->waste != b->waste)
		return a->waste < b->waste;
	return a->nr_sections < b->nr_sections;
}

static int plan_pack(const struct model_system *sys, const struct model_region *reg,
		     const struct plan_request *reqs, int nr, const struct plan_options *opts,
		     struct plan_result *out)
{
	struct plan_result cand;
	int *order, m, i, rc;

	rc = simulate(sys, reg, reqs, nr, opts, NULL, out);
	if (rc || out->err || nr < 2)
		return rc;
	order = calloc((size_t)nr, sizeof(*order));
	if (!order)
		return -ENOMEM;
	for (m = 0; m < 3; m++) {
		struct order_ctx ctx = { reqs, m };

		for (i = 0; i < nr; i++)
			order[i] = i;
		qsort_r(order, (size_t)nr, sizeof(*order), cmp_order, &ctx);
		rc = simulate(sys, reg, reqs, nr, opts, order, &cand);
		if (rc) {
			plan_result_free(&cand);
			break;
		}
		/* never worse than in-order on refusals or waste */
		if (better(&cand, out) && cand.waste <= out->waste &&
		    cand.nr_refused <= out->nr_refused) {
			plan_result_free(out);
			*out = cand;
		} else {
			plan_result_free(&cand);
		}
	}
	free(order);
	return rc;
}

int plan_region(const struct model_system *sys, const struct model_region *region,
		const struct plan_request *reqs, int nr, const struct plan_options *opts,
		struct plan_result *out)
{
	static const struct plan_options defaults = { .policy = PLAN_IN_ORDER };

	memset(out, 0, sizeof(*out));
	if (!sys || !region || nr < 0 || (nr && !reqs) || region->nr_namespaces < 0 ||
	    (region->nr_namespaces && !region->namespaces) || sys->nr_ram < 0 ||
	    (sys->nr_ram && !sys->ram) || sys->nr_regions < 0 || !sys->section_size ||
	    !sys->subsection_size) {
		out->err = -EINVAL;
		snprintf(out->why, sizeof(out->why), "bad planner arguments");
		return -EINVAL;
	}
	if (!opts)
		opts = &defaults;
	if (opts->policy == PLAN_PACK)
		return plan_pack(sys, region, reqs, nr, opts, out);
	return simulate(sys, region, reqs, nr, opts, NULL, out);
}

void plan_result_free(struct plan_result *res)
{
	int i;

	if (!res)
		return;
	for (i = 0; i < res->nr_placements; i++)
		free(res->placements[i].shared_with);
	free(res->placements);
	free(res->ops);
	res->placements = NULL;
	res->ops = NULL;
	res->nr_placements = 0;
	res->nr_ops = 0;
}

static const char *const policy_names[] = {
	[PLAN_IN_ORDER] = "in-order",
	[PLAN_PACK] = "pack",
	[PLAN_ISOLATE] = "isolate",
	[PLAN_KMEM] = "kmem",
};

const char *plan_policy_name(enum plan_policy policy)
{
	if ((unsigned)policy >= sizeof(policy_names) / sizeof(policy_names[0]))
		return "unknown";
	return policy_names[policy];
}

int plan_policy_parse(const char *s, enum plan_policy *policy)
{
	unsigned i;

	if (!s)
		return -EINVAL;
	for (i = 0; i < sizeof(policy_names) / sizeof(policy_names[0]); i++) {
		if (strcasecmp(s, policy_names[i]) == 0) {
			*policy = (enum plan_policy)i;
			return 0;
		}
	}
	return -EINVAL;
}

int plan_result_extras(const struct plan_result *res, struct geo_extra **out)
{
	struct geo_extra *v;
	int i, n = 0;

	*out = NULL;
	v = calloc(2 * (size_t)res->nr_placements + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (i = 0; i < res->nr_placements; i++) {
		const struct plan_placement *p = &res->placements[i];
		struct geo_extra e = { .active = pfn_mode(p->mode) };

		if (p->err)
			continue;
		snprintf(e.name, sizeof(e.name), "%s", p->name);
		snprintf(e.region, sizeof(e.region), "%s", res->region);
		e.range = e.active ? p->layout.mapped : p->layout.raw;
		v[n++] = e;
		if (!e.active)
			continue;
		/* the head pad and truncated tail still belong to it, unmapped */
		e.active = false;
		if (p->layout.start_pad) {
			e.range = (struct range){ p->layout.raw.start, p->layout.mapped.start };
			v[n++] = e;
		}
		if (p->layout.end_trunc) {
			e.range = (struct range){ p->layout.mapped.end, p->layout.raw.end };
			v[n++] = e;
		}
	}
	*out = v;
	return n;
}
