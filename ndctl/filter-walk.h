/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the ndctl commands share around their objects: the -b/-r/-d/-n
 * filters, loops over the buses, regions and DIMMs the filters let through,
 * and the frame of the "<object> | all" commands (enable-region,
 * destroy-namespace, init-labels ...): parse, walk, count, summarise.
 */
#ifndef NDCTL_FILTER_WALK_H
#define NDCTL_FILTER_WALK_H
#include <stdbool.h>
#include <ndctl/libndctl.h>
#include "options.h"

/*
 * A filter is NULL (everything) or one or more space-separated words, each
 * "all", a device name ("region3"), its number, or @alt (a bus's provider,
 * a namespace's "3.1"), as upstream spells them. An empty filter matches
 * nothing.
 */
bool filter_match(const char *filter, const char *devname, unsigned long id, const char *alt);
bool filter_bus(struct ndctl_bus *bus, const char *filter);
bool filter_region(struct ndctl_region *region, const char *filter);
bool filter_dimm(struct ndctl_dimm *dimm, const char *filter);
bool filter_namespace(struct ndctl_namespace *ndns, const char *filter);
/* is @dimm in a region that @region_f lets through? */
bool filter_dimm_in_region(struct ndctl_dimm *dimm, const char *region_f);

/*
 * Loops over what the filters let through. The "if (...) {} else" form
 * keeps an else after the loop body bound to the caller's own if. A break
 * leaves the innermost loop only.
 */
/* clang-format off */
#define filter_foreach_bus(ctx, bus, bus_f)                                                     \
	ndctl_bus_foreach(ctx, bus)                                                             \
		if (!filter_bus(bus, bus_f)) {                                                  \
		} else

#define filter_foreach_region(ctx, bus, region, bus_f, region_f)                               \
	filter_foreach_bus(ctx, bus, bus_f)                                                     \
		ndctl_region_foreach(bus, region)                                               \
			if (!filter_region(region, region_f)) {                                 \
			} else

#define filter_foreach_dimm(ctx, bus, dimm, bus_f)                                              \
	filter_foreach_bus(ctx, bus, bus_f)                                                     \
		ndctl_dimm_foreach(bus, dimm)
/* clang-format on */

/* one "<object> | all" command: its options and what it says */
struct target_cmd {
	const char *usage; /* "ndctl enable-region <region> | all [<options>]" */
	const struct cmd_option *options; /* -b, -r and -v are handled by target_parse() */
	const char *noun; /* "region9: no such region" */
	const char *unit; /* "enabled 2 regions" */
	const char *done; /* "enabled" */
	const char *name_one; /* "name one region to enable" */
	const char *name_none; /* the same when none is named; NULL: @name_one */
	/* every other option: 0 to go on, or EXIT_USAGE (after saying why) */
	int (*option)(int key, const char *arg, void *data);
	void *data;
};

/* the filters, the target and the counts of one run */
struct target_walk {
	const char *bus, *region; /* -b, -r */
	const char *target; /* a device name or "all" */
	int matched, done, failed;
};

/* 0 to go on, -1 after --help, EXIT_USAGE or EXIT_FAIL */
int target_parse(const struct target_cmd *cmd, int argc, char **argv, struct target_walk *w);
bool target_is_all(const struct target_walk *w);
/* "all" or exactly @devname */
bool target_named(const struct target_walk *w, const char *devname);
/* one matched object, done (@rc 0) or failed */
void target_count(struct target_walk *w, int rc);
/* "no such ..." when a named target matched nothing, the summary; the exit status */
int target_finish(const struct target_cmd *cmd, struct target_walk *w);

#endif
