/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the daxctl commands share: device/region filters, the JSON of dax
 * objects (keys as upstream daxctl 76.1), and the System RAM (kmem) preview
 * of a device: which part of its data the kernel would hot-plug.
 */
#ifndef DAXCTL_DAX_H
#define DAXCTL_DAX_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct daxctl_ctx;
struct daxctl_region;
struct daxctl_dev;
struct daxctl_mapping;
struct json_object;

/* JSON flags */
#define DAX_JSON_HUMAN		(1UL << 0)	/* -u: sizes as "X MiB (Y MB)", addresses hex */
#define DAX_JSON_DEVS		(1UL << 1)	/* nest "devices" in regions */
#define DAX_JSON_MAPPINGS	(1UL << 2)	/* -M: add "mappings" to devices */
#define DAX_JSON_IDLE		(1UL << 3)	/* -i: include devices of size 0 */
#define DAX_JSON_KMEM		(1UL << 4)	/* --kmem: add the kmem preview to devices */

/*
 * Filters as upstream: NULL or "all" match everything; a region matches "N" or
 * "regionN"; a device matches "daxN.M" or "N.M".
 */
bool dax_region_match(struct daxctl_region *region, const char *ident);
bool dax_dev_match(struct daxctl_dev *dev, const char *ident);
/* true when ident has a form dax_dev_match() can ever accept */
bool dax_dev_ident_valid(const char *ident);

struct json_object *dax_json_size(uint64_t val, unsigned long flags);
struct json_object *dax_json_hex(uint64_t val, unsigned long flags);
struct json_object *dax_dev_to_json(struct daxctl_dev *dev, unsigned long flags);
struct json_object *dax_region_to_json(struct daxctl_region *region, const char *dev_ident,
				       unsigned long flags);
/* append the matching devices of a region; creates the array when *jdevs is NULL */
int dax_devs_to_json(struct daxctl_region *region, const char *dev_ident, unsigned long flags,
		     struct json_object **jdevs);
/*
 * Print an array the way upstream does (a single element alone in human mode)
 * and drop the reference.
 */
void dax_json_print_array(FILE *out, struct json_object *jarray, unsigned long flags);

/* kmem preview: what dax_kmem would do with the device's data ranges */
#define DAX_KMEM_MAX_RANGES 16

struct dax_kmem_range {
	uint64_t start, end;		/* data range of the device (exclusive end) */
	uint64_t kmem_start, kmem_end;	/* rounded inward to memory blocks; equal when none */
	uint64_t head, tail;		/* bytes lost before / after the blocks */
};

struct dax_kmem_plan {
	uint64_t block_size;		/* memory block size */
	int nr_ranges;
	struct dax_kmem_range ranges[DAX_KMEM_MAX_RANGES];
	uint64_t data_size;		/* sum of the data ranges */
	uint64_t online_size;		/* what would become System RAM */
	uint64_t lost_head, lost_tail;	/* sums over the ranges */
	int nr_blocks;			/* online_size / block_size */
	int target_node;
};

/* fill a plan for a device; negative errno when its ranges cannot be read */
int dax_kmem_plan(struct daxctl_dev *dev, uint64_t block_size, struct dax_kmem_plan *plan);
/* the plan as a JSON object (kmem_* keys) */
struct json_object *dax_kmem_plan_to_json(const struct dax_kmem_plan *plan, unsigned long flags);
/* one sentence for people: how much is onlined and lost, and where */
void dax_kmem_plan_describe(const char *devname, const struct dax_kmem_plan *plan);

/*
 * The kernel's auto-online policy, held at "offline" while kmem binds so that
 * daxctl, not the kernel, chooses the zone (online-policy.c says why).
 */
struct dax_online_policy {
	char word[32];	/* the policy before hold */
	bool held;	/* hold changed it: restore must put word back */
};

/* 0 when held or nothing needed holding; negative errno (said) otherwise */
int dax_online_policy_hold(const char *devname, struct dax_online_policy *saved);
void dax_online_policy_restore(const char *devname, const struct dax_online_policy *saved);

/* load a kernel module by name with libkmod unless it is already there */
int dax_load_module(const char *name);

#endif
