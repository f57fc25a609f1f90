// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include "log.h"
#include "options.h"

#define KEY_HELP 'h'

int cmd_parser_init(struct cmd_parser *p, const char *usage, const struct cmd_option *opts)
{
	size_t n = 0, i, s = 0;

	while (opts[n].long_name || opts[n].key)
		n++;
	p->usage = usage;
	p->opts = opts;
	p->longopts = calloc(n + 2, sizeof(*p->longopts));
	p->shortopts = calloc(3 * n + 4, 1);
	if (!p->longopts || !p->shortopts) {
		cmd_parser_free(p);
		return -1;
	}
	p->shortopts[s++] = ':';	/* report missing arguments as ':' */
	for (i = 0; i < n; i++) {
		p->longopts[i].name = opts[i].long_name;
		p->longopts[i].has_arg = opts[i].has_arg;
		p->longopts[i].val = opts[i].key;
		if (opts[i].key > 0 && opts[i].key < 256) {
			p->shortopts[s++] = (char)opts[i].key;
			if (opts[i].has_arg != no_argument)
				p->shortopts[s++] = ':';
			if (opts[i].has_arg == optional_argument)
				p->shortopts[s++] = ':';
		}
	}
	p->longopts[n].name = "help";
	p->longopts[n].val = KEY_HELP;
	p->shortopts[s++] = KEY_HELP;
	return 0;
}

void cmd_parser_free(struct cmd_parser *p)
{
	free(p->longopts);
	free(p->shortopts);
	p->longopts = NULL;
	p->shortopts = NULL;
}

void cmd_usage(const struct cmd_parser *p, FILE *out)
{
	const struct cmd_option *o;

	fprintf(out, "\n usage: %s\n\n", p->usage);
	for (o = p->opts; o->long_name || o->key; o++) {
		char left[64];
		int len = 0;

		if (o->key > 0 && o->key < 256)
			len = snprintf(left, sizeof(left), "-%c, ", o->key);
		else
			len = snprintf(left, sizeof(left), "    ");
		len += snprintf(left + len, sizeof(left) - len, "--%s", o->long_name);
		if (o->has_arg == required_argument)
			snprintf(left + len, sizeof(left) - len, " <%s>", o->arg_name ? o->arg_name : "arg");
		else if (o->has_arg == optional_argument)
			snprintf(left + len, sizeof(left) - len, "[=<%s>]", o->arg_name ? o->arg_name : "arg");
		fprintf(out, "    %-28s %s\n", left, o->help ? o->help : "");
	}
	fprintf(out, "    %-28s %s\n\n", "-h, --help", "show this help");
}

static const char *option_name(const struct cmd_parser *p, int key, char *buf, size_t len)
{
	const struct cmd_option *o;

	for (o = p->opts; o->long_name || o->key; o++)
		if (o->key == key)
			return o->long_name;
	snprintf(buf, len, "%c", key);
	return buf;
}

int cmd_getopt(struct cmd_parser *p, int argc, char **argv)
{
	char buf[8];
	int c;

	opterr = 0;
	c = getopt_long(argc, argv, p->shortopts, p->longopts, NULL);
	switch (c) {
	case KEY_HELP:
		cmd_usage(p, stdout);
		return CMD_HELP;
	case '?':
		if (optopt && optopt < 256)
			log_err("unknown option '-%c'", optopt);
		else
			log_err("unknown option '%s'", argv[optind - 1]);
		cmd_usage(p, stderr);
		return CMD_BADUSAGE;
	case ':':
		log_err("option '--%s' needs a value",
			option_name(p, optopt, buf, sizeof(buf)));
		cmd_usage(p, stderr);
		return CMD_BADUSAGE;
	default:
		return c;
	}
}
