// SPDX-License-Identifier: GPL-2.0
/* enable-region, disable-region */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <ndctl/libndctl.h>
#include "apply.h"
#include "builtin.h"
#include "log.h"
#include "ns-model.h"
#include "options.h"

static const struct cmd_option region_options[] = {
	{ "bus", 'b', required_argument, "bus-id", "limit to a bus (ndbusN, id or provider)" },
	{ "verbose", 'v', no_argument, NULL, "more messages" },
	OPT_END,
};

/* A region is only disabled when none of its namespaces is mounted or open. */
static int region_busy(struct ndctl_region *region)
{
	struct ndctl_namespace *ndns;
	char why[PATH_MAX + 128];

	ndctl_namespace_foreach(region, ndns) {
		if (!apply_namespace_busy(ndns, why, sizeof(why)))
			continue;
		log_err("%s: will not disable it: %s", ndctl_region_get_devname(region), why);
		return -EBUSY;
	}
	return 0;
}

static int xable_one(struct ndctl_region *region, bool enable)
{
	const char *name = ndctl_region_get_devname(region);
	int rc;

	if (enable) {
		rc = ndctl_region_enable(region);
		if (rc)
			log_err("%s: the kernel refused to enable it: %s", name, strerror(-rc));
		return rc;
	}
	rc = region_busy(region);
	if (rc)
		return rc;
	rc = ndctl_region_disable_invalidate(region);
	if (rc)
		log_err("%s: cannot disable it: %s", name, strerror(-rc));
	return rc;
}

static int xable_region(int argc, char **argv, struct ndctl_ctx *ctx, bool enable)
{
	const char *verb = enable ? "enable" : "disable", *bus_f = NULL, *target;
	struct ndctl_region *region;
	struct cmd_parser parser;
	struct ndctl_bus *bus;
	int key, done = 0, failed = 0, matched = 0;
	char usage[80];

	snprintf(usage, sizeof(usage), "ndctl %s-region <region> | all [<options>]", verb);
	if (cmd_parser_init(&parser, usage, region_options))
		return EXIT_FAIL;
	optind = 0;
	while ((key = cmd_getopt(&parser, argc, argv)) != -1) {
		switch (key) {
		case CMD_HELP:
			cmd_parser_free(&parser);
			return EXIT_OK;
		case CMD_BADUSAGE:
			cmd_parser_free(&parser);
			return EXIT_USAGE;
		case 'b':
			bus_f = optarg;
			break;
		case 'v':
			log_set_verbosity(log_get_verbosity() + 1);
			break;
		}
	}
	if (optind + 1 != argc) {
		log_err("name one region to %s, or \"all\"", verb);
		cmd_usage(&parser, stderr);
		cmd_parser_free(&parser);
		return EXIT_USAGE;
	}
	cmd_parser_free(&parser);
	target = argv[optind];
	ndctl_bus_foreach(ctx, bus) {
		if (!ns_bus_match(bus, bus_f))
			continue;
		ndctl_region_foreach(bus, region) {
			if (!ns_region_match(region, target))
				continue;
			matched++;
			if (xable_one(region, enable))
				failed++;
			else
				done++;
		}
	}
	if (!matched && strcmp(target, "all") != 0) {
		log_err("%s: no such region%s", target, bus_f ? " on that bus" : "");
		failed++;
	}
	fprintf(stderr, "%sd %d region%s\n", verb, done, done == 1 ? "" : "s");
	return failed ? EXIT_FAIL : EXIT_OK;
}

int cmd_enable_region(int argc, char **argv, struct ndctl_ctx *ctx)
{
	return xable_region(argc, argv, ctx, true);
}

int cmd_disable_region(int argc, char **argv, struct ndctl_ctx *ctx)
{
	return xable_region(argc, argv, ctx, false);
}
