// SPDX-License-Identifier: GPL-2.0
/* Topology discovery and the capture file: see topology.h */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>
#include <uuid/uuid.h>
#include <json-c/json.h>
#include <ndctl/libndctl.h>
#include <linux/ndctl.h>
#include "apply.h"
#include "json.h"
#include "json-read.h"
#include "log.h"
#include "size.h"
#include "topology.h"

#define TOPOLOGY_VERSION	1
#define IOMEM_PATH		"/proc/iomem"
#define BLOCK_SIZE_PATH		"/sys/devices/system/memory/block_size_bytes"
/* a capture or /proc/iomem larger than this is not one */
#define MAX_FILE_SIZE		(64u << 20)

/* ---- /proc/iomem ---- */

struct iomem_line {
	uint64_t start, end;	/* end exclusive */
	bool top;		/* no indentation: a top-level resource */
	const char *name;	/* not NUL-terminated */
	size_t name_len;
};

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* parse hex digits at *p (bounded by end); at least one, at most 16 */
static bool parse_hex(const char **p, const char *end, uint64_t *out)
{
	uint64_t v = 0;
	int n = 0, d;

	while (*p < end && (d = hex_digit(**p)) >= 0) {
		if (++n > 16)
			return false;
		v = (v << 4) | (uint64_t)d;
		(*p)++;
	}
	*out = v;
	return n > 0;
}

/* "  00001000-0009fbff : System RAM" */
static bool parse_iomem_line(const char *p, const char *end, struct iomem_line *l)
{
	uint64_t last;

	l->top = p < end && *p != ' ';
	while (p < end && *p == ' ')
		p++;
	if (!parse_hex(&p, end, &l->start) || p >= end || *p++ != '-')
		return false;
	if (!parse_hex(&p, end, &last) || last < l->start)
		return false;
	if (end - p < 3 || memcmp(p, " : ", 3) != 0)
		return false;
	p += 3;
	/* the kernel prints the inclusive end; an all-ones end cannot be made exclusive */
	if (last == UINT64_MAX)
		return false;
	l->end = last + 1;
	l->name = p;
	l->name_len = (size_t)(end - p);
	return true;
}

static int cmp_range(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
}

/* sort and merge touching or overlapping ranges in place; returns the new count */
static int merge_ranges(struct range *r, int n)
{
	int i, out = 0;

	if (n == 0)
		return 0;
	qsort(r, (size_t)n, sizeof(*r), cmp_range);
	for (i = 1; i < n; i++) {
		if (r[i].start <= r[out].end) {
			if (r[i].end > r[out].end)
				r[out].end = r[i].end;
			continue;
		}
		r[++out] = r[i];
	}
	return out + 1;
}

static int add_range(struct range **arr, int *nr, int *cap, uint64_t start, uint64_t end)
{
	if (*nr == *cap) {
		int ncap = *cap ? *cap * 2 : 16;
		struct range *n = realloc(*arr, (size_t)ncap * sizeof(**arr));

		if (!n)
			return -ENOMEM;
		*arr = n;
		*cap = ncap;
	}
	(*arr)[*nr].start = start;
	(*arr)[*nr].end = end;
	(*nr)++;
	return 0;
}

int topology_parse_iomem(const char *text, size_t len, struct range **ram, int *nr_ram)
{
	static const char sysram[] = "System RAM";
	const char *p = text, *end = text + len;
	struct range *arr = NULL;
	int nr = 0, cap = 0, parsed = 0, nonzero = 0;

	*ram = NULL;
	*nr_ram = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		struct iomem_line l;

		if (parse_iomem_line(p, eol, &l)) {
			parsed++;
			/* without root the kernel shows every range as 0-0 */
			if (l.start || l.end != 1)
				nonzero++;
			if (l.top && l.name_len == sizeof(sysram) - 1 &&
			    memcmp(l.name, sysram, l.name_len) == 0 &&
			    add_range(&arr, &nr, &cap, l.start, l.end)) {
				free(arr);
				return -ENOMEM;
			}
		}
		p = nl ? nl + 1 : end;
	}
	if (parsed && !nonzero) {
		free(arr);
		return -EPERM;
	}
	*nr_ram = merge_ranges(arr, nr);
	*ram = *nr_ram ? arr : NULL;
	if (!*nr_ram)
		free(arr);
	return 0;
}

int topology_kernel_model(const char *release, enum kernel_model *out)
{
	unsigned major, minor;

	if (!release || sscanf(release, "%u.%u", &major, &minor) != 2)
		return -EINVAL;
	*out = (major > 5 || (major == 5 && minor >= 3)) ? KMODEL_SUBSECTION : KMODEL_SECTION;
	return 0;
}

/* ---- files ---- */

static int read_file(const char *path, char **text, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	int fd, rc = 0;

	if (!buf)
		return -ENOMEM;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		free(buf);
		return -errno;
	}
	for (;;) {
		ssize_t r;

		if (n == cap) {
			char *nb;

			if (cap >= MAX_FILE_SIZE) {
				rc = -EFBIG;
				break;
			}
			nb = realloc(buf, cap * 2);
			if (!nb) {
				rc = -ENOMEM;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			break;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (rc) {
		free(buf);
		return rc;
	}
	*text = buf;
	*len = n;
	return 0;
}

int topology_memblock_size(uint64_t *size)
{
	char *text = NULL, buf[32], *end;
	size_t len;
	uint64_t v;
	int rc;

	rc = read_file(BLOCK_SIZE_PATH, &text, &len);
	if (rc)
		return rc < 0 ? rc : -EIO;
	rc = -EINVAL;
	if (len < sizeof(buf)) {
		memcpy(buf, text, len);
		buf[len] = '\0';
		/* hex without a 0x prefix, e.g. "8000000" */
		v = strtoull(buf, &end, 16);
		if (end != buf && (!*end || *end == '\n') && is_power_of_2(v)) {
			*size = v;
			rc = 0;
		}
	}
	free(text);
	return rc;
}

static int read_ram(struct model_system *sys)
{
	char *text = NULL;
	size_t len;
	int rc;

	rc = read_file(IOMEM_PATH, &text, &len);
	if (rc) {
		log_err("cannot read %s: %s", IOMEM_PATH, strerror(-rc));
		return rc;
	}
	rc = topology_parse_iomem(text, len, &sys->ram, &sys->nr_ram);
	free(text);
	if (rc == -EPERM)
		log_err("need root to read physical addresses (%s shows them as 0)", IOMEM_PATH);
	return rc;
}

/* ---- live regions and namespaces ---- */

static enum ns_mode mode_from_ndctl(enum ndctl_namespace_mode m)
{
	switch (m) {
	case NDCTL_NS_MODE_FSDAX:
		return NS_MODE_FSDAX;
	case NDCTL_NS_MODE_DEVDAX:
		return NS_MODE_DEVDAX;
	case NDCTL_NS_MODE_SECTOR:
		return NS_MODE_SECTOR;
	default:
		return NS_MODE_RAW;
	}
}

/* copy, truncating to fit */
static void copy_str(char *dst, size_t len, const char *src)
{
	size_t n = src ? strnlen(src, len - 1) : 0;

	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * What claims a namespace: at most one pfn, dax or btt device, named by the
 * namespace's "holder" attribute. libndctl's ndctl_namespace_get_pfn/dax/btt()
 * each read that attribute, and ndctl_namespace_is_active() calls all three,
 * so asking libndctl for the mode, the state and the personality read it six
 * times per namespace (and "mode" once more). It is read once here, and the
 * device looked up in the region's list of its kind only.
 */
struct ns_claim {
	enum ns_mode mode;	/* NS_MODE_RAW: unclaimed */
	struct ndctl_pfn *pfn;
	struct ndctl_dax *dax;
	struct ndctl_btt *btt;
};

static void read_claim(struct ndctl_namespace *ndns, struct ns_claim *c)
{
	struct ndctl_region *region = ndctl_namespace_get_region(ndns);
	char holder[64];
	struct ndctl_pfn *pfn;
	struct ndctl_dax *dax;
	struct ndctl_btt *btt;

	memset(c, 0, sizeof(*c));
	c->mode = NS_MODE_RAW;
	if (apply_read_attr(ndctl_namespace_get_devname(ndns), "holder", holder, sizeof(holder)) ||
	    !holder[0])
		return;
	if (strncmp(holder, "pfn", 3) == 0) {
		c->mode = NS_MODE_FSDAX;
		ndctl_pfn_foreach(region, pfn)
			if (strcmp(holder, ndctl_pfn_get_devname(pfn)) == 0)
				c->pfn = pfn;
	} else if (strncmp(holder, "dax", 3) == 0) {
		c->mode = NS_MODE_DEVDAX;
		ndctl_dax_foreach(region, dax)
			if (strcmp(holder, ndctl_dax_get_devname(dax)) == 0)
				c->dax = dax;
	} else if (strncmp(holder, "btt", 3) == 0) {
		c->mode = NS_MODE_SECTOR;
		ndctl_btt_foreach(region, btt)
			if (strcmp(holder, ndctl_btt_get_devname(btt)) == 0)
				c->btt = btt;
	}
}

/*
 * ndctl_namespace_is_active(), from the claim already read. libndctl's
 * *_is_enabled() wait for the bus's probing before each look at the driver
 * link (four syscalls more each); read_namespaces() waits once per region.
 */
static bool claim_active(struct ndctl_namespace *ndns, const struct ns_claim *c)
{
	if (c->pfn)
		return apply_dev_bound(ndctl_pfn_get_devname(c->pfn));
	if (c->dax)
		return apply_dev_bound(ndctl_dax_get_devname(c->dax));
	if (c->btt)
		return apply_dev_bound(ndctl_btt_get_devname(c->btt));
	return apply_dev_bound(ndctl_namespace_get_devname(ndns));
}

static void read_personality(const struct ns_claim *c, struct model_namespace *ns)
{
	unsigned long long start = ULLONG_MAX, size = ULLONG_MAX;
	enum ndctl_pfn_loc loc = NDCTL_PFN_LOC_PMEM;

	if (c->pfn) {
		ns->align = ndctl_pfn_get_align(c->pfn);
		loc = ndctl_pfn_get_location(c->pfn);
		start = ndctl_pfn_get_resource(c->pfn);
		size = ndctl_pfn_get_size(c->pfn);
	} else if (c->dax) {
		ns->align = ndctl_dax_get_align(c->dax);
		loc = ndctl_dax_get_location(c->dax);
		start = ndctl_dax_get_resource(c->dax);
		size = ndctl_dax_get_size(c->dax);
	} else if (c->btt) {
		ns->sector_size = ndctl_btt_get_sector_size(c->btt);
	}
	ns->map = loc == NDCTL_PFN_LOC_RAM ? NS_MAP_MEM : NS_MAP_DEV;
	if (ns->align == ULONG_MAX)
		ns->align = 0;
	if (start != ULLONG_MAX && size != ULLONG_MAX && size) {
		ns->data_start = start;
		ns->data_size = size;
	}
}

/*
 * libndctl caches a namespace's resource from when it first met the device,
 * when an idle seed has none (76.1 refreshes it on its own size writes). So
 * that a namespace made from a seed earlier in the same context never reads
 * as unknown, read that one attribute from sysfs when the cache has nothing.
 */
static int namespace_start(struct ndctl_namespace *ndns, uint64_t *start)
{
	const char *dev = ndctl_namespace_get_devname(ndns);
	unsigned long long v = ndctl_namespace_get_resource(ndns);

	if (v != ULLONG_MAX) {
		*start = v;
		return 0;
	}
	if (apply_read_attr_u64(dev, "resource", start) == 0)
		return 0;
	log_err("%s: cannot read its physical address: need root", dev);
	return -EPERM;
}

static int read_namespace(struct ndctl_namespace *ndns, struct model_namespace *ns)
{
	struct ns_claim claim;
	uuid_t uuid;
	int rc;

	memset(ns, 0, sizeof(*ns));
	copy_str(ns->dev, sizeof(ns->dev), ndctl_namespace_get_devname(ndns));
	copy_str(ns->name, sizeof(ns->name), ndctl_namespace_get_alt_name(ndns));
	if (ndctl_namespace_get_type(ndns) != ND_DEVICE_NAMESPACE_IO) {
		ndctl_namespace_get_uuid(ndns, uuid);
		if (!uuid_is_null(uuid))
			uuid_unparse(uuid, ns->uuid);
	}
	read_claim(ndns, &claim);
	/*
	 * The kernel's "mode" of a claimed namespace is its claim's kind; an
	 * unclaimed one reads "memory" when its region maps raw namespaces
	 * with struct pages (e820), so only that case asks.
	 */
	ns->mode = claim.mode;
	if (ns->mode == NS_MODE_RAW)
		ns->mode = mode_from_ndctl(ndctl_namespace_get_mode(ndns));
	ns->size = ndctl_namespace_get_size(ndns);
	rc = namespace_start(ndns, &ns->start);
	if (rc)
		return rc;
	ns->enabled = claim_active(ndns, &claim);
	read_personality(&claim, ns);
	return 0;
}

/* qsort() must not see a NULL base, even for zero elements */
static void sort_array(void *base, int n, size_t size, int (*cmp)(const void *, const void *))
{
	if (base && n > 1)
		qsort(base, (size_t)n, size, cmp);
}

static int cmp_namespace(const void *a, const void *b)
{
	const struct model_namespace *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return strcmp(x->dev, y->dev);
}

static int read_namespaces(struct ndctl_region *region, struct model_region *r)
{
	struct ndctl_namespace *ndns;
	int n = 0, rc;

	ndctl_namespace_foreach(region, ndns)
		n++;
	r->namespaces = n ? calloc((size_t)n, sizeof(*r->namespaces)) : NULL;
	if (n && !r->namespaces)
		return -ENOMEM;
	ndctl_bus_wait_probe(ndctl_region_get_bus(region));
	ndctl_namespace_foreach(region, ndns) {
		unsigned long long size = ndctl_namespace_get_size(ndns);

		/* idle seeds (size 0) are not namespaces yet */
		if (size == 0 || size == ULLONG_MAX || r->nr_namespaces >= n)
			continue;
		rc = read_namespace(ndns, &r->namespaces[r->nr_namespaces]);
		if (rc)
			return rc;
		r->nr_namespaces++;
	}
	sort_array(r->namespaces, r->nr_namespaces, sizeof(*r->namespaces), cmp_namespace);
	return 0;
}

/* e820, virtio-pmem and of_pmem regions map raw namespaces; NFIT ones do not */
static bool bus_has_pagemap(struct ndctl_bus *bus)
{
	const char *provider = ndctl_bus_get_provider(bus);

	if (!provider)
		return false;
	return strcmp(provider, "ACPI.NFIT") != 0 && strncmp(provider, "nfit_test", 9) != 0;
}

/*
 * The DIMM extents behind the region, from its mappingN attributes
 * ("nmem0,<dpa>,<size>,<position>"): the DPA start of mapping0 and the fewest
 * free label slots among the DIMMs (-1: unknown). Read here rather than
 * through ndctl_mapping_get_first() and ndctl_dimm_get_available_labels():
 * libndctl's mapping list makes it read some twenty attributes of every DIMM
 * on the bus (and look up its module), which a create never uses.
 */
static void read_mappings(struct ndctl_region *region, struct model_region *r)
{
	const char *dev = ndctl_region_get_devname(region);
	int i, n = (int)ndctl_region_get_mappings(region);
	long best = -1;

	for (i = 0; i < n; i++) {
		char attr[32], buf[128], dimm[32];
		unsigned long long dpa, size;
		unsigned int id;
		uint64_t slots;

		snprintf(attr, sizeof(attr), "mapping%d", i);
		if (apply_read_attr(dev, attr, buf, sizeof(buf)) ||
		    sscanf(buf, "nmem%u,%llu,%llu", &id, &dpa, &size) != 3)
			continue;
		if (i == 0)
			r->dpa_start = dpa;
		snprintf(dimm, sizeof(dimm), "nmem%u", id);
		if (apply_read_attr_u64(dimm, "available_slots", &slots) || slots > INT_MAX)
			continue;
		if (best < 0 || (long)slots < best)
			best = (long)slots;
	}
	r->label_slots_free = (int)best;
}

static int read_region(struct ndctl_bus *bus, struct ndctl_region *region,
		       struct model_region *r)
{
	unsigned long align = ndctl_region_get_align(region);

	memset(r, 0, sizeof(*r));
	copy_str(r->dev, sizeof(r->dev), ndctl_region_get_devname(region));
	r->start = ndctl_region_get_resource(region);
	if (r->start == ULLONG_MAX) {
		log_err("%s: cannot read its physical address: need root", r->dev);
		return -EPERM;
	}
	r->size = ndctl_region_get_size(region);
	r->align = align == ULONG_MAX ? 0 : align;
	r->ways = ndctl_region_get_interleave_ways(region);
	if (r->ways < 1)
		r->ways = 1;
	r->labeled = ndctl_region_get_nstype(region) == ND_DEVICE_NAMESPACE_PMEM;
	r->readonly = ndctl_region_get_ro(region) == 1;
	r->pagemap = bus_has_pagemap(bus);
	read_mappings(region, r);
	return read_namespaces(region, r);
}

static int cmp_region(const void *a, const void *b)
{
	const struct model_region *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return strcmp(x->dev, y->dev);
}

static int read_regions(struct ndctl_ctx *ctx, struct model_system *sys)
{
	struct ndctl_region *region;
	struct ndctl_bus *bus;
	int n = 0, rc;

	ndctl_bus_foreach(ctx, bus)
		ndctl_region_foreach(bus, region)
			n++;
	sys->regions = n ? calloc((size_t)n, sizeof(*sys->regions)) : NULL;
	if (n && !sys->regions)
		return -ENOMEM;
	ndctl_bus_foreach(ctx, bus) {
		ndctl_region_foreach(bus, region) {
			const char *type = ndctl_region_get_type_name(region);

			/* only pmem regions take part in memory hotplug */
			if (!type || strcmp(type, "pmem") != 0 || sys->nr_regions >= n)
				continue;
			rc = read_region(bus, region, &sys->regions[sys->nr_regions]);
			sys->nr_regions++;
			if (rc)
				return rc;
		}
	}
	sort_array(sys->regions, sys->nr_regions, sizeof(*sys->regions), cmp_region);
	return 0;
}

int topology_read(struct ndctl_ctx *ctx, struct model_system *sys)
{
	struct utsname uts;
	int rc;

	memset(sys, 0, sizeof(*sys));
	model_system_defaults(sys);
	if (uname(&uts) == 0) {
		copy_str(sys->kernel_release, sizeof(sys->kernel_release), uts.release);
		if (topology_kernel_model(uts.release, &sys->kmodel))
			log_warn("kernel release '%s' not understood: assuming sub-section hotplug",
				 uts.release);
	}
	if (topology_memblock_size(&sys->memblock_size))
		sys->memblock_size = 0;
	rc = read_ram(sys);
	if (!rc)
		rc = read_regions(ctx, sys);
	if (rc)
		topology_free(sys);
	return rc;
}

void topology_free(struct model_system *sys)
{
	int i;

	if (!sys)
		return;
	for (i = 0; i < sys->nr_regions; i++)
		free(sys->regions[i].namespaces);
	free(sys->regions);
	free(sys->ram);
	memset(sys, 0, sizeof(*sys));
}

struct model_region *topology_find_region(struct model_system *sys, const char *dev)
{
	int i;

	for (i = 0; dev && i < sys->nr_regions; i++)
		if (strcmp(sys->regions[i].dev, dev) == 0)
			return &sys->regions[i];
	return NULL;
}

/* ---- capture: model -> JSON ---- */

static const char *const mode_names[] = {
	[NS_MODE_RAW] = "raw",
	[NS_MODE_FSDAX] = "fsdax",
	[NS_MODE_DEVDAX] = "devdax",
	[NS_MODE_SECTOR] = "sector",
};

static const char *const map_names[] = {
	[NS_MAP_DEV] = "dev",
	[NS_MAP_MEM] = "mem",
};

static const char *const kmodel_names[] = {
	[KMODEL_SUBSECTION] = "subsection",
	[KMODEL_SECTION] = "section",
};

static const char *enum_name(const char *const *names, size_t n, unsigned v)
{
	return v < n ? names[v] : "unknown";
}

#define ENUM_NAME(tbl, v) enum_name(tbl, sizeof(tbl) / sizeof(tbl[0]), (unsigned)(v))

static struct json_object *namespace_capture(const struct model_namespace *ns)
{
	struct json_object *j = json_object_new_object();

	json_add_str(j, "dev", ns->dev);
	json_add_str(j, "name", ns->name);
	json_add_str(j, "uuid", ns->uuid);
	json_add_str(j, "mode", ENUM_NAME(mode_names, ns->mode));
	json_add_str(j, "map", ENUM_NAME(map_names, ns->map));
	json_add(j, "start", json_new_addr(ns->start));
	json_add(j, "size", json_new_u64(ns->size));
	json_add(j, "align", json_new_u64(ns->align));
	json_add(j, "sector_size", json_new_u64(ns->sector_size));
	json_add(j, "data_start", json_new_addr(ns->data_start));
	json_add(j, "data_size", json_new_u64(ns->data_size));
	json_add(j, "enabled", json_object_new_boolean(ns->enabled));
	return j;
}

static struct json_object *region_capture(const struct model_region *r)
{
	struct json_object *j = json_object_new_object();
	struct json_object *jns = json_object_new_array();
	int i;

	json_add_str(j, "dev", r->dev);
	json_add(j, "start", json_new_addr(r->start));
	json_add(j, "size", json_new_u64(r->size));
	json_add(j, "align", json_new_u64(r->align));
	json_add(j, "ways", json_object_new_int((int)r->ways));
	json_add(j, "dpa_start", json_new_addr(r->dpa_start));
	json_add(j, "labeled", json_object_new_boolean(r->labeled));
	json_add(j, "readonly", json_object_new_boolean(r->readonly));
	json_add(j, "pagemap", json_object_new_boolean(r->pagemap));
	json_add(j, "label_slots_free", json_object_new_int(r->label_slots_free));
	for (i = 0; jns && i < r->nr_namespaces; i++)
		json_object_array_add(jns, namespace_capture(&r->namespaces[i]));
	json_add(j, "namespaces", jns);
	return j;
}

struct json_object *topology_to_json(const struct model_system *sys)
{
	struct json_object *j = json_object_new_object();
	struct json_object *jram = json_object_new_array();
	struct json_object *jregions = json_object_new_array();
	int i;

	if (!j || !jram || !jregions) {
		json_object_put(j);
		json_object_put(jram);
		json_object_put(jregions);
		return NULL;
	}
	json_add(j, "version", json_object_new_int(TOPOLOGY_VERSION));
	json_add_str(j, "kernel_release", sys->kernel_release);
	json_add_str(j, "kernel_model", ENUM_NAME(kmodel_names, sys->kmodel));
	json_add(j, "section_size", json_new_u64(sys->section_size));
	json_add(j, "subsection_size", json_new_u64(sys->subsection_size));
	json_add(j, "compat_align", json_new_u64(sys->compat_align));
	json_add(j, "memblock_size", json_new_u64(sys->memblock_size));
	for (i = 0; i < sys->nr_ram; i++) {
		struct json_object *r = json_object_new_object();

		json_add(r, "start", json_new_addr(sys->ram[i].start));
		json_add(r, "end", json_new_addr(sys->ram[i].end));
		json_object_array_add(jram, r);
	}
	json_add(j, "system_ram", jram);
	for (i = 0; i < sys->nr_regions; i++)
		json_object_array_add(jregions, region_capture(&sys->regions[i]));
	json_add(j, "regions", jregions);
	return j;
}

/* ---- load: JSON -> model, every error names its key ---- */

/* json-read.h's flags, short for the long lists below */
#define REQ	JR_REQUIRED
#define OPT	JR_OPTIONAL
/* every count of the model is an int */
#define MAX_ENTRIES	((size_t)INT_MAX / 2)

static int check_range(struct jr_ctx *ld, const char *key, uint64_t start, uint64_t size)
{
	if (start + size < start)
		return jr_fail(ld, key, "start + size overflows 64 bits");
	return 0;
}

/* two neighbours of a list sorted by start share bytes */
static int overlap(struct jr_ctx *ld, const char *key, const char *a, uint64_t a_start,
		   uint64_t a_end, const char *b, uint64_t b_start, uint64_t b_end)
{
	return jr_fail(ld, key, "%s [0x%llx, 0x%llx) and %s [0x%llx, 0x%llx) overlap", a,
		       (unsigned long long)a_start, (unsigned long long)a_end, b,
		       (unsigned long long)b_start, (unsigned long long)b_end);
}

static int load_namespace(struct jr_ctx *ld, struct json_object *j, struct model_namespace *ns)
{
	int mode = NS_MODE_RAW, map = NS_MAP_DEV;
	int rc;

	rc = jr_want_object(ld, j, "namespace");
	rc = rc ?: jr_str(ld, j, "dev", REQ | JR_NONEMPTY, ns->dev, sizeof(ns->dev));
	rc = rc ?: jr_str(ld, j, "name", OPT, ns->name, sizeof(ns->name));
	rc = rc ?: jr_str(ld, j, "uuid", OPT, ns->uuid, sizeof(ns->uuid));
	rc = rc ?: JR_ENUM(ld, j, "mode", OPT, mode_names, &mode);
	rc = rc ?: JR_ENUM(ld, j, "map", OPT, map_names, &map);
	rc = rc ?: jr_u64(ld, j, "start", REQ, &ns->start);
	rc = rc ?: jr_u64(ld, j, "size", REQ, &ns->size);
	rc = rc ?: jr_u64(ld, j, "align", OPT, &ns->align);
	rc = rc ?: jr_u64(ld, j, "sector_size", OPT, &ns->sector_size);
	rc = rc ?: jr_u64(ld, j, "data_start", OPT, &ns->data_start);
	rc = rc ?: jr_u64(ld, j, "data_size", OPT, &ns->data_size);
	rc = rc ?: jr_bool(ld, j, "enabled", OPT, &ns->enabled);
	rc = rc ?: check_range(ld, "size", ns->start, ns->size);
	rc = rc ?: check_range(ld, "data_size", ns->data_start, ns->data_size);
	if (rc)
		return rc;
	if (ns->size == 0)
		return jr_fail(ld, "size", "a namespace cannot be empty");
	ns->mode = (enum ns_mode)mode;
	ns->map = (enum ns_map)map;
	return 0;
}

static int load_namespaces(struct jr_ctx *ld, struct json_object *jr, struct model_region *r)
{
	struct json_object *arr;
	size_t i, n, mark;
	int rc = jr_array(ld, jr, "namespaces", OPT, MAX_ENTRIES, &arr, &n);

	if (rc || !arr)
		return rc;
	r->namespaces = n ? calloc(n, sizeof(*r->namespaces)) : NULL;
	if (n && !r->namespaces)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		struct model_namespace *ns = &r->namespaces[i];

		mark = jr_enter(ld, "namespaces", i);
		rc = load_namespace(ld, json_object_array_get_idx(arr, i), ns);
		if (rc)
			return rc;
		r->nr_namespaces++;
		if (ns->start < r->start || ns->start + ns->size > r->start + r->size)
			return jr_fail(ld, "start", "namespace [0x%llx, 0x%llx) is outside %s",
				       (unsigned long long)ns->start,
				       (unsigned long long)(ns->start + ns->size), r->dev);
		jr_leave(ld, mark);
	}
	sort_array(r->namespaces, r->nr_namespaces, sizeof(*r->namespaces), cmp_namespace);
	/* the kernel never gives two namespaces the same capacity */
	for (i = 1; i < n; i++) {
		const struct model_namespace *a = &r->namespaces[i - 1], *b = &r->namespaces[i];

		if (a->start + a->size > b->start)
			return overlap(ld, "namespaces", a->dev, a->start, a->start + a->size,
				       b->dev, b->start, b->start + b->size);
	}
	return 0;
}

static int load_region(struct jr_ctx *ld, struct json_object *j, struct model_region *r)
{
	uint64_t ways = 1, dpa = 0;
	int rc;

	rc = jr_want_object(ld, j, "region");
	if (rc)
		return rc;
	r->labeled = true;
	r->label_slots_free = -1;
	rc = jr_str(ld, j, "dev", REQ | JR_NONEMPTY, r->dev, sizeof(r->dev));
	rc = rc ?: jr_u64(ld, j, "start", REQ, &r->start);
	rc = rc ?: jr_u64(ld, j, "size", REQ, &r->size);
	rc = rc ?: jr_u64(ld, j, "align", OPT, &r->align);
	rc = rc ?: jr_u64(ld, j, "ways", OPT, &ways);
	rc = rc ?: jr_u64(ld, j, "dpa_start", OPT, &dpa);
	rc = rc ?: jr_bool(ld, j, "labeled", OPT, &r->labeled);
	rc = rc ?: jr_bool(ld, j, "readonly", OPT, &r->readonly);
	rc = rc ?: jr_bool(ld, j, "pagemap", OPT, &r->pagemap);
	rc = rc ?: jr_int(ld, j, "label_slots_free", OPT, -1, INT_MAX, &r->label_slots_free);
	rc = rc ?: check_range(ld, "size", r->start, r->size);
	if (rc)
		return rc;
	if (ways < 1 || ways > 1024)
		return jr_fail(ld, "ways", "%llu is out of range (1..1024)",
			       (unsigned long long)ways);
	r->ways = (unsigned)ways;
	r->dpa_start = dpa;
	return load_namespaces(ld, j, r);
}

static int cmp_dev_ptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* regions are looked up by name: two with one name would hide one */
static int check_unique_names(struct jr_ctx *ld, const struct model_system *sys)
{
	const char **names;
	int i, rc = 0;

	if (sys->nr_regions < 2)
		return 0;
	names = calloc((size_t)sys->nr_regions, sizeof(*names));
	if (!names)
		return -ENOMEM;
	for (i = 0; i < sys->nr_regions; i++)
		names[i] = sys->regions[i].dev;
	qsort(names, (size_t)sys->nr_regions, sizeof(*names), cmp_dev_ptr);
	for (i = 1; i < sys->nr_regions && !rc; i++)
		if (!strcmp(names[i - 1], names[i]))
			rc = jr_fail(ld, "regions", "two regions are named %s", names[i]);
	free(names);
	return rc;
}

static int load_regions(struct jr_ctx *ld, struct json_object *root, struct model_system *sys)
{
	struct json_object *arr;
	size_t i, n;
	int rc = jr_array(ld, root, "regions", REQ, MAX_ENTRIES, &arr, &n);

	if (rc)
		return rc;
	sys->regions = n ? calloc(n, sizeof(*sys->regions)) : NULL;
	if (n && !sys->regions)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		jr_enter(ld, "regions", i);
		/* count it first so topology_free() sees its namespaces */
		sys->nr_regions++;
		rc = load_region(ld, json_object_array_get_idx(arr, i), &sys->regions[i]);
		if (rc)
			return rc;
		jr_leave(ld, 0);
	}
	sort_array(sys->regions, sys->nr_regions, sizeof(*sys->regions), cmp_region);
	rc = check_unique_names(ld, sys);
	if (rc)
		return rc;
	for (i = 1; i < n; i++) {
		const struct model_region *a = &sys->regions[i - 1], *b = &sys->regions[i];

		if (a->start + a->size > b->start)
			return overlap(ld, "regions", a->dev, a->start, a->start + a->size, b->dev,
				       b->start, b->start + b->size);
	}
	return 0;
}

static int load_ram(struct jr_ctx *ld, struct json_object *root, struct model_system *sys)
{
	struct json_object *arr;
	size_t i, n;
	int rc = jr_array(ld, root, "system_ram", OPT, MAX_ENTRIES, &arr, &n);

	if (rc || !arr)
		return rc;
	sys->ram = n ? calloc(n, sizeof(*sys->ram)) : NULL;
	if (n && !sys->ram)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		struct json_object *j = json_object_array_get_idx(arr, i);
		struct range *r = &sys->ram[i];

		jr_enter(ld, "system_ram", i);
		rc = jr_want_object(ld, j, "range");
		rc = rc ?: jr_u64(ld, j, "start", REQ, &r->start);
		rc = rc ?: jr_u64(ld, j, "end", REQ, &r->end);
		if (rc)
			return rc;
		if (r->end <= r->start)
			return jr_fail(ld, "end", "not above start");
		jr_leave(ld, 0);
	}
	sys->nr_ram = merge_ranges(sys->ram, (int)n);
	return 0;
}

static int check_pow2(struct jr_ctx *ld, const char *key, uint64_t v, bool zero_ok)
{
	if ((v == 0 && zero_ok) || (v && !(v & (v - 1))))
		return 0;
	return jr_fail(ld, key, "%llu is not a power of two", (unsigned long long)v);
}

static int load_system(struct jr_ctx *ld, struct json_object *root, void *arg)
{
	struct model_system *sys = arg;
	uint64_t version = 0;
	int kmodel = KMODEL_SUBSECTION;
	int rc;

	model_system_defaults(sys);
	rc = jr_want_object(ld, root, "(top)");
	rc = rc ?: jr_u64(ld, root, "version", REQ, &version);
	if (rc)
		return rc;
	if (version != TOPOLOGY_VERSION)
		return jr_fail(ld, "version", "%llu is not supported (this tool reads %d)",
			       (unsigned long long)version, TOPOLOGY_VERSION);
	rc = jr_str(ld, root, "kernel_release", OPT, sys->kernel_release,
		    sizeof(sys->kernel_release));
	rc = rc ?: JR_ENUM(ld, root, "kernel_model", OPT, kmodel_names, &kmodel);
	rc = rc ?: jr_u64(ld, root, "section_size", OPT, &sys->section_size);
	rc = rc ?: jr_u64(ld, root, "subsection_size", OPT, &sys->subsection_size);
	rc = rc ?: jr_u64(ld, root, "compat_align", OPT, &sys->compat_align);
	rc = rc ?: jr_u64(ld, root, "memblock_size", OPT, &sys->memblock_size);
	rc = rc ?: check_pow2(ld, "section_size", sys->section_size, false);
	rc = rc ?: check_pow2(ld, "subsection_size", sys->subsection_size, false);
	rc = rc ?: check_pow2(ld, "memblock_size", sys->memblock_size, true);
	if (rc)
		return rc;
	if (sys->subsection_size > sys->section_size ||
	    sys->section_size / sys->subsection_size > 64)
		return jr_fail(ld, "subsection_size", "a section must hold 1 to 64 sub-sections");
	sys->kmodel = (enum kernel_model)kmodel;
	rc = load_ram(ld, root, sys);
	return rc ?: load_regions(ld, root, sys);
}

int topology_parse(const char *text, size_t len, struct model_system *sys, char *err, size_t errlen)
{
	int rc;

	memset(sys, 0, sizeof(*sys));
	rc = jr_parse(text, len, MAX_FILE_SIZE, err, errlen, load_system, sys);
	if (rc)
		topology_free(sys);
	return rc;
}

int topology_save(const struct model_system *sys, const char *path)
{
	struct json_object *j = topology_to_json(sys);
	FILE *f;
	int rc = 0;

	if (!j)
		return -ENOMEM;
	f = fopen(path, "w");
	if (!f) {
		rc = -errno;
		log_err("cannot write %s: %s", path, strerror(errno));
		json_object_put(j);
		return rc;
	}
	fprintf(f, "%s\n", json_to_text(j));
	if (fclose(f) != 0) {
		rc = -errno;
		log_err("cannot write %s: %s", path, strerror(errno));
	}
	json_object_put(j);
	return rc;
}

int topology_load(const char *path, struct model_system *sys)
{
	char err[256];
	char *text = NULL;
	size_t len;
	int rc;

	memset(sys, 0, sizeof(*sys));
	rc = read_file(path, &text, &len);
	if (rc) {
		log_err("cannot read %s: %s", path, strerror(-rc));
		return rc;
	}
	rc = topology_parse(text, len, sys, err, sizeof(err));
	free(text);
	if (rc)
		log_err("%s: %s", path, err[0] ? err : strerror(-rc));
	return rc;
}
