// SPDX-License-Identifier: GPL-2.0
/*
 * The System RAM preview of a dax device. dax_kmem hot-plugs each data range
 * of a device rounded inward to memory blocks and silently drops the head and
 * tail outside whole blocks (kernel-rules.md section 5). Users should learn
 * that before the conversion, not from /proc/meminfo afterwards, so the
 * arithmetic (util/geometry) is run on the device's ranges here.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include <libkmod.h>
#include <daxctl/libdaxctl.h>
#include "dax.h"
#include "geometry.h"
#include "log.h"
#include "size.h"


/* the device's data ranges: its mappings, or resource and size when it has none */
static int dev_ranges(struct daxctl_dev *dev, struct dax_kmem_plan *plan)
{
	struct daxctl_mapping *mapping;
	unsigned long long start, size;

	plan->nr_ranges = 0;
	daxctl_mapping_foreach(dev, mapping) {
		if (plan->nr_ranges == DAX_KMEM_MAX_RANGES)
			return -E2BIG;
		start = daxctl_mapping_get_start(mapping);
		size = daxctl_mapping_get_size(mapping);
		if (start == ULLONG_MAX || size == ULLONG_MAX || !size)
			return -ENXIO;
		plan->ranges[plan->nr_ranges].start = start;
		plan->ranges[plan->nr_ranges].end = start + size;
		plan->nr_ranges++;
	}
	if (plan->nr_ranges)
		return 0;
	start = daxctl_dev_get_resource(dev);
	size = daxctl_dev_get_size(dev);
	if (!start || start == ULLONG_MAX || !size || size == ULLONG_MAX)
		return -ENXIO;
	plan->ranges[0].start = start;
	plan->ranges[0].end = start + size;
	plan->nr_ranges = 1;
	return 0;
}

int dax_kmem_plan(struct daxctl_dev *dev, uint64_t block_size, struct dax_kmem_plan *plan)
{
	int i, rc;

	memset(plan, 0, sizeof(*plan));
	plan->block_size = block_size;
	plan->target_node = daxctl_dev_get_target_node(dev);
	rc = dev_ranges(dev, plan);
	if (rc < 0)
		return rc;
	for (i = 0; i < plan->nr_ranges; i++) {
		struct dax_kmem_range *r = &plan->ranges[i];
		struct range data = { r->start, r->end };
		struct geo_kmem k;

		rc = geo_kmem_range(&data, block_size, &k);
		if (rc < 0)
			return rc;
		r->kmem_start = k.range.start;
		r->kmem_end = k.range.end;
		r->head = k.head;
		r->tail = k.tail;
		plan->data_size += r->end - r->start;
		plan->online_size += k.range.end - k.range.start;
		plan->lost_head += k.head;
		plan->lost_tail += k.tail;
	}
	plan->nr_blocks = (int)(plan->online_size / block_size);
	return 0;
}

static struct json_object *range_to_json(const struct dax_kmem_range *r, unsigned long flags)
{
	struct json_object *jr = json_object_new_object();

	if (!jr)
		return NULL;
	json_object_object_add(jr, "start", dax_json_hex(r->start, flags));
	json_object_object_add(jr, "end", dax_json_hex(r->end, flags));
	if (r->kmem_end > r->kmem_start) {
		json_object_object_add(jr, "kmem_start", dax_json_hex(r->kmem_start, flags));
		json_object_object_add(jr, "kmem_end", dax_json_hex(r->kmem_end, flags));
	}
	json_object_object_add(jr, "head_lost", dax_json_size(r->head, flags));
	json_object_object_add(jr, "tail_lost", dax_json_size(r->tail, flags));
	return jr;
}

struct json_object *dax_kmem_plan_to_json(const struct dax_kmem_plan *plan, unsigned long flags)
{
	struct json_object *jplan = json_object_new_object(), *jranges;
	int i;

	if (!jplan)
		return NULL;
	json_object_object_add(jplan, "memblock_size", dax_json_size(plan->block_size, flags));
	json_object_object_add(jplan, "data_size", dax_json_size(plan->data_size, flags));
	json_object_object_add(jplan, "online_size", dax_json_size(plan->online_size, flags));
	json_object_object_add(jplan, "memblocks", json_object_new_int(plan->nr_blocks));
	json_object_object_add(jplan, "head_lost", dax_json_size(plan->lost_head, flags));
	json_object_object_add(jplan, "tail_lost", dax_json_size(plan->lost_tail, flags));
	jranges = json_object_new_array();
	if (jranges) {
		for (i = 0; i < plan->nr_ranges; i++)
			json_object_array_add(jranges, range_to_json(&plan->ranges[i], flags));
		json_object_object_add(jplan, "ranges", jranges);
	}
	return jplan;
}

void dax_kmem_plan_describe(const char *devname, const struct dax_kmem_plan *plan)
{
	char data[SIZE_STR_LEN], on[SIZE_STR_LEN], blk[SIZE_STR_LEN];
	char head[SIZE_STR_LEN], tail[SIZE_STR_LEN];
	const struct dax_kmem_range *r = &plan->ranges[0];

	size_str(data, sizeof(data), plan->data_size);
	size_str(on, sizeof(on), plan->online_size);
	size_str(blk, sizeof(blk), plan->block_size);
	size_str(head, sizeof(head), plan->lost_head);
	size_str(tail, sizeof(tail), plan->lost_tail);
	if (!plan->online_size) {
		log_msg(LOG_LEVEL_ERR,
			"%s: data %#llx-%#llx (%s) holds no whole %s memory block: "
			"nothing would be onlined (kmem rounds each range inward to blocks)",
			devname, (unsigned long long)r->start, (unsigned long long)r->end, data,
			blk);
		return;
	}
	/* a notice, not an error: the error level is the one shown without -v and has no tag */
	log_msg(LOG_LEVEL_ERR,
		"%s: %s of %s data would be onlined as System RAM (%d memory block%s of %s "
		"at %#llx-%#llx); lost to memory-block alignment: head %s, tail %s",
		devname, on, data, plan->nr_blocks, plan->nr_blocks == 1 ? "" : "s", blk,
		(unsigned long long)r->kmem_start,
		(unsigned long long)plan->ranges[plan->nr_ranges - 1].kmem_end, head, tail);
}

int dax_load_module(const char *name)
{
	struct kmod_module *mod = NULL;
	struct kmod_ctx *kctx;
	int rc, state;

	kctx = kmod_new(NULL, NULL);
	if (!kctx)
		return -ENOMEM;
	rc = kmod_module_new_from_name(kctx, name, &mod);
	if (rc < 0)
		goto out;
	state = kmod_module_get_initstate(mod);
	if (state == KMOD_MODULE_LIVE || state == KMOD_MODULE_BUILTIN)
		goto out;
	rc = kmod_module_probe_insert_module(mod, 0, NULL, NULL, NULL, NULL);
	if (rc < 0)
		log_err("cannot load kernel module %s: %s", name, strerror(-rc));
	else
		log_info("loaded kernel module %s", name);
out:
	kmod_module_unref(mod);
	kmod_unref(kctx);
	return rc < 0 ? rc : 0;
}
