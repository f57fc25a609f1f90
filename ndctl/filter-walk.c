// SPDX-License-Identifier: GPL-2.0
/*
 * The object filters of the ndctl commands and the frame of the
 * "<object> | all" commands; see filter-walk.h.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "filter-walk.h"
#include "log.h"

bool filter_match(const char *filter, const char *devname, unsigned long id, const char *alt)
{
	const char *p = filter;

	if (!filter)
		return true;
	while (*p) {
		char word[128];
		size_t n = strcspn(p, " ");
		char *end;
		unsigned long v;

		if (n == 0) {
			p++;
			continue;
		}
		snprintf(word, sizeof(word), "%.*s", (int)(n < sizeof(word) ? n : sizeof(word) - 1),
			 p);
		p += n;
		if (strcmp(word, "all") == 0 || strcmp(word, devname) == 0)
			return true;
		if (alt && strcmp(word, alt) == 0)
			return true;
		v = strtoul(word, &end, 0);
		if (end != word && !*end && v == id)
			return true;
	}
	return false;
}

bool filter_bus(struct ndctl_bus *bus, const char *filter)
{
	return filter_match(filter, ndctl_bus_get_devname(bus), ndctl_bus_get_id(bus),
			    ndctl_bus_get_provider(bus));
}

bool filter_region(struct ndctl_region *region, const char *filter)
{
	return filter_match(filter, ndctl_region_get_devname(region), ndctl_region_get_id(region),
			    NULL);
}

bool filter_dimm(struct ndctl_dimm *dimm, const char *filter)
{
	return filter_match(filter, ndctl_dimm_get_devname(dimm), ndctl_dimm_get_id(dimm), NULL);
}

/* "namespace0.1" or "0.1"; a namespace has no number of its own */
bool filter_namespace(struct ndctl_namespace *ndns, const char *filter)
{
	struct ndctl_region *region = ndctl_namespace_get_region(ndns);
	char tuple[32];

	snprintf(tuple, sizeof(tuple), "%u.%u", ndctl_region_get_id(region),
		 ndctl_namespace_get_id(ndns));
	return filter_match(filter, ndctl_namespace_get_devname(ndns), ULONG_MAX, tuple);
}

bool filter_dimm_in_region(struct ndctl_dimm *dimm, const char *region_f)
{
	struct ndctl_region *region;
	struct ndctl_dimm *d;

	if (!region_f)
		return true;
	ndctl_region_foreach(ndctl_dimm_get_bus(dimm), region) {
		if (!filter_region(region, region_f))
			continue;
		ndctl_dimm_foreach_in_region(region, d)
			if (d == dimm)
				return true;
	}
	return false;
}

/* ---- "<object> | all" commands ---- */

int target_parse(const struct target_cmd *cmd, int argc, char **argv, struct target_walk *w)
{
	struct cmd_parser parser;
	int key, rc = 0;

	memset(w, 0, sizeof(*w));
	if (cmd_parser_init(&parser, cmd->usage, cmd->options))
		return EXIT_FAIL;
	optind = 0;
	while (!rc && (key = cmd_getopt(&parser, argc, argv)) != -1) {
		switch (key) {
		case CMD_HELP:
			rc = -1;
			break;
		case CMD_BADUSAGE:
			rc = EXIT_USAGE;
			break;
		case 'b':
			w->bus = optarg;
			break;
		case 'r':
			w->region = optarg;
			break;
		case 'v':
			log_set_verbosity(log_get_verbosity() + 1);
			break;
		default:
			rc = cmd->option ? cmd->option(key, optarg, cmd->data) : 0;
			break;
		}
	}
	if (!rc && optind + 1 != argc) {
		log_err("%s, or \"all\"",
			optind >= argc && cmd->name_none ? cmd->name_none : cmd->name_one);
		cmd_usage(&parser, stderr);
		rc = EXIT_USAGE;
	}
	if (!rc)
		w->target = argv[optind];
	cmd_parser_free(&parser);
	return rc;
}

bool target_is_all(const struct target_walk *w)
{
	return strcmp(w->target, "all") == 0;
}

bool target_named(const struct target_walk *w, const char *devname)
{
	return target_is_all(w) || strcmp(w->target, devname) == 0;
}

void target_count(struct target_walk *w, int rc)
{
	w->matched++;
	if (rc)
		w->failed++;
	else
		w->done++;
}

int target_finish(const struct target_cmd *cmd, struct target_walk *w)
{
	if (!w->matched && !target_is_all(w)) {
		log_err("%s: no such %s%s", w->target, cmd->noun,
			w->bus && w->region ? " under the -b/-r filters" :
			w->bus		    ? " on that bus" :
			w->region	    ? " in that region" :
					      "");
		w->failed++;
	}
	fprintf(stderr, "%s %d %s%s\n", cmd->done, w->done, cmd->unit, w->done == 1 ? "" : "s");
	return w->failed ? EXIT_FAIL : EXIT_OK;
}
