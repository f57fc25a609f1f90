/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What ndctl and daxctl share in main(): global options (--version, --help,
 * -v), `help [COMMAND]`, `version`, finding a command in the tool's table,
 * and handing unknown commands to the system's upstream tool.
 */
#ifndef UTIL_CMD_MAIN_H
#define UTIL_CMD_MAIN_H
#include <stddef.h>

/* the first member of each tool's typed command entry */
struct cmd_desc {
	const char *name;
	const char *summary;
	/*
	 * What the command needs root for ("write namespace attributes in
	 * sysfs"), or NULL: such a command is refused up front for other users,
	 * with that reason, instead of failing half-way on EACCES. --help works.
	 */
	const char *needs_root;
};

struct cmd_prog {
	const char *name;		/* "ndctl" */
	const char *footer;		/* help text after the command list */
	const void *table;		/* array of entries starting with a struct cmd_desc */
	size_t nr;
	size_t stride;			/* sizeof one entry */
};

/*
 * Parse the global part of the command line. Returns NULL with *status set
 * when main() is done (help, version, bad usage, or an upstream hand-off
 * that failed); otherwise the command's entry, with *argc and *argv starting at
 * the command name and the log prefix set. `help CMD` comes back as the
 * command with argv { CMD, "--help" }.
 */
const struct cmd_desc *cmd_main_parse(const struct cmd_prog *prog, int *argc, char ***argv,
				      int *status);

#endif
