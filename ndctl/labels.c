// SPDX-License-Identifier: GPL-2.0
/*
 * init-labels, check-labels, read-labels: the DIMM label area (the index
 * blocks and namespace labels that let a region hold several namespaces and
 * bring them back at boot), through libndctl's label commands.
 */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>
#include <json-c/json.h>
#include <ndctl/libndctl.h>
#include "builtin.h"
#include "filter-walk.h"
#include "json.h"
#include "log.h"
#include "options.h"

/* label area layout (UEFI 2.7 / NVDIMM namespace spec v1.1 and v1.2) */
#define NSINDEX_SIG "NAMESPACE_INDEX"
#define NSINDEX_HDR_LEN 72 /* up to and including the checksum */
#define NSINDEX_ALIGN 256
#define NSLABEL_NAME_LEN 64

enum label_action {
	LA_INIT,
	LA_CHECK,
	LA_READ,
};

struct label_params {
	const char *version;
	const char *outfile;
	bool force;
	bool json;
	FILE *out;
	struct json_object *jdimms;
};

/* ---- reading the label area (read-labels -j) ---- */

static uint64_t le64_at(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return le64toh(v);
}

static uint32_t le32_at(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return le32toh(v);
}

static uint16_t le16_at(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return le16toh(v);
}

/* the spec's Fletcher-64 over 32-bit little-endian words */
static uint64_t fletcher64(const uint8_t *p, size_t len, size_t skip_at)
{
	uint32_t lo = 0, hi = 0;
	size_t i;

	for (i = 0; i + 4 <= len; i += 4) {
		uint32_t w = (i >= skip_at && i < skip_at + 8) ? 0 : le32_at(p + i);

		lo += w;
		hi += lo;
	}
	return (uint64_t)hi << 32 | lo;
}

struct nsindex {
	const uint8_t *base;
	uint32_t seq;
	uint64_t myoff, mysize, otheroff, labeloff;
	uint32_t nslot;
	uint16_t major, minor;
	unsigned labelsize;
	bool valid;
};

static void parse_index(const uint8_t *area, size_t len, size_t off, struct nsindex *ix)
{
	const uint8_t *p = area + off;

	memset(ix, 0, sizeof(*ix));
	if (off + NSINDEX_HDR_LEN > len || memcmp(p, NSINDEX_SIG, sizeof(NSINDEX_SIG)) != 0)
		return;
	ix->base = p;
	ix->labelsize = 128u << p[19];
	ix->seq = le32_at(p + 20);
	ix->myoff = le64_at(p + 24);
	ix->mysize = le64_at(p + 32);
	ix->otheroff = le64_at(p + 40);
	ix->labeloff = le64_at(p + 48);
	ix->nslot = le32_at(p + 56);
	ix->major = le16_at(p + 60);
	ix->minor = le16_at(p + 62);
	if (ix->mysize < NSINDEX_HDR_LEN || off + ix->mysize > len || ix->myoff != off)
		return;
	if (ix->seq < 1 || ix->seq > 3 || ix->labelsize > 256)
		return;
	if ((uint64_t)ix->nslot / 8 + NSINDEX_HDR_LEN > ix->mysize)
		return;
	ix->valid = fletcher64(p, ix->mysize, 64) == le64_at(p + 64);
}

/* sequence numbers cycle 1 -> 2 -> 3 -> 1: is a the successor of b? */
static bool seq_newer(uint32_t a, uint32_t b)
{
	return a % 3 + 1 != b && a != b;
}

static struct json_object *index_to_json(const struct nsindex *ix)
{
	struct json_object *j = json_object_new_object();

	if (!j)
		return NULL;
	json_add_str(j, "signature", NSINDEX_SIG);
	json_add(j, "major", json_object_new_int(ix->major));
	json_add(j, "minor", json_object_new_int(ix->minor));
	json_add(j, "labelsize", json_object_new_int(ix->labelsize));
	json_add(j, "seq", json_object_new_int(ix->seq));
	json_add(j, "nslot", json_object_new_int(ix->nslot));
	json_add(j, "valid", json_object_new_boolean(ix->valid));
	return j;
}

static struct json_object *guid_json(const uint8_t *p)
{
	char s[40];

	uuid_unparse(p, s);
	return json_object_new_string(s);
}

static struct json_object *label_to_json(const uint8_t *l, unsigned labelsize, uint32_t slot)
{
	struct json_object *j = json_object_new_object();
	char name[NSLABEL_NAME_LEN + 1];

	if (!j)
		return NULL;
	memcpy(name, l + 16, NSLABEL_NAME_LEN);
	name[NSLABEL_NAME_LEN] = '\0';
	json_add(j, "uuid", guid_json(l));
	json_add_str(j, "name", name);
	json_add(j, "flags", json_new_u64(le32_at(l + 80)));
	json_add(j, "nlabel", json_object_new_int(le16_at(l + 84)));
	json_add(j, "position", json_object_new_int(le16_at(l + 86)));
	json_add(j, "isetcookie", json_new_u64(le64_at(l + 88)));
	json_add(j, "lbasize", json_new_u64(le64_at(l + 96)));
	json_add(j, "dpa", json_new_u64(le64_at(l + 104)));
	json_add(j, "rawsize", json_new_u64(le64_at(l + 112)));
	json_add(j, "slot", json_new_u64(le32_at(l + 120)));
	if (le32_at(l + 120) != slot)
		json_add(j, "slot_mismatch", json_new_u64(slot));
	if (labelsize >= 256) {
		json_add(j, "align", json_object_new_int(l[124]));
		json_add(j, "type_guid", guid_json(l + 128));
		json_add(j, "abstraction_guid", guid_json(l + 144));
	}
	return j;
}

static struct json_object *labels_to_json(const uint8_t *area, size_t len, const struct nsindex *ix)
{
	struct json_object *ja = json_object_new_array();
	uint32_t slot;

	if (!ja)
		return NULL;
	for (slot = 0; slot < ix->nslot; slot++) {
		const uint8_t *free_map = ix->base + NSINDEX_HDR_LEN;
		uint64_t off = ix->labeloff + (uint64_t)slot * ix->labelsize;

		if (free_map[slot / 8] & (1u << (slot % 8)))
			continue; /* a set bit is a free slot */
		if (off + ix->labelsize > len)
			break;
		json_object_array_add(ja, label_to_json(area + off, ix->labelsize, slot));
	}
	return ja;
}

static struct json_object *area_to_json(const char *dev, const uint8_t *area, size_t len)
{
	struct json_object *j = json_object_new_object(), *jix;
	struct nsindex ix[2];
	const struct nsindex *cur = NULL;
	size_t second;
	int i;

	if (!j)
		return NULL;
	json_add_str(j, "dev", dev);
	parse_index(area, len, 0, &ix[0]);
	second = ix[0].base ? ix[0].mysize : NSINDEX_ALIGN;
	parse_index(area, len, second, &ix[1]);
	if (!ix[1].base && !ix[0].base) {
		/* v1.1 and v1.2 index sizes differ: try the other common offsets */
		for (second = NSINDEX_ALIGN; second <= 4096 && !ix[1].base; second *= 2)
			parse_index(area, len, second, &ix[1]);
	}
	jix = json_object_new_array();
	for (i = 0; i < 2; i++) {
		if (!ix[i].base)
			continue;
		json_object_array_add(jix, index_to_json(&ix[i]));
		if (ix[i].valid && (!cur || seq_newer(ix[i].seq, cur->seq)))
			cur = &ix[i];
	}
	json_add(j, "index", jix);
	json_add_str(j, "state", cur ? "valid" : "no valid index (label-less)");
	if (cur)
		json_add(j, "label", labels_to_json(area, len, cur));
	return j;
}

/* ---- per-DIMM actions ---- */

static const char *dimm_region_name(struct ndctl_dimm *dimm)
{
	struct ndctl_bus *bus = ndctl_dimm_get_bus(dimm);
	struct ndctl_region *region;
	struct ndctl_dimm *d;

	ndctl_region_foreach(bus, region)
		ndctl_dimm_foreach_in_region(region, d)
			if (d == dimm && ndctl_region_is_enabled(region))
				return ndctl_region_get_devname(region);
	return NULL;
}

static int do_init(struct ndctl_dimm *dimm, struct label_params *p)
{
	const char *dev = ndctl_dimm_get_devname(dimm);
	enum ndctl_namespace_version v = NDCTL_NS_VERSION_1_1;
	struct ndctl_cmd *cmd;
	int rc;

	if (p->version && strcmp(p->version, "1.2") == 0)
		v = NDCTL_NS_VERSION_1_2;
	if (ndctl_dimm_is_active(dimm)) {
		const char *r = dimm_region_name(dimm);

		log_err("%s: its region %s is enabled; labels can only be written while it is "
			"disabled ('ndctl disable-region %s')",
			dev, r ? r : "(unknown)", r ? r : "all");
		return -EBUSY;
	}
	cmd = ndctl_dimm_read_label_index(dimm);
	if (!cmd) {
		log_err("%s: cannot read its label area (no label support?)", dev);
		return -ENXIO;
	}
	rc = ndctl_dimm_validate_labels(dimm);
	if (rc >= 0 && !p->force) {
		log_err("%s: labels already initialised; -f wipes them (and every namespace "
			"they describe)",
			dev);
		ndctl_cmd_unref(cmd);
		return -EBUSY;
	}
	rc = ndctl_dimm_init_labels(dimm, v);
	ndctl_cmd_unref(cmd);
	if (rc < 0) {
		log_err("%s: cannot write the label index: %s", dev, strerror(-rc));
		return rc;
	}
	log_info("%s: label index v1.%d written, %d slots", dev, v == NDCTL_NS_VERSION_1_2 ? 2 : 1,
		 rc);
	/* the kernel caches the label area while the DIMM is enabled */
	if (ndctl_dimm_is_enabled(dimm)) {
		rc = ndctl_dimm_disable(dimm);
		if (!rc)
			rc = ndctl_dimm_enable(dimm);
		if (rc) {
			log_err("%s: cannot re-enable it to load the new labels: %s", dev,
				strerror(-rc));
			return rc;
		}
	}
	return 0;
}

static int do_check(struct ndctl_dimm *dimm)
{
	const char *dev = ndctl_dimm_get_devname(dimm);
	struct ndctl_cmd *cmd = ndctl_dimm_read_label_index(dimm);
	int rc;

	if (!cmd) {
		log_err("%s: cannot read its label area (no label support?)", dev);
		return -ENXIO;
	}
	rc = ndctl_dimm_validate_labels(dimm);
	ndctl_cmd_unref(cmd);
	if (rc < 0) {
		log_err("%s: no valid label index (the DIMM is label-less; see init-labels)", dev);
		return -ENXIO;
	}
	log_info("%s: label index valid", dev);
	return 0;
}

static int do_read(struct ndctl_dimm *dimm, struct label_params *p)
{
	const char *dev = ndctl_dimm_get_devname(dimm);
	struct ndctl_cmd *cmd = ndctl_dimm_read_labels(dimm);
	uint8_t *area = NULL;
	ssize_t size;
	int rc = 0;

	if (!cmd) {
		log_err("%s: cannot read its label area (no label support?)", dev);
		return -ENXIO;
	}
	size = ndctl_cmd_cfg_read_get_size(cmd);
	if (size <= 0 || !(area = malloc(size))) {
		rc = size <= 0 ? -ENXIO : -ENOMEM;
		goto out;
	}
	if (ndctl_cmd_cfg_read_get_data(cmd, area, size, 0) != size) {
		log_err("%s: short read of the label area", dev);
		rc = -EIO;
		goto out;
	}
	if (p->json)
		json_object_array_add(p->jdimms, area_to_json(dev, area, size));
	else if (fwrite(area, 1, size, p->out) != (size_t)size)
		rc = -EIO;
out:
	free(area);
	ndctl_cmd_unref(cmd);
	return rc;
}

static const struct cmd_option init_options[] = {
	{ "bus", 'b', required_argument, "bus-id", "limit to a bus (ndbusN, id or provider)" },
	{ "region", 'r', required_argument, "region-id", "only the DIMMs of this region" },
	{ "force", 'f', no_argument, NULL, "overwrite an existing, valid label index" },
	{ "label-version", 'V', required_argument, "version", "1.1 (default) or 1.2" },
	{ "verbose", 'v', no_argument, NULL, "more messages" },
	OPT_END,
};

static const struct cmd_option check_options[] = {
	{ "bus", 'b', required_argument, "bus-id", "limit to a bus (ndbusN, id or provider)" },
	{ "region", 'r', required_argument, "region-id", "only the DIMMs of this region" },
	{ "verbose", 'v', no_argument, NULL, "more messages" },
	OPT_END,
};

static const struct cmd_option read_options[] = {
	{ "bus", 'b', required_argument, "bus-id", "limit to a bus (ndbusN, id or provider)" },
	{ "region", 'r', required_argument, "region-id", "only the DIMMs of this region" },
	{ "output", 'o', required_argument, "file", "write to this file instead of stdout" },
	{ "json", 'j', no_argument, NULL, "decode the index blocks and labels as JSON" },
	{ "verbose", 'v', no_argument, NULL, "more messages" },
	OPT_END,
};

static const char *const la_name[] = { "init-labels", "check-labels", "read-labels" };
static const char *const la_done[] = { "initialized", "successfully verified", "read" };

static int label_option(int key, const char *arg, void *data)
{
	struct label_params *p = data;

	switch (key) {
	case 'f':
		p->force = true;
		break;
	case 'V':
		if (strcmp(arg, "1.1") && strcmp(arg, "1.2")) {
			log_err("--label-version=%s: choose 1.1 or 1.2", arg);
			return EXIT_USAGE;
		}
		p->version = arg;
		break;
	case 'o':
		p->outfile = arg;
		break;
	case 'j':
		p->json = true;
		break;
	}
	return 0;
}

static int label_command(int argc, char **argv, struct ndctl_ctx *ctx, enum label_action act)
{
	struct label_params p = { 0 };
	struct target_cmd cmd = {
		.options = act == LA_INIT  ? init_options :
			   act == LA_CHECK ? check_options :
					     read_options,
		.noun = "DIMM",
		.unit = "nmem",
		.done = la_done[act],
		.name_one = "name one DIMM (nmemN)",
		.option = label_option,
		.data = &p,
	};
	struct ndctl_dimm *dimm;
	struct ndctl_bus *bus;
	struct target_walk w;
	char usage[80];
	int rc;

	snprintf(usage, sizeof(usage), "ndctl %s <nmem> | all [<options>]", la_name[act]);
	cmd.usage = usage;
	rc = target_parse(&cmd, argc, argv, &w);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	p.out = stdout;
	if (p.outfile) {
		p.out = fopen(p.outfile, "we");
		if (!p.out) {
			log_err("%s: %s", p.outfile, strerror(errno));
			return EXIT_FAIL;
		}
	}
	if (p.json)
		p.jdimms = json_object_new_array();
	filter_foreach_dimm(ctx, bus, dimm, w.bus) {
		if (!target_named(&w, ndctl_dimm_get_devname(dimm)) ||
		    !filter_dimm_in_region(dimm, w.region))
			continue;
		rc = act == LA_INIT  ? do_init(dimm, &p) :
		     act == LA_CHECK ? do_check(dimm) :
				       do_read(dimm, &p);
		target_count(&w, rc);
	}
	if (p.jdimms) {
		fprintf(p.out, "%s\n", json_to_text(p.jdimms));
		json_object_put(p.jdimms);
	}
	if (p.out != stdout)
		fclose(p.out);
	return target_finish(&cmd, &w);
}

int cmd_init_labels(int argc, char **argv, struct ndctl_ctx *ctx)
{
	return label_command(argc, argv, ctx, LA_INIT);
}

int cmd_check_labels(int argc, char **argv, struct ndctl_ctx *ctx)
{
	return label_command(argc, argv, ctx, LA_CHECK);
}

int cmd_read_labels(int argc, char **argv, struct ndctl_ctx *ctx)
{
	return label_command(argc, argv, ctx, LA_READ);
}
