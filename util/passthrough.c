// SPDX-License-Identifier: GPL-2.0
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "log.h"
#include "options.h"
#include "passthrough.h"

static const char *const search_dirs[] = { "/usr/bin", "/usr/sbin", "/bin", "/sbin",
					   "/usr/local/bin", "/usr/local/sbin" };

/* the upstream binary: $NDCTL_UPSTREAM / $DAXCTL_UPSTREAM, else the first one on the system that is not us */
static int find_upstream(const char *tool, char *path, size_t len)
{
	char self[PATH_MAX], cand[PATH_MAX], env[32];
	const char *over;
	size_t i;
	ssize_t n;

	snprintf(env, sizeof(env), "%s_UPSTREAM", tool);
	for (i = 0; env[i]; i++)
		if (env[i] >= 'a' && env[i] <= 'z')
			env[i] = (char)(env[i] - 'a' + 'A');
	over = getenv(env);
	if (over && *over) {
		snprintf(path, len, "%s", over);
		return access(path, X_OK);
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	self[n > 0 ? n : 0] = '\0';
	for (i = 0; i < sizeof(search_dirs) / sizeof(search_dirs[0]); i++) {
		snprintf(path, len, "%s/%s", search_dirs[i], tool);
		if (access(path, X_OK) != 0 || !realpath(path, cand))
			continue;
		if (strcmp(cand, self) != 0)
			return 0;
	}
	return -1;
}

int passthrough_exec(const char *tool, int argc, char **argv)
{
	char path[PATH_MAX];

	(void)argc;
	if (find_upstream(tool, path, sizeof(path)) != 0) {
		log_err("'%s' is not provided by this %s, and no upstream %s is installed to hand it to "
			"(apt-get install %s); see '%s --help'",
			argv[1], tool, tool, tool, tool);
		return EXIT_USAGE;
	}
	log_info("'%s' is not provided here: handing the command line to %s", argv[1], path);
	argv[0] = path;
	execv(path, argv);
	log_err("cannot run %s: %m", path);
	return EXIT_FAIL;
}
