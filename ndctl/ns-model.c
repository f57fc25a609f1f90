// SPDX-License-Identifier: GPL-2.0
/*
 * The live model for the namespace commands (util/topology.c on the command's
 * library context) and the -b/-r filters they share.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <uuid/uuid.h>
#include <ndctl/libndctl.h>
#include "topology.h"
#include "log.h"
#include "ns-model.h"

/*
 * The command's own library context: it has already enumerated the buses and
 * regions, and the create that follows works on the same objects, so the
 * system is walked once per command as upstream does (a second context cost
 * a kmod/udev set-up and a full re-enumeration per create, ~1.6x upstream's
 * time in a guest). What libndctl caches from before a change in this
 * context (a namespace's start when it was an idle seed) is re-read by
 * topology_read() itself.
 */
int ns_model_fill(struct ndctl_ctx *ctx, struct model_system *sys)
{
	memset(sys, 0, sizeof(*sys));
	return topology_read(ctx, sys);
}

struct model_region *ns_model_region(struct model_system *sys, const char *dev)
{
	return topology_find_region(sys, dev);
}

void ns_model_free(struct model_system *sys)
{
	topology_free(sys);
}

/* "ndbus0", "0", or the provider ("ACPI.NFIT", "nfit_test.0"); NULL matches all */
bool ns_bus_match(struct ndctl_bus *bus, const char *filter)
{
	char id[16];

	/* no filter, or "all"; an empty string matches nothing */
	if (!filter || strcmp(filter, "all") == 0)
		return true;
	snprintf(id, sizeof(id), "%u", ndctl_bus_get_id(bus));
	return strcmp(filter, ndctl_bus_get_devname(bus)) == 0 || strcmp(filter, id) == 0 ||
	       strcmp(filter, ndctl_bus_get_provider(bus)) == 0;
}

/* "region0" or "0"; NULL matches all */
bool ns_region_match(struct ndctl_region *region, const char *filter)
{
	char id[16];

	/* no filter, or "all"; an empty string matches nothing */
	if (!filter || strcmp(filter, "all") == 0)
		return true;
	snprintf(id, sizeof(id), "%u", ndctl_region_get_id(region));
	return strcmp(filter, ndctl_region_get_devname(region)) == 0 || strcmp(filter, id) == 0;
}
