// SPDX-License-Identifier: GPL-2.0
/*
 * Seed maker, not a fuzz target: print the live topology in the capture
 * format (topology_read() + topology_to_json()), the input topology_parse()
 * reads. Run as root inside a guest by capture-guest.sh.
 */
#include <stdio.h>
#include <string.h>
#include <json-c/json.h>
#include <ndctl/libndctl.h>
#include "topology.h"

int main(void)
{
	struct ndctl_ctx *ctx;
	struct model_system sys;
	struct json_object *j;
	int rc;

	rc = ndctl_new(&ctx);
	if (rc) {
		fprintf(stderr, "capture: ndctl_new: %s\n", strerror(-rc));
		return 1;
	}
	rc = topology_read(ctx, &sys);
	if (rc) {
		fprintf(stderr, "capture: topology_read: %s\n", strerror(-rc));
		ndctl_unref(ctx);
		return 1;
	}
	j = topology_to_json(&sys);
	if (j)
		printf("%s\n", json_object_to_json_string_ext(j, JSON_C_TO_STRING_PRETTY));
	json_object_put(j);
	topology_free(&sys);
	ndctl_unref(ctx);
	return j ? 0 : 1;
}
