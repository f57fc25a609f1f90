// SPDX-License-Identifier: GPL-2.0
/*
 * Text picture of a section view: see section-picture.h for the cells.
 * Owners get their symbol in address order over the whole view, so the
 * same namespace has the same letter in every row it touches.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "section-picture.h"
#include "size.h"

static const char symbols[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

void sp_owner_label(const struct sp_owner *o, char *buf, size_t len)
{
	if (o->kind == GEO_OWNER_SYSTEM_RAM || o->kind == GEO_OWNER_PLANNED || !o->region[0])
		snprintf(buf, len, "%s", o->name);
	else
		snprintf(buf, len, "%s/%s", o->region, o->name);
}

const struct sp_owner *sp_owner_of(const struct section_picture *pic, char symbol)
{
	int i;

	for (i = 0; i < pic->nr_owners; i++)
		if (pic->owners[i].symbol == symbol)
			return &pic->owners[i];
	return NULL;
}

static bool listed(const struct geo_owner *o)
{
	return o->kind == GEO_OWNER_NAMESPACE || o->kind == GEO_OWNER_PLANNED;
}

static struct sp_owner *find_owner(struct section_picture *pic, const struct geo_owner *o)
{
	int i;

	for (i = 0; i < pic->nr_owners; i++) {
		struct sp_owner *p = &pic->owners[i];

		if (p->kind == o->kind && strcmp(p->name, o->name) == 0 &&
		    strcmp(p->region, o->region) == 0)
			return p;
	}
	return NULL;
}

/* the legend entry of @o, added the first time it is seen */
static struct sp_owner *owner_entry(struct section_picture *pic, const struct geo_owner *o,
				    int *alloc)
{
	struct sp_owner *p = find_owner(pic, o);

	if (p) {
		if (o->range.start < p->range.start)
			p->range.start = o->range.start;
		if (o->range.end > p->range.end)
			p->range.end = o->range.end;
		p->active |= o->active;
		return p;
	}
	if (pic->nr_owners == *alloc) {
		int n = *alloc ? *alloc * 2 : 16;

		p = realloc(pic->owners, (size_t)n * sizeof(*p));
		if (!p)
			return NULL;
		pic->owners = p;
		*alloc = n;
	}
	p = &pic->owners[pic->nr_owners];
	memset(p, 0, sizeof(*p));
	p->kind = o->kind;
	p->symbol = pic->nr_owners < (int)sizeof(symbols) - 1 ? symbols[pic->nr_owners] :
								 SP_OVERFLOW;
	snprintf(p->name, sizeof(p->name), "%s", o->name);
	snprintf(p->region, sizeof(p->region), "%s", o->region);
	p->range = o->range;
	p->active = o->active;
	pic->nr_owners++;
	return p;
}

/* the symbol of one cell [lo, hi) of section @s */
static char cell_symbol(const struct section_picture *pic, const struct geo_section *s,
			unsigned cell, uint64_t lo, uint64_t hi)
{
	const struct sp_owner *first = NULL;
	bool unused = false, ram = false, several = false;
	int i;

	if (s->conflict_mask & (1ULL << cell))
		return SP_CONFLICT;
	for (i = 0; i < s->nr_owners; i++) {
		const struct geo_owner *o = &s->owners[i];
		const struct sp_owner *p;

		if (o->range.start >= hi || o->range.end <= lo)
			continue;
		if (o->kind == GEO_OWNER_UNUSED) {
			unused = true;
			continue;
		}
		if (o->kind == GEO_OWNER_SYSTEM_RAM) {
			ram = true;
			continue;
		}
		p = find_owner((struct section_picture *)pic, o);
		if (first && p != first)
			several = true;
		else
			first = p;
	}
	if (several || (first && ram))
		return SP_SHARED;
	if (first)
		return first->symbol;
	if (ram)
		return unused ? SP_SHARED : SP_RAM;
	return unused ? SP_FREE : SP_NONE;
}

static int fill_row(struct section_picture *pic, const struct geo_section *s, struct sp_row *row,
		    int *alloc)
{
	unsigned c;
	int i;

	for (i = 0; i < s->nr_owners; i++) {
		if (listed(&s->owners[i]) && !owner_entry(pic, &s->owners[i], alloc))
			return -ENOMEM;
	}
	row->section = s->index;
	row->start = s->start;
	row->shared = s->shared;
	row->conflict = s->conflict;
	row->system_ram = s->system_ram;
	for (c = 0; c < pic->nr_cells; c++) {
		uint64_t lo = s->start + c * pic->cell_size;

		row->cells[c] = cell_symbol(pic, s, c, lo, lo + pic->cell_size);
	}
	row->cells[pic->nr_cells] = '\0';
	return 0;
}

int section_picture_build(const struct model_system *sys, const struct geo_view *view,
			  struct section_picture **out)
{
	struct section_picture *pic;
	int i, alloc = 0, rc = -ENOMEM;

	*out = NULL;
	if (!sys || !view || !sys->subsection_size || !sys->section_size)
		return -EINVAL;
	pic = calloc(1, sizeof(*pic));
	if (!pic)
		return -ENOMEM;
	pic->nr_cells = geo_subsections_per_section(sys);
	if (!pic->nr_cells || pic->nr_cells > SP_MAX_CELLS) {
		rc = -EINVAL;
		goto err;
	}
	pic->cell_size = sys->subsection_size;
	pic->section_size = sys->section_size;
	pic->rows = calloc((size_t)view->nr_sections + 1, sizeof(*pic->rows));
	if (!pic->rows)
		goto err;
	for (i = 0; i < view->nr_sections; i++) {
		rc = fill_row(pic, &view->sections[i], &pic->rows[i], &alloc);
		if (rc)
			goto err;
		pic->nr_rows++;
	}
	*out = pic;
	return 0;
err:
	section_picture_free(pic);
	return rc;
}

void section_picture_free(struct section_picture *pic)
{
	if (!pic)
		return;
	free(pic->rows);
	free(pic->owners);
	free(pic);
}

/* ---- printing ---- */

static int addr_width(const struct section_picture *pic)
{
	char buf[24];
	int i, w = (int)strlen("section");

	for (i = 0; i < pic->nr_rows; i++) {
		int n = snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)pic->rows[i].start);

		if (n > w)
			w = n;
	}
	return w;
}

/* "0M      32M ..." over the cells: a mark every quarter section */
static void print_ruler(FILE *out, const struct section_picture *pic, int w)
{
	char line[SP_MAX_CELLS + 16];
	unsigned step = pic->nr_cells >= 8 ? pic->nr_cells / 4 : pic->nr_cells, c;

	memset(line, ' ', sizeof(line));
	for (c = 0; c < pic->nr_cells; c += step) {
		char mark[16];
		int n = snprintf(mark, sizeof(mark), "%lluM",
				 (unsigned long long)(c * pic->cell_size >> 20));

		if (c + (unsigned)n <= pic->nr_cells)
			memcpy(line + c, mark, (size_t)n);
	}
	line[pic->nr_cells] = '\0';
	while (pic->nr_cells && line[strlen(line) - 1] == ' ')
		line[strlen(line) - 1] = '\0';
	fprintf(out, "%-*s %s\n", w, "section", line);
}

static char row_mark(const struct sp_row *r)
{
	if (r->conflict)
		return SP_CONFLICT;
	return r->shared ? '*' : ' ';
}

static bool same_row(const struct sp_row *a, const struct sp_row *b)
{
	return b->section == a->section + 1 && strcmp(a->cells, b->cells) == 0 &&
	       row_mark(a) == row_mark(b);
}

static void print_row(FILE *out, const struct sp_row *r, int w)
{
	char addr[24], mark = row_mark(r);

	snprintf(addr, sizeof(addr), "0x%llx", (unsigned long long)r->start);
	if (mark == ' ')
		fprintf(out, "%*s %s\n", w, addr, r->cells);
	else
		fprintf(out, "%*s %s %c\n", w, addr, r->cells, mark);
}

static void print_rows(FILE *out, const struct section_picture *pic, int w, unsigned flags)
{
	int i = 0;

	while (i < pic->nr_rows) {
		int j = i + 1;

		while (!(flags & SP_NO_FOLD) && j < pic->nr_rows && same_row(&pic->rows[j - 1],
									     &pic->rows[j]))
			j++;
		print_row(out, &pic->rows[i], w);
		if (j - i >= 3) {
			fprintf(out, "%*s (%d more sections like this one, to 0x%llx)\n", w, "",
				j - i - 1, (unsigned long long)pic->rows[j - 1].start);
		} else if (j - i == 2) {
			print_row(out, &pic->rows[i + 1], w);
		}
		i = j;
	}
}

static void print_legend(FILE *out, const struct section_picture *pic)
{
	char label[SP_LABEL_LEN + 8], sz[SIZE_STR_LEN];
	bool ram = false, shared = false, conflict = false, fr = false;
	int i;

	for (i = 0; i < pic->nr_rows; i++) {
		const char *c = pic->rows[i].cells;

		ram |= strchr(c, SP_RAM) != NULL;
		shared |= strchr(c, SP_SHARED) != NULL;
		conflict |= strchr(c, SP_CONFLICT) != NULL;
		fr |= strchr(c, SP_FREE) != NULL;
	}
	fprintf(out, "legend: one cell = %s sub-section, one row = %s section\n",
		size_str(sz, sizeof(sz), pic->cell_size),
		size_str(label, sizeof(label), pic->section_size));
	for (i = 0; i < pic->nr_owners; i++) {
		const struct sp_owner *o = &pic->owners[i];

		sp_owner_label(o, label, sizeof(label));
		fprintf(out, "  %c  %-24s [0x%llx, 0x%llx)%s%s\n", o->symbol, label,
			(unsigned long long)o->range.start, (unsigned long long)o->range.end,
			o->kind == GEO_OWNER_PLANNED ? " planned" : "",
			o->active ? "" : " (not mapped)");
	}
	if (fr)
		fprintf(out, "  %c  free region capacity\n", SP_FREE);
	if (ram)
		fprintf(out, "  %c  System RAM\n", SP_RAM);
	if (shared)
		fprintf(out, "  %c  sub-section held by several owners\n", SP_SHARED);
	if (conflict)
		fprintf(out, "  %c  sub-section mapped twice: the kernel refuses it\n", SP_CONFLICT);
	fprintf(out, "  row mark '*': shared section (fine from 5.3), '!': conflict\n");
}

static void print_issues(FILE *out, const struct geo_view *view)
{
	int i;

	for (i = 0; i < view->nr_issues; i++)
		fprintf(out, "%s: %s\n",
			view->issues[i].kind == GEO_ISSUE_CONFLICT ? "conflict" : "note",
			view->issues[i].text);
}

void section_picture_print(FILE *out, const struct section_picture *pic,
			   const struct geo_view *view, unsigned flags)
{
	int w;

	if (!pic)
		return;
	w = addr_width(pic);
	print_ruler(out, pic, w);
	print_rows(out, pic, w, flags);
	if (flags & SP_LEGEND)
		print_legend(out, pic);
	if ((flags & SP_WARNINGS) && view)
		print_issues(out, view);
}
