// SPDX-License-Identifier: GPL-2.0
/* enable-region, disable-region */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <ndctl/libndctl.h>
#include "apply.h"
#include "builtin.h"
#include "filter-walk.h"
#include "log.h"
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
	const char *verb = enable ? "enable" : "disable";
	struct target_cmd cmd = {
		.options = region_options,
		.noun = "region",
		.unit = "region",
		.done = enable ? "enabled" : "disabled",
	};
	struct ndctl_region *region;
	struct target_walk w;
	struct ndctl_bus *bus;
	char usage[80], name_one[48];
	int rc;

	snprintf(usage, sizeof(usage), "ndctl %s-region <region> | all [<options>]", verb);
	snprintf(name_one, sizeof(name_one), "name one region to %s", verb);
	cmd.usage = usage;
	cmd.name_one = name_one;
	rc = target_parse(&cmd, argc, argv, &w);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	/* the target is a region filter: "region0", "0" or "all" */
	filter_foreach_region(ctx, bus, region, w.bus, w.target)
		target_count(&w, xable_one(region, enable));
	return target_finish(&cmd, &w);
}

int cmd_enable_region(int argc, char **argv, struct ndctl_ctx *ctx)
{
	return xable_region(argc, argv, ctx, true);
}

int cmd_disable_region(int argc, char **argv, struct ndctl_ctx *ctx)
{
	return xable_region(argc, argv, ctx, false);
}
