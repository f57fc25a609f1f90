// SPDX-License-Identifier: GPL-2.0
/*
 * The live model for the namespace commands (util/topology.c behind a fresh
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
 * A fresh library context for every read: libndctl caches a namespace's
 * resource from when it first saw the device, so in a context that has just
 * turned a seed into a namespace that value is stale. The model holds no
 * pointers into libndctl, so the context can go right after.
 */
int ns_model_fill(struct ndctl_ctx *ctx, struct model_system *sys)
{
	struct ndctl_ctx *fresh;
	int rc;

	memset(sys, 0, sizeof(*sys));
	rc = ndctl_new(&fresh);
	if (rc)
		return rc;
	rc = topology_read(fresh, sys);
	ndctl_unref(fresh);
	return rc;
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
