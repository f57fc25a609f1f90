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

/* owners are found by name through a small open-addressing hash of indexes */
struct owner_index {
	int *slot;		/* owner index + 1, 0 = empty */
	size_t size;		/* power of two */
};

static size_t owner_hash(enum geo_owner_kind kind, const char *name, const char *region)
{
	size_t h = 2166136261u ^ (size_t)kind;

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	for (h *= 31; *region; region++)
		h = (h ^ (unsigned char)*region) * 16777619u;
	return h;
}

static struct sp_owner *find_owner(const struct section_picture *pic,
				   const struct owner_index *ix, const struct geo_owner *o)
{
	size_t i;

	if (!ix->size)
		return NULL;
	for (i = owner_hash(o->kind, o->name, o->region) & (ix->size - 1); ix->slot[i];
	     i = (i + 1) & (ix->size - 1)) {
		struct sp_owner *p = &pic->owners[ix->slot[i] - 1];

		if (p->kind == o->kind && strcmp(p->name, o->name) == 0 &&
		    strcmp(p->region, o->region) == 0)
			return p;
	}
	return NULL;
}

static void index_put(const struct section_picture *pic, struct owner_index *ix, int idx)
{
	const struct sp_owner *p = &pic->owners[idx];
	size_t i = owner_hash(p->kind, p->name, p->region) & (ix->size - 1);

	while (ix->slot[i])
		i = (i + 1) & (ix->size - 1);
	ix->slot[i] = idx + 1;
}

/* keep the table at most half full */
static int index_grow(const struct section_picture *pic, struct owner_index *ix)
{
	size_t n = ix->size ? ix->size * 2 : 64;
	int i;

	if ((size_t)pic->nr_owners + 1 <= ix->size / 2)
		return 0;
	free(ix->slot);
	ix->slot = calloc(n, sizeof(*ix->slot));
	ix->size = ix->slot ? n : 0;
	if (!ix->slot)
		return -ENOMEM;
	for (i = 0; i < pic->nr_owners; i++)
		index_put(pic, ix, i);
	return 0;
}

/* the legend entry of @o, added the first time it is seen */
static struct sp_owner *owner_entry(struct section_picture *pic, struct owner_index *ix,
				    const struct geo_owner *o, int *alloc)
{
	struct sp_owner *p = find_owner(pic, ix, o);

	if (p) {
		if (o->range.start < p->range.start)
			p->range.start = o->range.start;
		if (o->range.end > p->range.end)
			p->range.end = o->range.end;
		p->active |= o->active;
		return p;
	}
	if (index_grow(pic, ix))
		return NULL;
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
	index_put(pic, ix, pic->nr_owners++);
	return p;
}

/* the symbol of one cell [lo, hi) of section @s */
static char cell_symbol(const struct section_picture *pic, const struct geo_section *s,
			const int *who, unsigned cell, uint64_t lo, uint64_t hi)
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
		p = &pic->owners[who[i]];
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

static int fill_row(struct section_picture *pic, struct owner_index *ix,
		    const struct geo_section *s, struct sp_row *row, int *alloc)
{
	unsigned c;
	int i, *who;

	/* legend indexes of this section's owners (-1: RAM, free space) */
	who = calloc((size_t)s->nr_owners + 1, sizeof(*who));
	if (!who)
		return -ENOMEM;
	for (i = 0; i < s->nr_owners; i++) {
		struct sp_owner *p;

		who[i] = -1;
		if (!listed(&s->owners[i]))
			continue;
		p = owner_entry(pic, ix, &s->owners[i], alloc);
		if (!p) {
			free(who);
			return -ENOMEM;
		}
		who[i] = (int)(p - pic->owners);
	}
	row->section = s->index;
	row->start = s->start;
	row->shared = s->shared;
	row->conflict = s->conflict;
	row->system_ram = s->system_ram;
	for (c = 0; c < pic->nr_cells; c++) {
		uint64_t lo = s->start + c * pic->cell_size;

		row->cells[c] = cell_symbol(pic, s, who, c, lo, lo + pic->cell_size);
	}
	row->cells[pic->nr_cells] = '\0';
	free(who);
	return 0;
}

int section_picture_build(const struct model_system *sys, const struct geo_view *view,
			  struct section_picture **out)
{
	struct owner_index ix = { NULL, 0 };
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
		rc = fill_row(pic, &ix, &view->sections[i], &pic->rows[i], &alloc);
		if (rc)
			goto err;
		pic->nr_rows++;
	}
	free(ix.slot);
	*out = pic;
	return 0;
err:
	free(ix.slot);
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
		int n = snprintf(buf, sizeof(buf), "0x%llx",
				 (unsigned long long)pic->rows[i].start);

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
	size_t len;

	memset(line, ' ', sizeof(line));
	for (c = 0; c < pic->nr_cells; c += step) {
		char mark[16];
		int n = snprintf(mark, sizeof(mark), "%lluM",
				 (unsigned long long)(c * pic->cell_size >> 20));

		if (c + (unsigned)n <= pic->nr_cells)
			memcpy(line + c, mark, (size_t)n);
	}
	line[pic->nr_cells] = '\0';
	for (len = strlen(line); len && line[len - 1] == ' '; len--)
		line[len - 1] = '\0';
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

int section_picture_run(const struct section_picture *pic, int i)
{
	int j = i + 1;

	while (j < pic->nr_rows && same_row(&pic->rows[j - 1], &pic->rows[j]))
		j++;
	return j - i;
}

static void print_rows(FILE *out, const struct section_picture *pic, int w, unsigned flags)
{
	int i = 0;

	while (i < pic->nr_rows) {
		int j = i + (flags & SP_NO_FOLD ? 1 : section_picture_run(pic, i));

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
		fprintf(out, "  %c  sub-section mapped twice: the kernel refuses it\n",
			SP_CONFLICT);
	fprintf(out, "  row mark '*': shared section (fine from 5.3), '!': conflict\n");
}

/* @prefix and @text, wrapped at word boundaries to stay within 80 columns */
static void print_wrapped(FILE *out, const char *prefix, const char *text)
{
	size_t indent = strlen(prefix), col = indent, w;
	const char *p = text;

	fputs(prefix, out);
	while (*p) {
		while (*p == ' ')
			p++;
		w = strcspn(p, " ");
		if (!w)
			break;
		if (col > indent && col + 1 + w > 79) {
			fprintf(out, "\n%*s", (int)indent, "");
			col = indent;
		}
		if (col > indent) {
			fputc(' ', out);
			col++;
		}
		fwrite(p, 1, w, out);
		col += w;
		p += w;
	}
	fputc('\n', out);
}

static void print_issues(FILE *out, const struct geo_view *view)
{
	int i;

	for (i = 0; i < view->nr_issues; i++)
		print_wrapped(out, view->issues[i].kind == GEO_ISSUE_CONFLICT ? "conflict: " :
										 "note: ",
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
