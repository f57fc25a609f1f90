// SPDX-License-Identifier: GPL-2.0
/* stub: to be written */
#include "log.h"
#include "options.h"
#include "builtin.h"

int cmd_list(int argc, char **argv, struct ndctl_ctx *ctx)
{
	log_err("not implemented yet");
	return EXIT_FAIL;
}

