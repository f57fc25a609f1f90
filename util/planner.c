// SPDX-License-Identifier: GPL-2.0
/* stub: being written */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "planner.h"

int plan_region(const struct model_system *sys, const struct model_region *region,
		const struct plan_request *reqs, int nr, const struct plan_options *opts,
		struct plan_result *out)
{
	(void)sys; (void)region; (void)reqs; (void)nr; (void)opts;
	memset(out, 0, sizeof(*out));
	out->err = -ENOSYS;
	return -ENOSYS;
}

void plan_result_free(struct plan_result *res)
{
	(void)res;
}

const char *plan_policy_name(enum plan_policy policy)
{
	(void)policy;
	return "in-order";
}

int plan_policy_parse(const char *s, enum plan_policy *policy)
{
	(void)s; (void)policy;
	return -ENOSYS;
}

int plan_result_extras(const struct plan_result *res, struct geo_extra **out)
{
	(void)res;
	*out = NULL;
	return -ENOSYS;
}
