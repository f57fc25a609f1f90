/* SPDX-License-Identifier: GPL-2.0 */
/* `ndctl plan`: state shared by plan.c (flow), plan-output.c and plan-apply.c. */
#ifndef NDCTL_PLAN_H
#define NDCTL_PLAN_H
#include <stdbool.h>
#include <stdio.h>
#include "model.h"
#include "planner.h"

struct ndctl_ctx;
struct json_object;

enum plan_target {
	PLAN_TARGET_LIVE = 0,
	PLAN_TARGET_TOPOLOGY,
	PLAN_TARGET_SIMULATE,
};

enum plan_format {
	PLAN_FMT_AUTO = 0,	/* table on a tty, JSON otherwise */
	PLAN_FMT_HUMAN,
	PLAN_FMT_JSON,
};

/* an existing namespace a request (or filler) of the plan already matches */
struct plan_match {
	int placement;		/* index into res.placements */
	const struct model_namespace *ns;
};

struct plan_cmd {
	/* options */
	const char *region;
	const char *topology_file;
	const char *simulate;
	const char *req_file;
	const char *kernel;		/* auto | subsection | section */
	struct plan_options opts;
	enum plan_format fmt;
	bool apply;
	bool dry_run;
	bool no_picture;
	enum plan_target target;

	struct plan_request *reqs;
	int nr_reqs;
	struct model_system sys;
	struct model_region *reg;
	struct plan_result res;

	/* reconciliation with what already exists (matched by name) */
	int nr_existing;		/* planned namespaces that already exist as planned */
	int nr_conflicts;
	char (*diffs)[256];		/* one line per difference */
	bool already_applied;		/* every placement exists as planned */

	/* after --apply: the device each placement became ("" when not made) */
	char (*devs)[MODEL_DEV_LEN];
	bool applied;
	bool rolled_back;
};

/* plan-output.c */
void plan_print_human(FILE *out, const struct plan_cmd *c);
void plan_print_ops(FILE *out, const struct plan_cmd *c);
struct json_object *plan_to_json(const struct plan_cmd *c, bool ops_only);
const char *plan_errno_name(int err);
char *plan_size_short(char *buf, size_t len, uint64_t bytes);
void plan_describe_op(const struct plan_cmd *c, int op, char *buf, size_t len);

/* plan-apply.c: 0 (applied), or a negative errno after rolling back */
int plan_apply(struct plan_cmd *c, struct ndctl_ctx *ctx);

/* plan-simulate.c: fill c->sys with the one region --simulate describes */
int plan_simulate_parse(const char *spec, struct model_system *sys, char *err, size_t len);

#endif
