// SPDX-License-Identifier: GPL-2.0
/* ndctl: the command table; util/cmd-main.c does the rest of main(). */
#include <stdio.h>
#include <string.h>
#include <ndctl/libndctl.h>
#include "builtin.h"
#include "cmd-main.h"
#include "log.h"
#include "options.h"

struct ndctl_cmd_entry {
	struct cmd_desc desc;
	int (*fn)(int argc, char **argv, struct ndctl_ctx *ctx);
};

static const struct ndctl_cmd_entry commands[] = {
	{ { "list", "list buses, DIMMs, regions and namespaces (--subsections: placement)" },
	  cmd_list },
	{ { "create-namespace", "create a namespace at 2 MiB granularity" }, cmd_create_namespace },
	{ { "destroy-namespace", "destroy namespaces",
	    "disable namespaces and erase their metadata" },
	  cmd_destroy_namespace },
	{ { "enable-namespace", "enable namespaces", "bind namespaces to their drivers" },
	  cmd_enable_namespace },
	{ { "disable-namespace", "disable namespaces", "unbind namespaces from their drivers" },
	  cmd_disable_namespace },
	{ { "enable-region", "enable regions", "bind regions to their driver" },
	  cmd_enable_region },
	{ { "disable-region", "disable regions and their namespaces",
	    "unbind regions from their driver" },
	  cmd_disable_region },
	{ { "init-labels", "initialise the label area of DIMMs", "write the DIMMs' label areas" },
	  cmd_init_labels },
	{ { "check-labels", "check the label area of DIMMs",
	    "read the DIMMs' label areas (a DIMM command)" },
	  cmd_check_labels },
	{ { "read-labels", "dump the label area of DIMMs",
	    "read the DIMMs' label areas (a DIMM command)" },
	  cmd_read_labels },
	{ { "plan", "plan (and apply) a namespace layout" }, cmd_plan },
};

static const struct cmd_prog ndctl_prog = {
	.name = "ndctl",
	.footer = "Other commands (firmware, security, monitor, ...) are handed to the\n"
		  "system's upstream ndctl when it is installed.",
	.table = commands,
	.nr = sizeof(commands) / sizeof(commands[0]),
	.stride = sizeof(commands[0]),
};

int main(int argc, char **argv)
{
	const struct ndctl_cmd_entry *cmd;
	struct ndctl_ctx *ctx;
	int rc;

	cmd = (const struct ndctl_cmd_entry *)cmd_main_parse(&ndctl_prog, &argc, &argv, &rc);
	if (!cmd)
		return rc;
	rc = ndctl_new(&ctx);
	if (rc < 0) {
		log_err("cannot open libndctl: %s", strerror(-rc));
		return EXIT_FAIL;
	}
	rc = cmd->fn(argc, argv, ctx);
	ndctl_unref(ctx);
	return rc;
}
