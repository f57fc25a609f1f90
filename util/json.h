/* SPDX-License-Identifier: GPL-2.0 */
/*
 * json-c helpers that follow upstream ndctl's conventions, so scripts written
 * against upstream `ndctl list` keep working:
 *  - sizes are plain numbers; with the human flag (-u) anything of 5000 KiB
 *    or more becomes a string such as "30.00 MiB (31.46 MB)";
 *  - the values upstream treats as hex (iset_id, handle, mapping offsets)
 *    are numbers, and "0x..." strings with -u;
 *  - output is json-c's pretty form (2-space indent, no space after ':');
 *    a listing of one object is unwrapped from its array only with -u.
 * Physical addresses are new keys of ours and are always "0x..." strings.
 *
 * The *_to_json() builders turn libndctl objects into upstream's objects and
 * keys, for every command that prints devices (list, create-namespace, ...).
 */
#ifndef UTIL_JSON_H
#define UTIL_JSON_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <json-c/json.h>
#include "json-read.h"	/* json_read_u64(), with the other readers */

enum json_flags {
	JSONF_HUMAN = 1 << 0,	/* -u: human sizes, hex strings, unwrap single objects */
	JSONF_VERBOSE = 1 << 1,	/* -v: numa_node, target_node, raw_uuid */
	JSONF_IDLE = 1 << 2,	/* -i: idle devices are listed */
	JSONF_DAX = 1 << 3,	/* -X: device-dax details */
	JSONF_PHYS = 1 << 4,	/* add our physical-address keys when readable */
};

/* 5000 KiB: below this upstream keeps a size a number even with -u */
#define JSON_HUMAN_MIN	(5000ULL * 1024)

/* upstream's human size text, without quotes: "1022.00 MiB (1071.64 MB)" */
char *json_size_human(char *buf, size_t len, uint64_t bytes);

struct json_object *json_new_u64(uint64_t val);
struct json_object *json_new_size(uint64_t bytes, unsigned long flags);
struct json_object *json_new_hex(uint64_t val, unsigned long flags);
struct json_object *json_new_addr(uint64_t addr);	/* always "0x..." */

/* add val under key unless val is NULL (an allocation failure) */
void json_add(struct json_object *obj, const char *key, struct json_object *val);
void json_add_str(struct json_object *obj, const char *key, const char *str);


/* the pretty text upstream prints, valid until obj changes or is freed */
const char *json_to_text(struct json_object *obj);
void json_print(FILE *out, struct json_object *obj);
/*
 * Print a listing array the way upstream does and drop the reference:
 * the array itself, or with JSONF_HUMAN its only element when it has one.
 */
void json_print_listing(FILE *out, struct json_object *array, unsigned long flags);

struct ndctl_bus;
struct ndctl_dimm;
struct ndctl_region;
struct ndctl_mapping;
struct ndctl_namespace;

struct json_object *bus_to_json(struct ndctl_bus *bus, unsigned long flags);
struct json_object *dimm_to_json(struct ndctl_dimm *dimm, unsigned long flags);
struct json_object *mapping_to_json(struct ndctl_mapping *mapping, unsigned long flags);
/*
 * jmappings (or NULL) is placed where upstream puts "mappings"; the caller
 * adds "namespaces" after.
 */
struct json_object *region_to_json(struct ndctl_region *region, struct json_object *jmappings,
				   unsigned long flags);
struct json_object *namespace_to_json(struct ndctl_namespace *ndns, unsigned long flags);

/* "fsdax", "devdax", "sector", "raw" or "unknown" for a libndctl mode */
const char *json_mode_name(int ndctl_mode);

#endif
