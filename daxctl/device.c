// SPDX-License-Identifier: GPL-2.0
/* stub: to be written */
#include "log.h"
#include "options.h"
#include "builtin.h"

int cmd_reconfigure_device(int argc, char **argv, struct daxctl_ctx *ctx)
{
	log_err("not implemented yet");
	return EXIT_FAIL;
}

int cmd_online_memory(int argc, char **argv, struct daxctl_ctx *ctx)
{
	log_err("not implemented yet");
	return EXIT_FAIL;
}

int cmd_offline_memory(int argc, char **argv, struct daxctl_ctx *ctx)
{
	log_err("not implemented yet");
	return EXIT_FAIL;
}

int cmd_enable_device(int argc, char **argv, struct daxctl_ctx *ctx)
{
	log_err("not implemented yet");
	return EXIT_FAIL;
}

int cmd_disable_device(int argc, char **argv, struct daxctl_ctx *ctx)
{
	log_err("not implemented yet");
	return EXIT_FAIL;
}

