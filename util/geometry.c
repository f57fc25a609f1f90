// SPDX-License-Identifier: GPL-2.0
/* stub: being written */
#include <errno.h>
#include <string.h>
#include "geometry.h"

int geo_span(const struct model_system *sys, const struct range *r, struct geo_span *out)
{
	(void)sys; (void)r; (void)out;
	return -ENOSYS;
}

unsigned geo_subsections_per_section(const struct model_system *sys)
{
	return (unsigned)(sys->section_size / sys->subsection_size);
}

uint64_t geo_subsection_mask(const struct model_system *sys, const struct range *r,
			     uint64_t section)
{
	(void)sys; (void)r; (void)section;
	return 0;
}

int geo_kmem_range(const struct range *data, uint64_t block_size, struct geo_kmem *out)
{
	(void)data; (void)block_size;
	memset(out, 0, sizeof(*out));
	return -ENOSYS;
}

int geo_section_view(const struct model_system *sys, const char *region_dev,
		     const struct geo_extra *extra, int nr_extra, struct geo_view **out)
{
	(void)sys; (void)region_dev; (void)extra; (void)nr_extra;
	*out = NULL;
	return -ENOSYS;
}

void geo_view_free(struct geo_view *view)
{
	(void)view;
}
