/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One option table per command drives both getopt_long and the usage text,
 * so --help can never disagree with what the parser accepts.
 */
#ifndef UTIL_OPTIONS_H
#define UTIL_OPTIONS_H
#include <getopt.h>
#include <stdio.h>

struct cmd_option {
	const char *long_name;
	int key;		/* short option letter, or >= 256 for long-only */
	int has_arg;		/* no_argument / required_argument / optional_argument */
	const char *arg_name;	/* shown in usage, e.g. "size" */
	const char *help;
};

#define OPT_END { NULL, 0, 0, NULL, NULL }

/* returned by cmd_getopt() besides option keys and -1 (done) */
#define CMD_HELP	-100	/* --help was given and usage printed: exit 0 */
#define CMD_BADUSAGE	-101	/* error printed: exit 2 */

/* exit statuses shared by every command */
#define EXIT_OK		0
#define EXIT_FAIL	1
#define EXIT_USAGE	2

struct cmd_parser {
	const char *usage;		/* "ndctl list [<options>]" */
	const struct cmd_option *opts;
	struct option *longopts;
	char *shortopts;
};

int cmd_parser_init(struct cmd_parser *p, const char *usage, const struct cmd_option *opts);
void cmd_parser_free(struct cmd_parser *p);
/* like getopt_long; handles -h/--help and unknown options itself */
int cmd_getopt(struct cmd_parser *p, int argc, char **argv);
void cmd_usage(const struct cmd_parser *p, FILE *out);

#endif
