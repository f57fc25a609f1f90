// SPDX-License-Identifier: GPL-2.0
/* daxctl: the command table, global options and the hand-off to upstream. */
#include <stdio.h>
#include <string.h>
#include <daxctl/libdaxctl.h>
#include "builtin.h"
#include "log.h"
#include "options.h"
#include "passthrough.h"

struct daxctl_cmd_entry {
	const char *name;
	int (*fn)(int argc, char **argv, struct daxctl_ctx *ctx);
	const char *summary;
};

static const struct daxctl_cmd_entry commands[] = {
	{ "list", cmd_dax_list, "list dax regions and devices" },
	{ "reconfigure-device", cmd_reconfigure_device, "switch a device between devdax and system-ram" },
	{ "online-memory", cmd_online_memory, "online the memory blocks of a system-ram device" },
	{ "offline-memory", cmd_offline_memory, "offline the memory blocks of a system-ram device" },
	{ "enable-device", cmd_enable_device, "enable dax devices" },
	{ "disable-device", cmd_disable_device, "disable dax devices" },
};

#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void print_help(FILE *out)
{
	size_t i;

	fprintf(out, "usage: daxctl [--version] [--help] [-v] COMMAND [ARGS]\n\n"
		     "Commands provided here:\n");
	for (i = 0; i < NR_COMMANDS; i++)
		fprintf(out, "   %-20s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nOther commands are handed to the system's upstream daxctl when it is installed.\n"
		     "See 'daxctl COMMAND --help' for the options of one command.\n");
}

static const struct daxctl_cmd_entry *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NR_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int run_command(const struct daxctl_cmd_entry *cmd, int argc, char **argv)
{
	struct daxctl_ctx *ctx;
	int rc;

	log_set_prefix("daxctl", cmd->name);
	rc = daxctl_new(&ctx);
	if (rc < 0) {
		log_err("cannot open libdaxctl: %s", strerror(-rc));
		return EXIT_FAIL;
	}
	rc = cmd->fn(argc, argv, ctx);
	daxctl_unref(ctx);
	return rc;
}

int main(int argc, char **argv)
{
	const struct daxctl_cmd_entry *cmd;
	int verbose = 0;

	log_set_prefix("daxctl", NULL);
	while (argc > 1 && argv[1][0] == '-') {
		if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
			printf("%s\n", PACKAGE_VERSION);
			return EXIT_OK;
		} else if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
			print_help(stdout);
			return EXIT_OK;
		} else if (!strcmp(argv[1], "-v") || !strcmp(argv[1], "--verbose")) {
			verbose++;
		} else {
			log_err("unknown option '%s'", argv[1]);
			print_help(stderr);
			return EXIT_USAGE;
		}
		argc--;
		argv++;
	}
	log_set_verbosity(verbose);
	if (argc < 2) {
		print_help(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "help")) {
		if (argc > 2 && find_command(argv[2])) {
			char *help_argv[] = { argv[2], "--help", NULL };

			return run_command(find_command(argv[2]), 2, help_argv);
		}
		print_help(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "version")) {
		printf("%s\n", PACKAGE_VERSION);
		return EXIT_OK;
	}
	cmd = find_command(argv[1]);
	if (cmd)
		return run_command(cmd, argc - 1, argv + 1);
	return passthrough_exec("daxctl", argc, argv);
}
