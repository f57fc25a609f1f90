/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Topology discovery: fill struct model_system from the live system
 * (libndctl, /proc/iomem, the memory block size, uname), or from a JSON file
 * captured earlier so a layout can be examined on another machine.
 *
 * The capture format (version 1) is a JSON object: sizes are numbers,
 * physical addresses "0x..." strings (numbers are accepted too):
 *   { "version":1, "kernel_release":"6.1.0-56-amd64", "kernel_model":"subsection",
 *     "section_size":134217728, "subsection_size":2097152, "compat_align":2097152,
 *     "memblock_size":134217728,
 *     "system_ram":[ { "start":"0x100000", "end":"0x7fffffff" } ],   (end exclusive)
 *     "regions":[ { "dev":"region0", "start":"0x100000000", "size":1071644672,
 *         "align":16777216, "ways":1, "dpa_start":"0x0", "labeled":true,
 *         "readonly":false, "pagemap":false, "label_slots_free":254,
 *         "namespaces":[ { "dev":"namespace0.0", "name":"", "uuid":"...",
 *             "mode":"fsdax", "map":"dev", "start":"0x100000000", "size":31457280,
 *             "align":2097152, "sector_size":0, "data_start":"0x100200000",
 *             "data_size":29360128, "enabled":true } ] } ] }
 */
#ifndef UTIL_TOPOLOGY_H
#define UTIL_TOPOLOGY_H
#include <stddef.h>
#include "model.h"

struct ndctl_ctx;
struct json_object;

/*
 * Top-level "System RAM" ranges of /proc/iomem text (need not be
 * NUL-terminated), sorted, adjacent ones merged, ends exclusive.
 * Lines that do not parse are ignored. Returns 0 and a malloc'ed array
 * (*ram NULL when none), -EPERM when every address reads as zero (the file
 * was read without root), -ENOMEM.
 */
int topology_parse_iomem(const char *text, size_t len, struct range **ram, int *nr_ram);

/*
 * The memory block size from /sys/devices/system/memory/block_size_bytes:
 * 0, or -errno when it cannot be read, -EINVAL when it is not a power of two.
 */
int topology_memblock_size(uint64_t *size);

/* KMODEL_SUBSECTION from 5.3 on, KMODEL_SECTION before; -EINVAL if unparsable */
int topology_kernel_model(const char *release, enum kernel_model *out);

/*
 * The live system. Needs root for physical addresses: without it, logs
 * "need root to read physical addresses" and returns -EPERM. Other
 * failures: -ENOMEM, -EIO. Free with topology_free().
 */
int topology_read(struct ndctl_ctx *ctx, struct model_system *sys);

/* release everything topology_read/topology_load allocated; sys is zeroed */
void topology_free(struct model_system *sys);

/* NULL when not found */
struct model_region *topology_find_region(struct model_system *sys, const char *dev);

/* the capture format above; NULL on allocation failure */
struct json_object *topology_to_json(const struct model_system *sys);

/*
 * Parse capture text (need not be NUL-terminated). On failure returns
 * -EINVAL (or -ENOMEM) and writes into err a message naming the byte
 * offset ("byte 812: unexpected end of data") or the key
 * ("regions[0].namespaces[2].size: expected a number"); sys is then empty.
 */
int topology_parse(const char *text, size_t len, struct model_system *sys, char *err,
		   size_t errlen);

/* file wrappers; errors are logged with the path. 0 or -errno */
int topology_save(const struct model_system *sys, const char *path);
int topology_load(const char *path, struct model_system *sys);

#endif
