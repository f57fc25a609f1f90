// SPDX-License-Identifier: GPL-2.0
/* ndctl: the command table, global options and the hand-off to upstream. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <ndctl/libndctl.h>
#include "builtin.h"
#include "log.h"
#include "options.h"
#include "passthrough.h"

struct ndctl_cmd_entry {
	const char *name;
	int (*fn)(int argc, char **argv, struct ndctl_ctx *ctx);
	const char *summary;
};

static const struct ndctl_cmd_entry commands[] = {
	{ "list", cmd_list, "list buses, DIMMs, regions and namespaces (--subsections: placement)" },
	{ "create-namespace", cmd_create_namespace, "create a namespace at 2 MiB granularity" },
	{ "destroy-namespace", cmd_destroy_namespace, "destroy namespaces" },
	{ "enable-namespace", cmd_enable_namespace, "enable namespaces" },
	{ "disable-namespace", cmd_disable_namespace, "disable namespaces" },
	{ "enable-region", cmd_enable_region, "enable regions" },
	{ "disable-region", cmd_disable_region, "disable regions and their namespaces" },
	{ "init-labels", cmd_init_labels, "initialise the label area of DIMMs" },
	{ "check-labels", cmd_check_labels, "check the label area of DIMMs" },
	{ "read-labels", cmd_read_labels, "dump the label area of DIMMs" },
	{ "plan", cmd_plan, "plan (and apply) a namespace layout" },
};

static void print_help(FILE *out)
{
	size_t i;

	fprintf(out, "usage: ndctl [--version] [--help] [-v] COMMAND [ARGS]\n\n"
		     "Commands provided here:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "   %-20s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nOther commands (firmware, security, monitor, ...) are handed to the\n"
		     "system's upstream ndctl when it is installed.\n"
		     "See 'ndctl COMMAND --help' for the options of one command.\n");
}

static const struct ndctl_cmd_entry *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int run_command(const struct ndctl_cmd_entry *cmd, int argc, char **argv)
{
	struct ndctl_ctx *ctx;
	int rc;

	log_set_prefix("ndctl", cmd->name);
	rc = ndctl_new(&ctx);
	if (rc < 0) {
		log_err("cannot open libndctl: %s", strerror(-rc));
		return EXIT_FAIL;
	}
	rc = cmd->fn(argc, argv, ctx);
	ndctl_unref(ctx);
	return rc;
}

int main(int argc, char **argv)
{
	const struct ndctl_cmd_entry *cmd;
	int verbose = 0;

	log_set_prefix("ndctl", NULL);
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
	return passthrough_exec("ndctl", argc, argv);
}
