// SPDX-License-Identifier: GPL-2.0
/* daxctl: the command table; util/cmd-main.c does the rest of main(). */
#include <stdio.h>
#include <string.h>
#include <daxctl/libdaxctl.h>
#include "builtin.h"
#include "cmd-main.h"
#include "log.h"
#include "options.h"

struct daxctl_cmd_entry {
	struct cmd_desc desc;
	int (*fn)(int argc, char **argv, struct daxctl_ctx *ctx);
};

static const struct daxctl_cmd_entry commands[] = {
	{ { "list", "list dax regions and devices" }, cmd_dax_list },
	{ { "reconfigure-device", "switch a device between devdax and system-ram",
	    "rebind dax devices and online memory" },
	  cmd_reconfigure_device },
	{ { "online-memory", "online the memory blocks of a system-ram device",
	    "online memory blocks" },
	  cmd_online_memory },
	{ { "offline-memory", "offline the memory blocks of a system-ram device",
	    "offline memory blocks" },
	  cmd_offline_memory },
	{ { "enable-device", "enable dax devices", "bind dax devices to their driver" },
	  cmd_enable_device },
	{ { "disable-device", "disable dax devices", "unbind dax devices from their driver" },
	  cmd_disable_device },
};

static const struct cmd_prog daxctl_prog = {
	.name = "daxctl",
	.footer = "Other commands are handed to the system's upstream daxctl when it is installed.",
	.table = commands,
	.nr = sizeof(commands) / sizeof(commands[0]),
	.stride = sizeof(commands[0]),
};

int main(int argc, char **argv)
{
	const struct daxctl_cmd_entry *cmd;
	struct daxctl_ctx *ctx;
	int rc;

	cmd = (const struct daxctl_cmd_entry *)cmd_main_parse(&daxctl_prog, &argc, &argv, &rc);
	if (!cmd)
		return rc;
	rc = daxctl_new(&ctx);
	if (rc < 0) {
		log_err("cannot open libdaxctl: %s", strerror(-rc));
		return EXIT_FAIL;
	}
	rc = cmd->fn(argc, argv, ctx);
	daxctl_unref(ctx);
	return rc;
}
