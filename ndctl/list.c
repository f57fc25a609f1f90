// SPDX-License-Identifier: GPL-2.0
/*
 * ndctl list: buses, DIMMs, regions and namespaces as upstream ndctl 76.1
 * prints them (same keys, nesting and array/object shapes, so scripts keep
 * working), plus physical addresses under new keys; and --subsections, the
 * physical picture: which 128 MiB sections and 2 MiB sub-sections every
 * namespace populates, who else shares them, and what the kernel would refuse.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <ndctl/libndctl.h>
#include "builtin.h"
#include "filter-walk.h"
#include "geometry.h"
#include "infoblock.h"
#include "json.h"
#include "log.h"
#include "options.h"
#include "section-picture.h"
#include "size.h"
#include "topology.h"

enum {
	OPT_SUBSECTIONS = 256,
	OPT_CAPTURE,
	OPT_TOPOLOGY,
};

static const struct cmd_option list_options[] = {
	{ "bus", 'b', required_argument, "bus-id", "filter by bus (provider, ndbusN or N)" },
	{ "region", 'r', required_argument, "region-id", "filter by region (regionN or N)" },
	{ "dimm", 'd', required_argument, "dimm-id", "filter by DIMM (nmemN or N)" },
	{ "namespace", 'n', required_argument, "ns-id",
	  "filter by namespace (namespaceX.Y or X.Y)" },
	{ "mode", 'm', required_argument, "mode", "filter by mode (fsdax, devdax, sector, raw)" },
	{ "type", 't', required_argument, "type", "filter by region type (pmem, blk)" },
	{ "buses", 'B', no_argument, NULL, "include buses" },
	{ "dimms", 'D', no_argument, NULL, "include DIMMs" },
	{ "regions", 'R', no_argument, NULL, "include regions" },
	{ "namespaces", 'N', no_argument, NULL, "include namespaces (default)" },
	{ "idle", 'i', no_argument, NULL, "include idle (disabled, zero-sized) devices" },
	{ "human", 'u', no_argument, NULL, "human-friendly sizes and hex numbers" },
	{ "verbose", 'v', no_argument, NULL, "more detail (repeat for more)" },
	{ "subsections", OPT_SUBSECTIONS, no_argument, NULL,
	  "show the sections and sub-sections namespaces populate" },
	{ "capture", OPT_CAPTURE, required_argument, "file",
	  "save the topology as JSON" },
	{ "topology", OPT_TOPOLOGY, required_argument, "file",
	  "read a captured topology (implies --subsections)" },
	OPT_END,
};

struct list_params {
	const char *bus, *region, *dimm, *ns, *mode, *type;
	bool buses, dimms, regions, namespaces, idle, human;
	int verbose;
	bool subsections;
	const char *capture, *topology;
};

/* the listing being built, with upstream's nesting rules */
struct list_out {
	unsigned long flags;
	struct json_object *jbuses, *jbus;
	struct json_object *jdimms, *jregions, *jregion, *jnamespaces;
};

/* ---- filters: one or more space-separated names, numbers or "all" ---- */

static bool is_all(const char *ident)
{
	return !ident || strcmp(ident, "all") == 0;
}

static bool region_has_dimm(struct ndctl_region *region, const char *ident)
{
	struct ndctl_dimm *dimm;

	if (is_all(ident))
		return true;
	ndctl_dimm_foreach_in_region(region, dimm)
		if (filter_dimm(dimm, ident))
			return true;
	return false;
}

static bool region_has_ns(struct ndctl_region *region, const char *ident)
{
	struct ndctl_namespace *ndns;

	if (is_all(ident))
		return true;
	ndctl_namespace_foreach(region, ndns)
		if (filter_namespace(ndns, ident))
			return true;
	return false;
}

/* a region the -r, -d and -n filters all let through */
static bool region_selected(struct ndctl_region *region, const struct list_params *p)
{
	return filter_region(region, p->region) && region_has_dimm(region, p->dimm) &&
	       region_has_ns(region, p->ns);
}

static bool bus_selected(struct ndctl_bus *bus, const struct list_params *p)
{
	struct ndctl_region *region;
	struct ndctl_dimm *dimm;
	bool dimm_ok = is_all(p->dimm), region_ok = is_all(p->region), ns_ok = is_all(p->ns);

	if (!filter_bus(bus, p->bus))
		return false;
	ndctl_dimm_foreach(bus, dimm)
		dimm_ok = dimm_ok || filter_dimm(dimm, p->dimm);
	ndctl_region_foreach(bus, region) {
		region_ok = region_ok || filter_region(region, p->region);
		ns_ok = ns_ok || region_has_ns(region, p->ns);
	}
	return dimm_ok && region_ok && ns_ok;
}

/* a DIMM belongs to a region (and namespace) the filters name */
static bool dimm_selected(struct ndctl_dimm *dimm, const struct list_params *p)
{
	struct ndctl_bus *bus = ndctl_dimm_get_bus(dimm);
	struct ndctl_region *region;
	struct ndctl_dimm *check;

	if (!filter_dimm(dimm, p->dimm))
		return false;
	if (is_all(p->region) && is_all(p->ns))
		return true;
	ndctl_region_foreach(bus, region) {
		if (!filter_region(region, p->region) || !region_has_ns(region, p->ns))
			continue;
		ndctl_dimm_foreach_in_region(region, check)
			if (check == dimm)
				return true;
	}
	return false;
}

static int mode_filter(const char *mode)
{
	static const struct {
		const char *name;
		int mode;
	} names[] = {
		{ "fsdax", NDCTL_NS_MODE_FSDAX },  { "memory", NDCTL_NS_MODE_FSDAX },
		{ "devdax", NDCTL_NS_MODE_DEVDAX }, { "dax", NDCTL_NS_MODE_DEVDAX },
		{ "sector", NDCTL_NS_MODE_SECTOR }, { "safe", NDCTL_NS_MODE_SECTOR },
		{ "raw", NDCTL_NS_MODE_RAW },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(mode, names[i].name) == 0)
			return names[i].mode;
	return -1;
}

/* ---- the listing ---- */

static struct json_object *array_in(struct json_object **arr, struct json_object *parent,
				    const char *key)
{
	if (!*arr) {
		*arr = json_object_new_array();
		if (*arr && parent)
			json_object_object_add(parent, key, *arr);
	}
	return *arr;
}

static void list_dimm(struct list_out *o, const struct list_params *p, struct ndctl_dimm *dimm)
{
	if (!p->idle && !ndctl_dimm_is_enabled(dimm))
		return;
	if (array_in(&o->jdimms, o->jbus, "dimms"))
		json_object_array_add(o->jdimms, dimm_to_json(dimm, o->flags));
}

static struct json_object *region_mappings(struct ndctl_region *region,
					   const struct list_params *p, unsigned long flags)
{
	struct ndctl_mapping *mapping;
	struct json_object *jmaps = NULL;

	if (!p->dimms)
		return NULL;
	ndctl_mapping_foreach(region, mapping) {
		struct ndctl_dimm *dimm = ndctl_mapping_get_dimm(mapping);

		if (!filter_dimm(dimm, p->dimm))
			continue;
		if (!p->idle && !ndctl_dimm_is_enabled(dimm))
			continue;
		if (array_in(&jmaps, NULL, NULL))
			json_object_array_add(jmaps, mapping_to_json(mapping, flags));
	}
	return jmaps;
}

static void list_namespace(struct list_out *o, const struct list_params *p,
			   struct ndctl_namespace *ndns)
{
	struct json_object *container = o->jregion ? o->jregion : o->jbus;

	if (!p->idle && !ndctl_namespace_is_active(ndns))
		return;
	if (array_in(&o->jnamespaces, container, "namespaces"))
		json_object_array_add(o->jnamespaces, namespace_to_json(ndns, o->flags));
}

static void list_region(struct list_out *o, const struct list_params *p,
			struct ndctl_region *region)
{
	struct ndctl_namespace *ndns;
	int mode = p->mode ? mode_filter(p->mode) : -1;

	if (p->regions) {
		if (!p->idle && !ndctl_region_is_enabled(region))
			return;
		if (!array_in(&o->jregions, o->jbus, "regions"))
			return;
		o->jregion = region_to_json(region, region_mappings(region, p, o->flags),
					    o->flags);
		json_object_array_add(o->jregions, o->jregion);
		/* each region gets its own namespaces array */
		o->jnamespaces = NULL;
	}
	if (!p->namespaces)
		return;
	ndctl_namespace_foreach(region, ndns) {
		if (!filter_namespace(ndns, p->ns))
			continue;
		if (mode >= 0 && (int)ndctl_namespace_get_mode(ndns) != mode)
			continue;
		list_namespace(o, p, ndns);
	}
}

static bool region_type_ok(struct ndctl_region *region, const char *type)
{
	const char *name = ndctl_region_get_type_name(region);

	return !type || (name && strcmp(name, type) == 0);
}

static void list_bus(struct list_out *o, const struct list_params *p, struct ndctl_bus *bus)
{
	struct ndctl_region *region;
	struct ndctl_dimm *dimm;

	if (p->buses) {
		/* what follows nests inside this bus */
		o->jdimms = o->jregions = o->jregion = o->jnamespaces = NULL;
		if (!array_in(&o->jbuses, NULL, NULL))
			return;
		o->jbus = bus_to_json(bus, o->flags);
		json_object_array_add(o->jbuses, o->jbus);
	}
	if (p->dimms) {
		ndctl_dimm_foreach(bus, dimm)
			if (dimm_selected(dimm, p))
				list_dimm(o, p, dimm);
	}
	ndctl_region_foreach(bus, region) {
		if (!region_selected(region, p) || !region_type_ok(region, p->type))
			continue;
		list_region(o, p, region);
	}
}

static void print_listing(struct list_out *o)
{
	struct json_object *jplatform;

	if (o->jbuses) {
		json_print_listing(stdout, o->jbuses, o->flags);
		return;
	}
	if (!!o->jdimms + !!o->jregions + !!o->jnamespaces > 1) {
		jplatform = json_object_new_object();
		json_add(jplatform, "dimms", o->jdimms);
		json_add(jplatform, "regions", o->jregions);
		/* with regions, namespaces are already inside them */
		if (!o->jregions)
			json_add(jplatform, "namespaces", o->jnamespaces);
		json_print(stdout, jplatform);
		json_object_put(jplatform);
	} else if (o->jdimms) {
		json_print_listing(stdout, o->jdimms, o->flags);
	} else if (o->jregions) {
		json_print_listing(stdout, o->jregions, o->flags);
	} else if (o->jnamespaces) {
		json_print_listing(stdout, o->jnamespaces, o->flags);
	}
}

static int list_devices(struct ndctl_ctx *ctx, const struct list_params *p)
{
	struct list_out o = { 0 };
	struct ndctl_bus *bus;

	o.flags = JSONF_PHYS;
	if (p->human)
		o.flags |= JSONF_HUMAN;
	/* -v also shows device-dax details, as upstream's -v implies -X */
	if (p->verbose)
		o.flags |= JSONF_VERBOSE | JSONF_DAX;
	if (p->idle)
		o.flags |= JSONF_IDLE;
	ndctl_bus_foreach(ctx, bus) {
		if (bus_selected(bus, p))
			list_bus(&o, p, bus);
	}
	print_listing(&o);
	return EXIT_OK;
}

/* ---- --subsections: the section view as JSON ---- */

static unsigned sub_per_section(const struct model_system *sys)
{
	return geo_subsections_per_section(sys);
}

static struct json_object *range_json(const struct range *r)
{
	struct json_object *j = json_object_new_object();

	json_add(j, "start", json_new_addr(r->start));
	json_add(j, "end", json_new_addr(r->end));
	return j;
}

static struct json_object *mask_json(uint64_t mask)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%016llx", (unsigned long long)mask);
	return json_object_new_string(buf);
}

static const char *owner_kind_name(enum geo_owner_kind kind)
{
	switch (kind) {
	case GEO_OWNER_NAMESPACE:
		return "namespace";
	case GEO_OWNER_PLANNED:
		return "planned";
	case GEO_OWNER_SYSTEM_RAM:
		return "system_ram";
	default:
		return "unused";
	}
}

/* lowest and highest set bit of a non-zero mask */
static void mask_bounds(uint64_t mask, int *lo, int *hi)
{
	*lo = __builtin_ctzll(mask);
	*hi = 63 - __builtin_clzll(mask);
}

static struct json_object *owner_json(const struct geo_owner *ow, unsigned long flags)
{
	struct json_object *j = json_object_new_object();
	int lo, hi;

	json_add_str(j, "owner", ow->kind == GEO_OWNER_SYSTEM_RAM ? "System RAM" :
				 ow->kind == GEO_OWNER_UNUSED ? "unused" : ow->name);
	json_add_str(j, "kind", owner_kind_name(ow->kind));
	if (ow->region[0])
		json_add_str(j, "region", ow->region);
	json_add(j, "start", json_new_addr(ow->range.start));
	json_add(j, "end", json_new_addr(ow->range.end));
	json_add(j, "size", json_new_size(ow->range.end - ow->range.start, flags));
	json_add(j, "subsection_map", mask_json(ow->mask));
	if (ow->mask) {
		mask_bounds(ow->mask, &lo, &hi);
		json_add(j, "first_subsection", json_object_new_int(lo));
		json_add(j, "last_subsection", json_object_new_int(hi));
	}
	json_add(j, "active", json_object_new_boolean(ow->active));
	return j;
}

static struct json_object *section_json(const struct geo_section *s, unsigned long flags)
{
	struct json_object *j = json_object_new_object();
	struct json_object *jowners = json_object_new_array();
	int i;

	json_add(j, "section", json_new_u64(s->index));
	json_add(j, "start", json_new_addr(s->start));
	json_add(j, "subsection_map", mask_json(s->active));
	if (s->conflict_mask)
		json_add(j, "conflict_map", mask_json(s->conflict_mask));
	json_add(j, "shared", json_object_new_boolean(s->shared));
	json_add(j, "conflict", json_object_new_boolean(s->conflict));
	json_add(j, "system_ram", json_object_new_boolean(s->system_ram));
	for (i = 0; jowners && i < s->nr_owners; i++)
		json_object_array_add(jowners, owner_json(&s->owners[i], flags));
	json_add(j, "owners", jowners);
	return j;
}

static const char *mode_str(enum ns_mode mode)
{
	static const char *const names[] = { "raw", "fsdax", "devdax", "sector" };

	return (unsigned)mode < 4 ? names[mode] : "unknown";
}

/* first/last section and sub-section (within its section) of a range */
static void add_span(struct json_object *j, const struct model_system *sys, const struct range *r)
{
	struct geo_span sp;
	unsigned per = sub_per_section(sys);

	if (r->end <= r->start || geo_span(sys, r, &sp) || !per)
		return;
	json_add(j, "first_section", json_new_u64(sp.first_section));
	json_add(j, "first_subsection", json_new_u64(sp.first_subsection % per));
	json_add(j, "last_section", json_new_u64(sp.last_section));
	json_add(j, "last_subsection", json_new_u64(sp.last_subsection % per));
	json_add(j, "subsections", json_new_u64(sp.last_subsection - sp.first_subsection + 1));
}

static struct json_object *kmem_json(const struct model_system *sys, const struct range *data,
				     unsigned long flags)
{
	struct json_object *j;
	struct geo_kmem km;

	if (!sys->memblock_size || geo_kmem_range(data, sys->memblock_size, &km))
		return NULL;
	j = json_object_new_object();
	json_add(j, "memblock_size", json_new_size(sys->memblock_size, flags));
	json_add(j, "possible", json_object_new_boolean(!km.empty));
	if (!km.empty) {
		json_add(j, "start", json_new_addr(km.range.start));
		json_add(j, "end", json_new_addr(km.range.end));
		json_add(j, "blocks", json_new_u64(km.nr_blocks));
	}
	json_add(j, "size", json_new_size(km.range.end - km.range.start, flags));
	json_add(j, "unused", json_new_size(km.head + km.tail, flags));
	return j;
}

static struct json_object *ns_geometry_json(const struct model_system *sys,
					    const struct model_namespace *ns, unsigned long flags)
{
	struct json_object *j = json_object_new_object();
	struct range raw = { ns->start, ns->start + ns->size };
	struct ib_layout lay;
	bool mapped = ns->mode == NS_MODE_FSDAX || ns->mode == NS_MODE_DEVDAX;

	json_add_str(j, "dev", ns->dev);
	if (ns->name[0])
		json_add_str(j, "name", ns->name);
	json_add_str(j, "mode", mode_str(ns->mode));
	if (mapped)
		json_add_str(j, "map", ns->map == NS_MAP_MEM ? "mem" : "dev");
	json_add(j, "resource", json_new_addr(ns->start));
	json_add(j, "size", json_new_size(ns->size, flags));
	json_add(j, "enabled", json_object_new_boolean(ns->enabled));
	add_span(j, sys, &raw);
	if (ib_namespace_layout(sys, ns, &lay) != 0) {
		if (lay.rule[0])
			json_add_str(j, "layout_error", lay.rule);
		return j;
	}
	if (!mapped)
		return j;
	json_add(j, "mapped", range_json(&lay.mapped));
	json_add(j, "data", range_json(&lay.data));
	json_add(j, "usable", json_new_size(lay.usable, flags));
	if (lay.end_trunc)
		json_add(j, "end_trunc", json_new_size(lay.end_trunc, flags));
	json_add(j, "kmem", kmem_json(sys, &lay.data, flags));
	return j;
}

static struct json_object *issues_json(const struct geo_view *v, enum geo_issue_kind kind)
{
	struct json_object *j = NULL;
	int i;

	for (i = 0; i < v->nr_issues; i++) {
		if (v->issues[i].kind != kind)
			continue;
		if (array_in(&j, NULL, NULL))
			json_object_array_add(j, json_object_new_string(v->issues[i].text));
	}
	return j;
}

static struct json_object *region_geometry_json(const struct model_system *sys,
						const struct model_region *r,
						const struct geo_view *v, unsigned long flags)
{
	struct json_object *j = json_object_new_object();
	struct json_object *jsec = json_object_new_array();
	struct json_object *jns = json_object_new_array();
	struct range rr = { r->start, r->start + r->size };
	int i;

	json_add_str(j, "dev", r->dev);
	json_add(j, "resource", json_new_addr(r->start));
	json_add(j, "size", json_new_size(r->size, flags));
	json_add(j, "align", json_new_size(r->align, flags));
	json_add(j, "labeled", json_object_new_boolean(r->labeled));
	add_span(j, sys, &rr);
	for (i = 0; jsec && i < v->nr_sections; i++)
		json_object_array_add(jsec, section_json(&v->sections[i], flags));
	json_add(j, "sections", jsec);
	for (i = 0; jns && i < r->nr_namespaces; i++)
		json_object_array_add(jns, ns_geometry_json(sys, &r->namespaces[i], flags));
	json_add(j, "namespaces", jns);
	json_add(j, "conflicts", issues_json(v, GEO_ISSUE_CONFLICT));
	json_add(j, "warnings", issues_json(v, GEO_ISSUE_SHARED));
	return j;
}

static const char *kmodel_str(enum kernel_model m)
{
	return m == KMODEL_SECTION ? "section" : "subsection";
}

static void add_system_keys(struct json_object *j, const struct model_system *sys,
			    unsigned long flags)
{
	if (sys->kernel_release[0])
		json_add_str(j, "kernel_release", sys->kernel_release);
	json_add_str(j, "kernel_model", kmodel_str(sys->kmodel));
	json_add(j, "section_size", json_new_size(sys->section_size, flags));
	json_add(j, "subsection_size", json_new_size(sys->subsection_size, flags));
	if (sys->memblock_size)
		json_add(j, "memblock_size", json_new_size(sys->memblock_size, flags));
}

/* ---- --subsections: the picture for people (util/section-picture) ---- */

/* what the legend leaves out: mode, size, where the data starts, kmem */
static void print_namespace_table(const struct model_system *sys, const struct model_region *r)
{
	char sz[SIZE_STR_LEN], us[SIZE_STR_LEN], km[SIZE_STR_LEN];
	struct ib_layout lay;
	struct geo_kmem kmem;
	int i;

	if (r->nr_namespaces)
		printf("  %-14s %-6s %-10s %-3s %-13s %-10s %s\n", "namespace", "mode", "size", "map",
		       "data start", "usable", "kmem");
	for (i = 0; i < r->nr_namespaces; i++) {
		const struct model_namespace *ns = &r->namespaces[i];
		bool mapped = ns->mode == NS_MODE_FSDAX || ns->mode == NS_MODE_DEVDAX;

		size_str(sz, sizeof(sz), ns->size);
		if (!mapped || ib_namespace_layout(sys, ns, &lay) != 0) {
			printf("  %-14s %-6s %s%s\n", ns->dev, mode_str(ns->mode), sz,
			       ns->enabled ? "" : " (disabled)");
			continue;
		}
		printf("  %-14s %-6s %-10s", ns->dev, mode_str(ns->mode), sz);
		printf(" %-3s %#-13llx %s", ns->map == NS_MAP_MEM ? "mem" : "dev",
		       (unsigned long long)lay.data.start, size_str(us, sizeof(us), lay.usable));
		if (ns->mode == NS_MODE_DEVDAX && sys->memblock_size &&
		    geo_kmem_range(&lay.data, sys->memblock_size, &kmem) == 0)
			printf("%*s%s", 11 - (int)strlen(us), "", kmem.empty ? "none" :
			       size_str(km, sizeof(km), kmem.range.end - kmem.range.start));
		printf("%s\n", ns->enabled ? "" : " (disabled)");
	}
}

static int print_region_picture(const struct model_system *sys, const struct model_region *r,
				const struct geo_view *v)
{
	char sz[SIZE_STR_LEN], al[SIZE_STR_LEN];
	struct section_picture *pic;
	int rc = section_picture_build(sys, v, &pic);

	if (rc) {
		log_err("%s: cannot draw the section view: %s", r->dev, strerror(-rc));
		return rc;
	}
	printf("%s: 0x%llx-0x%llx, %s, align %s, %d namespace%s\n", r->dev,
	       (unsigned long long)r->start, (unsigned long long)(r->start + r->size),
	       size_str(sz, sizeof(sz), r->size), size_str(al, sizeof(al), r->align),
	       r->nr_namespaces, r->nr_namespaces == 1 ? "" : "s");
	section_picture_print(stdout, pic, v, SP_LEGEND | SP_WARNINGS);
	print_namespace_table(sys, r);
	printf("\n");
	section_picture_free(pic);
	return 0;
}

/* ---- --subsections: driver ---- */

static bool model_region_selected(const struct model_region *r, const struct list_params *p)
{
	unsigned long id = ULONG_MAX;

	sscanf(r->dev, "region%lu", &id);
	return filter_match(p->region, r->dev, id, NULL);
}

static int load_model(struct ndctl_ctx *ctx, const struct list_params *p,
		      struct model_system *sys)
{
	if (p->topology)
		return topology_load(p->topology, sys);
	return topology_read(ctx, sys);
}

static int show_region(const struct model_system *sys, const struct model_region *r, bool human,
		       unsigned long flags, struct json_object *jregions)
{
	struct geo_view *v = NULL;
	int rc = geo_section_view(sys, r->dev, NULL, 0, &v);

	if (rc == -E2BIG) {
		log_err("%s: [0x%llx, 0x%llx) spans too many sections for the view", r->dev,
			(unsigned long long)r->start, (unsigned long long)(r->start + r->size));
		return rc;
	}
	if (rc) {
		log_err("%s: cannot build the section view: %s", r->dev, strerror(-rc));
		return rc;
	}
	if (human)
		rc = print_region_picture(sys, r, v);
	else
		json_object_array_add(jregions, region_geometry_json(sys, r, v, flags));
	geo_view_free(v);
	return rc;
}

static int list_subsections(struct ndctl_ctx *ctx, const struct list_params *p)
{
	struct model_system sys;
	struct json_object *jroot = NULL, *jregions = NULL;
	bool human = p->human || isatty(STDOUT_FILENO);
	unsigned long flags = 0;
	int i, rc, shown = 0;

	rc = load_model(ctx, p, &sys);
	if (rc)
		return EXIT_FAIL;
	if (p->capture && topology_save(&sys, p->capture)) {
		topology_free(&sys);
		return EXIT_FAIL;
	}
	if (!human) {
		jroot = json_object_new_object();
		jregions = json_object_new_array();
		add_system_keys(jroot, &sys, flags);
		json_add(jroot, "regions", jregions);
	}
	for (i = 0; i < sys.nr_regions && !rc; i++) {
		if (!model_region_selected(&sys.regions[i], p))
			continue;
		rc = show_region(&sys, &sys.regions[i], human, flags, jregions);
		shown++;
	}
	if (!rc && jroot)
		json_print(stdout, jroot);
	if (!rc && !shown)
		log_warn("no matching regions found");
	json_object_put(jroot);
	topology_free(&sys);
	return rc ? EXIT_FAIL : EXIT_OK;
}

/* ---- options ---- */

static void set_option(struct list_params *p, int c)
{
	switch (c) {
	case 'b':
		p->bus = optarg;
		break;
	case 'r':
		p->region = optarg;
		break;
	case 'd':
		p->dimm = optarg;
		break;
	case 'n':
		p->ns = optarg;
		break;
	case 'm':
		p->mode = optarg;
		break;
	case 't':
		p->type = optarg;
		break;
	case 'B':
		p->buses = true;
		break;
	case 'D':
		p->dimms = true;
		break;
	case 'R':
		p->regions = true;
		break;
	case 'N':
		p->namespaces = true;
		break;
	case 'i':
		p->idle = true;
		break;
	case 'u':
		p->human = true;
		break;
	case 'v':
		p->verbose++;
		break;
	case OPT_SUBSECTIONS:
		p->subsections = true;
		break;
	case OPT_CAPTURE:
		p->capture = optarg;
		break;
	case OPT_TOPOLOGY:
		p->topology = optarg;
		p->subsections = true;
		break;
	}
}

/* EXIT_OK to go on, -1 after --help, EXIT_USAGE */
static int parse_args(int argc, char **argv, struct list_params *p)
{
	struct cmd_parser parser;
	int c, rc = EXIT_OK;

	if (cmd_parser_init(&parser, "ndctl list [<options>]", list_options))
		return EXIT_FAIL;
	while ((c = cmd_getopt(&parser, argc, argv)) != -1) {
		if (c == CMD_HELP || c == CMD_BADUSAGE) {
			rc = c == CMD_HELP ? -1 : EXIT_USAGE;
			goto out;
		}
		set_option(p, c);
	}
	if (optind < argc) {
		log_err("unknown parameter '%s'", argv[optind]);
		cmd_usage(&parser, stderr);
		rc = EXIT_USAGE;
	}
out:
	cmd_parser_free(&parser);
	return rc;
}

static int check_args(const struct list_params *p)
{
	if (p->type && strcmp(p->type, "pmem") != 0 && strcmp(p->type, "blk") != 0) {
		log_err("unknown type '%s': must be 'pmem' or 'blk'", p->type);
		return EXIT_USAGE;
	}
	if (p->mode && mode_filter(p->mode) < 0) {
		log_err("unknown mode '%s': must be fsdax, devdax, sector or raw", p->mode);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* upstream's defaults: a filter alone lists its objects; -v adds objects */
static void apply_defaults(struct list_params *p)
{
	if (!p->buses && !p->dimms && !p->regions && !p->namespaces) {
		p->buses = !!p->bus;
		p->regions = !!p->region;
		p->dimms = !!p->dimm;
	}
	if (p->verbose >= 3)
		p->idle = true;
	if (p->verbose >= 2)
		p->buses = p->dimms = p->regions = true;
	if (p->verbose >= 1)
		p->namespaces = true;
	if (!p->buses && !p->dimms && !p->regions && !p->namespaces)
		p->namespaces = true;
}

int cmd_list(int argc, char **argv, struct ndctl_ctx *ctx)
{
	struct list_params p = { 0 };
	struct model_system sys;
	int rc;

	optind = 1;
	rc = parse_args(argc, argv, &p);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	rc = check_args(&p);
	if (rc)
		return rc;
	if (p.subsections)
		return list_subsections(ctx, &p);
	if (p.capture) {
		if (topology_read(ctx, &sys))
			return EXIT_FAIL;
		rc = topology_save(&sys, p.capture);
		topology_free(&sys);
		if (rc)
			return EXIT_FAIL;
	}
	apply_defaults(&p);
	return list_devices(ctx, &p);
}
