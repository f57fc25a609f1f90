// SPDX-License-Identifier: GPL-2.0
/* stub: being written */
#include <errno.h>
#include <string.h>
#include "infoblock.h"

int ib_layout(const struct model_system *sys, const struct ib_params *p, struct ib_layout *out)
{
	(void)sys; (void)p;
	memset(out, 0, sizeof(*out));
	out->err = -ENOSYS;
	return -ENOSYS;
}

int ib_raw_size_for_usable(const struct model_system *sys, const struct ib_params *p,
			   uint64_t usable, uint64_t grid, uint64_t *raw_size)
{
	(void)sys; (void)p; (void)usable; (void)grid; (void)raw_size;
	return -ENOSYS;
}

int ib_namespace_layout(const struct model_system *sys, const struct model_namespace *ns,
			struct ib_layout *out)
{
	(void)sys; (void)ns;
	memset(out, 0, sizeof(*out));
	out->err = -ENOSYS;
	return -ENOSYS;
}

uint64_t ib_btt_capacity(uint64_t size, uint64_t sector_size, bool btt2, unsigned *nr_arenas)
{
	(void)size; (void)sector_size; (void)btt2;
	if (nr_arenas)
		*nr_arenas = 0;
	return 0;
}

const char *ib_mode_name(enum ns_mode mode)
{
	(void)mode;
	return "raw";
}

int ib_mode_parse(const char *s, enum ns_mode *mode)
{
	(void)s; (void)mode;
	return -ENOSYS;
}

const char *ib_map_name(enum ns_map map)
{
	return map == NS_MAP_MEM ? "mem" : "dev";
}

int ib_map_parse(const char *s, enum ns_map *map)
{
	(void)s; (void)map;
	return -ENOSYS;
}
