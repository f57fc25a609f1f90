/* SPDX-License-Identifier: GPL-2.0 */
/* Every daxctl command: argc/argv from the command name on, an exit status back. */
#ifndef DAXCTL_BUILTIN_H
#define DAXCTL_BUILTIN_H

struct daxctl_ctx;

int cmd_dax_list(int argc, char **argv, struct daxctl_ctx *ctx);
int cmd_reconfigure_device(int argc, char **argv, struct daxctl_ctx *ctx);
int cmd_online_memory(int argc, char **argv, struct daxctl_ctx *ctx);
int cmd_offline_memory(int argc, char **argv, struct daxctl_ctx *ctx);
int cmd_enable_device(int argc, char **argv, struct daxctl_ctx *ctx);
int cmd_disable_device(int argc, char **argv, struct daxctl_ctx *ctx);

#endif
