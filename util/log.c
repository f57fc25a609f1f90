// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include "log.h"

static const char *log_prog = "ndctl";
static const char *log_cmd;
static int log_verbosity = LOG_LEVEL_WARN;

void log_set_prefix(const char *prog, const char *cmd)
{
	log_prog = prog;
	log_cmd = cmd;
}

void log_set_verbosity(int verbose)
{
	log_verbosity = LOG_LEVEL_WARN + verbose;
}

int log_get_verbosity(void)
{
	return log_verbosity - LOG_LEVEL_WARN;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	static const char *const tag[] = { "", "warning: ", "", "debug: " };
	va_list ap;

	if ((int)level > log_verbosity)
		return;
	if (log_cmd)
		fprintf(stderr, "%s: %s: %s", log_prog, log_cmd, tag[level]);
	else
		fprintf(stderr, "%s: %s", log_prog, tag[level]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
