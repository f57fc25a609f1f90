// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cmd-main.h"
#include "log.h"
#include "options.h"
#include "passthrough.h"

static const struct cmd_desc *entry_at(const struct cmd_prog *prog, size_t i)
{
	return (const struct cmd_desc *)((const char *)prog->table + i * prog->stride);
}

static const struct cmd_desc *find_command(const struct cmd_prog *prog, const char *name)
{
	size_t i;

	for (i = 0; i < prog->nr; i++)
		if (strcmp(entry_at(prog, i)->name, name) == 0)
			return entry_at(prog, i);
	return NULL;
}

static void print_help(const struct cmd_prog *prog, FILE *out)
{
	size_t i;

	fprintf(out,
		"usage: %s [--version] [--help] [-v] COMMAND [ARGS]\n\nCommands provided here:\n",
		prog->name);
	for (i = 0; i < prog->nr; i++)
		fprintf(out, "   %-20s %s\n", entry_at(prog, i)->name, entry_at(prog, i)->summary);
	fprintf(out, "\n%s\nSee '%s COMMAND --help' for the options of one command.\n",
		prog->footer, prog->name);
}

static bool wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return true;
	return false;
}

/* 0 when the command may run as this user, else EXIT_FAIL after saying why */
static int check_root(const struct cmd_desc *cmd, int argc, char **argv)
{
	if (!cmd->needs_root || geteuid() == 0 || wants_help(argc, argv))
		return EXIT_OK;
	log_err("need root to %s (running as uid %u)", cmd->needs_root, (unsigned)geteuid());
	return EXIT_FAIL;
}

const struct cmd_desc *cmd_main_parse(const struct cmd_prog *prog, int *argc, char ***argv,
				      int *status)
{
	static char *help_argv[3];
	const struct cmd_desc *cmd;
	char **av = *argv;
	int ac = *argc, verbose = 0;

	log_set_prefix(prog->name, NULL);
	*status = EXIT_OK;
	for (; ac > 1 && av[1][0] == '-'; ac--, av++) {
		if (!strcmp(av[1], "--version") || !strcmp(av[1], "-V")) {
			printf("%s\n", PACKAGE_VERSION);
			return NULL;
		} else if (!strcmp(av[1], "--help") || !strcmp(av[1], "-h")) {
			print_help(prog, stdout);
			return NULL;
		} else if (!strcmp(av[1], "-v") || !strcmp(av[1], "--verbose")) {
			verbose++;
		} else {
			log_err("unknown option '%s'", av[1]);
			print_help(prog, stderr);
			*status = EXIT_USAGE;
			return NULL;
		}
	}
	log_set_verbosity(verbose);
	if (ac < 2) {
		print_help(prog, stderr);
		*status = EXIT_USAGE;
		return NULL;
	}
	if (!strcmp(av[1], "version")) {
		printf("%s\n", PACKAGE_VERSION);
		return NULL;
	}
	if (!strcmp(av[1], "help")) {
		cmd = ac > 2 ? find_command(prog, av[2]) : NULL;
		if (!cmd) {
			print_help(prog, stdout);
			return NULL;
		}
		help_argv[0] = av[2];
		help_argv[1] = "--help";
		*argc = 2;
		*argv = help_argv;
	} else {
		cmd = find_command(prog, av[1]);
		if (!cmd) {
			*status = passthrough_exec(prog->name, ac, av);
			return NULL;
		}
		*argc = ac - 1;
		*argv = av + 1;
	}
	log_set_prefix(prog->name, cmd->name);
	*status = check_root(cmd, *argc, *argv);
	return *status ? NULL : cmd;
}
