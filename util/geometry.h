/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sparse-memory geometry of physical ranges: which 128 MiB sections and
 * 2 MiB sub-sections a range touches, which memory blocks kmem could online,
 * and a per-section view of who owns which sub-sections (kernel-rules.md
 * sections 1, 2, 5 and 7). Sizes come from struct model_system so that other
 * architectures and the pre-5.3 model use the same code. Pure code.
 *
 * Sub-section and section indexes are global: index = addr / size.
 */
#ifndef UTIL_GEOMETRY_H
#define UTIL_GEOMETRY_H
#include <stdbool.h>
#include <stdint.h>
#include "model.h"

/* first and last (inclusive) section and sub-section a non-empty range touches */
struct geo_span {
	uint64_t first_section;
	uint64_t last_section;
	uint64_t first_subsection;
	uint64_t last_subsection;
};

/* -EINVAL for an empty range or zero/non-power-of-2 sizes, else 0 */
int geo_span(const struct model_system *sys, const struct range *r, struct geo_span *out);

/* number of sub-sections per section (64 on x86-64), at most 64 */
unsigned geo_subsections_per_section(const struct model_system *sys);

/*
 * Sub-section mask of section @section that @r touches (rounded outward to
 * sub-sections, as the kernel's bitmap does): bit i = sub-section i of that
 * section. 0 when the range misses the section.
 */
uint64_t geo_subsection_mask(const struct model_system *sys, const struct range *r,
			     uint64_t section);

/* start address of a section */
static inline uint64_t geo_section_start(const struct model_system *sys, uint64_t section)
{
	return section * sys->section_size;
}

/*
 * What dax_kmem would hot-plug from a device-dax data range: the range
 * rounded inward to memory blocks (kernel-rules.md section 5).
 */
struct geo_kmem {
	struct range range;	/* block-aligned; empty (start == end) when none */
	uint64_t head;		/* bytes before range.start left unused */
	uint64_t tail;		/* bytes after range.end left unused */
	uint64_t nr_blocks;
	bool empty;		/* kmem would refuse the device ("too small after alignment") */
};

/* -EINVAL when block_size is 0 or not a power of two; else fills @out, returns 0 */
int geo_kmem_range(const struct range *data, uint64_t block_size, struct geo_kmem *out);

/* ---- the section view ---- */

enum geo_owner_kind {
	GEO_OWNER_NAMESPACE = 0,	/* an existing namespace (of this or another region) */
	GEO_OWNER_PLANNED,		/* an extra range given by the caller (a planned namespace) */
	GEO_OWNER_SYSTEM_RAM,		/* System RAM from /proc/iomem */
	GEO_OWNER_UNUSED,		/* region capacity claimed by no namespace or extra */
};

struct geo_owner {
	enum geo_owner_kind kind;
	char name[MODEL_NAME_LEN];	/* namespace dev ("namespace0.1"), planned name, "System RAM", "" */
	char region[MODEL_DEV_LEN];	/* owning region dev, "" for System RAM */
	struct range range;	/* the owner's bytes that fall inside this section */
	uint64_t mask;		/* sub-sections of this section it touches */
	/*
	 * true when the owner populates the sub-section bitmap: fsdax/devdax
	 * mapped range (pgmap), raw namespaces on pagemap regions, System RAM.
	 * Raw/sector namespaces on NFIT regions and unused space do not.
	 */
	bool active;
};

struct geo_section {
	uint64_t index;		/* global section number */
	uint64_t start;		/* physical address of the section */
	uint64_t active;	/* union of the masks of active owners */
	uint64_t conflict_mask;	/* sub-sections held by two or more active owners */
	int nr_owners;
	struct geo_owner *owners;	/* sorted by range.start */
	bool shared;		/* more than one active owner in this section */
	bool conflict;		/* two active owners in one sub-section: the kernel refuses */
	bool system_ram;	/* System RAM touches this section */
};

enum geo_issue_kind {
	GEO_ISSUE_CONFLICT = 0,	/* error: two owners in one sub-section (-EEXIST / mixed region) */
	GEO_ISSUE_SHARED,	/* warning: shared section, refused by kernels before 5.3 */
};

struct geo_issue {
	enum geo_issue_kind kind;
	uint64_t section;	/* global section index */
	uint64_t mask;		/* sub-sections concerned */
	char text[192];		/* "section 32 is shared by namespace0.0 and namespace1.0: ..." */
};

struct geo_view {
	int nr_sections;
	struct geo_section *sections;	/* ascending index */
	int nr_issues;
	struct geo_issue *issues;	/* in section order, conflicts before warnings per section */
};

/* an extra range to show in the view, e.g. a planned namespace */
struct geo_extra {
	char name[MODEL_NAME_LEN];
	char region[MODEL_DEV_LEN];
	struct range range;	/* what it maps (or its raw range when !active) */
	bool active;
};

/* a view covers at most this many sections (128 TiB with 128 MiB sections) */
#define GEO_VIEW_MAX_SECTIONS	(1u << 20)

/*
 * Build the view of every section touched by region @region_dev (NULL or ""
 * = every region of @sys) and by the @nr_extra extra ranges. Every owner
 * intersecting such a section is listed, including namespaces of other
 * regions and System RAM. For a namespace the active range is its mapped
 * range [start, end - end_trunc) computed by ib_namespace_layout().
 * A namespace with an end_trunc is listed twice in a section: its mapped
 * part (active) and its truncated tail (not active).
 * Returns 0 and *out (free with geo_view_free), -ENOENT for an unknown
 * region, -EINVAL for a bad model, -E2BIG beyond GEO_VIEW_MAX_SECTIONS,
 * -ENOMEM.
 */
int geo_section_view(const struct model_system *sys, const char *region_dev,
		     const struct geo_extra *extra, int nr_extra, struct geo_view **out);
void geo_view_free(struct geo_view *view);

#endif
