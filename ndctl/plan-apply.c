// SPDX-License-Identifier: GPL-2.0
/*
 * `ndctl plan --apply`: the plan's operations in order through util/apply.c.
 * apply_create() verifies each namespace against the prediction and undoes
 * itself when the kernel disagrees; the journal lets us undo every earlier
 * step of this apply too, so a failure, a mismatch or SIGINT/SIGTERM leaves
 * the region as it was. Existing namespaces are never touched.
 *
 * Signals only set a flag, checked between steps: a libndctl call is never
 * cut in half, and the rollback itself cannot be interrupted by a second one.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <ndctl/libndctl.h>
#include "apply.h"
#include "log.h"
#include "plan.h"
#include "size.h"

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

struct saved_signals {
	struct sigaction intr, term, hup;
};

static void catch_signals(struct saved_signals *old)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	stop_signal = 0;
	sigaction(SIGINT, &sa, &old->intr);
	sigaction(SIGTERM, &sa, &old->term);
	sigaction(SIGHUP, &sa, &old->hup);
}

static void restore_signals(const struct saved_signals *old)
{
	sigaction(SIGINT, &old->intr, NULL);
	sigaction(SIGTERM, &old->term, NULL);
	sigaction(SIGHUP, &old->hup, NULL);
}

static struct ndctl_region *find_region(struct ndctl_ctx *ctx, const char *dev)
{
	struct ndctl_region *region;
	struct ndctl_bus *bus;

	ndctl_bus_foreach(ctx, bus) {
		ndctl_region_foreach(bus, region) {
			if (strcmp(ndctl_region_get_devname(region), dev) == 0)
				return region;
		}
	}
	return NULL;
}

static void spec_for(const struct plan_cmd *c, const struct plan_placement *p,
		     uint64_t region_align, struct apply_spec *s)
{
	const struct plan_request *r = p->req >= 0 ? &c->reqs[p->req] : NULL;

	memset(s, 0, sizeof(*s));
	s->mode = p->mode;
	s->map = p->map;
	s->size = p->size;
	s->align = p->align;
	s->sector_size = p->mode == NS_MODE_SECTOR ? p->sector_size : 0;
	if (r)
		snprintf(s->uuid, sizeof(s->uuid), "%s", r->uuid);
	/* fillers carry their plan name so that a re-run recognises them */
	snprintf(s->name, sizeof(s->name), "%s", r && !r->name[0] ? "" : p->name);
	s->region_align = region_align;
	s->predicted = true;
	s->start = p->start;
	if (p->mode == NS_MODE_FSDAX || p->mode == NS_MODE_DEVDAX) {
		s->data_start = p->layout.data.start;
		s->data_size = p->layout.usable;
	}
}

static int count_creates(const struct plan_result *res)
{
	int i, n = 0;

	for (i = 0; i < res->nr_ops; i++)
		n += res->ops[i].kind == PLAN_OP_CREATE;
	return n;
}

/* run the operations; stops at the first failure or signal */
static int run_ops(struct plan_cmd *c, struct ndctl_region *region,
		   struct apply_journal *journal)
{
	int i, k = 0, total = count_creates(&c->res), rc;
	uint64_t region_align = 0;
	char line[256];

	for (i = 0; i < c->res.nr_ops; i++) {
		const struct plan_op *o = &c->res.ops[i];
		struct ndctl_namespace *ndns = NULL;
		struct apply_spec spec;

		if (stop_signal)
			return -EINTR;
		plan_describe_op(c, i, line, sizeof(line));
		if (o->kind == PLAN_OP_SET_REGION_ALIGN) {
			/* done by the first create, so that its undo restores it */
			region_align = o->value;
			fprintf(stderr, "plan: %s (with the first create)\n", line);
			continue;
		}
		k++;
		fprintf(stderr, "plan: [%d/%d] %s\n", k, total, line);
		spec_for(c, &c->res.placements[o->placement], region_align, &spec);
		rc = apply_create(region, &spec, journal, &ndns);
		if (rc)
			return rc;
		snprintf(c->devs[o->placement], MODEL_DEV_LEN, "%s",
			 ndctl_namespace_get_devname(ndns));
		fprintf(stderr, "plan: [%d/%d] %s: %s verified at 0x%llx\n", k, total,
			c->res.placements[o->placement].name, c->devs[o->placement],
			(unsigned long long)spec.start);
	}
	return stop_signal ? -EINTR : 0;
}

int plan_apply(struct plan_cmd *c, struct ndctl_ctx *ctx)
{
	struct apply_journal journal = APPLY_JOURNAL_INIT;
	struct saved_signals old;
	struct ndctl_region *region;
	int rc, rb;

	region = find_region(ctx, c->res.region);
	if (!region) {
		log_err("%s: not found through libndctl", c->res.region);
		return -ENODEV;
	}
	free(c->devs);
	c->devs = calloc((size_t)c->res.nr_placements + 1, sizeof(*c->devs));
	if (!c->devs)
		return -ENOMEM;
	catch_signals(&old);
	rc = run_ops(c, region, &journal);
	if (rc) {
		int nr = journal.nr;

		if (rc == -EINTR)
			log_err("%s: interrupted by signal %d: rolling back", c->res.region,
				(int)stop_signal);
		else
			log_err("%s: apply failed (%s): rolling back", c->res.region,
				strerror(-rc));
		rb = apply_rollback(&journal);
		if (rb)
			log_err("%s: rollback incomplete (%s): check 'ndctl list -N -r %s'",
				c->res.region, strerror(-rb), c->res.region);
		else
			fprintf(stderr,
				"plan: %s: rolled back %d step%s; the region is as before\n",
				c->res.region, nr, nr == 1 ? "" : "s");
		memset(c->devs, 0, (size_t)c->res.nr_placements * sizeof(*c->devs));
		c->rolled_back = true;
	} else {
		c->applied = true;
		fprintf(stderr, "plan: %s: created %d namespace%s as planned\n", c->res.region,
			count_creates(&c->res), count_creates(&c->res) == 1 ? "" : "s");
	}
	apply_journal_release(&journal);
	restore_signals(&old);
	return rc;
}
