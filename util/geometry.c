// SPDX-License-Identifier: GPL-2.0
/*
 * Section / sub-section / memory-block arithmetic and the section view.
 * See kernel-rules.md sections 1, 2 and 5 for the rules modelled here.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "geometry.h"
#include "infoblock.h"
#include "size.h"

static bool sizes_ok(const struct model_system *sys)
{
	if (!is_power_of_2(sys->section_size) || !is_power_of_2(sys->subsection_size))
		return false;
	if (sys->subsection_size > sys->section_size)
		return false;
	/* the mask is a uint64_t: at most 64 sub-sections per section */
	return sys->section_size / sys->subsection_size <= 64;
}

int geo_span(const struct model_system *sys, const struct range *r, struct geo_span *out)
{
	memset(out, 0, sizeof(*out));
	if (!sizes_ok(sys) || r->end <= r->start)
		return -EINVAL;
	out->first_section = r->start / sys->section_size;
	out->last_section = (r->end - 1) / sys->section_size;
	out->first_subsection = r->start / sys->subsection_size;
	out->last_subsection = (r->end - 1) / sys->subsection_size;
	return 0;
}

unsigned geo_subsections_per_section(const struct model_system *sys)
{
	if (!sizes_ok(sys))
		return 0;
	return (unsigned)(sys->section_size / sys->subsection_size);
}

/* bits lo..hi inclusive, 0 <= lo <= hi < 64 */
static uint64_t bits(unsigned lo, unsigned hi)
{
	uint64_t upto_hi = hi >= 63 ? ~0ULL : (1ULL << (hi + 1)) - 1;

	return upto_hi & ~((1ULL << lo) - 1);
}

uint64_t geo_subsection_mask(const struct model_system *sys, const struct range *r,
			     uint64_t section)
{
	uint64_t sec_start, sec_last, lo, hi, per;

	if (!sizes_ok(sys) || r->end <= r->start)
		return 0;
	per = sys->section_size / sys->subsection_size;
	sec_start = section * sys->section_size;
	sec_last = sec_start + (sys->section_size - 1);
	if (section > UINT64_MAX / sys->section_size)
		return 0;
	if (r->start > sec_last || r->end - 1 < sec_start)
		return 0;
	lo = r->start <= sec_start ? 0 : (r->start - sec_start) / sys->subsection_size;
	hi = r->end - 1 >= sec_last ? per - 1 : (r->end - 1 - sec_start) / sys->subsection_size;
	return bits((unsigned)lo, (unsigned)hi);
}

int geo_kmem_range(const struct range *data, uint64_t block_size, struct geo_kmem *out)
{
	uint64_t s, e;

	memset(out, 0, sizeof(*out));
	if (!is_power_of_2(block_size))
		return -EINVAL;
	out->empty = true;
	if (data->end <= data->start)
		return 0;
	/* rounding up must not wrap at the top of the address space */
	if (data->start > UINT64_MAX - (block_size - 1))
		s = UINT64_MAX;
	else
		s = align_up(data->start, block_size);
	e = align_down(data->end, block_size);
	if (s >= e) {
		out->range.start = out->range.end = data->start;
		out->head = data->end - data->start;
		return 0;
	}
	out->range.start = s;
	out->range.end = e;
	out->head = s - data->start;
	out->tail = data->end - e;
	out->nr_blocks = (e - s) / block_size;
	out->empty = false;
	return 0;
}

/* ---- section view ---- */

/* a candidate owner before it is cut into sections */
struct owner_src {
	enum geo_owner_kind kind;
	const char *name;
	const char *region;
	struct range range;
	bool active;
	int seq;		/* insertion order: ties keep it, so views are stable */
};

struct src_list {
	struct owner_src *v;
	uint64_t *max_end;	/* max_end[i] = largest end among v[0..i] (v sorted by start) */
	int nr, alloc;
};

static int src_add(struct src_list *l, enum geo_owner_kind kind, const char *name,
		   const char *region, struct range r, bool active)
{
	if (r.end <= r.start)
		return 0;
	if (l->nr == l->alloc) {
		int n = l->alloc ? l->alloc * 2 : 32;
		struct owner_src *v = realloc(l->v, (size_t)n * sizeof(*v));

		if (!v)
			return -ENOMEM;
		l->v = v;
		l->alloc = n;
	}
	l->v[l->nr++] = (struct owner_src){ kind, name, region, r, active, l->nr };
	return 0;
}

static int cmp_src(const void *a, const void *b)
{
	const struct owner_src *x = a, *y = b;

	if (x->range.start != y->range.start)
		return x->range.start < y->range.start ? -1 : 1;
	return x->seq - y->seq;
}

/* sort by start and index the running maximum of ends, for stabbing queries */
static int src_index(struct src_list *l)
{
	int i;

	if (l->nr)
		qsort(l->v, (size_t)l->nr, sizeof(*l->v), cmp_src);
	l->max_end = calloc((size_t)l->nr + 1, sizeof(*l->max_end));
	if (!l->max_end)
		return -ENOMEM;
	for (i = 0; i < l->nr; i++)
		l->max_end[i] = i && l->max_end[i - 1] > l->v[i].range.end ? l->max_end[i - 1]
									     : l->v[i].range.end;
	return 0;
}

/* first owner that may reach past @addr: every one before it ends at or below addr */
static int src_first(const struct src_list *l, uint64_t addr)
{
	int lo = 0, hi = l->nr;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (l->max_end[mid] > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/*
 * A namespace is active where it has a pgmap: fsdax/devdax always, raw only
 * on pagemap regions (e820, virtio, of_pmem). Sector never.
 */
static int add_namespace(struct src_list *l, const struct model_system *sys,
			 const struct model_region *reg, const struct model_namespace *ns)
{
	struct range raw = { ns->start, ns->start + ns->size };
	struct ib_layout lay;

	if (!ns->size || raw.end < raw.start)
		return 0;
	switch (ns->mode) {
	case NS_MODE_FSDAX:
	case NS_MODE_DEVDAX:
		if (ib_namespace_layout(sys, ns, &lay) == 0 && ns->enabled) {
			int rc = src_add(l, GEO_OWNER_NAMESPACE, ns->dev, reg->dev, lay.mapped,
					 true);

			/* the truncated tail is still the namespace's, but not mapped */
			if (rc || lay.mapped.end >= raw.end)
				return rc;
			return src_add(l, GEO_OWNER_NAMESPACE, ns->dev, reg->dev,
				       (struct range){ lay.mapped.end, raw.end }, false);
		}
		return src_add(l, GEO_OWNER_NAMESPACE, ns->dev, reg->dev, raw, false);
	case NS_MODE_RAW:
		return src_add(l, GEO_OWNER_NAMESPACE, ns->dev, reg->dev, raw,
			       reg->pagemap && ns->enabled);
	default:
		return src_add(l, GEO_OWNER_NAMESPACE, ns->dev, reg->dev, raw, false);
	}
}

static int cmp_range(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
}

/* region capacity claimed by neither a namespace nor a planned extra: "unused" */
static int add_unused(struct src_list *l, const struct model_region *reg,
		      const struct geo_extra *extra, int nr_extra)
{
	uint64_t pos = reg->start, end = reg->start + reg->size;
	struct range *busy;
	int i, n = 0, rc = 0;

	busy = calloc((size_t)reg->nr_namespaces + (size_t)nr_extra + 1, sizeof(*busy));
	if (!busy)
		return -ENOMEM;
	for (i = 0; i < reg->nr_namespaces; i++) {
		const struct model_namespace *ns = &reg->namespaces[i];

		if (ns->size && ns->start + ns->size > ns->start)
			busy[n++] = (struct range){ ns->start, ns->start + ns->size };
	}
	for (i = 0; i < nr_extra; i++)
		if (!strcmp(extra[i].region, reg->dev) && extra[i].range.end > extra[i].range.start)
			busy[n++] = extra[i].range;
	if (n)
		qsort(busy, (size_t)n, sizeof(*busy), cmp_range);
	for (i = 0; i < n && !rc; i++) {
		if (busy[i].start > pos)
			rc = src_add(l, GEO_OWNER_UNUSED, "", reg->dev,
				     (struct range){ pos, busy[i].start < end ? busy[i].start : end },
				     false);
		if (busy[i].end > pos)
			pos = busy[i].end;
	}
	if (!rc && pos < end)
		rc = src_add(l, GEO_OWNER_UNUSED, "", reg->dev, (struct range){ pos, end }, false);
	free(busy);
	return rc;
}

/* the region's namespaces and its unused capacity */
static int add_region(struct src_list *l, const struct model_system *sys,
		      const struct model_region *reg, const struct geo_extra *extra, int nr_extra)
{
	int i, rc = 0;

	if (reg->nr_namespaces < 0 || (reg->nr_namespaces && !reg->namespaces))
		return -EINVAL;
	for (i = 0; i < reg->nr_namespaces && !rc; i++)
		rc = add_namespace(l, sys, reg, &reg->namespaces[i]);
	if (!rc)
		rc = add_unused(l, reg, extra, nr_extra);
	return rc;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* collect the sections touched by @r into @secs (duplicates removed later) */
static int add_sections(uint64_t **secs, size_t *nr, size_t *alloc,
			const struct model_system *sys, struct range r)
{
	uint64_t s, first, last;

	if (r.end <= r.start)
		return 0;
	first = r.start / sys->section_size;
	last = (r.end - 1) / sys->section_size;
	if (last - first >= GEO_VIEW_MAX_SECTIONS || *nr + (last - first) >= GEO_VIEW_MAX_SECTIONS)
		return -E2BIG;
	for (s = first; s <= last; s++) {
		if (*nr == *alloc) {
			size_t n = *alloc ? *alloc * 2 : 64;
			uint64_t *v = realloc(*secs, n * sizeof(*v));

			if (!v)
				return -ENOMEM;
			*secs = v;
			*alloc = n;
		}
		(*secs)[(*nr)++] = s;
		if (s == UINT64_MAX)
			break;
	}
	return 0;
}

static int cmp_owner(const void *a, const void *b)
{
	const struct geo_owner *x = a, *y = b;

	if (x->range.start != y->range.start)
		return x->range.start < y->range.start ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

static void owner_label(const struct geo_owner *o, char *buf, size_t len)
{
	if (o->kind == GEO_OWNER_SYSTEM_RAM)
		snprintf(buf, len, "System RAM");
	else if (o->region[0])
		snprintf(buf, len, "%s/%s", o->region, o->name);
	else
		snprintf(buf, len, "%s", o->name);
}

static int add_issue(struct geo_view *v, enum geo_issue_kind kind, const struct geo_section *s,
		     uint64_t mask, const char *text)
{
	struct geo_issue *n = realloc(v->issues, (size_t)(v->nr_issues + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	v->issues = n;
	n = &v->issues[v->nr_issues++];
	n->kind = kind;
	n->section = s->index;
	n->mask = mask;
	snprintf(n->text, sizeof(n->text), "%s", text);
	return 0;
}

/* flags and issues of one filled section */
static int judge_section(struct geo_view *v, struct geo_section *s)
{
	char a[2 * MODEL_NAME_LEN], b[2 * MODEL_NAME_LEN], text[512];
	int i, j, nr_active = 0, first = -1, second = -1, rc;

	for (i = 0; i < s->nr_owners; i++) {
		const struct geo_owner *o = &s->owners[i];

		if (o->kind == GEO_OWNER_SYSTEM_RAM)
			s->system_ram = true;
		if (!o->active)
			continue;
		/* one namespace may be listed twice (mapped part only once active) */
		for (j = 0; j < i; j++) {
			const struct geo_owner *p = &s->owners[j];

			if (!p->active)
				continue;
			if (p->mask & o->mask) {
				s->conflict_mask |= p->mask & o->mask;
				if (first < 0) {
					first = j;
					second = i;
				}
			}
		}
		s->active |= o->mask;
		nr_active++;
	}
	s->shared = nr_active > 1;
	s->conflict = s->conflict_mask != 0;
	if (s->conflict) {
		owner_label(&s->owners[first], a, sizeof(a));
		owner_label(&s->owners[second], b, sizeof(b));
		snprintf(text, sizeof(text),
			 "section %llu: %s and %s both populate sub-section mask 0x%016llx: the kernel refuses the second",
			 (unsigned long long)s->index, a, b,
			 (unsigned long long)s->conflict_mask);
		rc = add_issue(v, GEO_ISSUE_CONFLICT, s, s->conflict_mask, text);
		if (rc)
			return rc;
	}
	if (s->shared) {
		uint64_t mask = 0;

		a[0] = b[0] = '\0';
		for (i = 0; i < s->nr_owners; i++) {
			if (!s->owners[i].active)
				continue;
			mask |= s->owners[i].mask;
			if (!a[0])
				owner_label(&s->owners[i], a, sizeof(a));
			else if (!b[0])
				owner_label(&s->owners[i], b, sizeof(b));
		}
		snprintf(text, sizeof(text),
			 "section %llu is shared by %s and %s%s: refused by kernels before 5.3",
			 (unsigned long long)s->index, a, b, nr_active > 2 ? " and others" : "");
		rc = add_issue(v, GEO_ISSUE_SHARED, s, mask, text);
		if (rc)
			return rc;
	}
	return 0;
}

static int fill_section(const struct model_system *sys, const struct src_list *l,
			struct geo_section *s)
{
	struct range sec = { s->start, s->start + sys->section_size };
	int first = src_first(l, sec.start), i, n = 0;

	if (sec.end < sec.start)
		sec.end = UINT64_MAX;
	for (i = first; i < l->nr && l->v[i].range.start < sec.end; i++)
		if (l->v[i].range.end > sec.start)
			n++;
	s->owners = calloc((size_t)n + 1, sizeof(*s->owners));
	if (!s->owners)
		return -ENOMEM;
	for (i = first; i < l->nr && l->v[i].range.start < sec.end; i++) {
		const struct owner_src *o = &l->v[i];
		struct geo_owner *d;

		if (o->range.end <= sec.start)
			continue;
		d = &s->owners[s->nr_owners++];
		d->kind = o->kind;
		snprintf(d->name, sizeof(d->name), "%s", o->name ? o->name : "");
		snprintf(d->region, sizeof(d->region), "%s", o->region ? o->region : "");
		d->range.start = o->range.start > sec.start ? o->range.start : sec.start;
		d->range.end = o->range.end < sec.end ? o->range.end : sec.end;
		d->mask = geo_subsection_mask(sys, &d->range, s->index);
		d->active = o->active;
	}
	qsort(s->owners, (size_t)s->nr_owners, sizeof(*s->owners), cmp_owner);
	return 0;
}

static const struct model_region *find_region(const struct model_system *sys, const char *dev)
{
	int i;

	for (i = 0; i < sys->nr_regions; i++)
		if (strcmp(sys->regions[i].dev, dev) == 0)
			return &sys->regions[i];
	return NULL;
}

static int collect_owners(const struct model_system *sys, const struct geo_extra *extra,
			  int nr_extra, struct src_list *l)
{
	int i, rc = 0;

	for (i = 0; i < sys->nr_regions && !rc; i++)
		rc = add_region(l, sys, &sys->regions[i], extra, nr_extra);
	for (i = 0; i < sys->nr_ram && !rc; i++)
		rc = src_add(l, GEO_OWNER_SYSTEM_RAM, "System RAM", "", sys->ram[i], true);
	for (i = 0; i < nr_extra && !rc; i++)
		rc = src_add(l, GEO_OWNER_PLANNED, extra[i].name, extra[i].region, extra[i].range,
			     extra[i].active);
	return rc;
}

static int collect_sections(const struct model_system *sys, const struct model_region *only,
			    const struct geo_extra *extra, int nr_extra, uint64_t **secs,
			    size_t *nr)
{
	size_t alloc = 0;
	int i, rc = 0;

	*nr = 0;
	for (i = 0; i < sys->nr_regions && !rc; i++) {
		const struct model_region *r = &sys->regions[i];

		if (only && r != only)
			continue;
		if (r->start + r->size < r->start)
			return -EINVAL;
		rc = add_sections(secs, nr, &alloc, sys,
				  (struct range){ r->start, r->start + r->size });
	}
	for (i = 0; i < nr_extra && !rc; i++)
		rc = add_sections(secs, nr, &alloc, sys, extra[i].range);
	return rc;
}

int geo_section_view(const struct model_system *sys, const char *region_dev,
		     const struct geo_extra *extra, int nr_extra, struct geo_view **out)
{
	const struct model_region *only = NULL;
	struct src_list l = { 0 };
	struct geo_view *v = NULL;
	uint64_t *secs = NULL;
	size_t nr = 0, i, k;
	int rc;

	*out = NULL;
	if (!sys || !sizes_ok(sys) || nr_extra < 0 || (nr_extra && !extra) ||
	    sys->nr_regions < 0 || sys->nr_ram < 0)
		return -EINVAL;
	if (region_dev && region_dev[0]) {
		only = find_region(sys, region_dev);
		if (!only)
			return -ENOENT;
	}
	rc = collect_sections(sys, only, extra, nr_extra, &secs, &nr);
	if (rc)
		goto out;
	if (nr)
		qsort(secs, nr, sizeof(*secs), cmp_u64);
	for (i = 0, k = 0; i < nr; i++)
		if (k == 0 || secs[k - 1] != secs[i])
			secs[k++] = secs[i];
	nr = k;
	rc = collect_owners(sys, extra, nr_extra, &l);
	if (!rc)
		rc = src_index(&l);
	if (rc)
		goto out;
	rc = -ENOMEM;
	v = calloc(1, sizeof(*v));
	if (!v)
		goto out;
	v->sections = calloc(nr + 1, sizeof(*v->sections));
	if (!v->sections)
		goto out;
	for (i = 0; i < nr; i++) {
		struct geo_section *s = &v->sections[v->nr_sections++];

		s->index = secs[i];
		s->start = secs[i] * sys->section_size;
		rc = fill_section(sys, &l, s);
		if (rc)
			goto out;
		rc = judge_section(v, s);
		if (rc)
			goto out;
	}
	rc = 0;
	*out = v;
	v = NULL;
out:
	geo_view_free(v);
	free(secs);
	free(l.v);
	free(l.max_end);
	return rc;
}

void geo_view_free(struct geo_view *view)
{
	int i;

	if (!view)
		return;
	for (i = 0; i < view->nr_sections; i++)
		free(view->sections[i].owners);
	free(view->sections);
	free(view->issues);
	free(view);
}
