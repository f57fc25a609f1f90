/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Carry out namespace operations through libndctl, check that the kernel did
 * what was predicted, and undo them.
 *
 * apply_create() runs one create: lower the region align when the placement
 * needs it, size the namespace seed, attach a pfn/dax/btt seed, enable, and
 * compare the kernel's namespace and data ranges with the prediction. If any
 * step fails or the kernel disagrees, everything that call did is undone
 * before it returns (seed back to size 0 and mode raw, pfn/dax/btt seed
 * detached, region align restored) and nothing is added to the journal.
 *
 * On success the create is recorded in a journal, so that a sequence of
 * creates (`ndctl plan --apply`) can be rolled back as a whole with
 * apply_rollback(), newest first. apply_journal_release() forgets the
 * journal and keeps what was made.
 *
 * Every function logs its own errors (naming the object, the value and the
 * rule) and returns 0 or a negative errno.
 */
#ifndef UTIL_APPLY_H
#define UTIL_APPLY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uuid/uuid.h>
#include "model.h"

struct ndctl_ctx;
struct ndctl_region;
struct ndctl_namespace;

/* What to create, and what the planner predicts the kernel will do. */
struct apply_spec {
	enum ns_mode mode;
	enum ns_map map;		/* fsdax/devdax only */
	uint64_t size;			/* raw namespace size, a multiple of region_align */
	uint64_t align;			/* pfn/dax align; 0 = the seed's default */
	uint64_t sector_size;		/* sector: btt LBA size; raw/fsdax: namespace LBA; 0 default */
	char uuid[MODEL_UUID_LEN];	/* "" = generate */
	char name[MODEL_NAME_LEN];	/* alt name, may be "" */
	/* region align the placement needs; 0 = leave the region as it is */
	uint64_t region_align;
	/* the prediction checked after enabling; only when 'predicted' is set */
	bool predicted;
	uint64_t start;			/* namespace SPA start */
	uint64_t data_start;		/* pfn/dax resource; 0 = not checked */
	uint64_t data_size;		/* pfn/dax size (usable capacity); 0 = not checked */
};

enum apply_op {
	APPLY_OP_REGION_ALIGN,		/* region align changed from old_align */
	APPLY_OP_CREATE,		/* namespace dev created */
};

struct apply_entry {
	enum apply_op op;
	struct ndctl_region *region;
	unsigned long old_align;
	char dev[MODEL_DEV_LEN];	/* "namespace0.1" for APPLY_OP_CREATE */
};

struct apply_journal {
	int nr;
	int alloc;
	struct apply_entry *entries;
};

#define APPLY_JOURNAL_INIT { 0, 0, NULL }

/*
 * Create one namespace on @region as @spec says. On success *@created (when
 * not NULL) is the new, enabled namespace and @journal (when not NULL) holds
 * the steps to undo it.
 */
int apply_create(struct ndctl_region *region, const struct apply_spec *spec,
		 struct apply_journal *journal, struct ndctl_namespace **created);

/* Undo every entry of @journal, newest first; returns the first error. */
int apply_rollback(struct apply_journal *journal);

/* Keep what was made: forget the journal's entries. */
void apply_journal_release(struct apply_journal *journal);

/*
 * Is the namespace in use: its block device mounted (say where) or held
 * open, its dax device mapped by a process or online as System RAM? Returns
 * true and a sentence in @why ("pmem0.1 is mounted on /mnt/a") if so.
 */
bool apply_namespace_busy(struct ndctl_namespace *ndns, char *why, size_t len);

/*
 * Destroy a namespace: refuse when it is busy, or enabled without @force;
 * otherwise disable it, wipe its info block so the kernel cannot find it
 * again, and free its capacity (size 0, labels deleted).
 */
int apply_destroy(struct ndctl_namespace *ndns, bool force);

/* Disable a namespace, refusing when it is busy (mounted or held open). */
int apply_disable(struct ndctl_namespace *ndns);

/*
 * Prepare an existing namespace for --reconfig: refuse when busy or, without
 * @force, enabled; then disable it and wipe its info block, keeping its
 * capacity and labels.
 */
int apply_reconfig_prepare(struct ndctl_namespace *ndns, bool force);

/*
 * Give a reconfigured namespace its new personality: attach a pfn/dax/btt
 * seed as @spec says (size and uuid are kept), enable, verify.
 */
int apply_reconfig(struct ndctl_namespace *ndns, const struct apply_spec *spec);

/*
 * Initialise an index block on every DIMM of a label-less, idle region (the
 * region is disabled and re-enabled around it) so it can hold several
 * namespaces. @version is 1.1 or 1.2 (0 = 1.2, falling back to 1.1).
 */
int apply_region_init_labels(struct ndctl_region *region, int version);

/* A region of any bus, a namespace of @region, by device name; NULL when none. */
struct ndctl_region *apply_find_region(struct ndctl_ctx *ctx, const char *dev);
struct ndctl_namespace *apply_find_namespace(struct ndctl_region *region, const char *dev);

/* The sized namespace (of any region, other than @self) that has uuid @uu, or NULL. */
const char *apply_uuid_owner(struct ndctl_ctx *ctx, struct ndctl_namespace *self,
			     const uuid_t uu);

/*
 * Read a sysfs attribute of an nd bus device ("namespace0.1", "resource"):
 * as text without its trailing newline (truncated to @len - 1), or as a number.
 */
int apply_read_attr(const char *dev, const char *attr, char *buf, size_t len);
/* the same for any file by path (a sysfs file outside the nd bus) */
int apply_read_text(const char *path, char *buf, size_t len);
int apply_read_attr_u64(const char *dev, const char *attr, uint64_t *val);

/*
 * Is an nd bus device bound to a driver (enabled)? libndctl's *_is_enabled()
 * without their wait for the bus's probing, for walks that wait once.
 */
bool apply_dev_bound(const char *dev);

#endif
