/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The plain description of a machine's persistent memory that every pure
 * module works on: topology discovery (util/topology.c) fills it from
 * libndctl, /proc/iomem and sysfs, or from a captured JSON file; geometry,
 * infoblock and planner read it. No pointers into libndctl live here.
 *
 * All addresses are physical (SPA) byte addresses, ranges are half-open
 * [start, end), sizes are bytes.
 */
#ifndef UTIL_MODEL_H
#define UTIL_MODEL_H
#include <stdbool.h>
#include <stdint.h>

#define MODEL_DEV_LEN	32
#define MODEL_NAME_LEN	64	/* the label's name field holds 63 bytes + NUL */
#define MODEL_UUID_LEN	37

struct range {
	uint64_t start;
	uint64_t end;		/* exclusive */
};

enum ns_mode {
	NS_MODE_RAW = 0,
	NS_MODE_FSDAX,		/* pfn device, "memory" in old ndctl */
	NS_MODE_DEVDAX,		/* dax device */
	NS_MODE_SECTOR,		/* btt device */
};

enum ns_map {
	NS_MAP_DEV = 0,		/* struct pages in pmem (the info block reserve) */
	NS_MAP_MEM,		/* struct pages in DRAM */
};

/* What the rules are: see kernel-rules.md section 7 */
enum kernel_model {
	KMODEL_SUBSECTION = 0,	/* 5.7+: 2 MiB sub-sections, region align, start checks */
	KMODEL_SECTION,		/* before 5.3: 128 MiB sections, padding */
};

struct model_namespace {
	char dev[MODEL_DEV_LEN];	/* "namespace0.1" */
	char name[MODEL_NAME_LEN];	/* alt name from the label, may be "" */
	char uuid[MODEL_UUID_LEN];	/* "" when none (label-less) */
	enum ns_mode mode;
	enum ns_map map;
	uint64_t start;		/* SPA of the raw namespace */
	uint64_t size;		/* raw size; 0 for an idle seed (never listed) */
	uint64_t align;		/* pfn/dax align, 0 for raw/sector */
	uint64_t sector_size;	/* sector mode only */
	/* what the kernel reports for the pfn/dax device; 0 when unknown */
	uint64_t data_start;
	uint64_t data_size;
	bool enabled;
};

struct model_region {
	char dev[MODEL_DEV_LEN];	/* "region0" */
	uint64_t start;		/* SPA (root only in sysfs) */
	uint64_t size;
	uint64_t align;		/* region align attribute */
	unsigned ways;		/* interleave ways, >= 1 */
	uint64_t dpa_start;	/* mapping0's DPA start (Ds) */
	bool labeled;		/* false: label-less (NAMESPACE_IO), one fixed namespace */
	bool readonly;
	bool pagemap;		/* ND_REGION_PAGEMAP (e820, virtio, of_pmem): raw mode maps pages */
	int label_slots_free;	/* smallest free label count over its DIMMs, -1 unknown */
	int nr_namespaces;
	struct model_namespace *namespaces;	/* sorted by start */
};

struct model_system {
	enum kernel_model kmodel;
	uint64_t section_size;		/* 128 MiB on x86-64 */
	uint64_t subsection_size;	/* 2 MiB */
	uint64_t compat_align;		/* memremap_compat_align(): 2 MiB on x86-64 */
	uint64_t memblock_size;		/* memory block size, 0 when unknown */
	char kernel_release[64];	/* uname -r, "" when simulated */
	int nr_ram;
	struct range *ram;		/* System RAM from /proc/iomem, sorted */
	int nr_regions;
	struct model_region *regions;
};

/* defaults for x86-64 with sub-section hotplug */
static inline void model_system_defaults(struct model_system *sys)
{
	sys->kmodel = KMODEL_SUBSECTION;
	sys->section_size = 128ULL << 20;
	sys->subsection_size = 2ULL << 20;
	sys->compat_align = 2ULL << 20;
	sys->memblock_size = 128ULL << 20;
}

#endif
