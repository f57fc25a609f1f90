// SPDX-License-Identifier: GPL-2.0
/*
 * create-namespace, destroy-namespace, enable-namespace, disable-namespace.
 *
 * create-namespace walks the design's flow for one request: the live model
 * (topology) -> plan_region() (where the kernel will put it, or why it will
 * refuse) -> apply_create() (write it through libndctl, verify the kernel's
 * placement against the plan, undo everything on any failure).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>
#include <ndctl/libndctl.h>
#include "apply.h"
#include "builtin.h"
#include "filter-walk.h"
#include "infoblock.h"
#include "json.h"
#include "log.h"
#include "ns-model.h"
#include "options.h"
#include "planner.h"
#include "request.h"
#include "size.h"

#define ND_NS_TYPE_IO 4 /* ND_DEVICE_NAMESPACE_IO: label-less */
#define ND_REGION_PMEM 2 /* ND_DEVICE_REGION_PMEM */

enum {
	OPT_USABLE = 256,
	OPT_COMPAT,
	OPT_AUTOLABEL,
	OPT_NO_AUTOLABEL,
};

struct create_params {
	const char *bus;
	const char *region;
	const char *size;
	const char *usable;
	const char *mode;
	const char *map;
	const char *align;
	const char *name;
	const char *uuid;
	const char *sector_size;
	const char *reconfig;
	bool force;
	bool greedy;
	bool compat;
	bool autolabel;
};

/* what the user asked for, parsed and checked */
struct create_ctx {
	struct create_params p;
	struct plan_request req;
	bool size_given;
	bool usable_given;
	bool align_given;
	int created;
	char last_refusal[256]; /* kept while other regions are tried */
};

static void verbose_up(void)
{
	log_set_verbosity(log_get_verbosity() + 1);
}

/* "30M" for --size= suggestions: the largest unit that divides the value */
static char *opt_size(char *buf, size_t len, uint64_t v)
{
	if (v && v % SZ_1G == 0)
		snprintf(buf, len, "%lluG", (unsigned long long)(v / SZ_1G));
	else if (v && v % SZ_1M == 0)
		snprintf(buf, len, "%lluM", (unsigned long long)(v / SZ_1M));
	else if (v && v % 1024 == 0)
		snprintf(buf, len, "%lluK", (unsigned long long)(v / 1024));
	else
		snprintf(buf, len, "%llu", (unsigned long long)v);
	return buf;
}

static int parse_size_opt(const char *opt, const char *val, uint64_t *out)
{
	int rc = size_parse(val, out);

	if (rc == -ERANGE)
		log_err("--%s=%s is too large", opt, val);
	else if (rc)
		log_err("--%s=%s is not a size (examples: 30M, 1G, 0x1e00000)", opt, val);
	return rc;
}

static int parse_create_request(struct create_ctx *c)
{
	struct create_params *p = &c->p;
	struct plan_request *r = &c->req;

	memset(r, 0, sizeof(*r));
	r->mode = NS_MODE_FSDAX;
	r->map = NS_MAP_DEV;
	if (p->mode && ib_mode_parse(p->mode, &r->mode)) {
		if (strcmp(p->mode, "memory") == 0)
			r->mode = NS_MODE_FSDAX;
		else if (strcmp(p->mode, "dax") == 0)
			r->mode = NS_MODE_DEVDAX;
		else if (strcmp(p->mode, "safe") == 0)
			r->mode = NS_MODE_SECTOR;
		else {
			log_err("--mode=%s: choose fsdax, devdax, sector or raw", p->mode);
			return -EINVAL;
		}
	}
	if (p->map) {
		if (ib_map_parse(p->map, &r->map)) {
			log_err("--map=%s: choose dev (memmap in pmem) or mem (memmap in RAM)",
				p->map);
			return -EINVAL;
		}
		if (r->mode != NS_MODE_FSDAX && r->mode != NS_MODE_DEVDAX) {
			log_err("--map applies to fsdax and devdax namespaces only");
			return -EINVAL;
		}
	}
	if (p->size && p->usable) {
		log_err("give --size (raw size) or --usable-size, not both");
		return -EINVAL;
	}
	if (p->size) {
		if (parse_size_opt("size", p->size, &r->size))
			return -EINVAL;
		if (!r->size) {
			log_err("--size=%s: a namespace needs a size above 0", p->size);
			return -EINVAL;
		}
		c->size_given = true;
	}
	if (p->usable) {
		if (parse_size_opt("usable-size", p->usable, &r->usable_size))
			return -EINVAL;
		if (!r->usable_size) {
			log_err("--usable-size=%s: a namespace needs a size above 0", p->usable);
			return -EINVAL;
		}
		c->usable_given = true;
	}
	if (p->align) {
		if (parse_size_opt("align", p->align, &r->align))
			return -EINVAL;
		if (r->mode != NS_MODE_FSDAX && r->mode != NS_MODE_DEVDAX) {
			log_err("--align applies to fsdax and devdax namespaces only (it is the "
				"pfn/dax page-mapping alignment)");
			return -EINVAL;
		}
		if (!is_power_of_2(r->align) || r->align < SZ_4K) {
			log_err("--align=%s: must be a power of 2 of at least 4K (4K, 2M or 1G)",
				p->align);
			return -EINVAL;
		}
		c->align_given = true;
	}
	if (p->sector_size) {
		if (parse_size_opt("sector-size", p->sector_size, &r->sector_size))
			return -EINVAL;
		if (!is_power_of_2(r->sector_size) && r->sector_size != 520 &&
		    r->sector_size != 528 && r->sector_size != 4104 && r->sector_size != 4160 &&
		    r->sector_size != 4224) {
			log_err("--sector-size=%s: not a sector size (512, 4096, ...)",
				p->sector_size);
			return -EINVAL;
		}
		if (r->mode != NS_MODE_SECTOR) {
			log_err("--sector-size applies to sector mode only");
			return -EINVAL;
		}
	}
	if (p->name) {
		if (strlen(p->name) >= sizeof(r->name)) {
			log_err("--name: at most %zu bytes (the label's name field)",
				sizeof(r->name) - 1);
			return -EINVAL;
		}
		if (!request_name_ok(p->name)) {
			log_err("--name: has control characters or is not valid UTF-8");
			return -EINVAL;
		}
		snprintf(r->name, sizeof(r->name), "%s", p->name);
	}
	if (p->uuid) {
		uuid_t uu;

		if (uuid_parse(p->uuid, uu)) {
			log_err("--uuid=%s is not a uuid", p->uuid);
			return -EINVAL;
		}
		snprintf(r->uuid, sizeof(r->uuid), "%s", p->uuid);
	}
	return 0;
}

/* ---- the pfn/dax align: one of the seed's supported_alignments ---- */

static int seed_alignments(struct ndctl_region *region, enum ns_mode mode, unsigned long *a,
			   int max)
{
	struct ndctl_pfn *pfn;
	struct ndctl_dax *dax;
	int i, n = 0;

	if (mode == NS_MODE_FSDAX) {
		pfn = ndctl_region_get_pfn_seed(region);
		if (!pfn)
			return -ENODEV;
		n = ndctl_pfn_get_num_alignments(pfn);
		for (i = 0; i < n && i < max; i++)
			a[i] = ndctl_pfn_get_supported_alignment(pfn, i);
	} else if (mode == NS_MODE_DEVDAX) {
		dax = ndctl_region_get_dax_seed(region);
		if (!dax)
			return -ENODEV;
		n = ndctl_dax_get_num_alignments(dax);
		for (i = 0; i < n && i < max; i++)
			a[i] = ndctl_dax_get_supported_alignment(dax, i);
	}
	return n < max ? n : max;
}

static int check_align(struct ndctl_region *region, const struct plan_request *r)
{
	const char *rname = ndctl_region_get_devname(region);
	char list[128] = "", s[24];
	unsigned long a[8];
	int i, n;

	if (r->mode != NS_MODE_FSDAX && r->mode != NS_MODE_DEVDAX)
		return 0;
	n = seed_alignments(region, r->mode, a, 8);
	if (n == -ENODEV) {
		log_err("%s: the kernel offers no %s seed here (module %s not loaded?)", rname,
			r->mode == NS_MODE_FSDAX ? "pfn" : "dax",
			r->mode == NS_MODE_FSDAX ? "nd_pmem" : "dax_pmem");
		return -ENODEV;
	}
	if (!r->align || n <= 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (a[i] == r->align)
			return 0;
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
			 i ? (i == n - 1 ? " or " : ", ") : "", opt_size(s, sizeof(s), a[i]));
	}
	log_err("%s: --align=%s is not supported by this kernel for %s (choose %s)", rname,
		opt_size(s, sizeof(s), r->align), ib_mode_name(r->mode), list);
	return -EINVAL;
}

/* ---- label-less regions ---- */

static bool region_idle_labelless(struct ndctl_region *region, char *why, size_t len)
{
	struct ndctl_namespace *ndns;

	ndctl_namespace_foreach(region, ndns) {
		if (apply_namespace_busy(ndns, why, len))
			return false;
		if (ndctl_namespace_get_mode(ndns) != NDCTL_NS_MODE_RAW &&
		    ndctl_namespace_is_active(ndns)) {
			snprintf(why, len, "%s is in use as %s", ndctl_namespace_get_devname(ndns),
				 json_mode_name(ndctl_namespace_get_mode(ndns)));
			return false;
		}
	}
	return true;
}

/*
 * A DIMM that reports it is not armed cannot keep what is written to it:
 * the kernel makes its regions read-only at boot. Even when the region's
 * read_only was turned off since, --autolabel does not guess: init-labels
 * by hand is the deliberate way.
 */
static int check_dimms_armed(struct ndctl_region *region)
{
	struct ndctl_dimm *dimm;

	ndctl_dimm_foreach_in_region(region, dimm) {
		if (ndctl_dimm_failed_arm(dimm) != 1)
			continue;
		log_err("%s: %s is not armed (its writes may not persist): --autolabel writes no "
			"labels to it",
			ndctl_region_get_devname(region), ndctl_dimm_get_devname(dimm));
		return -EROFS;
	}
	return 0;
}

static int labelless(struct create_ctx *c, struct ndctl_region *region)
{
	const char *rname = ndctl_region_get_devname(region);
	char why[512];
	int rc;

	if (!c->p.autolabel) {
		log_err("%s: is label-less (one fixed namespace covering the region): initialise "
			"labels first: 'ndctl disable-region %s; ndctl init-labels all -r %s; "
			"ndctl enable-region %s', or add --autolabel",
			rname, rname, rname, rname);
		return -ENXIO;
	}
	if (!region_idle_labelless(region, why, sizeof(why))) {
		log_err("%s: is label-less and not idle (%s): --autolabel would destroy its "
			"namespace",
			rname, why);
		return -EBUSY;
	}
	rc = check_dimms_armed(region);
	if (rc)
		return rc;
	log_info("%s: label-less and idle: initialising labels (--autolabel)", rname);
	return apply_region_init_labels(region, 0);
}

/* ---- create ---- */

/*
 * The largest namespace the region can take, on the finest grid allowed:
 * the kernel's max_available_extent is counted at the current region align
 * (16 MiB after boot), which would waste the tail the 2 MiB grid can use.
 * Holes are trimmed per DIMM in absolute DPA, as the kernel does.
 */
static uint64_t default_size(const struct model_region *m, bool compat)
{
	uint64_t ways = m->ways ? m->ways : 1, best = 0, at = m->start;
	uint64_t g = compat ? (m->align > SZ_16M * ways ? m->align : SZ_16M * ways) / ways : SZ_2M;
	uint64_t end = m->start + m->size;
	int i;

	for (i = 0; i <= m->nr_namespaces; i++) {
		uint64_t next = i < m->nr_namespaces ? m->namespaces[i].start : end;
		uint64_t lo, hi;

		if (next > at) {
			lo = align_up(m->dpa_start + (at - m->start) / ways, g);
			hi = align_down(m->dpa_start + (next - m->start) / ways, g);
			if (hi > lo && (hi - lo) * ways > best)
				best = (hi - lo) * ways;
		}
		if (i < m->nr_namespaces && m->namespaces[i].start + m->namespaces[i].size > at)
			at = m->namespaces[i].start + m->namespaces[i].size;
	}
	return best;
}

static void spec_from_placement(struct apply_spec *s, const struct plan_request *r,
				const struct plan_placement *pl, uint64_t region_align)
{
	memset(s, 0, sizeof(*s));
	s->mode = pl->mode;
	s->map = pl->map;
	s->size = pl->size;
	s->align = pl->align;
	s->sector_size = pl->mode == NS_MODE_SECTOR ? pl->sector_size : r->sector_size;
	snprintf(s->uuid, sizeof(s->uuid), "%s", r->uuid);
	snprintf(s->name, sizeof(s->name), "%s", r->name);
	s->region_align = region_align;
	s->predicted = pl->start != 0;
	s->start = pl->start;
	if (pl->mode == NS_MODE_FSDAX || pl->mode == NS_MODE_DEVDAX) {
		s->data_start = pl->layout.data.start;
		s->data_size = pl->layout.usable;
	}
}

static void report_refusal(struct create_ctx *c, const struct plan_placement *pl, bool quiet)
{
	char lo[24], hi[24], msg[sizeof(c->last_refusal)];

	if (pl->suggest_lo && pl->suggest_hi && pl->suggest_lo != pl->suggest_hi)
		snprintf(msg, sizeof(msg), "%s; did you mean --size=%s or --size=%s?", pl->why,
			 opt_size(lo, sizeof(lo), pl->suggest_lo),
			 opt_size(hi, sizeof(hi), pl->suggest_hi));
	else if (pl->suggest_lo || pl->suggest_hi)
		snprintf(msg, sizeof(msg), "%s; did you mean --size=%s?", pl->why,
			 opt_size(lo, sizeof(lo),
				  pl->suggest_lo ? pl->suggest_lo : pl->suggest_hi));
	else
		snprintf(msg, sizeof(msg), "%s", pl->why);
	if (quiet) {
		log_info("%s", msg);
		snprintf(c->last_refusal, sizeof(c->last_refusal), "%s", msg);
	} else {
		log_err("%s", msg);
	}
}

static void print_namespace(struct ndctl_namespace *ndns)
{
	struct json_object *j = namespace_to_json(ndns, JSONF_PHYS);

	if (!j)
		return;
	json_print(stdout, j);
	json_object_put(j);
}

/*
 * One create on one region. Returns 0 (created), -EAGAIN (no room here: the
 * caller may try another region) or another -errno (reported).
 */
static int create_on_region(struct create_ctx *c, struct ndctl_ctx *ctx,
			    struct ndctl_region *region, bool only_region)
{
	const char *rname = ndctl_region_get_devname(region);
	struct plan_options opts = { .policy = PLAN_IN_ORDER, .compat = c->p.compat };
	struct plan_request req = c->req;
	struct plan_result res = { 0 };
	const struct plan_placement *pl;
	struct ndctl_namespace *ndns;
	struct model_system sys;
	struct model_region *m;
	struct apply_spec spec;
	uint64_t new_align = 0;
	int rc, i;

	rc = ns_model_fill(ctx, &sys);
	if (rc) {
		log_err("cannot read the topology: %s", strerror(-rc));
		goto out;
	}
	m = ns_model_region(&sys, rname);
	if (!m) {
		rc = -ENODEV;
		goto out;
	}
	/* before --autolabel: a read-only region must not get a label index either */
	if (m->readonly) {
		log_err("%s: is read-only (ndctl_region_get_ro): no namespace can be created",
			rname);
		rc = -EROFS;
		goto out;
	}
	if (!m->labeled) {
		rc = labelless(c, region);
		if (rc)
			goto out;
		ns_model_free(&sys);
		rc = ns_model_fill(ctx, &sys);
		m = rc ? NULL : ns_model_region(&sys, rname);
		if (!m) {
			rc = rc ? rc : -ENODEV;
			goto out;
		}
	}
	if (!m->start)
		log_warn("%s: its physical address is unreadable (need root): the placement "
			 "cannot be predicted or verified",
			 rname);
	rc = check_align(region, &req);
	if (rc)
		goto out;
	if (!c->size_given && !c->usable_given) {
		req.size = default_size(m, c->p.compat);
		if (!req.size) {
			snprintf(c->last_refusal, sizeof(c->last_refusal),
				 "%s: no free capacity left", rname);
			rc = -EAGAIN;
			goto out;
		}
	}
	rc = plan_region(&sys, m, &req, 1, &opts, &res);
	if (rc) {
		log_err("%s: planning failed: %s", rname, strerror(-rc));
		goto out;
	}
	if (res.err) {
		log_err("%s", res.why);
		rc = res.err;
		goto out;
	}
	pl = &res.placements[0];
	if (pl->err) {
		bool no_room = pl->err == -ENOSPC && (!only_region || c->created);

		report_refusal(c, pl, no_room);
		rc = no_room ? -EAGAIN : pl->err;
		goto out;
	}
	for (i = 0; i < res.nr_ops; i++)
		if (res.ops[i].kind == PLAN_OP_SET_REGION_ALIGN)
			new_align = res.ops[i].value;
	spec_from_placement(&spec, &req, pl, new_align);
	rc = apply_create(region, &spec, NULL, &ndns);
	if (rc)
		goto out;
	c->created++;
	print_namespace(ndns);
out:
	plan_result_free(&res);
	ns_model_free(&sys);
	return rc;
}

/* a region the -r filter lets through that can take a namespace */
static bool region_candidate(struct ndctl_region *region, const char *filter)
{
	if (ndctl_region_get_type(region) != ND_REGION_PMEM)
		return false;
	if (!ndctl_region_is_enabled(region)) {
		if (filter)
			log_err("%s: is disabled; enable it with 'ndctl enable-region %s'",
				ndctl_region_get_devname(region), ndctl_region_get_devname(region));
		return false;
	}
	return true;
}

static int do_create(struct create_ctx *c, struct ndctl_ctx *ctx)
{
	struct ndctl_region *region;
	struct ndctl_bus *bus;
	int rc = -EAGAIN, seen = 0;

	filter_foreach_region(ctx, bus, region, c->p.bus, c->p.region) {
		if (!region_candidate(region, c->p.region))
			continue;
		seen++;
		do {
			rc = create_on_region(c, ctx, region, c->p.region != NULL);
		} while (rc == 0 && c->p.greedy);
		if (rc == 0 || (rc == -EAGAIN && c->p.greedy))
			rc = 0;
		if (rc != -EAGAIN && !(rc == 0 && c->p.greedy))
			return rc;
	}
	if (!seen) {
		log_err("no enabled pmem region%s%s%s%s", c->p.region ? " matches -r " : "",
			c->p.region ? c->p.region : "", c->p.bus ? " on bus " : "",
			c->p.bus ? c->p.bus : "");
		return -ENODEV;
	}
	if (c->created)
		return 0;
	if (c->last_refusal[0])
		log_err("%s", c->last_refusal);
	return -ENOSPC;
}

/* ---- --reconfig ---- */

static struct ndctl_namespace *find_namespace(struct ndctl_ctx *ctx, const char *name,
					      const char *bus_f, const char *region_f)
{
	struct ndctl_namespace *ndns;
	struct ndctl_region *region;
	struct ndctl_bus *bus;

	filter_foreach_region(ctx, bus, region, bus_f, region_f)
		ndctl_namespace_foreach(region, ndns)
			if (strcmp(ndctl_namespace_get_devname(ndns), name) == 0)
				return ndns;
	return NULL;
}

static int do_reconfig(struct create_ctx *c, struct ndctl_ctx *ctx)
{
	struct ndctl_namespace *ndns = find_namespace(ctx, c->p.reconfig, c->p.bus, c->p.region);
	struct plan_request *r = &c->req;
	struct ib_params ip = { 0 };
	struct ib_layout lay;
	struct model_system sys;
	struct apply_spec spec = { 0 };
	char s[SIZE_STR_LEN];
	uint64_t start = 0;
	int rc;

	if (!ndns) {
		log_err("%s: no such namespace%s", c->p.reconfig,
			c->p.region || c->p.bus ? " under the -r/-b filters" : "");
		return -ENOENT;
	}
	if (!ndctl_namespace_get_size(ndns)) {
		log_err("%s: is an idle seed (size 0): create a namespace instead of --reconfig",
			c->p.reconfig);
		return -EINVAL;
	}
	if (c->size_given && r->size != ndctl_namespace_get_size(ndns)) {
		log_err("%s: is %s; --reconfig keeps the size (destroy and create to resize)",
			c->p.reconfig, size_str(s, sizeof(s), ndctl_namespace_get_size(ndns)));
		return -EINVAL;
	}
	if (c->usable_given) {
		log_err("--usable-size does not apply to --reconfig (the size is kept)");
		return -EINVAL;
	}
	if (!c->p.mode) {
		enum ndctl_namespace_mode m = ndctl_namespace_get_mode(ndns);

		r->mode = m == NDCTL_NS_MODE_DEVDAX ? NS_MODE_DEVDAX :
			  m == NDCTL_NS_MODE_SECTOR ? NS_MODE_SECTOR :
			  m == NDCTL_NS_MODE_RAW    ? NS_MODE_RAW :
						      NS_MODE_FSDAX;
	}
	rc = check_align(ndctl_namespace_get_region(ndns), r);
	if (rc)
		return rc;
	apply_read_attr_u64(ndctl_namespace_get_devname(ndns), "resource", &start);
	memset(&sys, 0, sizeof(sys));
	model_system_defaults(&sys);
	ip.mode = r->mode;
	ip.map = r->map;
	ip.align = r->align;
	ip.sector_size = r->sector_size;
	ip.start = start;
	ip.size = ndctl_namespace_get_size(ndns);
	if (start && ib_layout(&sys, &ip, &lay)) {
		log_err("%s: cannot become %s: %s", c->p.reconfig, ib_mode_name(r->mode), lay.rule);
		return lay.err;
	}
	spec.mode = r->mode;
	spec.map = r->map;
	spec.size = ip.size;
	spec.align = r->mode == NS_MODE_FSDAX || r->mode == NS_MODE_DEVDAX ?
			     (r->align ? r->align : IB_DEFAULT_ALIGN) :
			     0;
	spec.sector_size = r->sector_size;
	snprintf(spec.name, sizeof(spec.name), "%s", r->name);
	if (start) {
		spec.predicted = true;
		spec.start = start;
		if (r->mode == NS_MODE_FSDAX || r->mode == NS_MODE_DEVDAX) {
			spec.data_start = lay.data.start;
			spec.data_size = lay.usable;
		}
	}
	rc = apply_reconfig_prepare(ndns, c->p.force);
	if (!rc)
		rc = apply_reconfig(ndns, &spec);
	if (!rc) {
		c->created++;
		print_namespace(ndns);
	}
	return rc;
}

static const struct cmd_option create_options[] = {
	{ "bus", 'b', required_argument, "bus-id", "limit to a bus (ndbusN, id or provider)" },
	{ "region", 'r', required_argument, "region-id", "create in this region (regionN or N)" },
	{ "size", 's', required_argument, "size", "raw namespace size (default: largest free)" },
	{ "usable-size", OPT_USABLE, required_argument, "size",
	  "the capacity wanted in the block/char device; the raw size is computed" },
	{ "mode", 'm', required_argument, "mode", "fsdax (default), devdax, sector or raw" },
	{ "map", 'M', required_argument, "where", "memmap location: dev (default) or mem" },
	{ "align", 'a', required_argument, "align", "pfn/dax alignment: 4K, 2M (default) or 1G" },
	{ "name", 'n', required_argument, "name", "free-form name stored in the label" },
	{ "uuid", 'u', required_argument, "uuid", "namespace uuid (default: generated)" },
	{ "sector-size", 'l', required_argument, "bytes", "logical sector size (sector: 4096)" },
	{ "reconfig", 'e', required_argument, "namespace", "change an existing namespace's mode" },
	{ "force", 'f', no_argument, NULL, "reconfigure even if the namespace is enabled" },
	{ "continue", 'c', no_argument, NULL, "keep creating while the request fits" },
	{ "compat", OPT_COMPAT, no_argument, NULL,
	  "keep 16 MiB granularity (for architectures with 16 MiB memremap_compat_align)" },
	{ "autolabel", OPT_AUTOLABEL, no_argument, NULL,
	  "initialise labels on an idle label-less region first" },
	{ "no-autolabel", OPT_NO_AUTOLABEL, no_argument, NULL,
	  "never initialise labels (default)" },
	{ "verbose", 'v', no_argument, NULL, "say what is done (region align changes, ...)" },
	OPT_END,
};

static int parse_create(struct create_ctx *c, int argc, char **argv)
{
	struct create_params *p = &c->p;
	struct cmd_parser parser;
	int key, rc = 0;

	if (cmd_parser_init(&parser, "ndctl create-namespace [<options>]", create_options))
		return EXIT_FAIL;
	optind = 0;
	while ((key = cmd_getopt(&parser, argc, argv)) != -1) {
		switch (key) {
		case CMD_HELP:
			rc = -1;
			goto out;
		case CMD_BADUSAGE:
			rc = EXIT_USAGE;
			goto out;
		case 'b':
			p->bus = optarg;
			break;
		case 'r':
			p->region = optarg;
			break;
		case 's':
			p->size = optarg;
			break;
		case OPT_USABLE:
			p->usable = optarg;
			break;
		case 'm':
			p->mode = optarg;
			break;
		case 'M':
			p->map = optarg;
			break;
		case 'a':
			p->align = optarg;
			break;
		case 'n':
			p->name = optarg;
			break;
		case 'u':
			p->uuid = optarg;
			break;
		case 'l':
			p->sector_size = optarg;
			break;
		case 'e':
			p->reconfig = optarg;
			break;
		case 'f':
			p->force = true;
			break;
		case 'c':
			p->greedy = true;
			break;
		case OPT_COMPAT:
			p->compat = true;
			break;
		case OPT_AUTOLABEL:
			p->autolabel = true;
			break;
		case OPT_NO_AUTOLABEL:
			p->autolabel = false;
			break;
		case 'v':
			verbose_up();
			break;
		}
	}
	if (optind < argc) {
		log_err("unexpected argument '%s'", argv[optind]);
		cmd_usage(&parser, stderr);
		rc = EXIT_USAGE;
		goto out;
	}
	if (parse_create_request(c))
		rc = EXIT_USAGE;
out:
	cmd_parser_free(&parser);
	return rc;
}

int cmd_create_namespace(int argc, char **argv, struct ndctl_ctx *ctx)
{
	struct create_ctx c;
	int rc;

	memset(&c, 0, sizeof(c));
	rc = parse_create(&c, argc, argv);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (c.p.reconfig)
		rc = do_reconfig(&c, ctx);
	else
		rc = do_create(&c, ctx);
	if (c.p.greedy || c.created > 1)
		fprintf(stderr, "created %d namespace%s\n", c.created, c.created == 1 ? "" : "s");
	if (rc && !c.created)
		return EXIT_FAIL;
	return rc ? EXIT_FAIL : EXIT_OK;
}

/* ---- destroy / enable / disable ---- */

enum ns_action {
	ACT_DESTROY,
	ACT_ENABLE,
	ACT_DISABLE,
};

static const char *const action_verb[] = { "destroy", "enable", "disable" };
static const char *const action_done[] = { "destroyed", "enabled", "disabled" };

/* seeds and namespaces destroyed earlier hold no capacity: "all" skips them */
static bool is_idle_seed(struct ndctl_namespace *ndns)
{
	return ndctl_namespace_get_size(ndns) == 0;
}

static int act_one(struct ndctl_namespace *ndns, enum ns_action act, bool force)
{
	const char *dev = ndctl_namespace_get_devname(ndns);
	int rc;

	switch (act) {
	case ACT_DESTROY:
		return apply_destroy(ndns, force);
	case ACT_ENABLE:
		rc = ndctl_namespace_enable(ndns);
		if (rc < 0)
			log_err("%s: the kernel refused to enable it (see dmesg)", dev);
		return rc < 0 ? rc : 0;
	case ACT_DISABLE:
		return apply_disable(ndns);
	}
	return -EINVAL;
}

static const struct cmd_option destroy_options[] = {
	{ "bus", 'b', required_argument, "bus-id", "limit to a bus (ndbusN, id or provider)" },
	{ "region", 'r', required_argument, "region-id", "limit to a region (regionN or N)" },
	{ "force", 'f', no_argument, NULL, "destroy even if enabled (never if mounted or open)" },
	{ "verbose", 'v', no_argument, NULL, "more messages" },
	OPT_END,
};

/*
 * -f changes nothing for enable and disable: a namespace that is mounted,
 * open or online as System RAM is never disabled. It is accepted so that
 * "-f" copied from a destroy-namespace line is not a usage error.
 */
static const struct cmd_option xable_options[] = {
	{ "bus", 'b', required_argument, "bus-id", "limit to a bus (ndbusN, id or provider)" },
	{ "region", 'r', required_argument, "region-id", "limit to a region (regionN or N)" },
	{ "force", 'f', no_argument, NULL, "accepted and ignored (no effect on enable/disable)" },
	{ "verbose", 'v', no_argument, NULL, "more messages" },
	OPT_END,
};

static int force_option(int key, const char *arg, void *data)
{
	(void)arg;
	if (key == 'f')
		*(bool *)data = true;
	return 0;
}

static int xable_namespace(int argc, char **argv, struct ndctl_ctx *ctx, enum ns_action act)
{
	bool force = false;
	struct target_cmd cmd = {
		.options = act == ACT_DESTROY ? destroy_options : xable_options,
		.noun = "namespace",
		.unit = "namespace",
		.done = action_done[act],
		.option = force_option,
		.data = &force,
	};
	struct ndctl_namespace *ndns, *next;
	struct ndctl_region *region;
	struct ndctl_bus *bus;
	struct target_walk w;
	char usage[96], name_one[48], name_none[48];
	int rc;

	snprintf(usage, sizeof(usage), "ndctl %s-namespace <namespace> | all [<options>]",
		 action_verb[act]);
	snprintf(name_one, sizeof(name_one), "name one namespace to %s", action_verb[act]);
	snprintf(name_none, sizeof(name_none), "name a namespace to %s", action_verb[act]);
	cmd.usage = usage;
	cmd.name_one = name_one;
	cmd.name_none = name_none;
	rc = target_parse(&cmd, argc, argv, &w);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	filter_foreach_region(ctx, bus, region, w.bus, w.region) {
		ndctl_namespace_foreach_safe(region, ndns, next) {
			const char *dev = ndctl_namespace_get_devname(ndns);

			if (target_is_all(&w) ? is_idle_seed(ndns) : !target_named(&w, dev))
				continue;
			target_count(&w, act_one(ndns, act, force));
		}
	}
	return target_finish(&cmd, &w);
}

int cmd_destroy_namespace(int argc, char **argv, struct ndctl_ctx *ctx)
{
	return xable_namespace(argc, argv, ctx, ACT_DESTROY);
}

int cmd_enable_namespace(int argc, char **argv, struct ndctl_ctx *ctx)
{
	return xable_namespace(argc, argv, ctx, ACT_ENABLE);
}

int cmd_disable_namespace(int argc, char **argv, struct ndctl_ctx *ctx)
{
	return xable_namespace(argc, argv, ctx, ACT_DISABLE);
}
