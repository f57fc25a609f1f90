// SPDX-License-Identifier: GPL-2.0
/*
 * What `ndctl plan` prints: a table for people (readable at 80 columns) and
 * JSON for programs, built from the same plan_result so they never disagree.
 * Sizes in JSON are byte counts, physical addresses "0x..." strings (as the
 * kernel's resource attributes print them, so scripts compare them as text).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "geometry.h"
#include "json.h"
#include "plan.h"
#include "request.h"
#include "section-picture.h"
#include "size.h"

#define NAME_W	14

const char *plan_errno_name(int err)
{
	switch (-err) {
	case 0: return "OK";
	case EINVAL: return "EINVAL";
	case ENOSPC: return "ENOSPC";
	case ENXIO: return "ENXIO";
	case EEXIST: return "EEXIST";
	case ENOMEM: return "ENOMEM";
	case EROFS: return "EROFS";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ERANGE: return "ERANGE";
	case EBUSY: return "EBUSY";
	case ENOENT: return "ENOENT";
	default: return "error";
	}
}

/* "30M", "1G", "4K", "512" when exact; "29.98M" otherwise */
char *plan_size_short(char *buf, size_t len, uint64_t bytes)
{
	static const char units[] = "KMGTPE";
	int i;

	for (i = 5; i >= 0; i--) {
		uint64_t unit = 1ULL << (10 * (i + 1));

		if (bytes >= unit && bytes % unit == 0) {
			snprintf(buf, len, "%llu%c", (unsigned long long)(bytes / unit), units[i]);
			return buf;
		}
	}
	for (i = 5; i >= 0; i--) {
		uint64_t unit = 1ULL << (10 * (i + 1));

		if (bytes >= unit) {
			snprintf(buf, len, "%.2f%c", (double)bytes / (double)unit, units[i]);
			return buf;
		}
	}
	snprintf(buf, len, "%llu", (unsigned long long)bytes);
	return buf;
}

static const char *kmodel_name(enum kernel_model k)
{
	return k == KMODEL_SECTION ? "section" : "subsection";
}

static bool pfn_mode(enum ns_mode m)
{
	return m == NS_MODE_FSDAX || m == NS_MODE_DEVDAX;
}

/* placed ones in creation order, then the refused ones in request order */
static int *display_order(const struct plan_result *res)
{
	int *v = calloc((size_t)res->nr_placements + 1, sizeof(*v));
	int i, n = 0;

	if (!v)
		return NULL;
	for (i = 0; i < res->nr_ops; i++)
		if (res->ops[i].kind == PLAN_OP_CREATE)
			v[n++] = res->ops[i].placement;
	for (i = 0; i < res->nr_placements; i++)
		if (res->placements[i].err)
			v[n++] = i;
	return v;
}

static int display_count(const struct plan_result *res)
{
	int i, n = 0;

	for (i = 0; i < res->nr_ops; i++)
		n += res->ops[i].kind == PLAN_OP_CREATE;
	for (i = 0; i < res->nr_placements; i++)
		n += res->placements[i].err != 0;
	return n;
}

static const char *status_name(const struct plan_cmd *c)
{
	if (c->nr_conflicts)
		return "conflict";
	if (c->already_applied)
		return "already-applied";
	if (c->rolled_back)
		return "rolled-back";
	if (c->applied)
		return "applied";
	if (c->res.err || c->res.nr_refused)
		return "refused";
	return "planned";
}

void plan_describe_op(const struct plan_cmd *c, int op, char *buf, size_t len)
{
	const struct plan_op *o = &c->res.ops[op];
	const struct plan_placement *p;
	char a[24], b[24], extra[64] = "";

	if (o->kind == PLAN_OP_SET_REGION_ALIGN) {
		snprintf(buf, len, "set %s align to %s (was %s)", c->res.region,
			 plan_size_short(a, sizeof(a), o->value),
			 plan_size_short(b, sizeof(b), c->res.region_align_before));
		return;
	}
	p = &c->res.placements[o->placement];
	if (pfn_mode(p->mode))
		snprintf(extra, sizeof(extra), ", map=%s, align=%s", ib_map_name(p->map),
			 plan_size_short(b, sizeof(b), p->align));
	else if (p->mode == NS_MODE_SECTOR)
		snprintf(extra, sizeof(extra), ", sector-size=%llu",
			 (unsigned long long)p->sector_size);
	snprintf(buf, len, "create %s: %s %s at 0x%llx%s", p->name, ib_mode_name(p->mode),
		 plan_size_short(a, sizeof(a), p->size), (unsigned long long)p->start, extra);
}

/* ---- the table ---- */

static void span_text(char *buf, size_t len, uint64_t a, uint64_t b)
{
	if (a == b)
		snprintf(buf, len, "%llu", (unsigned long long)a);
	else
		snprintf(buf, len, "%llu-%llu", (unsigned long long)a, (unsigned long long)b);
}

static void shared_text(const struct plan_placement *p, char *buf, size_t len)
{
	size_t n = 0;
	int i;

	buf[0] = '\0';
	if (!p->nr_shared) {
		snprintf(buf, len, "-");
		return;
	}
	for (i = 0; i < p->nr_shared; i++) {
		size_t need = strlen(p->shared_with[i]) + (i ? 2 : 0);

		if (i && n + need + 6 >= len) {
			snprintf(buf + n, len - n, " +%d", p->nr_shared - i);
			return;
		}
		n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? ", " : "", p->shared_with[i]);
	}
}

/*
 * @text wrapped at word boundaries within 80 columns; continuation lines
 * start after @indent spaces. @col is where the cursor is (0: line start).
 */
static void print_wrapped(FILE *out, int indent, int col, const char *text)
{
	bool fresh = true;
	int w;

	while (*text) {
		while (*text == ' ')
			text++;
		w = (int)strcspn(text, " ");
		if (!w)
			break;
		if (col < indent) {
			fprintf(out, "%*s", indent - col, "");
			col = indent;
		} else if (!fresh && col + 1 + w > 79) {
			fprintf(out, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent || (!fresh && col == indent)) {
			fputc(' ', out);
			col++;
		}
		fwrite(text, 1, (size_t)w, out);
		col += w;
		text += w;
		fresh = false;
	}
	fputc('\n', out);
}

static void print_indented(FILE *out, int indent, const char *text)
{
	print_wrapped(out, indent, 0, text);
}

static void print_refused(FILE *out, const struct plan_cmd *c, const struct plan_placement *p)
{
	char a[24], b[24], req[128] = "", text[256];

	if (p->req >= 0 && p->req < c->nr_reqs)
		request_str(&c->reqs[p->req], req, sizeof(req));
	fprintf(out, "  -  %-*.*s %s refused (%s)\n", NAME_W, NAME_W, p->name,
		req[0] ? req : ib_mode_name(p->mode), plan_errno_name(p->err));
	print_indented(out, 7, p->why);
	if (p->suggest_lo && p->suggest_hi && p->suggest_lo != p->suggest_hi) {
		snprintf(text, sizeof(text), "nearest that fit: %s:%s or %s:%s",
			 ib_mode_name(p->mode), plan_size_short(a, sizeof(a), p->suggest_lo),
			 ib_mode_name(p->mode), plan_size_short(b, sizeof(b), p->suggest_hi));
		print_indented(out, 7, text);
	} else if (p->suggest_lo || p->suggest_hi) {
		snprintf(text, sizeof(text), "nearest that fits: %s:%s", ib_mode_name(p->mode),
			 plan_size_short(a, sizeof(a),
					 p->suggest_lo ? p->suggest_lo : p->suggest_hi));
		print_indented(out, 7, text);
	}
}

static void print_placements(FILE *out, const struct plan_cmd *c, const int *order, int n)
{
	char sz[24], us[24], md[24], ws[24], sec[32], sub[32], km[24], sh[96];
	int i;

	fprintf(out, "  #  %-*s %-6s %6s %-11s %-11s %-11s %7s\n", NAME_W, "name", "mode", "size",
		"start", "end", "data start", "usable");
	for (i = 0; i < n; i++) {
		const struct plan_placement *p = &c->res.placements[order[i]];

		if (p->err)
			continue;
		fprintf(out, "%3d  %-*.*s %-6s %6s 0x%-9llx 0x%-9llx 0x%-9llx %7s\n",
			p->order + 1, NAME_W, NAME_W, p->name, ib_mode_name(p->mode),
			plan_size_short(sz, sizeof(sz), p->size), (unsigned long long)p->start,
			(unsigned long long)(p->start + p->size),
			(unsigned long long)p->layout.data.start,
			plan_size_short(us, sizeof(us), p->layout.usable));
	}
	fprintf(out, "\n  #  %-*s %8s %6s %-8s %-11s %5s  %s\n", NAME_W, "name", "metadata",
		"waste", "sections", "sub-sects", "kmem", "shared with");
	for (i = 0; i < n; i++) {
		const struct plan_placement *p = &c->res.placements[order[i]];

		if (p->err)
			continue;
		span_text(sec, sizeof(sec), p->span.first_section, p->span.last_section);
		span_text(sub, sizeof(sub), p->span.first_subsection, p->span.last_subsection);
		if (p->mode == NS_MODE_DEVDAX && !p->kmem.empty)
			plan_size_short(km, sizeof(km), p->kmem.range.end - p->kmem.range.start);
		else
			snprintf(km, sizeof(km), p->mode == NS_MODE_DEVDAX ? "0" : "-");
		shared_text(p, sh, 80 - (NAME_W + 50));
		fprintf(out, "%3d  %-*.*s %8s %6s %-8s %-11s %5s  %s\n", p->order + 1, NAME_W,
			NAME_W, p->name, plan_size_short(md, sizeof(md), p->layout.metadata),
			plan_size_short(ws, sizeof(ws), p->waste), sec, sub, km, sh);
	}
	for (i = 0; i < n; i++)
		if (c->res.placements[order[i]].err)
			print_refused(out, c, &c->res.placements[order[i]]);
}

static void print_summary(FILE *out, const struct plan_cmd *c)
{
	const struct plan_result *r = &c->res;
	char a[24], b[24], d[24], e[24];
	int i;

	fprintf(out, "\n%s after the plan: used %s, free %s, largest free extent %s\n", r->region,
		plan_size_short(a, sizeof(a), r->used), plan_size_short(b, sizeof(b), r->free),
		plan_size_short(d, sizeof(d), r->largest_free));
	fprintf(out, "  planned: raw %s, usable %s, metadata %s, waste %s, %d section%s touched\n",
		plan_size_short(a, sizeof(a), r->planned_raw),
		plan_size_short(b, sizeof(b), r->usable),
		plan_size_short(d, sizeof(d), r->metadata),
		plan_size_short(e, sizeof(e), r->waste), r->nr_sections,
		r->nr_sections == 1 ? "" : "s");
	if (r->label_slots_free >= 0)
		fprintf(out, "  label slots per DIMM: %d used by the plan, %d free after it\n",
			r->label_slots_used, r->label_slots_free);
	else
		fprintf(out, "  label slots per DIMM: %d used by the plan, free count unknown\n",
			r->label_slots_used);
	if (r->nr_fillers)
		fprintf(out, "  %d raw filler namespace%s (plan-filler-N) steer the placement\n",
			r->nr_fillers, r->nr_fillers == 1 ? "" : "s");
	for (i = 0; i < c->nr_conflicts; i++) {
		fprintf(out, "  conflict:\n");
		print_indented(out, 4, c->diffs[i]);
	}
}

void plan_print_ops(FILE *out, const struct plan_cmd *c)
{
	char line[256];
	int i;

	if (c->already_applied) {
		fprintf(out, "operations: none (%s already holds the plan)\n", c->res.region);
		return;
	}
	if (c->nr_conflicts) {
		fprintf(out, "operations: none (the plan conflicts with existing namespaces)\n");
		return;
	}
	fprintf(out, "operations:%s\n", c->res.nr_ops ? "" : " none");
	for (i = 0; i < c->res.nr_ops; i++) {
		char num[16];

		plan_describe_op(c, i, line, sizeof(line));
		snprintf(num, sizeof(num), "  %2d.", i + 1);
		fputs(num, out);
		print_wrapped(out, 6, (int)strlen(num), line);
	}
}

/* the planned state's section view; NULL (and nothing printed) on failure */
static struct geo_view *planned_view(const struct plan_cmd *c)
{
	struct geo_extra *extra = NULL;
	struct geo_view *view = NULL;
	int n = 0;

	/* an applied-already plan is the existing state: do not draw it twice */
	if (!c->already_applied) {
		n = plan_result_extras(&c->res, &extra);
		if (n < 0)
			return NULL;
	}
	if (geo_section_view(&c->sys, c->res.region, extra, n, &view))
		view = NULL;
	free(extra);
	return view;
}

static void print_picture(FILE *out, const struct plan_cmd *c)
{
	struct section_picture *pic = NULL;
	struct geo_view *view = planned_view(c);

	if (!view || section_picture_build(&c->sys, view, &pic)) {
		fprintf(out, "\n(no section picture: the model could not be drawn)\n");
		geo_view_free(view);
		return;
	}
	fprintf(out, "\nsections of %s after the plan:\n", c->res.region);
	section_picture_print(out, pic, view, SP_LEGEND | SP_WARNINGS);
	section_picture_free(pic);
	geo_view_free(view);
}

void plan_print_human(FILE *out, const struct plan_cmd *c)
{
	const struct plan_result *r = &c->res;
	char a[24], b[24];
	int *order = display_order(r);

	fprintf(out, "%s: %d request%s, policy %s, kernel model %s\n  region align %s", r->region,
		c->nr_reqs, c->nr_reqs == 1 ? "" : "s", plan_policy_name(c->opts.policy),
		kmodel_name(c->sys.kmodel), plan_size_short(a, sizeof(a), r->region_align_before));
	if (r->region_align != r->region_align_before)
		fprintf(out, " -> %s", plan_size_short(b, sizeof(b), r->region_align));
	fprintf(out, "; status: %s; %d placed, %d refused\n", status_name(c), r->nr_placed,
		r->nr_refused);
	if (c->nr_existing && !c->already_applied && !c->nr_conflicts)
		fprintf(out,
			"  %d more planned namespace%s exist%s already as planned and %s kept\n",
			c->nr_existing, c->nr_existing == 1 ? "" : "s",
			c->nr_existing == 1 ? "s" : "", c->nr_existing == 1 ? "is" : "are");
	fprintf(out, "\n");
	if (r->err) {
		/* the region itself refuses: there is nothing to tabulate */
		fprintf(out, "  refused (%s):\n", plan_errno_name(r->err));
		print_indented(out, 4, r->why);
		free(order);
		return;
	}
	if (order)
		print_placements(out, c, order, display_count(r));
	free(order);
	print_summary(out, c);
	fprintf(out, "\n");
	plan_print_ops(out, c);
	if (!c->no_picture && !r->err)
		print_picture(out, c);
}

/* ---- JSON ---- */

static struct json_object *span_json(uint64_t a, uint64_t b)
{
	struct json_object *j = json_object_new_array();

	if (!j)
		return NULL;
	json_object_array_add(j, json_new_u64(a));
	json_object_array_add(j, json_new_u64(b));
	return j;
}

static void add_placed(struct json_object *j, const struct plan_cmd *c,
		       const struct plan_placement *p, int idx)
{
	struct json_object *sh = json_object_new_array();
	int i;

	json_add(j, "order", json_object_new_int(p->order + 1));
	json_add(j, "size", json_new_u64(p->size));
	json_add(j, "start", json_new_addr(p->start));
	json_add(j, "end", json_new_addr(p->start + p->size));
	json_add(j, "dpa", json_new_addr(p->dpa));
	if (pfn_mode(p->mode)) {
		json_add(j, "data_start", json_new_addr(p->layout.data.start));
		json_add(j, "data_offset", json_new_u64(p->layout.dataoff));
		json_add(j, "end_trunc", json_new_u64(p->layout.end_trunc));
		json_add(j, "mapped_end", json_new_addr(p->layout.mapped.end));
	}
	json_add(j, "usable", json_new_u64(p->layout.usable));
	json_add(j, "metadata", json_new_u64(p->layout.metadata));
	json_add(j, "waste", json_new_u64(p->waste));
	json_add(j, "memmap_dram", json_new_u64(p->layout.memmap_dram));
	json_add(j, "sections", span_json(p->span.first_section, p->span.last_section));
	json_add(j, "subsections", span_json(p->span.first_subsection, p->span.last_subsection));
	for (i = 0; sh && i < p->nr_shared; i++)
		json_object_array_add(sh, json_object_new_string(p->shared_with[i]));
	json_add(j, "shared_with", sh);
	if (p->mode == NS_MODE_DEVDAX) {
		struct json_object *k = json_object_new_object();

		if (k && !p->kmem.empty) {
			json_add(k, "start", json_new_addr(p->kmem.range.start));
			json_add(k, "end", json_new_addr(p->kmem.range.end));
		}
		if (k) {
			json_add(k, "size", json_new_u64(p->kmem.empty ? 0 :
					    p->kmem.range.end - p->kmem.range.start));
			json_add(k, "blocks", json_new_u64(p->kmem.nr_blocks));
		}
		json_add(j, "kmem", k);
	}
	if (c->devs && c->devs[idx][0])
		json_add_str(j, "dev", c->devs[idx]);
}

static void add_refused(struct json_object *j, const struct plan_cmd *c,
			const struct plan_placement *p)
{
	char req[128];

	json_add(j, "refused", json_object_new_boolean(1));
	json_add_str(j, "errno", plan_errno_name(p->err));
	json_add_str(j, "rule", p->why);
	if (p->req >= 0 && p->req < c->nr_reqs) {
		const struct plan_request *r = &c->reqs[p->req];

		json_add_str(j, "request", request_str(r, req, sizeof(req)));
		if (r->size)
			json_add(j, "size", json_new_u64(r->size));
		if (r->usable_size)
			json_add(j, "usable_requested", json_new_u64(r->usable_size));
	}
	if (p->suggest_lo || p->suggest_hi) {
		struct json_object *s = json_object_new_array();

		if (s && p->suggest_lo)
			json_object_array_add(s, json_new_u64(p->suggest_lo));
		if (s && p->suggest_hi && p->suggest_hi != p->suggest_lo)
			json_object_array_add(s, json_new_u64(p->suggest_hi));
		json_add(j, "suggest", s);
	}
}

static struct json_object *placement_json(const struct plan_cmd *c, int idx)
{
	const struct plan_placement *p = &c->res.placements[idx];
	struct json_object *j = json_object_new_object();

	if (!j)
		return NULL;
	json_add_str(j, "name", p->name);
	json_add_str(j, "mode", ib_mode_name(p->mode));
	if (p->req < 0)
		json_add(j, "filler", json_object_new_boolean(1));
	if (pfn_mode(p->mode)) {
		json_add_str(j, "map", ib_map_name(p->map));
		json_add(j, "align", json_new_u64(p->align));
	}
	if (p->mode == NS_MODE_SECTOR)
		json_add(j, "sector_size", json_new_u64(p->sector_size));
	if (p->err)
		add_refused(j, c, p);
	else
		add_placed(j, c, p, idx);
	return j;
}

static struct json_object *ops_json(const struct plan_cmd *c)
{
	struct json_object *a = json_object_new_array();
	int i;

	for (i = 0; a && i < c->res.nr_ops && !c->already_applied && !c->nr_conflicts; i++) {
		const struct plan_op *o = &c->res.ops[i];
		struct json_object *j = json_object_new_object();
		char text[256];

		if (!j)
			break;
		json_add(j, "step", json_object_new_int(i + 1));
		if (o->kind == PLAN_OP_SET_REGION_ALIGN) {
			json_add_str(j, "op", "set-region-align");
			json_add(j, "align", json_new_u64(o->value));
		} else {
			json_add_str(j, "op", "create");
			json_add_str(j, "name", c->res.placements[o->placement].name);
		}
		plan_describe_op(c, i, text, sizeof(text));
		json_add_str(j, "text", text);
		json_object_array_add(a, j);
	}
	return a;
}

static struct json_object *summary_json(const struct plan_cmd *c)
{
	const struct plan_result *r = &c->res;
	struct json_object *j = json_object_new_object();

	if (!j)
		return NULL;
	json_add(j, "placed", json_object_new_int(r->nr_placed));
	json_add(j, "refused", json_object_new_int(r->nr_refused));
	json_add(j, "fillers", json_object_new_int(r->nr_fillers));
	json_add(j, "used", json_new_u64(r->used));
	json_add(j, "free", json_new_u64(r->free));
	json_add(j, "largest_free", json_new_u64(r->largest_free));
	json_add(j, "label_slots_used", json_object_new_int(r->label_slots_used));
	json_add(j, "label_slots_free", json_object_new_int(r->label_slots_free));
	json_add(j, "planned_raw", json_new_u64(r->planned_raw));
	json_add(j, "usable", json_new_u64(r->usable));
	json_add(j, "metadata", json_new_u64(r->metadata));
	json_add(j, "waste", json_new_u64(r->waste));
	json_add(j, "sections", json_object_new_int(r->nr_sections));
	return j;
}

static struct json_object *picture_json(const struct plan_cmd *c)
{
	struct section_picture *pic = NULL;
	struct geo_view *view = planned_view(c);
	struct json_object *j = NULL, *rows, *legend;
	int i, n;

	if (!view || section_picture_build(&c->sys, view, &pic))
		goto out;
	j = json_object_new_object();
	rows = json_object_new_array();
	legend = json_object_new_object();
	if (!j || !rows || !legend) {
		json_object_put(rows);
		json_object_put(legend);
		goto out;
	}
	/* a run of alike sections is one row with its "count" (4 TiB: 32768 rows) */
	for (i = 0; i < pic->nr_rows; i += n) {
		const struct sp_row *r = &pic->rows[i];
		struct json_object *row = json_object_new_object();

		n = section_picture_run(pic, i);
		if (!row)
			break;
		json_add(row, "section", json_new_u64(r->section));
		json_add(row, "start", json_new_addr(r->start));
		json_add_str(row, "cells", r->cells);
		json_add(row, "shared", json_object_new_boolean(r->shared));
		json_add(row, "conflict", json_object_new_boolean(r->conflict));
		json_add(row, "count", json_object_new_int(n));
		json_object_array_add(rows, row);
	}
	for (i = 0; i < pic->nr_owners; i++) {
		char key[2] = { pic->owners[i].symbol, '\0' }, label[SP_LABEL_LEN + 8];

		sp_owner_label(&pic->owners[i], label, sizeof(label));
		if (!json_object_object_get_ex(legend, key, NULL))
			json_add_str(legend, key, label);
	}
	json_add(j, "rows", rows);
	json_add(j, "legend", legend);
	rows = json_object_new_array();
	for (i = 0; rows && i < view->nr_issues; i++)
		json_object_array_add(rows, json_object_new_string(view->issues[i].text));
	json_add(j, "issues", rows);
out:
	section_picture_free(pic);
	geo_view_free(view);
	return j;
}

struct json_object *plan_to_json(const struct plan_cmd *c, bool ops_only)
{
	const struct plan_result *r = &c->res;
	struct json_object *j = json_object_new_object(), *a;
	int *order, n, i;

	if (!j)
		return NULL;
	json_add_str(j, "region", r->region);
	json_add_str(j, "status", status_name(c));
	json_add_str(j, "policy", plan_policy_name(c->opts.policy));
	json_add_str(j, "kernel_model", kmodel_name(c->sys.kmodel));
	json_add(j, "compat", json_object_new_boolean(c->opts.compat));
	json_add(j, "region_align_before", json_new_u64(r->region_align_before));
	json_add(j, "region_align", json_new_u64(r->region_align));
	json_add(j, "existing", json_object_new_int(c->nr_existing));
	if (r->err) {
		json_add_str(j, "errno", plan_errno_name(r->err));
		json_add_str(j, "rule", r->why);
	}
	if (c->nr_conflicts) {
		a = json_object_new_array();
		for (i = 0; a && i < c->nr_conflicts; i++)
			json_object_array_add(a, json_object_new_string(c->diffs[i]));
		json_add(j, "conflicts", a);
	}
	json_add(j, "operations", ops_json(c));
	if (ops_only)
		return j;
	order = display_order(r);
	n = order ? display_count(r) : 0;
	a = json_object_new_array();
	for (i = 0; a && i < n; i++)
		json_object_array_add(a, placement_json(c, order[i]));
	free(order);
	json_add(j, "namespaces", a);
	json_add(j, "summary", summary_json(c));
	if (!c->no_picture && !r->err)
		json_add(j, "picture", picture_json(c));
	return j;
}
