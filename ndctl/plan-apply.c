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
 *
 * What a signal cannot cover (kill -9, a crash, a power loss) the journal
 * does (plan-journal.h): every planned namespace gets its uuid first, the
 * whole plan is written durably before the first change, each step is
 * marked started before it runs and done once verified, and the end marks
 * the apply finished or rolled back. `ndctl plan --recover` reads it.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <uuid/uuid.h>
#include <ndctl/libndctl.h>
#include "apply.h"
#include "log.h"
#include "plan.h"
#include "plan-journal.h"
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

/* the step of the journal, durably, before and after each create */
static int mark_step(struct plan_journal_file *jf, int k, enum journal_step_state state,
		     const char *dev)
{
	struct journal_step *st = &jf->j.steps[k];

	st->state = state;
	if (dev)
		snprintf(st->dev, sizeof(st->dev), "%s", dev);
	return plan_journal_save(jf);
}

/* run the operations; stops at the first failure or signal */
static int run_ops(struct plan_cmd *c, struct ndctl_region *region,
		   struct apply_journal *journal, struct plan_journal_file *jf)
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
		fprintf(stderr, "plan: [%d/%d] %s\n", k + 1, total, line);
		spec_for(c, &c->res.placements[o->placement], region_align, &spec);
		/* the uuid the journal names, so a crash leaves a namespace we can recognise */
		snprintf(spec.uuid, sizeof(spec.uuid), "%s", jf->j.steps[k].uuid);
		rc = mark_step(jf, k, JSTEP_STARTED, NULL);
		if (rc)
			return rc;
		rc = apply_create(region, &spec, journal, &ndns);
		if (rc)
			return rc;
		snprintf(c->devs[o->placement], MODEL_DEV_LEN, "%s",
			 ndctl_namespace_get_devname(ndns));
		rc = mark_step(jf, k, JSTEP_DONE, c->devs[o->placement]);
		if (rc)
			return rc;
		k++;
		fprintf(stderr, "plan: [%d/%d] %s: %s verified at 0x%llx\n", k, total,
			c->res.placements[o->placement].name, c->devs[o->placement],
			(unsigned long long)spec.start);
	}
	return stop_signal ? -EINTR : 0;
}

/* the whole plan, each create with the uuid it will get, before anything changes */
static int journal_begin(struct plan_cmd *c, struct ndctl_ctx *ctx, struct ndctl_region *region,
			 struct journal *j)
{
	const char *owner;
	int i, rc;

	memset(j, 0, sizeof(*j));
	j->version = JOURNAL_VERSION;
	j->state = JOURNAL_APPLYING;
	snprintf(j->region, sizeof(j->region), "%s", c->res.region);
	j->region_start = ndctl_region_get_resource(region);
	if (j->region_start == ULLONG_MAX)
		j->region_start = c->reg->start;
	j->region_size = ndctl_region_get_size(region);
	j->align_before = c->res.region_align_before;
	j->align = c->res.region_align;
	j->pid = getpid();
	j->started = (int64_t)time(NULL);
	for (i = 0; i < c->res.nr_ops; i++) {
		const struct plan_op *o = &c->res.ops[i];
		struct journal_step st;
		struct apply_spec spec;
		uuid_t uu;

		if (o->kind != PLAN_OP_CREATE)
			continue;
		spec_for(c, &c->res.placements[o->placement], 0, &spec);
		memset(&st, 0, sizeof(st));
		snprintf(st.name, sizeof(st.name), "%s", c->res.placements[o->placement].name);
		snprintf(st.label, sizeof(st.label), "%s", spec.name);
		if (spec.uuid[0]) {
			snprintf(st.uuid, sizeof(st.uuid), "%s", spec.uuid);
		} else {
			uuid_generate(uu);
			uuid_unparse(uu, st.uuid);
		}
		uuid_parse(st.uuid, uu);
		owner = apply_uuid_owner(ctx, NULL, uu);
		if (owner) {
			log_err("%s: uuid %s of %s is already used by %s: nothing changed",
				c->res.region, st.uuid, st.name, owner);
			return -EEXIST;
		}
		st.mode = spec.mode;
		st.map = spec.map;
		st.size = spec.size;
		st.start = spec.start;
		st.align = spec.align;
		st.sector_size = spec.sector_size;
		st.data_start = spec.data_start;
		st.data_size = spec.data_size;
		rc = journal_add_step(j, &st);
		if (rc)
			return rc;
	}
	return 0;
}

/* an apply must not start over what an interrupted one left behind */
static int refuse_unfinished(struct plan_journal_file *jf)
{
	char when[40];
	int i, done = 0, rc = plan_journal_load(jf);

	if (rc == -ENOENT)
		return 0;
	if (rc)
		return rc;
	if (!journal_unfinished(&jf->j))
		return 0;
	for (i = 0; i < jf->j.nr_steps; i++)
		done += jf->j.steps[i].state == JSTEP_DONE;
	log_err("%s: an apply started %s (pid %lld) did not finish: %d of %d steps done "
		"(journal %s). See what it made with 'ndctl plan -r %s --recover', then undo it "
		"(--recover --rollback) or complete it (--recover --finish); nothing changed",
		jf->region, plan_journal_time(when, sizeof(when), jf->j.started),
		(long long)jf->j.pid, done, jf->j.nr_steps, jf->path, jf->region);
	return -EBUSY;
}

/* after a complete rollback: what was made is gone again */
static void journal_rolled_back(struct plan_journal_file *jf)
{
	int i;

	for (i = 0; i < jf->j.nr_steps; i++)
		if (jf->j.steps[i].state != JSTEP_PENDING)
			jf->j.steps[i].state = JSTEP_UNDONE;
	jf->j.state = JOURNAL_ROLLED_BACK;
	plan_journal_save(jf);
}

int plan_apply(struct plan_cmd *c, struct ndctl_ctx *ctx)
{
	struct apply_journal journal = APPLY_JOURNAL_INIT;
	struct plan_journal_file jf;
	struct saved_signals old;
	struct ndctl_region *region;
	int rc, rb;

	region = apply_find_region(ctx, c->res.region);
	if (!region) {
		log_err("%s: not found through libndctl", c->res.region);
		return -ENODEV;
	}
	free(c->devs);
	c->devs = calloc((size_t)c->res.nr_placements + 1, sizeof(*c->devs));
	if (!c->devs)
		return -ENOMEM;
	rc = plan_journal_open(&jf, c->res.region, true);
	if (rc)
		return rc;
	rc = refuse_unfinished(&jf);
	if (!rc) {
		journal_free(&jf.j);
		rc = journal_begin(c, ctx, region, &jf.j);
	}
	if (!rc)
		rc = plan_journal_save(&jf);
	if (rc) {
		plan_journal_close(&jf);
		return rc;
	}
	catch_signals(&old);
	rc = run_ops(c, region, &journal, &jf);
	if (rc) {
		int nr = journal.nr;

		if (rc == -EINTR)
			log_err("%s: interrupted by signal %d: rolling back", c->res.region,
				(int)stop_signal);
		else
			log_err("%s: apply failed (%s): rolling back", c->res.region,
				strerror(-rc));
		rb = apply_rollback(&journal);
		if (rb) {
			log_err("%s: rollback incomplete (%s): check 'ndctl list -N -r %s'; "
				"'ndctl plan -r %s --recover --rollback' retries it",
				c->res.region, strerror(-rb), c->res.region, c->res.region);
		} else {
			journal_rolled_back(&jf);
			fprintf(stderr,
				"plan: %s: rolled back %d step%s; the region is as before\n",
				c->res.region, nr, nr == 1 ? "" : "s");
		}
		memset(c->devs, 0, (size_t)c->res.nr_placements * sizeof(*c->devs));
		c->rolled_back = true;
	} else {
		jf.j.state = JOURNAL_FINISHED;
		plan_journal_save(&jf);
		c->applied = true;
		fprintf(stderr, "plan: %s: created %d namespace%s as planned\n", c->res.region,
			count_creates(&c->res), count_creates(&c->res) == 1 ? "" : "s");
	}
	apply_journal_release(&journal);
	restore_signals(&old);
	plan_journal_close(&jf);
	return rc;
}
