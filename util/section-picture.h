/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The human picture of a section view (util/geometry.h): one row per
 * 128 MiB section, one cell per 2 MiB sub-section, so an administrator can
 * see at a glance who shares which section. Shared by `ndctl plan` (the
 * planned state) and `ndctl list --subsections` (what exists).
 *
 *   section       0M              32M             64M             96M
 *   0x100000000  AAAAAAAAAAAAAAABBBBBBBBBBBCCCCCCCCC.............................. *
 *
 * Cells: a letter per owner (A-Z, a-z, 0-9 in address order, '*' when they
 * run out), '.' free region capacity, '#' System RAM, '+' a sub-section held
 * by several owners that do not both map it, '!' a sub-section two owners
 * both map (the kernel refuses the second), ' ' outside any region and RAM.
 * The mark after a row: '*' shared section, '!' conflict. Runs of identical
 * rows are folded into one line. Every row is at most 80 columns.
 */
#ifndef UTIL_SECTION_PICTURE_H
#define UTIL_SECTION_PICTURE_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "geometry.h"
#include "model.h"

#define SP_MAX_CELLS	64
#define SP_LABEL_LEN	(MODEL_DEV_LEN + MODEL_NAME_LEN)

#define SP_FREE		'.'
#define SP_RAM		'#'
#define SP_SHARED	'+'
#define SP_CONFLICT	'!'
#define SP_NONE		' '
#define SP_OVERFLOW	'*'

/* one owner of the legend: the union of its ranges over the view */
struct sp_owner {
	char symbol;
	enum geo_owner_kind kind;
	char name[MODEL_NAME_LEN];	/* namespace dev or planned name; "System RAM" */
	char region[MODEL_DEV_LEN];	/* "" for System RAM */
	struct range range;		/* lowest start .. highest end seen in the view */
	bool active;			/* maps (populates) at least one sub-section */
};

struct sp_row {
	uint64_t section;		/* global section index */
	uint64_t start;			/* its physical address */
	char cells[SP_MAX_CELLS + 1];	/* NUL-terminated, nr_cells long */
	bool shared;
	bool conflict;
	bool system_ram;
};

struct section_picture {
	unsigned nr_cells;		/* sub-sections per section */
	uint64_t cell_size;		/* bytes per cell (the sub-section size) */
	uint64_t section_size;
	int nr_rows;
	struct sp_row *rows;
	int nr_owners;
	struct sp_owner *owners;	/* System RAM and free space are not listed */
};

enum sp_flags {
	SP_LEGEND = 1 << 0,		/* list the owners under the rows */
	SP_WARNINGS = 1 << 1,		/* print the view's issues */
	SP_NO_FOLD = 1 << 2,		/* print every row, even identical runs */
};

/*
 * Build the picture of @view. Returns 0 and *out (free with
 * section_picture_free()), -EINVAL for a bad model, -ENOMEM.
 */
int section_picture_build(const struct model_system *sys, const struct geo_view *view,
			  struct section_picture **out);
void section_picture_free(struct section_picture *pic);

/* "region0/namespace0.1", "db" (planned: name only), "System RAM" */
void sp_owner_label(const struct sp_owner *o, char *buf, size_t len);

/* the owner a symbol stands for, NULL for '.', '#', ... */
const struct sp_owner *sp_owner_of(const struct section_picture *pic, char symbol);

/*
 * How many rows from row @i on are alike (consecutive sections with the same
 * cells and the same mark): 1 when row @i is unlike the next. The printed
 * picture and the JSON of `ndctl plan` fold such runs into one row.
 */
int section_picture_run(const struct section_picture *pic, int i);

/* Print the rows (and, per @flags, legend and warnings of @view, may be NULL). */
void section_picture_print(FILE *out, const struct section_picture *pic,
			   const struct geo_view *view, unsigned flags);

#endif
