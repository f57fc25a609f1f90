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
#include <json-c/printbuf.h>
#include <daxctl/libdaxctl.h>
#include "dax.h"

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

/* hundredths of a unit, rounded half up, as "12.34" */
static void format_centi(char *buf, size_t len, uint64_t bytes, double unit, const char *name)
{
	uint64_t centi = (uint64_t)((double)bytes * 100.0 / unit + 0.5);

	snprintf(buf, len, "%llu.%02llu %s", (unsigned long long)(centi / 100),
		 (unsigned long long)(centi % 100), name);
}

/*
 * Upstream's human size: a plain number below 5000 KiB, then MiB (MB) up to
 * 2 GiB and GiB (GB) above, both to two decimals.
 */
static int serialize_size(struct json_object *jobj, struct printbuf *pb, int level, int flags)
{
	uint64_t bytes = (uint64_t)json_object_get_int64(jobj);
	char iec[40], si[40], out[96];

	if (bytes < 5000 * 1024ULL) {
		snprintf(out, sizeof(out), "%llu", (unsigned long long)bytes);
		return printbuf_memappend(pb, out, (int)strlen(out));
	}
	if (bytes < (2ULL << 30)) {
		format_centi(iec, sizeof(iec), bytes, 1048576.0, "MiB");
		format_centi(si, sizeof(si), bytes, 1e6, "MB");
	} else {
		format_centi(iec, sizeof(iec), bytes, 1073741824.0, "GiB");
		format_centi(si, sizeof(si), bytes, 1e9, "GB");
	}
	snprintf(out, sizeof(out), "\"%s (%s)\"", iec, si);
	return printbuf_memappend(pb, out, (int)strlen(out));
}

static int serialize_hex(struct json_object *jobj, struct printbuf *pb, int level, int flags)
{
	char out[32];

	snprintf(out, sizeof(out), "\"%#llx\"", (unsigned long long)json_object_get_int64(jobj));
	return printbuf_memappend(pb, out, (int)strlen(out));
}

struct json_object *dax_json_size(uint64_t val, unsigned long flags)
{
	struct json_object *jobj = json_object_new_int64((int64_t)val);

	if (jobj && (flags & DAX_JSON_HUMAN))
		json_object_set_serializer(jobj, serialize_size, NULL, NULL);
	return jobj;
}

struct json_object *dax_json_hex(uint64_t val, unsigned long flags)
{
	struct json_object *jobj = json_object_new_int64((int64_t)val);

	if (jobj && (flags & DAX_JSON_HUMAN))
		json_object_set_serializer(jobj, serialize_hex, NULL, NULL);
	return jobj;
}

/* add jval under key unless it failed to allocate; returns false on failure */
static bool add(struct json_object *jobj, const char *key, struct json_object *jval)
{
	if (!jval)
		return false;
	json_object_object_add(jobj, key, jval);
	return true;
}

static struct json_object *mapping_to_json(struct daxctl_mapping *mapping, unsigned long flags)
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
		jmap = mapping_to_json(mapping, flags);
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

	if (dax_memblock_size(&block) < 0 || dax_kmem_plan(dev, block, &plan) < 0)
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
		add(jregion, "align", json_object_new_int64((int64_t)align));
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
	size_t len = json_object_array_length(jarray);
	struct json_object *jshow = jarray;

	if (len == 1 && (flags & DAX_JSON_HUMAN))
		jshow = json_object_array_get_idx(jarray, 0);
	if (len)
		fprintf(out, "%s\n", json_object_to_json_string_ext(jshow, JSON_C_TO_STRING_PRETTY));
	json_object_put(jarray);
}
