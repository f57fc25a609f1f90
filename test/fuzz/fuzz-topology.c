// SPDX-License-Identifier: GPL-2.0
/*
 * topology_parse(): a topology capture file (`--topology FILE`), exactly as
 * topology_load() hands it over (no NUL after it). Contract (util/topology.h):
 * 0 with a consistent model, or -EINVAL/-ENOMEM with a message and an empty
 * model. A model that loaded must also survive topology_to_json() and load
 * back identical: that is how a capture is made.
 */
#include <errno.h>
#include <inttypes.h>
#include <json-c/json.h>
#include "fuzz-common.h"
#include "topology.h"

#define ERR_LEN 256

static int pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

static int terminated(const char *s, size_t len)
{
	return memchr(s, '\0', len) != NULL;
}

static void check_namespaces(const struct model_region *r)
{
	int i;

	FUZZ_CHECK(r->nr_namespaces >= 0 && (r->nr_namespaces == 0 || r->namespaces),
		   "%s: nr_namespaces %d", r->dev, r->nr_namespaces);
	for (i = 0; i < r->nr_namespaces; i++) {
		const struct model_namespace *ns = &r->namespaces[i];

		FUZZ_CHECK(terminated(ns->dev, sizeof(ns->dev)) &&
				   terminated(ns->name, sizeof(ns->name)) &&
				   terminated(ns->uuid, sizeof(ns->uuid)),
			   "%s: namespace %d: string not terminated", r->dev, i);
		FUZZ_CHECK(ns->dev[0], "%s: namespace %d has no name", r->dev, i);
		FUZZ_CHECK((unsigned)ns->mode <= NS_MODE_SECTOR && (unsigned)ns->map <= NS_MAP_MEM,
			   "%s: bad enum", ns->dev);
		FUZZ_CHECK(ns->size && ns->start + ns->size > ns->start, "%s: bad size", ns->dev);
		FUZZ_CHECK(ns->data_start + ns->data_size >= ns->data_start,
			   "%s: data range wraps", ns->dev);
		FUZZ_CHECK(ns->start >= r->start && ns->start + ns->size <= r->start + r->size,
			   "%s: outside %s", ns->dev, r->dev);
		if (i)
			FUZZ_CHECK(ns->start >= r->namespaces[i - 1].start, "%s: not sorted", ns->dev);
		if (fuzz_strict() && i)
			FUZZ_CHECK(ns->start >= r->namespaces[i - 1].start + r->namespaces[i - 1].size,
				   "%s overlaps %s", ns->dev, r->namespaces[i - 1].dev);
	}
}

static void check_model(struct model_system *sys)
{
	int i, j;

	FUZZ_CHECK((unsigned)sys->kmodel <= KMODEL_SECTION, "kmodel %d", (int)sys->kmodel);
	FUZZ_CHECK(pow2(sys->section_size) && pow2(sys->subsection_size) &&
			   sys->subsection_size <= sys->section_size &&
			   sys->section_size / sys->subsection_size <= 64,
		   "section %" PRIu64 " subsection %" PRIu64, sys->section_size,
		   sys->subsection_size);
	FUZZ_CHECK(!sys->memblock_size || pow2(sys->memblock_size), "memblock %" PRIu64,
		   sys->memblock_size);
	FUZZ_CHECK(terminated(sys->kernel_release, sizeof(sys->kernel_release)),
		   "kernel_release not terminated");
	FUZZ_CHECK(sys->nr_ram >= 0 && (sys->nr_ram == 0 || sys->ram), "nr_ram %d", sys->nr_ram);
	for (i = 0; i < sys->nr_ram; i++) {
		FUZZ_CHECK(sys->ram[i].start < sys->ram[i].end, "system_ram[%d] empty", i);
		if (i)
			FUZZ_CHECK(sys->ram[i].start > sys->ram[i - 1].end,
				   "system_ram[%d] not merged", i);
	}
	FUZZ_CHECK(sys->nr_regions >= 0 && (sys->nr_regions == 0 || sys->regions), "nr_regions %d",
		   sys->nr_regions);
	for (i = 0; i < sys->nr_regions; i++) {
		struct model_region *r = &sys->regions[i];

		FUZZ_CHECK(terminated(r->dev, sizeof(r->dev)) && r->dev[0], "region %d name", i);
		FUZZ_CHECK(r->start + r->size >= r->start, "%s wraps", r->dev);
		FUZZ_CHECK(r->ways >= 1 && r->label_slots_free >= -1, "%s: ways %u slots %d", r->dev,
			   r->ways, r->label_slots_free);
		if (i)
			FUZZ_CHECK(r->start >= sys->regions[i - 1].start, "%s: not sorted", r->dev);
		check_namespaces(r);
		FUZZ_CHECK(topology_find_region(sys, r->dev) &&
				   !strcmp(topology_find_region(sys, r->dev)->dev, r->dev),
			   "%s not found by name", r->dev);
		if (!fuzz_strict())
			continue;
		for (j = 0; j < i; j++) {
			const struct model_region *o = &sys->regions[j];

			FUZZ_CHECK(strcmp(o->dev, r->dev), "two regions named %s", r->dev);
			FUZZ_CHECK(!r->size || !o->size || r->start >= o->start + o->size,
				   "%s overlaps %s", r->dev, o->dev);
		}
	}
}

static int same_ns(const struct model_namespace *a, const struct model_namespace *b)
{
	return !strcmp(a->dev, b->dev) && !strcmp(a->name, b->name) && !strcmp(a->uuid, b->uuid) &&
	       a->mode == b->mode && a->map == b->map && a->start == b->start &&
	       a->size == b->size && a->align == b->align && a->sector_size == b->sector_size &&
	       a->data_start == b->data_start && a->data_size == b->data_size &&
	       a->enabled == b->enabled;
}

static int same_region(const struct model_region *a, const struct model_region *b)
{
	int i;

	if (strcmp(a->dev, b->dev) || a->start != b->start || a->size != b->size ||
	    a->align != b->align || a->ways != b->ways || a->dpa_start != b->dpa_start ||
	    a->labeled != b->labeled || a->readonly != b->readonly || a->pagemap != b->pagemap ||
	    a->label_slots_free != b->label_slots_free || a->nr_namespaces != b->nr_namespaces)
		return 0;
	for (i = 0; i < a->nr_namespaces; i++)
		if (!same_ns(&a->namespaces[i], &b->namespaces[i]))
			return 0;
	return 1;
}

static int same_model(const struct model_system *a, const struct model_system *b)
{
	int i;

	if (a->kmodel != b->kmodel || a->section_size != b->section_size ||
	    a->subsection_size != b->subsection_size || a->compat_align != b->compat_align ||
	    a->memblock_size != b->memblock_size ||
	    strcmp(a->kernel_release, b->kernel_release) || a->nr_ram != b->nr_ram ||
	    a->nr_regions != b->nr_regions)
		return 0;
	for (i = 0; i < a->nr_ram; i++)
		if (a->ram[i].start != b->ram[i].start || a->ram[i].end != b->ram[i].end)
			return 0;
	for (i = 0; i < a->nr_regions; i++)
		if (!same_region(&a->regions[i], &b->regions[i]))
			return 0;
	return 1;
}

/* capture what was loaded and load the capture */
static void check_roundtrip(const struct model_system *sys)
{
	struct json_object *j = topology_to_json(sys);
	struct model_system again;
	char err[ERR_LEN];
	const char *text;
	int rc;

	FUZZ_CHECK(j, "topology_to_json failed");
	text = json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN);
	rc = topology_parse(text, strlen(text), &again, err, sizeof(err));
	FUZZ_CHECK(rc == 0, "the capture of a loaded topology does not load: %s\n%s", err, text);
	FUZZ_CHECK(same_model(sys, &again), "the capture loads as a different model:\n%s", text);
	topology_free(&again);
	json_object_put(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct model_system empty;
	struct model_system sys;
	enum kernel_model km;
	char *err = malloc(ERR_LEN);
	int rc;

	FUZZ_CHECK(err, "out of memory");
	rc = topology_parse((const char *)data, size, &sys, err, ERR_LEN);
	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ENOMEM, "rc %d", rc);
	if (rc) {
		FUZZ_CHECK(!memcmp(&sys, &empty, sizeof(sys)), "rc %d left a model behind", rc);
		if (rc == -EINVAL)
			FUZZ_CHECK(fuzz_msg_ok(err, ERR_LEN), "rc %d without a message", rc);
		free(err);
		return 0;
	}
	check_model(&sys);
	check_roundtrip(&sys);
	/* the release string is outside input too */
	topology_kernel_model(sys.kernel_release, &km);
	/* longer than any loaded name can be */
	FUZZ_CHECK(!topology_find_region(&sys, "region-name-longer-than-model-dev-len"),
		   "found a region never named");
	topology_free(&sys);
	FUZZ_CHECK(!memcmp(&sys, &empty, sizeof(sys)), "topology_free leaves a model");
	free(err);
	return 0;
}
