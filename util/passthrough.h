/* SPDX-License-Identifier: GPL-2.0 */
#ifndef UTIL_PASSTHROUGH_H
#define UTIL_PASSTHROUGH_H

/*
 * Hand a command this tool does not provide to the system's upstream tool
 * ("ndctl" or "daxctl") with the command line unchanged. Only returns on
 * failure, with an exit status, after saying why.
 */
int passthrough_exec(const char *tool, int argc, char **argv);

#endif
