// SPDX-License-Identifier: GPL-2.0
/* daxctl list: dax regions and devices as JSON, keys as upstream daxctl 76.1. */
#include <stdbool.h>
#include <stdio.h>
#include <json-c/json.h>
#include <daxctl/libdaxctl.h>
#include "builtin.h"
#include "dax.h"
#include "log.h"
#include "options.h"

enum {
	OPT_KMEM = 256,
};

static const struct cmd_option list_options[] = {
	{ "region", 'r', required_argument, "region-id", "filter by region" },
	{ "dev", 'd', required_argument, "dev-id", "filter by dax device instance name" },
	{ "devices", 'D', no_argument, NULL, "include dax device info" },
	{ "regions", 'R', no_argument, NULL, "include dax region info" },
	{ "mappings", 'M', no_argument, NULL, "include dax mappings info" },
	{ "idle", 'i', no_argument, NULL, "include idle devices" },
	{ "human", 'u', no_argument, NULL, "use human friendly number formats" },
	{ "kmem", OPT_KMEM, no_argument, NULL,
	  "add what System RAM conversion would online (memory-block aligned)" },
	OPT_END,
};

struct list_params {
	const char *region;
	const char *dev;
	bool devs, regions;
	unsigned long flags;
};

static int parse_list_options(int argc, char **argv, struct list_params *p)
{
	struct cmd_parser parser;
	int c, rc = EXIT_OK;

	if (cmd_parser_init(&parser, "daxctl list [<options>]", list_options) < 0)
		return EXIT_FAIL;
	while ((c = cmd_getopt(&parser, argc, argv)) != -1) {
		switch (c) {
		case 'r':
			p->region = optarg;
			break;
		case 'd':
			p->dev = optarg;
			break;
		case 'D':
			p->devs = true;
			break;
		case 'R':
			p->regions = true;
			break;
		case 'M':
			p->flags |= DAX_JSON_MAPPINGS;
			break;
		case 'i':
			p->flags |= DAX_JSON_IDLE;
			break;
		case 'u':
			p->flags |= DAX_JSON_HUMAN;
			break;
		case OPT_KMEM:
			p->flags |= DAX_JSON_KMEM;
			break;
		case CMD_HELP:
			rc = -1;
			goto out;
		default:
			rc = EXIT_USAGE;
			goto out;
		}
	}
	if (optind < argc) {
		log_err("unknown parameter \"%s\"", argv[optind]);
		cmd_usage(&parser, stderr);
		rc = EXIT_USAGE;
	}
out:
	cmd_parser_free(&parser);
	return rc;
}

int cmd_dax_list(int argc, char **argv, struct daxctl_ctx *ctx)
{
	struct json_object *jregions = NULL, *jdevs = NULL, *jregion;
	struct list_params p = { 0 };
	struct daxctl_region *region;
	int rc;

	rc = parse_list_options(argc, argv, &p);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	/* as upstream: a filter alone selects what it filters, devices otherwise */
	if (!p.devs && !p.regions) {
		p.regions = !!p.region;
		p.devs = !!p.dev;
	}
	if (!p.devs && !p.regions)
		p.devs = true;
	if (p.devs)
		p.flags |= DAX_JSON_DEVS;

	daxctl_region_foreach(ctx, region) {
		if (!dax_region_match(region, p.region))
			continue;
		if (!p.regions) {
			if (dax_devs_to_json(region, p.dev, p.flags, &jdevs) < 0)
				goto nomem;
			continue;
		}
		if (!jregions)
			jregions = json_object_new_array();
		jregion = dax_region_to_json(region, p.dev, p.flags);
		if (!jregions || !jregion)
			goto nomem;
		json_object_array_add(jregions, jregion);
	}
	if (jregions)
		dax_json_print_array(stdout, jregions, p.flags);
	else if (jdevs)
		dax_json_print_array(stdout, jdevs, p.flags);
	return EXIT_OK;
nomem:
	log_err("out of memory building the listing");
	json_object_put(jregions);
	json_object_put(jdevs);
	return EXIT_FAIL;
}
