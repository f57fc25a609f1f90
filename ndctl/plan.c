// SPDX-License-Identifier: GPL-2.0
/*
 * ndctl plan: requests -> the planner (util/planner.c) on a live, captured or
 * simulated region -> a table or JSON of where the kernel will put each
 * namespace, and with --apply the operations carried out and verified
 * (plan-apply.c). Exit status: 0 when every request is placed (and applied),
 * 1 when any request is refused or the apply failed, 2 for usage errors.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <json-c/json.h>
#include <ndctl/libndctl.h>
#include "builtin.h"
#include "json.h"
#include "log.h"
#include "options.h"
#include "plan.h"
#include "plan-journal.h"
#include "request.h"
#include "size.h"
#include "topology.h"

#define REQ_FILE_MAX	(64u << 20)	/* a request file larger than this is a mistake */

enum {
	OPT_TOPOLOGY = 256,
	OPT_SIMULATE,
	OPT_FILE,
	OPT_COMPAT,
	OPT_APPLY,
	OPT_NO_PICTURE,
	OPT_RECOVER,
	OPT_ROLLBACK,
	OPT_FINISH,
	OPT_JOURNAL_DIR,
};

static const struct cmd_option plan_options[] = {
	{ "region", 'r', required_argument, "region", "plan in this live region (regionN)" },
	{ "topology", OPT_TOPOLOGY, required_argument, "file",
	  "plan in a captured topology (ndctl list --capture)" },
	{ "simulate", OPT_SIMULATE, required_argument, "spec",
	  "plan in a simulated region: size=1G[,start=,ways=,align=,ram=A-B,ns=A+S:mode,...]" },
	{ "file", OPT_FILE, required_argument, "file", "read requests from a JSON file" },
	{ "kernel", 'k', required_argument, "model", "auto | subsection | section (pre-5.3)" },
	{ "policy", 'p', required_argument, "policy", "in-order | pack | isolate | kmem" },
	{ "compat", OPT_COMPAT, no_argument, NULL,
	  "keep the region align (16 MiB) as upstream does" },
	{ "json", 'j', no_argument, NULL, "print JSON (the default when stdout is not a tty)" },
	{ "human", 'u', no_argument, NULL, "print the table (the default on a tty)" },
	{ "no-picture", OPT_NO_PICTURE, no_argument, NULL, "leave out the section picture" },
	{ "dry-run", 'n', no_argument, NULL, "print the operations only" },
	{ "apply", OPT_APPLY, no_argument, NULL,
	  "carry out the plan, verify, roll back on failure" },
	{ "recover", OPT_RECOVER, no_argument, NULL,
	  "list what an interrupted --apply made (from its journal)" },
	{ "rollback", OPT_ROLLBACK, no_argument, NULL, "with --recover: destroy exactly that" },
	{ "finish", OPT_FINISH, no_argument, NULL,
	  "with --recover: create the rest of the interrupted plan" },
	{ "journal-dir", OPT_JOURNAL_DIR, required_argument, "dir",
	  "the apply journal's directory (default " PLAN_JOURNAL_DIR ", or $" PLAN_JOURNAL_ENV
	  ")" },
	{ "verbose", 'v', no_argument, NULL, "more messages" },
	OPT_END
};

/* --recover takes no requests and no other target than a live region */
static int check_recover_options(const struct plan_cmd *c, struct plan_recover_opts *ro,
				 int targets, int argc)
{
	ro->region = c->region;
	ro->json = c->fmt == PLAN_FMT_JSON || (c->fmt == PLAN_FMT_AUTO && !isatty(STDOUT_FILENO));
	if (!ro->recover) {
		if (ro->rollback || ro->finish) {
			log_err("--%s goes with --recover", ro->rollback ? "rollback" : "finish");
			return EXIT_USAGE;
		}
		return EXIT_OK;
	}
	if (ro->rollback && ro->finish) {
		log_err("--rollback and --finish exclude each other");
		return EXIT_USAGE;
	}
	if (targets || c->apply || c->dry_run || c->req_file || optind < argc) {
		log_err("--recover reads the journal of a live region: no requests, --file, "
			"--topology, --simulate, --apply or --dry-run");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int check_plan_options(const struct plan_cmd *c, int targets, int argc)
{
	if (c->kernel && strcmp(c->kernel, "auto") && strcmp(c->kernel, "subsection") &&
	    strcmp(c->kernel, "section")) {
		log_err("unknown kernel model '%s' (auto, subsection or section)", c->kernel);
		return EXIT_USAGE;
	}
	if (targets > 1) {
		if (c->topology_file && c->simulate)
			log_err("--topology and --simulate exclude each other");
		else if (c->simulate)
			log_err("--simulate given twice: plan in one simulated region "
				"(ns= in its spec adds existing namespaces)");
		else
			log_err("--topology given twice: plan in one captured topology");
		return EXIT_USAGE;
	}
	if (!targets && !c->region) {
		log_err("say where to plan: -r regionN, --topology FILE or --simulate SPEC");
		return EXIT_USAGE;
	}
	if (c->apply && targets) {
		log_err("--apply needs a live region (-r regionN), not a %s",
			c->simulate ? "simulated one" : "captured topology");
		return EXIT_USAGE;
	}
	if (c->apply && c->dry_run) {
		log_err("--apply and --dry-run exclude each other");
		return EXIT_USAGE;
	}
	if (optind >= argc && !c->req_file) {
		log_err("no requests: give MODE:SIZE[,key=value...] arguments or --file FILE");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int parse_options(struct plan_cmd *c, struct plan_recover_opts *ro, int argc, char **argv)
{
	struct cmd_parser p;
	int opt, targets = 0, rc = EXIT_OK;

	if (cmd_parser_init(&p, "ndctl plan {-r region | --topology file | --simulate spec} "
				"[<options>] <request>...\n"
				"   or: ndctl plan [-r region] --recover [--rollback | --finish]",
			    plan_options))
		return EXIT_FAIL;
	optind = 0;
	while ((opt = cmd_getopt(&p, argc, argv)) != -1) {
		switch (opt) {
		case CMD_HELP:
			rc = CMD_HELP;
			goto out;
		case CMD_BADUSAGE:
			rc = EXIT_USAGE;
			goto out;
		case 'r':
			c->region = optarg;
			break;
		case OPT_TOPOLOGY:
			c->topology_file = optarg;
			targets++;
			break;
		case OPT_SIMULATE:
			c->simulate = optarg;
			targets++;
			break;
		case OPT_FILE:
			c->req_file = optarg;
			break;
		case 'k':
			c->kernel = optarg;
			break;
		case 'p':
			if (plan_policy_parse(optarg, &c->opts.policy)) {
				log_err("unknown policy '%s' (in-order, pack, isolate or kmem)",
					optarg);
				rc = EXIT_USAGE;
				goto out;
			}
			break;
		case OPT_COMPAT:
			c->opts.compat = true;
			break;
		case 'j':
			c->fmt = PLAN_FMT_JSON;
			break;
		case 'u':
			c->fmt = PLAN_FMT_HUMAN;
			break;
		case OPT_NO_PICTURE:
			c->no_picture = true;
			break;
		case 'n':
			c->dry_run = true;
			break;
		case OPT_APPLY:
			c->apply = true;
			break;
		case 'v':
			log_set_verbosity(log_get_verbosity() + 1);
			break;
		case OPT_RECOVER:
			ro->recover = true;
			break;
		case OPT_ROLLBACK:
			ro->rollback = true;
			break;
		case OPT_FINISH:
			ro->finish = true;
			break;
		case OPT_JOURNAL_DIR:
			plan_journal_set_dir(optarg);
			break;
		}
	}
	rc = check_recover_options(c, ro, targets, argc);
	if (!rc && !ro->recover)
		rc = check_plan_options(c, targets, argc);
	if (rc == EXIT_USAGE)
		cmd_usage(&p, stderr);
	c->target = c->simulate ? PLAN_TARGET_SIMULATE :
		    c->topology_file ? PLAN_TARGET_TOPOLOGY : PLAN_TARGET_LIVE;
out:
	cmd_parser_free(&p);
	return rc;
}

/* ---- requests ---- */

static int read_text(const char *path, char **text, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	size_t cap = 4096, n = 0;
	char *buf;
	int rc = 0;

	if (!f) {
		log_err("%s: %s", path, strerror(errno));
		return -errno;
	}
	buf = malloc(cap);
	while (buf) {
		size_t got = fread(buf + n, 1, cap - n, f);

		n += got;
		if (n < cap)
			break;
		if (cap >= REQ_FILE_MAX) {
			log_err("%s: larger than %u MiB", path, REQ_FILE_MAX >> 20);
			rc = -EFBIG;
			break;
		}
		cap *= 2;
		buf = realloc(buf, cap);
	}
	if (!buf)
		rc = -ENOMEM;
	else if (ferror(f)) {
		log_err("%s: %s", path, strerror(errno));
		rc = -EIO;
	}
	if (f != stdin)
		fclose(f);
	if (rc) {
		free(buf);
		return rc;
	}
	*text = buf;
	*len = n;
	return 0;
}

static int add_requests(struct plan_cmd *c, struct plan_request *more, int nr)
{
	struct plan_request *v;

	v = realloc(c->reqs, (size_t)(c->nr_reqs + nr + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	memcpy(&v[c->nr_reqs], more, (size_t)nr * sizeof(*v));
	c->reqs = v;
	c->nr_reqs += nr;
	return 0;
}

static int read_requests(struct plan_cmd *c, int argc, char **argv)
{
	char err[REQUEST_ERR_LEN];
	int i, rc;

	if (c->req_file) {
		struct plan_request *reqs = NULL;
		size_t len = 0;
		char *text = NULL;
		int nr = 0;

		rc = read_text(c->req_file, &text, &len);
		if (rc)
			return EXIT_FAIL;
		rc = request_parse_json(text, len, &reqs, &nr, err, sizeof(err));
		free(text);
		if (rc) {
			log_err("%s: %s", c->req_file, err);
			return EXIT_USAGE;
		}
		rc = add_requests(c, reqs, nr);
		free(reqs);
		if (rc)
			return EXIT_FAIL;
	}
	for (i = optind; i < argc; i++) {
		struct plan_request r;

		err[0] = '\0';
		rc = request_parse(argv[i], &r, err, sizeof(err));
		if (rc) {
			log_err("%s", err[0] ? err : argv[i]);
			return EXIT_USAGE;
		}
		if (add_requests(c, &r, 1))
			return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* ---- the model to plan in ---- */

static void set_kernel_model(struct plan_cmd *c)
{
	struct utsname uts;

	if (c->kernel && strcmp(c->kernel, "subsection") == 0) {
		c->sys.kmodel = KMODEL_SUBSECTION;
	} else if (c->kernel && strcmp(c->kernel, "section") == 0) {
		c->sys.kmodel = KMODEL_SECTION;
	} else if (c->target == PLAN_TARGET_SIMULATE && uname(&uts) == 0) {
		/* auto: a live or captured model already says; a simulation follows this host */
		if (topology_kernel_model(uts.release, &c->sys.kmodel))
			c->sys.kmodel = KMODEL_SUBSECTION;
	}
}

static int load_model(struct plan_cmd *c, struct ndctl_ctx *ctx)
{
	char err[256] = "";
	int rc;

	switch (c->target) {
	case PLAN_TARGET_SIMULATE:
		rc = plan_simulate_parse(c->simulate, &c->sys, err, sizeof(err));
		if (rc == -EINVAL) {
			log_err("%s", err);
			return EXIT_USAGE;
		}
		break;
	case PLAN_TARGET_TOPOLOGY:
		rc = topology_load(c->topology_file, &c->sys);
		break;
	default:
		rc = topology_read(ctx, &c->sys);
		if (rc && rc != -EPERM)
			log_err("cannot read the topology: %s", strerror(-rc));
		break;
	}
	if (rc)
		return EXIT_FAIL;
	set_kernel_model(c);
	if (!c->region && c->sys.nr_regions == 1)
		c->region = c->sys.regions[0].dev;
	if (!c->region) {
		log_err("the topology has %d regions: choose one with -r regionN",
			c->sys.nr_regions);
		return EXIT_USAGE;
	}
	c->reg = topology_find_region(&c->sys, c->region);
	if (!c->reg) {
		log_err("%s: no such region%s", c->region,
			c->target == PLAN_TARGET_LIVE ? " (is it enabled?)" : " in the model");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* ---- reconciliation: is (part of) the plan already there? ---- */

static bool filler_name(const char *name)
{
	return strncmp(name, "plan-filler-", 12) == 0;
}

/* an existing namespace of the region that the plan could be responsible for */
static bool plan_owned(const struct plan_cmd *c, const struct model_namespace *ns)
{
	int i;

	if (!ns->size || !ns->name[0])
		return false;
	if (filler_name(ns->name))
		return true;
	for (i = 0; i < c->nr_reqs; i++)
		if (c->reqs[i].name[0] && strcmp(c->reqs[i].name, ns->name) == 0)
			return true;
	return false;
}

static int add_diff(struct plan_cmd *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int add_diff(struct plan_cmd *c, const char *fmt, ...)
{
	char(*v)[256];
	va_list ap;

	v = realloc(c->diffs, (size_t)(c->nr_conflicts + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	c->diffs = v;
	va_start(ap, fmt);
	vsnprintf(v[c->nr_conflicts++], sizeof(*v), fmt, ap);
	va_end(ap);
	return 0;
}

static const struct model_namespace *find_named(const struct model_region *reg, const char *name)
{
	int i;

	for (i = 0; i < reg->nr_namespaces; i++)
		if (reg->namespaces[i].size && strcmp(reg->namespaces[i].name, name) == 0)
			return &reg->namespaces[i];
	return NULL;
}

static bool same_placement(const struct plan_placement *p, const struct model_namespace *ns)
{
	if (ns->start != p->start || ns->size != p->size || ns->mode != p->mode)
		return false;
	if (p->mode != NS_MODE_FSDAX && p->mode != NS_MODE_DEVDAX)
		return true;
	if (ns->data_start && ns->data_start != p->layout.data.start)
		return false;
	return !ns->data_size || ns->data_size == p->layout.usable;
}

/* compare the plan made without the plan's own namespaces with what exists */
static int compare_existing(struct plan_cmd *c, const struct plan_result *res)
{
	char a[24], b[24];
	int i, matched = 0, placed = 0;

	/* the existing device of each matched placement, for the output */
	c->devs = calloc((size_t)res->nr_placements + 1, sizeof(*c->devs));
	if (!c->devs)
		return -ENOMEM;
	for (i = 0; i < res->nr_placements; i++) {
		const struct plan_placement *p = &res->placements[i];
		const struct model_namespace *ns;

		if (p->err)
			continue;
		placed++;
		ns = find_named(c->reg, p->name);
		if (!ns)
			continue;
		if (same_placement(p, ns)) {
			snprintf(c->devs[i], sizeof(c->devs[i]), "%s", ns->dev);
			matched++;
			continue;
		}
		if (add_diff(c, "%s: planned %s %s at 0x%llx, exists as %s: %s %s at 0x%llx",
			     p->name, ib_mode_name(p->mode), plan_size_short(a, sizeof(a), p->size),
			     (unsigned long long)p->start, ns->dev, ib_mode_name(ns->mode),
			     plan_size_short(b, sizeof(b), ns->size),
			     (unsigned long long)ns->start))
			return -ENOMEM;
	}
	c->nr_existing = matched;
	c->already_applied = !c->nr_conflicts && placed && matched == placed &&
			     res->nr_refused == 0;
	return 0;
}

/*
 * Plan the requests as if the plan's own namespaces (same names, fillers)
 * were not there. When they all sit exactly where that plan puts them, the
 * plan is applied already; a partial match with nothing in the way keeps the
 * existing ones and plans only the rest against the real region.
 */
static int reconcile(struct plan_cmd *c)
{
	struct model_region *reg = c->reg, saved = *c->reg;
	struct model_namespace *kept;
	struct plan_request *rest;
	struct plan_result res;
	int i, n = 0, owned = 0, rc;

	for (i = 0; i < reg->nr_namespaces; i++)
		owned += plan_owned(c, &reg->namespaces[i]);
	if (!owned)
		return plan_region(&c->sys, c->reg, c->reqs, c->nr_reqs, &c->opts, &c->res);
	kept = calloc((size_t)reg->nr_namespaces + 1, sizeof(*kept));
	if (!kept)
		return -ENOMEM;
	for (i = 0; i < reg->nr_namespaces; i++)
		if (!plan_owned(c, &reg->namespaces[i]))
			kept[n++] = reg->namespaces[i];
	reg->namespaces = kept;
	reg->nr_namespaces = n;
	if (reg->label_slots_free >= 0)
		reg->label_slots_free += owned;
	rc = plan_region(&c->sys, reg, c->reqs, c->nr_reqs, &c->opts, &res);
	*reg = saved;
	free(kept);
	if (rc) {
		plan_result_free(&res);
		return rc;
	}
	rc = compare_existing(c, &res);
	if (rc || c->nr_conflicts || c->already_applied) {
		c->res = res;
		return rc;
	}
	plan_result_free(&res);
	free(c->devs);
	c->devs = NULL;
	/* partial: plan what is missing in the region as it is */
	rest = calloc((size_t)c->nr_reqs + 1, sizeof(*rest));
	if (!rest)
		return -ENOMEM;
	for (i = 0, n = 0; i < c->nr_reqs; i++)
		if (!c->reqs[i].name[0] || !find_named(c->reg, c->reqs[i].name))
			rest[n++] = c->reqs[i];
	log_info("%s: %d of the planned namespaces exist already; planning the other %d",
		 c->reg->dev, c->nr_existing, n);
	free(c->reqs);
	c->reqs = rest;
	c->nr_reqs = n;
	return plan_region(&c->sys, c->reg, c->reqs, c->nr_reqs, &c->opts, &c->res);
}

/* ---- output and the command ---- */

static bool want_json(const struct plan_cmd *c)
{
	if (c->fmt == PLAN_FMT_AUTO)
		return !isatty(STDOUT_FILENO);
	return c->fmt == PLAN_FMT_JSON;
}

static void print_result(const struct plan_cmd *c)
{
	struct json_object *j;

	if (!want_json(c)) {
		if (c->dry_run)
			plan_print_ops(stdout, c);
		else
			plan_print_human(stdout, c);
		return;
	}
	j = plan_to_json(c, c->dry_run);
	if (!j) {
		log_err("out of memory");
		return;
	}
	json_print(stdout, j);
	json_object_put(j);
}

static void report(const struct plan_cmd *c)
{
	int i;

	for (i = 0; i < c->nr_conflicts; i++)
		log_err("conflict: %s", c->diffs[i]);
	if (c->nr_conflicts)
		log_err("%s: the plan conflicts with existing namespaces: nothing changed",
			c->reg->dev);
	else if (c->res.err)
		log_err("%s", c->res.why);
	else if (c->res.nr_refused)
		log_err("%s: %d of %d requests refused", c->reg->dev, c->res.nr_refused,
			c->nr_reqs);
}

static void cmd_free(struct plan_cmd *c)
{
	plan_result_free(&c->res);
	topology_free(&c->sys);
	free(c->reqs);
	free(c->diffs);
	free(c->devs);
}

static int run(struct plan_cmd *c, struct ndctl_ctx *ctx, int argc, char **argv)
{
	int rc;

	rc = read_requests(c, argc, argv);
	if (rc)
		return rc;
	rc = load_model(c, ctx);
	if (rc)
		return rc;
	rc = reconcile(c);
	if (rc) {
		log_err("%s: planning failed: %s", c->reg->dev, strerror(-rc));
		return EXIT_FAIL;
	}
	report(c);
	if (c->nr_conflicts) {
		print_result(c);
		return EXIT_FAIL;
	}
	if (c->already_applied && (c->apply || c->dry_run))
		fprintf(stderr, "%s: every planned namespace exists as planned: nothing to do\n",
			c->reg->dev);
	if (c->apply && !c->already_applied) {
		if (c->res.err || c->res.nr_refused) {
			log_err("%s: not applying a plan with refusals: nothing changed",
				c->reg->dev);
			print_result(c);
			return EXIT_FAIL;
		}
		rc = plan_apply(c, ctx);
		print_result(c);
		return rc ? EXIT_FAIL : EXIT_OK;
	}
	print_result(c);
	return c->res.err || c->res.nr_refused ? EXIT_FAIL : EXIT_OK;
}

int cmd_plan(int argc, char **argv, struct ndctl_ctx *ctx)
{
	struct plan_recover_opts ro;
	struct plan_cmd c;
	int rc;

	memset(&c, 0, sizeof(c));
	memset(&ro, 0, sizeof(ro));
	c.opts.policy = PLAN_IN_ORDER;
	rc = parse_options(&c, &ro, argc, argv);
	if (rc == CMD_HELP)
		return EXIT_OK;
	if (rc)
		return rc;
	if (ro.recover)
		return plan_recover(&ro, ctx);
	rc = run(&c, ctx, argc, argv);
	cmd_free(&c);
	return rc;
}
