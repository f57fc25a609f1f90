// SPDX-License-Identifier: GPL-2.0
/*
 * Interim topology for the namespace commands: fill a struct model_system
 * from libndctl and /proc/iomem with just what the planner needs. To be
 * replaced by util/topology.c when it lands.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <uuid/uuid.h>
#include <ndctl/libndctl.h>
#include "apply.h"
#include "log.h"
#include "ns-model.h"

#define ND_DEVICE_NAMESPACE_PMEM_ 5

/* top-level "System RAM" lines of /proc/iomem */
static int read_system_ram(struct model_system *sys)
{
	char line[256];
	FILE *f = fopen("/proc/iomem", "re");

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long s, e;
		struct range *r;

		if (line[0] == ' ' || !strstr(line, ": System RAM"))
			continue;
		if (sscanf(line, "%llx-%llx", &s, &e) != 2 || e < s)
			continue;
		r = realloc(sys->ram, (sys->nr_ram + 1) * sizeof(*r));
		if (!r) {
			fclose(f);
			return -ENOMEM;
		}
		sys->ram = r;
		sys->ram[sys->nr_ram].start = s;
		sys->ram[sys->nr_ram].end = e + 1;
		sys->nr_ram++;
	}
	fclose(f);
	return 0;
}

static enum ns_mode from_ndctl_mode(enum ndctl_namespace_mode m)
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

static void fill_namespace(struct model_namespace *m, struct ndctl_namespace *ndns)
{
	struct ndctl_pfn *pfn = ndctl_namespace_get_pfn(ndns);
	struct ndctl_dax *dax = ndctl_namespace_get_dax(ndns);
	const char *dev = ndctl_namespace_get_devname(ndns);
	const char *child = NULL;
	uuid_t uu;
	uint64_t v;

	snprintf(m->dev, sizeof(m->dev), "%s", dev);
	snprintf(m->name, sizeof(m->name), "%s",
		 ndctl_namespace_get_alt_name(ndns) ? ndctl_namespace_get_alt_name(ndns) : "");
	ndctl_namespace_get_uuid(ndns, uu);
	if (!uuid_is_null(uu))
		uuid_unparse(uu, m->uuid);
	m->mode = from_ndctl_mode(ndctl_namespace_get_mode(ndns));
	m->size = ndctl_namespace_get_size(ndns);
	if (!apply_read_attr_u64(dev, "resource", &v))
		m->start = v;
	m->enabled = ndctl_namespace_is_active(ndns);
	if (pfn) {
		child = ndctl_pfn_get_devname(pfn);
		m->map = ndctl_pfn_get_location(pfn) == NDCTL_PFN_LOC_RAM ? NS_MAP_MEM : NS_MAP_DEV;
		m->align = ndctl_pfn_get_align(pfn);
	} else if (dax) {
		child = ndctl_dax_get_devname(dax);
		m->map = ndctl_dax_get_location(dax) == NDCTL_PFN_LOC_RAM ? NS_MAP_MEM : NS_MAP_DEV;
		m->align = ndctl_dax_get_align(dax);
	}
	if (child && !apply_read_attr_u64(child, "resource", &v))
		m->data_start = v;
	if (child && !apply_read_attr_u64(child, "size", &v))
		m->data_size = v;
}

static int cmp_ns(const void *a, const void *b)
{
	const struct model_namespace *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static int fill_region(struct model_region *m, struct ndctl_region *region)
{
	struct ndctl_namespace *ndns;
	struct ndctl_mapping *mapping;
	struct ndctl_dimm *dimm;
	unsigned long long res;
	int n = 0;

	snprintf(m->dev, sizeof(m->dev), "%s", ndctl_region_get_devname(region));
	res = ndctl_region_get_resource(region);
	m->start = res == ULLONG_MAX ? 0 : res;
	m->size = ndctl_region_get_size(region);
	m->align = ndctl_region_get_align(region);
	if (m->align == ULONG_MAX)
		m->align = 0;
	m->ways = ndctl_region_get_interleave_ways(region);
	if (!m->ways)
		m->ways = 1;
	ndctl_mapping_foreach(region, mapping)
		if (ndctl_mapping_get_position(mapping) <= 0) {
			m->dpa_start = ndctl_mapping_get_offset(mapping);
			break;
		}
	m->labeled = ndctl_region_get_nstype(region) == ND_DEVICE_NAMESPACE_PMEM_;
	m->readonly = ndctl_region_get_ro(region) == 1;
	m->label_slots_free = -1;
	ndctl_dimm_foreach_in_region(region, dimm) {
		int avail = (int)ndctl_dimm_get_available_labels(dimm);

		if (m->label_slots_free < 0 || avail < m->label_slots_free)
			m->label_slots_free = avail;
	}
	ndctl_namespace_foreach(region, ndns)
		if (ndctl_namespace_get_size(ndns))
			n++;
	m->namespaces = calloc(n ? n : 1, sizeof(*m->namespaces));
	if (!m->namespaces)
		return -ENOMEM;
	ndctl_namespace_foreach(region, ndns) {
		if (!ndctl_namespace_get_size(ndns) || m->nr_namespaces >= n)
			continue;
		fill_namespace(&m->namespaces[m->nr_namespaces++], ndns);
	}
	qsort(m->namespaces, m->nr_namespaces, sizeof(*m->namespaces), cmp_ns);
	return 0;
}

int ns_model_fill(struct ndctl_ctx *ctx, struct model_system *sys)
{
	struct ndctl_region *region;
	struct ndctl_bus *bus;
	struct utsname u;
	int n = 0, rc;

	memset(sys, 0, sizeof(*sys));
	model_system_defaults(sys);
	if (!uname(&u))
		snprintf(sys->kernel_release, sizeof(sys->kernel_release), "%.63s", u.release);
	rc = read_system_ram(sys);
	if (rc)
		log_dbg("cannot read /proc/iomem: %s", strerror(-rc));
	ndctl_bus_foreach(ctx, bus)
		ndctl_region_foreach(bus, region)
			n++;
	sys->regions = calloc(n ? n : 1, sizeof(*sys->regions));
	if (!sys->regions)
		return -ENOMEM;
	ndctl_bus_foreach(ctx, bus)
		ndctl_region_foreach(bus, region) {
			if (sys->nr_regions >= n)
				break;
			rc = fill_region(&sys->regions[sys->nr_regions++], region);
			if (rc)
				return rc;
		}
	return 0;
}

struct model_region *ns_model_region(struct model_system *sys, const char *dev)
{
	int i;

	for (i = 0; i < sys->nr_regions; i++)
		if (strcmp(sys->regions[i].dev, dev) == 0)
			return &sys->regions[i];
	return NULL;
}

void ns_model_free(struct model_system *sys)
{
	int i;

	for (i = 0; i < sys->nr_regions; i++)
		free(sys->regions[i].namespaces);
	free(sys->regions);
	free(sys->ram);
	memset(sys, 0, sizeof(*sys));
}

/* "ndbus0", "0", or the provider ("ACPI.NFIT", "nfit_test.0"); NULL matches all */
bool ns_bus_match(struct ndctl_bus *bus, const char *filter)
{
	char id[16];

	if (!filter || !*filter || strcmp(filter, "all") == 0)
		return true;
	snprintf(id, sizeof(id), "%u", ndctl_bus_get_id(bus));
	return strcmp(filter, ndctl_bus_get_devname(bus)) == 0 || strcmp(filter, id) == 0 ||
	       strcmp(filter, ndctl_bus_get_provider(bus)) == 0;
}

/* "region0" or "0"; NULL matches all */
bool ns_region_match(struct ndctl_region *region, const char *filter)
{
	char id[16];

	if (!filter || !*filter || strcmp(filter, "all") == 0)
		return true;
	snprintf(id, sizeof(id), "%u", ndctl_region_get_id(region));
	return strcmp(filter, ndctl_region_get_devname(region)) == 0 || strcmp(filter, id) == 0;
}
