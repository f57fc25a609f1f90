/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every ndctl command: argc/argv from the command name on, a library
 * context, and an exit status back (EXIT_OK, EXIT_FAIL, EXIT_USAGE).
 * Nothing below a command calls exit().
 */
#ifndef NDCTL_BUILTIN_H
#define NDCTL_BUILTIN_H

struct ndctl_ctx;

int cmd_list(int argc, char **argv, struct ndctl_ctx *ctx);
int cmd_create_namespace(int argc, char **argv, struct ndctl_ctx *ctx);
int cmd_destroy_namespace(int argc, char **argv, struct ndctl_ctx *ctx);
int cmd_enable_namespace(int argc, char **argv, struct ndctl_ctx *ctx);
int cmd_disable_namespace(int argc, char **argv, struct ndctl_ctx *ctx);
int cmd_enable_region(int argc, char **argv, struct ndctl_ctx *ctx);
int cmd_disable_region(int argc, char **argv, struct ndctl_ctx *ctx);
int cmd_init_labels(int argc, char **argv, struct ndctl_ctx *ctx);
int cmd_check_labels(int argc, char **argv, struct ndctl_ctx *ctx);
int cmd_read_labels(int argc, char **argv, struct ndctl_ctx *ctx);
int cmd_plan(int argc, char **argv, struct ndctl_ctx *ctx);

#endif
