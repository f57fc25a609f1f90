/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The layout planner: requests for namespaces in one region -> where the
 * kernel will put each one, what it costs, whether the kernel accepts it,
 * and the ordered operations that make it so (kernel-rules.md sections 3, 5
 * and 7). It simulates the kernel's first-fit DPA allocation exactly, so
 * "in-order" predicts sequential create-namespace calls. Pure code and
 * deterministic: the same model and requests always give the same plan.
 */
#ifndef UTIL_PLANNER_H
#define UTIL_PLANNER_H
#include <stdbool.h>
#include <stdint.h>
#include "model.h"
#include "geometry.h"
#include "infoblock.h"

struct plan_request {
	char name[MODEL_NAME_LEN];	/* label name; "" = none */
	enum ns_mode mode;
	enum ns_map map;		/* fsdax/devdax; default NS_MAP_DEV */
	uint64_t size;			/* raw size, or 0 when usable_size is given */
	uint64_t usable_size;		/* wanted usable size, or 0 when size is given */
	uint64_t align;			/* pfn/dax align; 0 = 2 MiB */
	uint64_t sector_size;		/* sector mode; 0 = 4096 */
	char uuid[MODEL_UUID_LEN];	/* optional, "" = generated at apply */
};

enum plan_policy {
	PLAN_IN_ORDER = 0,	/* exactly what sequential create-namespace calls do */
	PLAN_PACK,		/* reorder (and round usable sizes) to minimise waste and sections */
	PLAN_ISOLATE,		/* each fsdax/devdax namespace in sections of its own (old kernels) */
	PLAN_KMEM,		/* devdax data ranges start (and, for usable=, end) on memory blocks */
};

struct plan_options {
	enum plan_policy policy;
	/*
	 * Keep the region's current align (16 MiB by default) as upstream
	 * ndctl does: sizes off that grid are refused instead of lowering it.
	 * Without compat the plan lowers the align to 2 MiB x ways (never
	 * raises it) when a size is on that grid but not on the current one,
	 * when a usable= request gets smaller, or for kmem-policy devdax.
	 * The pre-5.3 model has no region align: sizes are 4 KiB x ways.
	 */
	bool compat;
};

/* a request's outcome, or a filler namespace the policy added */
struct plan_placement {
	int req;			/* index into the request array, -1 for a filler */
	char name[MODEL_NAME_LEN];	/* request name, "plan-filler-N" for fillers, or "request#N" */
	enum ns_mode mode;
	enum ns_map map;
	uint64_t align;			/* effective pfn/dax align (0 for raw/sector) */
	uint64_t sector_size;		/* effective (sector mode) */

	/*
	 * 0 placed; else the -errno of the refusing rule: -EINVAL (size off
	 * the grid, misaligned start, bad align), -ENOSPC (no hole, label area
	 * full), -ENXIO (too small for the mode, System RAM in the mapping),
	 * -EEXIST (sub-section already populated), -ENOMEM (pre-5.3: another
	 * page map in the section), -EROFS / -EOPNOTSUPP (read-only or
	 * label-less region).
	 */
	int err;
	char why[192];			/* refusal: "region0: 31 MiB is not a multiple of 2 MiB" */
	uint64_t suggest_lo;		/* nearest raw sizes that would fit (0 = none); they */
	uint64_t suggest_hi;		/* may assume the plan lowers the align (not compat) */

	/* valid when err == 0 */
	int order;			/* position in the creation order (ops), 0-based */
	uint64_t start;			/* SPA of the raw namespace */
	uint64_t size;			/* raw size */
	uint64_t dpa;			/* DPA start on mapping0 */
	struct ib_layout layout;	/* mapped/data ranges, dataoff, usable, metadata */
	struct geo_span span;		/* sections/sub-sections of layout.mapped */
	struct geo_kmem kmem;		/* devdax: what kmem could online (empty otherwise) */
	uint64_t waste;			/* end_trunc + start_pad + usable beyond usable_size;
					 * a filler's whole size is counted in plan waste */
	int nr_shared;			/* other active owners in its sections */
	char (*shared_with)[MODEL_NAME_LEN];	/* "namespace0.0", "region1/namespace1.0", "System RAM" */
};

enum plan_op_kind {
	PLAN_OP_SET_REGION_ALIGN = 0,	/* write the region's align attribute */
	PLAN_OP_CREATE,			/* create placement[placement] */
};

struct plan_op {
	enum plan_op_kind kind;
	uint64_t value;			/* SET_REGION_ALIGN: the new align */
	int placement;			/* CREATE: index into placements */
};

struct plan_result {
	char region[MODEL_DEV_LEN];
	int err;			/* whole plan refused (label-less, read-only, bad model) */
	char why[192];

	uint64_t region_align_before;	/* the model's region align */
	uint64_t region_align;		/* the align the plan needs (== before when unchanged) */

	int nr_placements;		/* nr requests first (same index), then fillers */
	struct plan_placement *placements;
	int nr_ops;
	struct plan_op *ops;		/* in order: at most one set-align, then creates */

	int nr_placed;
	int nr_refused;
	int nr_fillers;
	int label_slots_used;		/* labels per DIMM this plan writes */
	int label_slots_free;		/* left after the plan, -1 unknown */

	uint64_t used;			/* region capacity used after the plan (existing + planned) */
	uint64_t free;			/* region capacity left */
	uint64_t largest_free;		/* largest namespace still creatable */
	uint64_t planned_raw;		/* raw bytes of placed requests (no fillers) */
	uint64_t usable;		/* usable bytes delivered by placed requests */
	uint64_t metadata;		/* metadata bytes of placed requests */
	uint64_t waste;			/* placement waste + filler bytes */
	int nr_sections;		/* distinct sections touched by placed requests */
};

/*
 * Plan @nr requests in region @region of @sys. Always fills @out (free with
 * plan_result_free()); requests that cannot be placed are refusals in it, not
 * errors. Returns 0, or -EINVAL for bad arguments / -ENOMEM, in which case
 * @out is still safe to free.
 */
int plan_region(const struct model_system *sys, const struct model_region *region,
		const struct plan_request *reqs, int nr, const struct plan_options *opts,
		struct plan_result *out);
void plan_result_free(struct plan_result *res);

const char *plan_policy_name(enum plan_policy policy);
int plan_policy_parse(const char *s, enum plan_policy *policy);

/*
 * Ranges of the placed namespaces (fillers included) as geo_extra entries,
 * for geo_section_view() of the planned state: the mapped range of
 * fsdax/devdax (active; a start_pad or end_trunc part follows as a second,
 * inactive entry of the same name), the raw range otherwise. Returns the
 * count (<= 2 * nr_placements) and *out (free()), or -ENOMEM.
 */
int plan_result_extras(const struct plan_result *res, struct geo_extra **out);

#endif
