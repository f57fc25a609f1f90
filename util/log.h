/* SPDX-License-Identifier: GPL-2.0 */
/* Messages to stderr, prefixed with the program and command name. */
#ifndef UTIL_LOG_H
#define UTIL_LOG_H

enum log_level {
	LOG_LEVEL_ERR = 0,
	LOG_LEVEL_WARN = 1,
	LOG_LEVEL_INFO = 2,	/* shown with -v */
	LOG_LEVEL_DEBUG = 3,	/* shown with -vv */
};

void log_set_prefix(const char *prog, const char *cmd);
void log_set_verbosity(int verbose);
int log_get_verbosity(void);
void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_err(...) log_msg(LOG_LEVEL_ERR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_dbg(...) log_msg(LOG_LEVEL_DEBUG, __VA_ARGS__)

#endif
