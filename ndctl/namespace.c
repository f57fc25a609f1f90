// SPDX-License-Identifier: GPL-2.0
/* stub: to be written */
#include "log.h"
#include "options.h"
#include "builtin.h"

int cmd_create_namespace(int argc, char **argv, struct ndctl_ctx *ctx)
{
	log_err("not implemented yet");
	return EXIT_FAIL;
}

int cmd_destroy_namespace(int argc, char **argv, struct ndctl_ctx *ctx)
{
	log_err("not implemented yet");
	return EXIT_FAIL;
}

int cmd_enable_namespace(int argc, char **argv, struct ndctl_ctx *ctx)
{
	log_err("not implemented yet");
	return EXIT_FAIL;
}

int cmd_disable_namespace(int argc, char **argv, struct ndctl_ctx *ctx)
{
	log_err("not implemented yet");
	return EXIT_FAIL;
}

