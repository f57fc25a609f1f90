// SPDX-License-Identifier: GPL-2.0
/*
 * `ndctl plan --recover [--rollback | --finish]`: after an apply died (kill
 * -9, crash, power loss), read its journal, find the namespaces it made by
 * the uuids the journal gave them, list them, and destroy exactly those or
 * create the steps that are missing. Every change is journaled as the apply
 * journals its own, so a recover that dies can be run again; once the
 * journal says finished or rolled back there is nothing left to do.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <json-c/json.h>
#include <ndctl/libndctl.h>
#include "apply.h"
#include "json.h"
#include "log.h"
#include "options.h"
#include "plan.h"
#include "plan-journal.h"
#include "request.h"
#include "topology.h"

struct recover {
	const struct plan_recover_opts *o;
	struct ndctl_ctx *ctx;
	struct plan_journal_file jf;
	enum journal_state state_before;
	struct model_system sys;
	struct model_region *reg;
	struct ndctl_region *region;
	struct journal_match *m;
	int nr_found;
	/* what the interrupted apply had made, before this command changed anything */
	enum journal_found *found_before;
	char (*created)[MODEL_DEV_LEN];
	const char *action;		/* list, rollback, finish */
	const char *result;		/* unfinished, rolled-back, finished, failed, nothing */
	int nr_done;			/* destroyed (rollback) or created (finish) */
	char (*done)[MODEL_DEV_LEN];
};

/* ---- which journal ---- */

/* the region of the only unfinished journal in the directory */
static int pick_region(char *region, size_t len)
{
	const char *dir = plan_journal_dir();
	int nr = 0, rc = 0;
	struct dirent *d;
	DIR *dh;

	dh = opendir(dir);
	if (!dh) {
		if (errno == ENOENT)
			return -ENOENT;
		log_err("%s: %s", dir, strerror(errno));
		return -errno;
	}
	while ((d = readdir(dh))) {
		struct plan_journal_file f;
		char name[64];
		size_t n = strlen(d->d_name);

		if (n <= 8 || n - 8 >= sizeof(name) || d->d_name[0] == '.' ||
		    strcmp(d->d_name + n - 8, ".journal"))
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(n - 8), d->d_name);
		if (plan_journal_open(&f, name, false))
			continue;
		if (plan_journal_load(&f) == 0 && journal_unfinished(&f.j)) {
			if (nr++)
				log_err("unfinished apply journals for %s and %s in %s: choose one "
					"with -r",
					region, name, dir);
			else
				snprintf(region, len, "%s", name);
		}
		plan_journal_close(&f);
	}
	closedir(dh);
	if (nr > 1)
		rc = -EEXIST;
	else if (!nr)
		rc = -ENOENT;
	return rc;
}

/* ---- the region as it is now ---- */

/* the journal's region, by name, or by its start when the names moved */
static int read_region(struct recover *r)
{
	const struct journal *j = &r->jf.j;
	int i, rc;

	rc = topology_read(r->ctx, &r->sys);
	if (rc) {
		if (rc != -EPERM)
			log_err("cannot read the topology: %s", strerror(-rc));
		return rc;
	}
	r->reg = topology_find_region(&r->sys, j->region);
	if (r->reg && j->region_start && r->reg->start != j->region_start)
		r->reg = NULL;
	for (i = 0; !r->reg && j->region_start && i < r->sys.nr_regions; i++)
		if (r->sys.regions[i].start == j->region_start)
			r->reg = &r->sys.regions[i];
	if (!r->reg) {
		log_err("%s: the journal's region (start 0x%llx) is not there: is it enabled?",
			j->region, (unsigned long long)j->region_start);
		return -ENODEV;
	}
	if (strcmp(r->reg->dev, j->region))
		log_warn("%s: the journal's region is now %s (same start 0x%llx)", j->region,
			 r->reg->dev, (unsigned long long)r->reg->start);
	r->region = apply_find_region(r->ctx, r->reg->dev);
	if (!r->region) {
		log_err("%s: not found through libndctl", r->reg->dev);
		return -ENODEV;
	}
	r->m = calloc((size_t)j->nr_steps + 1, sizeof(*r->m));
	if (!r->m)
		return -ENOMEM;
	r->nr_found = journal_match_namespaces(j, r->reg->namespaces, r->reg->nr_namespaces, r->m);
	r->found_before = calloc((size_t)j->nr_steps + 1, sizeof(*r->found_before));
	r->created = calloc((size_t)j->nr_steps + 1, sizeof(*r->created));
	if (!r->found_before || !r->created)
		return -ENOMEM;
	for (i = 0; i < j->nr_steps; i++) {
		r->found_before[i] = r->m[i].found;
		if (r->m[i].ns >= 0)
			snprintf(r->created[i], sizeof(r->created[i]), "%s",
				 r->reg->namespaces[r->m[i].ns].dev);
	}
	return 0;
}

static const char *found_dev(const struct recover *r, int i)
{
	return r->m[i].ns >= 0 ? r->reg->namespaces[r->m[i].ns].dev : "";
}

static int add_done(struct recover *r, const char *dev)
{
	char(*v)[MODEL_DEV_LEN] = realloc(r->done, (size_t)(r->nr_done + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	snprintf(v[r->nr_done++], MODEL_DEV_LEN, "%s", dev);
	r->done = v;
	return 0;
}

/* ---- rollback ---- */

static int destroy_step(struct recover *r, int i)
{
	const char *dev = found_dev(r, i);
	struct ndctl_namespace *ndns = apply_find_namespace(r->region, dev);
	struct journal_step *st = &r->jf.j.steps[i];
	int rc;

	if (!ndns) {
		log_err("%s: %s of the journal is gone before it could be destroyed", dev,
			st->name);
		return -ENOENT;
	}
	fprintf(stderr, "plan: recover: destroying %s (%s, uuid %s)\n", dev, st->name, st->uuid);
	rc = apply_destroy(ndns, true);
	if (rc)
		return rc;
	r->m[i].found = JFOUND_ABSENT;
	st->state = JSTEP_UNDONE;
	rc = add_done(r, dev);
	return rc ?: plan_journal_save(&r->jf);
}

static void restore_align(struct recover *r)
{
	const struct journal *j = &r->jf.j;
	unsigned long now = ndctl_region_get_align(r->region);
	int rc;

	if (j->align == j->align_before || !j->align_before || now != j->align)
		return;
	rc = ndctl_region_set_align(r->region, j->align_before);
	if (rc)
		log_warn("%s: cannot restore the region align 0x%llx: %s", r->reg->dev,
			 (unsigned long long)j->align_before, strerror(-rc));
}

static int do_rollback(struct recover *r)
{
	struct journal *j = &r->jf.j;
	int i, rc, first = 0;

	for (i = j->nr_steps - 1; i >= 0; i--) {
		if (r->m[i].found == JFOUND_ABSENT)
			continue;
		rc = destroy_step(r, i);
		if (rc && !first)
			first = rc;
	}
	if (first) {
		log_err("%s: rollback incomplete (%s): the journal stays unfinished; run the "
			"same command again once the cause is fixed",
			r->reg->dev, strerror(-first));
		return first;
	}
	restore_align(r);
	for (i = 0; i < j->nr_steps; i++)
		if (j->steps[i].state != JSTEP_PENDING)
			j->steps[i].state = JSTEP_UNDONE;
	j->state = JOURNAL_ROLLED_BACK;
	return plan_journal_save(&r->jf);
}

/* ---- finish ---- */

static void spec_from_step(const struct journal_step *st, uint64_t region_align,
			   struct apply_spec *s)
{
	memset(s, 0, sizeof(*s));
	s->mode = st->mode;
	s->map = st->map;
	s->size = st->size;
	s->align = st->align;
	s->sector_size = st->sector_size;
	snprintf(s->uuid, sizeof(s->uuid), "%s", st->uuid);
	snprintf(s->name, sizeof(s->name), "%s", st->label);
	s->region_align = region_align;
	s->predicted = true;
	s->start = st->start;
	s->data_start = st->data_start;
	s->data_size = st->data_size;
}

/*
 * Plan the missing steps in the region as it will be once the half-made
 * ones are gone: each must land where the journal says, or nothing is done.
 */
static int check_placement(struct recover *r, uint64_t *region_align)
{
	const struct journal *j = &r->jf.j;
	struct model_region reg = *r->reg;
	struct plan_options opts = { .policy = PLAN_IN_ORDER };
	struct plan_request *reqs;
	struct plan_result res;
	int i, n = 0, q, rc;
	int *step_of;

	reg.namespaces = calloc((size_t)reg.nr_namespaces + 1, sizeof(*reg.namespaces));
	reqs = calloc((size_t)j->nr_steps + 1, sizeof(*reqs));
	step_of = calloc((size_t)j->nr_steps + 1, sizeof(*step_of));
	if (!reg.namespaces || !reqs || !step_of) {
		rc = -ENOMEM;
		goto out;
	}
	reg.nr_namespaces = 0;
	for (i = 0; i < r->reg->nr_namespaces; i++) {
		bool half = false;

		for (q = 0; q < j->nr_steps; q++)
			half |= r->m[q].found == JFOUND_OTHER && r->m[q].ns == i;
		if (!half)
			reg.namespaces[reg.nr_namespaces++] = r->reg->namespaces[i];
	}
	for (i = 0; i < j->nr_steps; i++) {
		const struct journal_step *st = &j->steps[i];
		struct plan_request *p = &reqs[n];

		if (r->m[i].found == JFOUND_AS_PLANNED)
			continue;
		snprintf(p->name, sizeof(p->name), "%s", st->name);
		p->mode = st->mode;
		p->map = st->map;
		p->size = st->size;
		p->align = st->align;
		p->sector_size = st->sector_size;
		snprintf(p->uuid, sizeof(p->uuid), "%s", st->uuid);
		step_of[n++] = i;
	}
	rc = plan_region(&r->sys, &reg, reqs, n, &opts, &res);
	if (rc)
		goto out_res;
	if (res.err) {
		log_err("%s: %s: the remaining steps cannot be created; nothing changed", r->reg->dev,
			res.why);
		rc = -EINVAL;
		goto out_res;
	}
	for (q = 0; q < n; q++) {
		const struct plan_placement *p = &res.placements[q];
		const struct journal_step *st = &j->steps[step_of[q]];

		if (p->err) {
			log_err("%s: %s: %s; nothing changed ('--recover --rollback' undoes what "
				"the apply made)",
				r->reg->dev, st->name, p->why);
			rc = p->err;
		} else if (p->start != st->start) {
			log_err("%s: %s would now start at 0x%llx, the journal planned 0x%llx: the "
				"region changed since the apply; nothing changed ('--recover "
				"--rollback' undoes what the apply made)",
				r->reg->dev, st->name, (unsigned long long)p->start,
				(unsigned long long)st->start);
			rc = -EIO;
		}
		if (rc)
			break;
	}
	*region_align = res.region_align;
out_res:
	plan_result_free(&res);
out:
	free(reg.namespaces);
	free(reqs);
	free(step_of);
	return rc;
}

static int create_step(struct recover *r, int i, uint64_t region_align)
{
	struct journal_step *st = &r->jf.j.steps[i];
	struct ndctl_namespace *ndns = NULL;
	struct apply_spec spec;
	int rc;

	spec_from_step(st, region_align, &spec);
	fprintf(stderr, "plan: recover: creating %s (%s %s at 0x%llx, uuid %s)\n", st->name,
		ib_mode_name(st->mode), st->label[0] ? st->label : "unnamed",
		(unsigned long long)st->start, st->uuid);
	st->state = JSTEP_STARTED;
	rc = plan_journal_save(&r->jf);
	if (rc)
		return rc;
	rc = apply_create(r->region, &spec, NULL, &ndns);
	if (rc) {
		/* apply_create undid its own work */
		st->state = JSTEP_PENDING;
		plan_journal_save(&r->jf);
		return rc;
	}
	st->state = JSTEP_DONE;
	snprintf(st->dev, sizeof(st->dev), "%s", ndctl_namespace_get_devname(ndns));
	rc = add_done(r, st->dev);
	return rc ?: plan_journal_save(&r->jf);
}

static int do_finish(struct recover *r)
{
	struct journal *j = &r->jf.j;
	uint64_t region_align = 0;
	int i, rc;

	rc = check_placement(r, &region_align);
	if (rc)
		return rc;
	/* a half-made step is ours (its uuid says so): make it again from scratch */
	for (i = j->nr_steps - 1; i >= 0; i--) {
		if (r->m[i].found != JFOUND_OTHER)
			continue;
		rc = destroy_step(r, i);
		if (rc)
			return rc;
	}
	r->nr_done = 0;
	for (i = 0; i < j->nr_steps; i++) {
		struct journal_step *st = &j->steps[i];

		if (r->m[i].found == JFOUND_AS_PLANNED) {
			st->state = JSTEP_DONE;
			snprintf(st->dev, sizeof(st->dev), "%s", found_dev(r, i));
			continue;
		}
		rc = create_step(r, i, region_align);
		if (rc) {
			log_err("%s: finishing stopped at %s (%s): the journal stays unfinished; "
				"'--recover --rollback' undoes what was made",
				r->reg->dev, st->name, strerror(-rc));
			return rc;
		}
	}
	j->state = JOURNAL_FINISHED;
	return plan_journal_save(&r->jf);
}

/* ---- output ---- */

static const char *found_name(enum journal_found f)
{
	return f == JFOUND_AS_PLANNED ? "as-planned" : f == JFOUND_OTHER ? "half-made" : "absent";
}

static struct json_object *to_json(const struct recover *r)
{
	const struct journal *j = &r->jf.j;
	struct json_object *o = json_object_new_object(), *steps, *made, *done;
	char when[40];
	int i;

	if (!o)
		return NULL;
	steps = json_object_new_array();
	made = json_object_new_array();
	json_add_str(o, "region", r->reg ? r->reg->dev : j->region);
	json_add_str(o, "journal", r->jf.path);
	json_add_str(o, "journal_state", journal_state_name(r->state_before));
	json_add_str(o, "started", plan_journal_time(when, sizeof(when), j->started));
	json_add(o, "pid", json_object_new_int64(j->pid));
	for (i = 0; i < j->nr_steps; i++) {
		const struct journal_step *st = &j->steps[i];
		struct json_object *s = json_object_new_object();

		if (!s)
			continue;
		json_add(s, "step", json_object_new_int(i + 1));
		json_add_str(s, "name", st->name);
		json_add_str(s, "uuid", st->uuid);
		json_add_str(s, "mode", ib_mode_name(st->mode));
		json_add(s, "size", json_new_u64(st->size));
		json_add(s, "start", json_new_addr(st->start));
		json_add_str(s, "state", journal_step_state_name(st->state));
		if (r->m) {
			json_add_str(s, "found", found_name(r->found_before[i]));
			if (r->found_before[i] != JFOUND_ABSENT)
				json_add_str(s, "dev", r->created[i]);
		}
		json_object_array_add(steps, s);
	}
	for (i = 0; r->m && made && i < j->nr_steps; i++)
		if (r->found_before[i] != JFOUND_ABSENT)
			json_object_array_add(made, json_object_new_string(r->created[i]));
	json_add(o, "steps", steps);
	json_add(o, "created", made);
	json_add_str(o, "action", r->action);
	json_add_str(o, "result", r->result);
	if (r->nr_done || strcmp(r->action, "list")) {
		done = json_object_new_array();
		for (i = 0; done && i < r->nr_done; i++)
			json_object_array_add(done, json_object_new_string(r->done[i]));
		json_add(o, strcmp(r->action, "finish") ? "destroyed" : "made", done);
	}
	return o;
}

static void print_table(const struct recover *r)
{
	const struct journal *j = &r->jf.j;
	const char *dev = r->reg ? r->reg->dev : j->region;
	char when[40], size[24], now[96];
	int i;

	printf("%s: apply started %s (pid %lld), journal %s: %s\n", dev,
	       plan_journal_time(when, sizeof(when), j->started), (long long)j->pid, r->jf.path,
	       journal_state_name(r->state_before));
	printf("  %3s  %-16s %-7s %6s %-13s %-8s %s\n", "#", "name", "mode", "size", "start",
	       "journal", "found now");
	for (i = 0; i < j->nr_steps; i++) {
		const struct journal_step *st = &j->steps[i];

		if (!r->m || r->m[i].found == JFOUND_ABSENT) {
			snprintf(now, sizeof(now), "-");
		} else {
			const struct model_namespace *ns = &r->reg->namespaces[r->m[i].ns];

			snprintf(now, sizeof(now), "%s, %s%s%s", ns->dev,
				 r->m[i].found == JFOUND_AS_PLANNED ? "as planned" : "half-made: ",
				 r->m[i].found == JFOUND_AS_PLANNED ? "" : ib_mode_name(ns->mode),
				 r->m[i].found == JFOUND_AS_PLANNED || ns->enabled ? "" :
										     ", disabled");
		}
		printf("  %3d  %-16s %-7s %6s 0x%-11llx %-8s %s\n", i + 1, st->name,
		       ib_mode_name(st->mode), plan_size_short(size, sizeof(size), st->size),
		       (unsigned long long)st->start, journal_step_state_name(st->state), now);
	}
	if (r->m) {
		printf("created by the interrupted apply (%d):", r->nr_found);
		for (i = 0; i < j->nr_steps; i++)
			if (r->m[i].found != JFOUND_ABSENT)
				printf(" %s", found_dev(r, i));
		printf("%s\n", r->nr_found ? "" : " none");
	}
	if (!strcmp(r->action, "list") && journal_unfinished(j)) {
		printf("undo them:          ndctl plan -r %s --recover --rollback\n", dev);
		printf("complete the plan:  ndctl plan -r %s --recover --finish\n", dev);
	}
}

static void print_result(const struct recover *r)
{
	struct json_object *o;

	if (!r->o->json) {
		print_table(r);
		return;
	}
	o = to_json(r);
	if (!o) {
		log_err("out of memory");
		return;
	}
	json_print(stdout, o);
	json_object_put(o);
}

/* ---- the command ---- */

static int nothing_to_recover(struct recover *r)
{
	char when[40];

	fprintf(stderr, "%s: the last apply (started %s) %s: nothing to recover\n", r->jf.region,
		plan_journal_time(when, sizeof(when), r->jf.j.started),
		r->jf.j.state == JOURNAL_FINISHED ? "finished" : "was rolled back");
	r->result = "nothing";
	print_result(r);
	return EXIT_OK;
}

static int recover_region(struct recover *r, const char *region)
{
	int rc;

	rc = plan_journal_open(&r->jf, region, false);
	if (!rc)
		rc = plan_journal_load(&r->jf);
	if (rc == -ENOENT) {
		fprintf(stderr, "%s: no apply journal in %s: nothing to recover\n", region,
			plan_journal_dir());
		return EXIT_OK;
	}
	if (rc)
		return EXIT_FAIL;
	r->state_before = r->jf.j.state;
	if (!journal_unfinished(&r->jf.j))
		return nothing_to_recover(r);
	if (read_region(r))
		return EXIT_FAIL;
	r->result = "unfinished";
	if (r->o->rollback || r->o->finish) {
		/* list first: what is about to be destroyed or kept is on record */
		if (!r->o->json)
			print_table(r);
		rc = r->o->rollback ? do_rollback(r) : do_finish(r);
		r->result = rc ? "failed" : r->o->rollback ? "rolled-back" : "finished";
		if (r->o->json)
			print_result(r);
		if (rc)
			return EXIT_FAIL;
		fprintf(stderr, "plan: recover: %s: %s %d namespace%s; the apply is %s\n",
			r->reg->dev, r->o->rollback ? "destroyed" : "created", r->nr_done,
			r->nr_done == 1 ? "" : "s", r->o->rollback ? "rolled back" : "finished");
		return EXIT_OK;
	}
	print_result(r);
	return EXIT_OK;
}

int plan_recover(const struct plan_recover_opts *o, struct ndctl_ctx *ctx)
{
	struct recover r;
	char region[64];
	int rc;

	memset(&r, 0, sizeof(r));
	r.o = o;
	r.ctx = ctx;
	r.jf.lock_fd = -1;
	r.action = o->rollback ? "rollback" : o->finish ? "finish" : "list";
	if (o->region) {
		snprintf(region, sizeof(region), "%s", o->region);
	} else {
		rc = pick_region(region, sizeof(region));
		if (rc == -ENOENT) {
			fprintf(stderr, "no unfinished apply journal in %s: nothing to recover\n",
				plan_journal_dir());
			return EXIT_OK;
		}
		if (rc)
			return rc == -EEXIST ? EXIT_USAGE : EXIT_FAIL;
	}
	rc = recover_region(&r, region);
	plan_journal_close(&r.jf);
	topology_free(&r.sys);
	free(r.m);
	free(r.found_before);
	free(r.created);
	free(r.done);
	return rc;
}
