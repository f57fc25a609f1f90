// SPDX-License-Identifier: GPL-2.0
/*
 * The whole `ndctl plan --topology FILE REQUEST...` path on outside input: a
 * capture through topology_parse(), request strings through request_parse(),
 * then plan_region() for every region of the capture. The input is
 *
 *   <topology JSON>
 *   %%
 *   [policy: in-order|pack|isolate|kmem [compat]]
 *   <one request per line>
 *
 * The planner must never crash or hang on a model that loaded, and what it
 * places must fit: inside the region, clear of the namespaces already there
 * and of each other. Then the planned state is drawn as `ndctl plan` does:
 * plan_result_extras(), geo_section_view(), section_picture_build/print().
 */
#include <errno.h>
#include <inttypes.h>
#include "fuzz-common.h"
#include "geometry.h"
#include "planner.h"
#include "request.h"
#include "section-picture.h"
#include "topology.h"

#define MAX_REQUESTS 32

static const char sep[] = "\n%%\n";

/* the first line of the request part may choose the policy */
static char *parse_policy(char *p, struct plan_options *opts)
{
	char *nl = strchr(p, '\n'), *word;

	if (strncmp(p, "policy: ", 8))
		return p;
	if (nl)
		*nl = '\0';
	word = strtok(p + 8, " ");
	if (word)
		plan_policy_parse(word, &opts->policy);
	word = strtok(NULL, " ");
	opts->compat = word && !strcmp(word, "compat");
	return nl ? nl + 1 : p + strlen(p);
}

static int parse_requests(char *p, struct plan_request *reqs)
{
	char err[REQUEST_ERR_LEN];
	int nr = 0;

	while (*p && nr < MAX_REQUESTS) {
		char *nl = strchr(p, '\n');

		if (nl)
			*nl = '\0';
		memset(&reqs[nr], 0, sizeof(reqs[nr]));
		if (request_parse(p, &reqs[nr], err, sizeof(err)) == 0)
			nr++;
		if (!nl)
			break;
		p = nl + 1;
	}
	return nr;
}

static int overlap(const struct range *a, uint64_t start, uint64_t size)
{
	return a->start < start + size && start < a->end;
}

static void check_result(const struct model_region *r, const struct plan_result *res, int nr)
{
	int i, j;

	FUZZ_CHECK(res->nr_placements >= nr, "%s: %d placements for %d requests", r->dev,
		   res->nr_placements, nr);
	FUZZ_CHECK(res->nr_placed + res->nr_refused == nr, "%s: placed %d + refused %d != %d",
		   r->dev, res->nr_placed, res->nr_refused, nr);
	FUZZ_CHECK(res->nr_ops >= 0 && (res->nr_ops == 0 || res->ops), "%s: nr_ops %d", r->dev,
		   res->nr_ops);
	for (i = 0; i < res->nr_ops; i++) {
		const struct plan_op *op = &res->ops[i];

		if (op->kind != PLAN_OP_CREATE)
			continue;
		FUZZ_CHECK(op->placement >= 0 && op->placement < res->nr_placements &&
				   !res->placements[op->placement].err,
			   "%s: op %d creates placement %d", r->dev, i, op->placement);
	}
	for (i = 0; i < res->nr_placements; i++) {
		const struct plan_placement *p = &res->placements[i];
		struct range me = { p->start, p->start + p->size };

		FUZZ_CHECK(memchr(p->why, '\0', sizeof(p->why)), "%s: why not terminated", r->dev);
		if (p->err)
			continue;
		FUZZ_CHECK(p->size && p->start >= r->start && p->start + p->size > p->start &&
				   p->start + p->size <= r->start + r->size,
			   "%s: %s [0x%" PRIx64 " +0x%" PRIx64 ") outside the region", r->dev,
			   p->name, p->start, p->size);
		for (j = 0; j < r->nr_namespaces; j++)
			FUZZ_CHECK(!r->namespaces[j].size ||
					   !overlap(&me, r->namespaces[j].start, r->namespaces[j].size),
				   "%s: %s overlaps %s", r->dev, p->name, r->namespaces[j].dev);
		for (j = 0; j < i; j++)
			FUZZ_CHECK(res->placements[j].err ||
					   !overlap(&me, res->placements[j].start,
						    res->placements[j].size),
				   "%s: %s overlaps %s", r->dev, p->name, res->placements[j].name);
	}
}

/* what plan-output.c does with a result: the section view and its picture */
static void draw(const struct model_system *sys, const struct plan_result *res)
{
	static FILE *devnull;
	struct section_picture *pic = NULL;
	struct geo_view *view = NULL;
	struct geo_extra *extras = NULL;
	int n, rc;

	if (!devnull)
		devnull = fopen("/dev/null", "w");
	FUZZ_CHECK(devnull, "cannot open /dev/null");
	n = plan_result_extras(res, &extras);
	if (n < 0)
		return;
	/* util/planner.h: a pfn namespace's pad or truncated tail is a second entry */
	FUZZ_CHECK(n <= 2 * res->nr_placements, "%d extras for %d placements", n,
		   res->nr_placements);
	rc = geo_section_view(sys, res->region, extras, n, &view);
	/* util/geometry.h: -E2BIG beyond GEO_VIEW_MAX_SECTIONS (callers then skip the picture) */
	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ENOMEM || rc == -ENOENT || rc == -E2BIG,
		   "view rc %d", rc);
	/*
	 * The picture costs 64 cells per section, linear: a 31 TiB capture
	 * (256k sections) took 6 s here under the fuzzer's instrumentation (0.3 s
	 * of CPU for the whole `ndctl plan -u` in a normal build) and tripped the
	 * timeout (crashes/plan/timeout-31-tib-region). Above 8 TiB only the view
	 * is checked.
	 */
	if (!rc && view->nr_sections <= 65536 && !section_picture_build(sys, view, &pic)) {
		section_picture_print(devnull, pic, view, SP_LEGEND | SP_WARNINGS);
		section_picture_free(pic);
	}
	geo_view_free(view);
	free(extras);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct plan_request reqs[MAX_REQUESTS];
	struct plan_options opts = { .policy = PLAN_IN_ORDER };
	struct model_system sys;
	struct plan_result res;
	char *text = fuzz_strdup(data, size), *rest;
	char err[256];
	int nr = 0, i, rc;

	rest = strstr(text, sep);
	if (rest) {
		*rest = '\0';
		rest += sizeof(sep) - 1;
		rest = parse_policy(rest, &opts);
		nr = parse_requests(rest, reqs);
	}
	if (topology_parse(text, strlen(text), &sys, err, sizeof(err))) {
		free(text);
		return 0;
	}
	for (i = 0; i < sys.nr_regions; i++) {
		const struct model_region *r = &sys.regions[i];

		rc = plan_region(&sys, r, reqs, nr, &opts, &res);
		FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ENOMEM, "%s: rc %d", r->dev, rc);
		if (!rc) {
			check_result(r, &res, nr);
			draw(&sys, &res);
		}
		plan_result_free(&res);
	}
	topology_free(&sys);
	free(text);
	return 0;
}
