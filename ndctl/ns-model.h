/* SPDX-License-Identifier: GPL-2.0 */
/* The live model_system and the -b/-r filters of the namespace commands. */
#ifndef NDCTL_NS_MODEL_H
#define NDCTL_NS_MODEL_H
#include "model.h"

#include <stdbool.h>

struct ndctl_ctx;
struct ndctl_bus;
struct ndctl_region;

int ns_model_fill(struct ndctl_ctx *ctx, struct model_system *sys);
struct model_region *ns_model_region(struct model_system *sys, const char *dev);
void ns_model_free(struct model_system *sys);

/* -b / -r filters as upstream spells them; NULL or "all" matches everything */
bool ns_bus_match(struct ndctl_bus *bus, const char *filter);
bool ns_region_match(struct ndctl_region *region, const char *filter);

#endif
