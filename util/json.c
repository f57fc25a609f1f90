// SPDX-License-Identifier: GPL-2.0
/* json-c helpers with upstream ndctl's key conventions: see json.h */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>
#include <ndctl/libndctl.h>
#include <linux/ndctl.h>
#include <daxctl/libdaxctl.h>
#include "json.h"
#include "size.h"

#define SZ_1T	(1ULL << 40)

/* gone from the kernel's uapi header with BLK regions; ndctl still knows it */
#ifndef ND_DEVICE_REGION_BLK
#define ND_DEVICE_REGION_BLK 3
#endif

/* value in hundredths of unit, rounded half up the way upstream does it */
static uint64_t centi_bin(uint64_t bytes, uint64_t unit)
{
	return (uint64_t)(((unsigned __int128)bytes * 200 / unit + 1) / 2);
}

static uint64_t centi_dec(uint64_t bytes, uint64_t unit)
{
	return (bytes / (unit / 200) + 1) / 2;
}

char *json_size_human(char *buf, size_t len, uint64_t bytes)
{
	static const char *const bin[] = { "MiB", "GiB", "TiB" };
	static const char *const dec[] = { "MB", "GB", "TB" };
	static const uint64_t bin_unit[] = { SZ_1M, SZ_1G, SZ_1T };
	static const uint64_t dec_unit[] = { 1000000ULL, 1000000000ULL, 1000000000000ULL };
	uint64_t cb, cd;
	int i;

	if (bytes < JSON_HUMAN_MIN) {
		snprintf(buf, len, "%llu", (unsigned long long)bytes);
		return buf;
	}
	/* upstream switches unit at 2048 of the smaller one, for precision */
	if (bytes < 2 * SZ_1G)
		i = 0;
	else if (bytes < 2 * SZ_1T)
		i = 1;
	else
		i = 2;
	cb = centi_bin(bytes, bin_unit[i]);
	cd = centi_dec(bytes, dec_unit[i]);
	snprintf(buf, len, "%llu.%02llu %s (%llu.%02llu %s)", (unsigned long long)(cb / 100),
		 (unsigned long long)(cb % 100), bin[i], (unsigned long long)(cd / 100),
		 (unsigned long long)(cd % 100), dec[i]);
	return buf;
}

struct json_object *json_new_u64(uint64_t val)
{
	return json_object_new_uint64(val);
}

struct json_object *json_new_size(uint64_t bytes, unsigned long flags)
{
	char buf[80];

	if (!(flags & JSONF_HUMAN) || bytes < JSON_HUMAN_MIN)
		return json_object_new_uint64(bytes);
	return json_object_new_string(json_size_human(buf, sizeof(buf), bytes));
}

struct json_object *json_new_hex(uint64_t val, unsigned long flags)
{
	char buf[24];

	if (!(flags & JSONF_HUMAN))
		return json_object_new_uint64(val);
	/* "%#llx" like upstream: zero prints as "0" */
	snprintf(buf, sizeof(buf), "%#llx", (unsigned long long)val);
	return json_object_new_string(buf);
}

struct json_object *json_new_addr(uint64_t addr)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)addr);
	return json_object_new_string(buf);
}

void json_add(struct json_object *obj, const char *key, struct json_object *val)
{
	if (obj && val)
		json_object_object_add(obj, key, val);
}

void json_add_str(struct json_object *obj, const char *key, const char *str)
{
	if (str)
		json_add(obj, key, json_object_new_string(str));
}

const char *json_to_text(struct json_object *obj)
{
	return json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PRETTY);
}

void json_print(FILE *out, struct json_object *obj)
{
	fprintf(out, "%s\n", json_to_text(obj));
}

void json_print_listing(FILE *out, struct json_object *array, unsigned long flags)
{
	size_t len = json_object_array_length(array);

	if (len == 1 && (flags & JSONF_HUMAN))
		json_print(out, json_object_array_get_idx(array, 0));
	else
		json_print(out, array);
	json_object_put(array);
}

const char *json_mode_name(int ndctl_mode)
{
	switch (ndctl_mode) {
	case NDCTL_NS_MODE_FSDAX:
		return "fsdax";
	case NDCTL_NS_MODE_DEVDAX:
		return "devdax";
	case NDCTL_NS_MODE_SECTOR:
		return "sector";
	case NDCTL_NS_MODE_RAW:
		return "raw";
	default:
		return "unknown";
	}
}

struct json_object *bus_to_json(struct ndctl_bus *bus, unsigned long flags)
{
	struct json_object *jbus = json_object_new_object();
	int scrub;

	if (!jbus)
		return NULL;
	json_add_str(jbus, "provider", ndctl_bus_get_provider(bus));
	json_add_str(jbus, "dev", ndctl_bus_get_devname(bus));
	scrub = ndctl_bus_get_scrub_state(bus);
	if (scrub >= 0)
		json_add_str(jbus, "scrub_state", scrub ? "active" : "idle");
	return jbus;
}

static void add_true(struct json_object *obj, const char *key, bool cond)
{
	if (cond)
		json_add(obj, key, json_object_new_boolean(true));
}

static const char *security_name(enum ndctl_security_state state)
{
	switch (state) {
	case NDCTL_SECURITY_DISABLED:
		return "disabled";
	case NDCTL_SECURITY_UNLOCKED:
		return "unlocked";
	case NDCTL_SECURITY_LOCKED:
		return "locked";
	case NDCTL_SECURITY_FROZEN:
		return "frozen";
	case NDCTL_SECURITY_OVERWRITE:
		return "overwrite";
	default:
		return NULL;
	}
}

struct json_object *dimm_to_json(struct ndctl_dimm *dimm, unsigned long flags)
{
	struct json_object *jdimm = json_object_new_object();
	unsigned int handle = ndctl_dimm_get_handle(dimm);
	unsigned short phys_id = ndctl_dimm_get_phys_id(dimm);

	if (!jdimm)
		return NULL;
	json_add_str(jdimm, "dev", ndctl_dimm_get_devname(dimm));
	json_add_str(jdimm, "id", ndctl_dimm_get_unique_id(dimm));
	if (handle < UINT_MAX)
		json_add(jdimm, "handle", json_new_hex(handle, flags));
	if (phys_id < USHRT_MAX)
		json_add(jdimm, "phys_id", json_new_hex(phys_id, flags));
	if (!ndctl_dimm_is_enabled(dimm))
		json_add_str(jdimm, "state", "disabled");
	add_true(jdimm, "flag_failed_map", ndctl_dimm_failed_map(dimm));
	add_true(jdimm, "flag_failed_save", ndctl_dimm_failed_save(dimm));
	add_true(jdimm, "flag_failed_arm", ndctl_dimm_failed_arm(dimm));
	add_true(jdimm, "flag_failed_restore", ndctl_dimm_failed_restore(dimm));
	add_true(jdimm, "flag_failed_flush", ndctl_dimm_failed_flush(dimm));
	add_true(jdimm, "flag_smart_event", ndctl_dimm_smart_pending(dimm));
	json_add_str(jdimm, "security", security_name(ndctl_dimm_get_security(dimm)));
	add_true(jdimm, "security_frozen", ndctl_dimm_security_is_frozen(dimm));
	return jdimm;
}

struct json_object *mapping_to_json(struct ndctl_mapping *mapping, unsigned long flags)
{
	struct json_object *jmap = json_object_new_object();
	int position = ndctl_mapping_get_position(mapping);

	if (!jmap)
		return NULL;
	json_add_str(jmap, "dimm", ndctl_dimm_get_devname(ndctl_mapping_get_dimm(mapping)));
	json_add(jmap, "offset", json_new_hex(ndctl_mapping_get_offset(mapping), flags));
	json_add(jmap, "length", json_new_hex(ndctl_mapping_get_length(mapping), flags));
	if (position >= 0)
		json_add(jmap, "position", json_object_new_int(position));
	return jmap;
}

static const char *persistence_name(enum ndctl_persistence_domain pd)
{
	switch (pd) {
	case PERSISTENCE_CPU_CACHE:
		return "cpu_cache";
	case PERSISTENCE_MEM_CTRL:
		return "memory_controller";
	case PERSISTENCE_NONE:
		return "none";
	default:
		return "unknown";
	}
}

static unsigned int region_badblocks(struct ndctl_region *region)
{
	struct badblock *bb;
	unsigned int count = 0;

	ndctl_region_badblock_foreach(region, bb)
		count += bb->len;
	return count;
}

/* numa_node and target_node, shown only with -v as upstream does */
static void add_nodes(struct json_object *obj, int numa, int target, unsigned long flags)
{
	if (!(flags & JSONF_VERBOSE))
		return;
	if (numa >= 0)
		json_add(obj, "numa_node", json_object_new_int(numa));
	if (target >= 0)
		json_add(obj, "target_node", json_object_new_int(target));
}

struct json_object *region_to_json(struct ndctl_region *region, struct json_object *jmappings,
				   unsigned long flags)
{
	struct json_object *jregion = json_object_new_object();
	struct ndctl_interleave_set *iset;
	unsigned long long extent, res;
	unsigned long align;
	unsigned int bb;

	if (!jregion)
		return NULL;
	json_add_str(jregion, "dev", ndctl_region_get_devname(region));
	json_add(jregion, "size", json_new_size(ndctl_region_get_size(region), flags));
	align = ndctl_region_get_align(region);
	if (align < ULONG_MAX)
		json_add(jregion, "align", json_new_size(align, flags));
	json_add(jregion, "available_size",
		 json_new_size(ndctl_region_get_available_size(region), flags));
	extent = ndctl_region_get_max_available_extent(region);
	if (extent != ULLONG_MAX)
		json_add(jregion, "max_available_extent", json_new_size(extent, flags));
	switch (ndctl_region_get_type(region)) {
	case ND_DEVICE_REGION_PMEM:
		json_add_str(jregion, "type", "pmem");
		break;
	case ND_DEVICE_REGION_BLK:
		json_add_str(jregion, "type", "blk");
		break;
	}
	add_nodes(jregion, ndctl_region_get_numa_node(region),
		  ndctl_region_get_target_node(region), flags);
	iset = ndctl_region_get_interleave_set(region);
	if (iset)
		json_add(jregion, "iset_id",
			 json_new_hex(ndctl_interleave_set_get_cookie(iset), flags));
	json_add(jregion, "mappings", jmappings);
	if (!ndctl_region_is_enabled(region))
		json_add_str(jregion, "state", "disabled");
	bb = region_badblocks(region);
	if (bb)
		json_add(jregion, "badblock_count", json_object_new_int((int)bb));
	json_add_str(jregion, "persistence_domain",
		     persistence_name(ndctl_region_get_persistence_domain(region)));
	res = ndctl_region_get_resource(region);
	if ((flags & JSONF_PHYS) && res != ULLONG_MAX)
		json_add(jregion, "resource", json_new_addr(res));
	return jregion;
}

static struct json_object *uuid_json(const unsigned char *uuid)
{
	char buf[40];

	uuid_unparse(uuid, buf);
	return json_object_new_string(buf);
}

/* the namespace's own uuid next to its personality's one, with -v */
static void add_raw_uuid(struct json_object *jns, struct ndctl_namespace *ndns,
			 unsigned long flags)
{
	uuid_t uuid;

	if (!(flags & JSONF_VERBOSE))
		return;
	ndctl_namespace_get_uuid(ndns, uuid);
	if (!uuid_is_null(uuid))
		json_add(jns, "raw_uuid", uuid_json(uuid));
}

/* What one namespace looks like through its personality (btt/pfn/dax or none) */
struct ns_view {
	struct ndctl_btt *btt;
	struct ndctl_pfn *pfn;
	struct ndctl_dax *dax;
	enum ndctl_namespace_mode mode;
	unsigned long long size;	/* usable size, ULLONG_MAX unknown */
	enum ndctl_pfn_loc loc;
	unsigned long align;
	unsigned long long data_start;	/* ULLONG_MAX unknown */
};

static void ns_view_init(struct ns_view *v, struct ndctl_namespace *ndns)
{
	memset(v, 0, sizeof(*v));
	v->btt = ndctl_namespace_get_btt(ndns);
	v->pfn = ndctl_namespace_get_pfn(ndns);
	v->dax = ndctl_namespace_get_dax(ndns);
	v->mode = ndctl_namespace_get_mode(ndns);
	v->size = ULLONG_MAX;
	v->loc = NDCTL_PFN_LOC_NONE;
	v->data_start = ULLONG_MAX;
	switch (v->mode) {
	case NDCTL_NS_MODE_FSDAX:
		if (v->pfn) {
			v->size = ndctl_pfn_get_size(v->pfn);
			v->loc = ndctl_pfn_get_location(v->pfn);
			v->data_start = ndctl_pfn_get_resource(v->pfn);
		} else {
			v->size = ndctl_namespace_get_size(ndns);
			v->loc = NDCTL_PFN_LOC_RAM;
		}
		break;
	case NDCTL_NS_MODE_DEVDAX:
		if (v->dax) {
			v->size = ndctl_dax_get_size(v->dax);
			v->loc = ndctl_dax_get_location(v->dax);
			v->data_start = ndctl_dax_get_resource(v->dax);
		}
		break;
	case NDCTL_NS_MODE_SECTOR:
		if (v->btt)
			v->size = ndctl_btt_get_size(v->btt);
		break;
	case NDCTL_NS_MODE_RAW:
		v->size = ndctl_namespace_get_size(ndns);
		break;
	default:
		break;
	}
	if (v->pfn)
		v->align = ndctl_pfn_get_align(v->pfn);
	else if (v->dax)
		v->align = ndctl_dax_get_align(v->dax);
}

static const char *map_name(enum ndctl_pfn_loc loc)
{
	switch (loc) {
	case NDCTL_PFN_LOC_RAM:
		return "mem";
	case NDCTL_PFN_LOC_PMEM:
		return "dev";
	default:
		return "none";
	}
}

/* the device-dax instances of a dax region, as -v shows them */
static struct json_object *dax_devices_json(struct daxctl_region *dregion, unsigned long flags)
{
	struct json_object *jdevs = NULL, *jdev;
	struct daxctl_dev *dev;

	daxctl_dev_foreach(dregion, dev) {
		unsigned long align = daxctl_dev_get_align(dev);
		int node = daxctl_dev_get_target_node(dev);

		/* a size-0 device is the region's idle seed */
		if (!(flags & JSONF_IDLE) && !daxctl_dev_get_size(dev))
			continue;
		if (!jdevs)
			jdevs = json_object_new_array();
		jdev = json_object_new_object();
		if (!jdevs || !jdev)
			break;
		json_add_str(jdev, "chardev", daxctl_dev_get_devname(dev));
		json_add(jdev, "size", json_new_size(daxctl_dev_get_size(dev), flags));
		if (node >= 0)
			json_add(jdev, "target_node", json_object_new_int(node));
		if (align > 0 && align < ULONG_MAX)
			json_add(jdev, "align", json_new_size(align, flags));
		json_add_str(jdev, "mode", daxctl_dev_get_memory(dev) ? "system-ram" : "devdax");
		if (!daxctl_dev_is_enabled(dev))
			json_add_str(jdev, "state", "disabled");
		json_object_array_add(jdevs, jdev);
	}
	return jdevs;
}

/* upstream's "daxregion" object of a devdax namespace (-v, -X) */
static struct json_object *dax_region_json(struct daxctl_region *dregion, unsigned long flags)
{
	struct json_object *j = json_object_new_object();
	unsigned long long size = daxctl_region_get_size(dregion);
	unsigned long long avail = daxctl_region_get_available_size(dregion);
	unsigned long align = daxctl_region_get_align(dregion);

	if (!j)
		return NULL;
	json_add(j, "id", json_object_new_int(daxctl_region_get_id(dregion)));
	if (size < ULLONG_MAX)
		json_add(j, "size", json_new_size(size, flags));
	if (avail && avail < ULLONG_MAX)
		json_add(j, "available_size", json_new_size(avail, flags));
	if (align < ULONG_MAX)
		json_add(j, "align", json_new_u64(align));
	json_add(j, "devices", dax_devices_json(dregion, flags));
	return j;
}

/* uuid, blockdev and chardev: they come from whichever device claims it */
static void add_identity(struct json_object *jns, struct ndctl_namespace *ndns,
			 const struct ns_view *v, unsigned long flags)
{
	const char *bdev = NULL;
	uuid_t uuid;

	if (v->btt) {
		ndctl_btt_get_uuid(v->btt, uuid);
		json_add(jns, "uuid", uuid_json(uuid));
		add_raw_uuid(jns, ndns, flags);
		bdev = ndctl_btt_get_block_device(v->btt);
	} else if (v->pfn) {
		ndctl_pfn_get_uuid(v->pfn, uuid);
		json_add(jns, "uuid", uuid_json(uuid));
		add_raw_uuid(jns, ndns, flags);
		bdev = ndctl_pfn_get_block_device(v->pfn);
	} else if (v->dax) {
		struct daxctl_region *dregion = ndctl_dax_get_daxctl_region(v->dax);
		struct daxctl_dev *dev = dregion ? daxctl_dev_get_first(dregion) : NULL;

		ndctl_dax_get_uuid(v->dax, uuid);
		json_add(jns, "uuid", uuid_json(uuid));
		add_raw_uuid(jns, ndns, flags);
		if ((flags & JSONF_DAX) && dregion)
			json_add(jns, "daxregion", dax_region_json(dregion, flags));
		/* only an enabled device-dax instance has a character device */
		else if (dev)
			json_add_str(jns, "chardev", daxctl_dev_get_devname(dev));
	} else {
		if (ndctl_namespace_get_type(ndns) != ND_DEVICE_NAMESPACE_IO) {
			ndctl_namespace_get_uuid(ndns, uuid);
			json_add(jns, "uuid", uuid_json(uuid));
		}
		bdev = ndctl_namespace_get_block_device(ndns);
	}
	if (v->btt || !v->dax) {
		unsigned int ss = v->btt ? ndctl_btt_get_sector_size(v->btt)
					 : ndctl_namespace_get_sector_size(ndns);

		/* the kernel uses 512 when labels do not say (v1.1, label-less) */
		if (!v->btt && (ss == 0 || ss == UINT_MAX))
			ss = 512;
		if (ss < UINT_MAX)
			json_add(jns, "sector_size", json_object_new_int((int)ss));
	}
	if (v->align)
		json_add(jns, "align", json_object_new_int64((int64_t)v->align));
	if (bdev && bdev[0])
		json_add_str(jns, "blockdev", bdev);
}

/* our keys: where the namespace and its data sit in physical memory */
static void add_phys(struct json_object *jns, struct ndctl_namespace *ndns,
		    const struct ns_view *v, unsigned long flags)
{
	unsigned long long res = ndctl_namespace_get_resource(ndns);

	if (!(flags & JSONF_PHYS))
		return;
	if (res != ULLONG_MAX)
		json_add(jns, "resource", json_new_addr(res));
	if (v->mode != NDCTL_NS_MODE_RAW)
		json_add(jns, "raw_size", json_new_size(ndctl_namespace_get_size(ndns), flags));
	if (v->data_start != ULLONG_MAX && v->data_start != 0)
		json_add(jns, "data_resource", json_new_addr(v->data_start));
}

/*
 * ndctl_namespace_is_active() from the view: libndctl's reads the holder
 * attribute three more times (get_btt/get_pfn/get_dax) to find the claim
 * ns_view_init() already found.
 */
static bool ns_view_active(struct ndctl_namespace *ndns, const struct ns_view *v)
{
	if (v->btt || v->pfn || v->dax)
		return (v->btt && ndctl_btt_is_enabled(v->btt)) ||
		       (v->pfn && ndctl_pfn_is_enabled(v->pfn)) ||
		       (v->dax && ndctl_dax_is_enabled(v->dax));
	return ndctl_namespace_is_enabled(ndns);
}

struct json_object *namespace_to_json(struct ndctl_namespace *ndns, unsigned long flags)
{
	struct json_object *jns = json_object_new_object();
	struct ns_view v;
	const char *name;

	if (!jns)
		return NULL;
	ns_view_init(&v, ndns);
	json_add_str(jns, "dev", ndctl_namespace_get_devname(ndns));
	if (v.mode != NDCTL_NS_MODE_UNKNOWN)
		json_add_str(jns, "mode", json_mode_name(v.mode));
	if (v.mode != NDCTL_NS_MODE_SECTOR && v.mode != NDCTL_NS_MODE_RAW)
		json_add_str(jns, "map", map_name(v.loc));
	if (v.size < ULLONG_MAX)
		json_add(jns, "size", json_new_size(v.size, flags));
	add_identity(jns, ndns, &v, flags);
	if (!ns_view_active(ndns, &v))
		json_add_str(jns, "state", "disabled");
	name = ndctl_namespace_get_alt_name(ndns);
	if (name && name[0])
		json_add_str(jns, "name", name);
	add_nodes(jns, ndctl_namespace_get_numa_node(ndns),
		  ndctl_namespace_get_target_node(ndns), flags);
	add_phys(jns, ndns, &v, flags);
	return jns;
}
