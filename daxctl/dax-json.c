// SPDX-License-Identifier: GPL-2.0
/*
 * JSON for dax regions, devices and mappings. The keys, their order and the
 * human (-u) number formats follow upstream daxctl 76.1 so scripts written
 * against it keep working.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include <daxctl/libdaxctl.h>
#include "dax.h"
#include "topology.h"
#include "json.h"

static bool parse_int(const char *s, int *out)
{
	char *end;
	long v;

	if (!*s)
		return false;
	v = strtol(s, &end, 10);
	if (*end || v < 0 || v > INT_MAX)
		return false;
	*out = (int)v;
	return true;
}

bool dax_region_match(struct daxctl_region *region, const char *ident)
{
	int id;

	if (!ident || !strcmp(ident, "all"))
		return true;
	if (!strncmp(ident, "region", 6))
		ident += 6;
	return parse_int(ident, &id) && id == daxctl_region_get_id(region);
}

/* "daxN.M" or "N.M" into its two numbers */
static bool parse_dev_ident(const char *ident, int *region_id, int *dev_id)
{
	char buf[32], *dot;

	if (!strncmp(ident, "dax", 3))
		ident += 3;
	if (strlen(ident) >= sizeof(buf))
		return false;
	strcpy(buf, ident);
	dot = strchr(buf, '.');
	if (!dot)
		return false;
	*dot = '\0';
	return parse_int(buf, region_id) && parse_int(dot + 1, dev_id);
}

bool dax_dev_ident_valid(const char *ident)
{
	int r, d;

	return !strcmp(ident, "all") || parse_dev_ident(ident, &r, &d);
}

bool dax_dev_match(struct daxctl_dev *dev, const char *ident)
{
	int region_id, dev_id;

	if (!ident || !strcmp(ident, "all"))
		return true;
	if (!strcmp(ident, daxctl_dev_get_devname(dev)))
		return true;
	if (!parse_dev_ident(ident, &region_id, &dev_id))
		return false;
	return region_id == daxctl_region_get_id(daxctl_dev_get_region(dev)) &&
	       dev_id == daxctl_dev_get_id(dev);
}

/* util/json's flags for ours: only the human format matters to the number helpers */
static unsigned long util_flags(unsigned long flags)
{
	return (flags & DAX_JSON_HUMAN) ? JSONF_HUMAN : 0;
}

struct json_object *dax_json_size(uint64_t val, unsigned long flags)
{
	return json_new_size(val, util_flags(flags));
}

struct json_object *dax_json_hex(uint64_t val, unsigned long flags)
{
	return json_new_hex(val, util_flags(flags));
}

/* add jval under key unless it failed to allocate; returns false on failure */
static bool add(struct json_object *jobj, const char *key, struct json_object *jval)
{
	if (!jval)
		return false;
	json_object_object_add(jobj, key, jval);
	return true;
}

static struct json_object *dax_mapping_to_json(struct daxctl_mapping *mapping, unsigned long flags)
{
	struct json_object *jmap = json_object_new_object();

	if (!jmap)
		return NULL;
	if (!add(jmap, "page_offset", dax_json_hex(daxctl_mapping_get_offset(mapping), flags)) ||
	    !add(jmap, "start", dax_json_hex(daxctl_mapping_get_start(mapping), flags)) ||
	    !add(jmap, "end", dax_json_hex(daxctl_mapping_get_end(mapping), flags)) ||
	    !add(jmap, "size", dax_json_size(daxctl_mapping_get_size(mapping), flags))) {
		json_object_put(jmap);
		return NULL;
	}
	return jmap;
}

static void add_mappings(struct json_object *jdev, struct daxctl_dev *dev, unsigned long flags)
{
	struct json_object *jmaps = NULL, *jmap;
	struct daxctl_mapping *mapping;

	daxctl_mapping_foreach(dev, mapping) {
		if (!jmaps) {
			jmaps = json_object_new_array();
			if (!jmaps)
				return;
			json_object_object_add(jdev, "mappings", jmaps);
		}
		jmap = dax_mapping_to_json(mapping, flags);
		if (jmap)
			json_object_array_add(jmaps, jmap);
	}
}

/* online/total memory blocks and the zone, for a device in system-ram mode */
static void add_memory(struct json_object *jdev, struct daxctl_memory *mem)
{
	int movable;

	add(jdev, "online_memblocks", json_object_new_int(daxctl_memory_is_online(mem)));
	add(jdev, "total_memblocks", json_object_new_int(daxctl_memory_num_sections(mem)));
	movable = daxctl_memory_is_movable(mem);
	if (movable == 0 || movable == 1)
		add(jdev, "movable", json_object_new_boolean(movable));
}

static void add_kmem(struct json_object *jdev, struct daxctl_dev *dev, unsigned long flags)
{
	struct dax_kmem_plan plan;
	uint64_t block;

	if (topology_memblock_size(&block) < 0 || dax_kmem_plan(dev, block, &plan) < 0)
		return;
	add(jdev, "kmem", dax_kmem_plan_to_json(&plan, flags));
}

struct json_object *dax_dev_to_json(struct daxctl_dev *dev, unsigned long flags)
{
	struct daxctl_memory *mem = daxctl_dev_get_memory(dev);
	const char *devname = daxctl_dev_get_devname(dev);
	struct json_object *jdev;
	unsigned long align;
	int node;

	if (!devname)
		return NULL;
	jdev = json_object_new_object();
	if (!jdev)
		return NULL;
	add(jdev, "chardev", json_object_new_string(devname));
	add(jdev, "size", dax_json_size(daxctl_dev_get_size(dev), flags));
	node = daxctl_dev_get_target_node(dev);
	if (node >= 0)
		add(jdev, "target_node", json_object_new_int(node));
	/* libdaxctl reports 0 when the kernel has no align attribute */
	align = daxctl_dev_get_align(dev);
	if (align > 0 && align < ULONG_MAX)
		add(jdev, "align", dax_json_size(align, flags));
	add(jdev, "mode", json_object_new_string(mem ? "system-ram" : "devdax"));
	if (mem && daxctl_dev_get_resource(dev) != 0)
		add_memory(jdev, mem);
	if (!daxctl_dev_is_enabled(dev))
		add(jdev, "state", json_object_new_string("disabled"));
	if (flags & DAX_JSON_MAPPINGS)
		add_mappings(jdev, dev, flags);
	if ((flags & DAX_JSON_KMEM) && daxctl_dev_get_size(dev))
		add_kmem(jdev, dev, flags);
	return jdev;
}

int dax_devs_to_json(struct daxctl_region *region, const char *dev_ident, unsigned long flags,
		     struct json_object **jdevs)
{
	struct daxctl_dev *dev;
	struct json_object *jdev;

	daxctl_dev_foreach(region, dev) {
		if (!dax_dev_match(dev, dev_ident))
			continue;
		/* a size-0 device is the region's idle seed */
		if (!(flags & DAX_JSON_IDLE) && !daxctl_dev_get_size(dev))
			continue;
		if (!*jdevs) {
			*jdevs = json_object_new_array();
			if (!*jdevs)
				return -1;
		}
		jdev = dax_dev_to_json(dev, flags);
		if (!jdev)
			return -1;
		json_object_array_add(*jdevs, jdev);
	}
	return 0;
}

struct json_object *dax_region_to_json(struct daxctl_region *region, const char *dev_ident,
				       unsigned long flags)
{
	const char *path = daxctl_region_get_path(region);
	static const char sys_devices[] = "/sys/devices";
	struct json_object *jregion, *jdevs = NULL;
	unsigned long long size, avail;
	unsigned long align;

	jregion = json_object_new_object();
	if (!jregion)
		return NULL;
	/* upstream shows the sysfs path without its constant prefix */
	if (path && !strncmp(path, sys_devices, sizeof(sys_devices) - 1))
		add(jregion, "path", json_object_new_string(path + sizeof(sys_devices) - 1));
	add(jregion, "id", json_object_new_int(daxctl_region_get_id(region)));
	size = daxctl_region_get_size(region);
	if (size < ULLONG_MAX)
		add(jregion, "size", dax_json_size(size, flags));
	avail = daxctl_region_get_available_size(region);
	if (avail && avail < ULLONG_MAX)
		add(jregion, "available_size", dax_json_size(avail, flags));
	align = daxctl_region_get_align(region);
	if (align < ULONG_MAX)
		add(jregion, "align", json_new_u64(align));
	if (!(flags & DAX_JSON_DEVS))
		return jregion;
	if (dax_devs_to_json(region, dev_ident, flags, &jdevs) < 0) {
		json_object_put(jdevs);
		json_object_put(jregion);
		return NULL;
	}
	if (jdevs)
		json_object_object_add(jregion, "devices", jdevs);
	return jregion;
}

void dax_json_print_array(FILE *out, struct json_object *jarray, unsigned long flags)
{
	json_print_listing(out, jarray, util_flags(flags));
}
