// SPDX-License-Identifier: GPL-2.0
/* stub: to be written */
#include "log.h"
#include "options.h"
#include "builtin.h"

int cmd_init_labels(int argc, char **argv, struct ndctl_ctx *ctx)
{
	log_err("not implemented yet");
	return EXIT_FAIL;
}

int cmd_check_labels(int argc, char **argv, struct ndctl_ctx *ctx)
{
	log_err("not implemented yet");
	return EXIT_FAIL;
}

int cmd_read_labels(int argc, char **argv, struct ndctl_ctx *ctx)
{
	log_err("not implemented yet");
	return EXIT_FAIL;
}

