// SPDX-License-Identifier: GPL-2.0
/*
 * `ndctl plan --simulate SPEC`: a region described on the command line, so a
 * layout can be planned with no NVDIMM present. SPEC is a comma-separated
 * list of key=value:
 *
 *   size=SIZE            region size (required)
 *   start=ADDR           region SPA start            (default 0x100000000)
 *   ways=N               interleave ways              (default 1)
 *   align=SIZE           region align attribute       (default: the kernel's, 16 MiB)
 *   dev=regionN          region name                  (default region0)
 *   slots=N              free label slots per DIMM    (default unknown)
 *   memblock=SIZE        memory block size            (default 128 MiB)
 *   ram=START-END        System RAM, END exclusive (or START+SIZE); repeatable
 *   ns=START+SIZE[:MODE[:NAME]]  an existing namespace; repeatable. fsdax and
 *                        devdax ones are enabled with map=dev, align 2 MiB.
 *   labelless            the region has no label index (one fixed namespace)
 *   pagemap              an e820/virtio-style region (raw mode maps pages)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plan.h"
#include "size.h"

#define SIM_DEFAULT_START	0x100000000ULL

static int sim_err(char *err, size_t len, const char *tok, const char *what)
{
	snprintf(err, len, "--simulate: '%s': %s", tok, what);
	return -EINVAL;
}

/* "A-B" (B exclusive) or "A+SIZE" */
static int parse_range(char *s, struct range *r)
{
	char *sep = strpbrk(s, "-+");
	char op;
	uint64_t a, b;

	if (!sep)
		return -EINVAL;
	op = *sep;
	*sep = '\0';
	if (size_parse(s, &a) || size_parse(sep + 1, &b)) {
		*sep = op;
		return -EINVAL;
	}
	*sep = op;
	if (op == '+') {
		if (b > UINT64_MAX - a)
			return -ERANGE;
		b += a;
	}
	if (b <= a)
		return -EINVAL;
	r->start = a;
	r->end = b;
	return 0;
}

static void *grow(void *v, int nr, size_t elem)
{
	return realloc(v, (size_t)(nr + 1) * elem);
}

static int add_ns(struct model_region *reg, char *val, char *err, size_t len)
{
	struct model_namespace *ns, *v;
	char *mode = strchr(val, ':'), *name = NULL;
	struct range r;

	if (mode) {
		*mode++ = '\0';
		name = strchr(mode, ':');
		if (name)
			*name++ = '\0';
	}
	if (parse_range(val, &r))
		return sim_err(err, len, val, "expected ns=START+SIZE[:MODE[:NAME]]");
	v = grow(reg->namespaces, reg->nr_namespaces, sizeof(*v));
	if (!v)
		return -ENOMEM;
	reg->namespaces = v;
	ns = &v[reg->nr_namespaces];
	memset(ns, 0, sizeof(*ns));
	ns->start = r.start;
	ns->size = r.end - r.start;
	ns->enabled = true;
	ns->mode = NS_MODE_RAW;
	if (mode && *mode && ib_mode_parse(mode, &ns->mode))
		return sim_err(err, len, mode, "unknown mode (fsdax, devdax, sector, raw)");
	if (ns->mode == NS_MODE_FSDAX || ns->mode == NS_MODE_DEVDAX)
		ns->align = IB_DEFAULT_ALIGN;
	if (ns->mode == NS_MODE_SECTOR)
		ns->sector_size = IB_DEFAULT_SECTOR;
	if (name)
		snprintf(ns->name, sizeof(ns->name), "%s", name);
	reg->nr_namespaces++;
	return 0;
}

static int add_ram(struct model_system *sys, char *val, char *err, size_t len)
{
	struct range r, *v;

	if (parse_range(val, &r))
		return sim_err(err, len, val, "expected ram=START-END or ram=START+SIZE");
	v = grow(sys->ram, sys->nr_ram, sizeof(*v));
	if (!v)
		return -ENOMEM;
	sys->ram = v;
	v[sys->nr_ram++] = r;
	return 0;
}

static int parse_u64_key(const char *key, const char *val, uint64_t *out, char *err, size_t len)
{
	char tok[96];

	if (size_parse(val, out) == 0)
		return 0;
	snprintf(tok, sizeof(tok), "%s=%s", key, val);
	return sim_err(err, len, tok, "not a size or address");
}

static int parse_key(struct model_system *sys, struct model_region *reg, char *tok, char *err,
		     size_t len)
{
	char *val = strchr(tok, '=');
	uint64_t v;

	if (!val) {
		if (strcmp(tok, "labelless") == 0) {
			reg->labeled = false;
			return 0;
		}
		if (strcmp(tok, "pagemap") == 0) {
			reg->pagemap = true;
			return 0;
		}
		return sim_err(err, len, tok, "expected key=value");
	}
	*val++ = '\0';
	if (strcmp(tok, "ns") == 0)
		return add_ns(reg, val, err, len);
	if (strcmp(tok, "ram") == 0)
		return add_ram(sys, val, err, len);
	if (strcmp(tok, "dev") == 0) {
		if (strncmp(val, "region", 6) || !val[6] || strlen(val) >= sizeof(reg->dev))
			return sim_err(err, len, val, "expected dev=regionN");
		snprintf(reg->dev, sizeof(reg->dev), "%s", val);
		return 0;
	}
	if (parse_u64_key(tok, val, &v, err, len))
		return -EINVAL;
	if (strcmp(tok, "size") == 0)
		reg->size = v;
	else if (strcmp(tok, "start") == 0)
		reg->start = v;
	else if (strcmp(tok, "align") == 0)
		reg->align = v;
	else if (strcmp(tok, "memblock") == 0)
		sys->memblock_size = v;
	else if (strcmp(tok, "ways") == 0 && v >= 1 && v <= 64)
		reg->ways = (unsigned)v;
	else if (strcmp(tok, "slots") == 0 && v <= 1 << 20)
		reg->label_slots_free = (int)v;
	else
		return sim_err(err, len, tok, "unknown key or value out of range");
	return 0;
}

static int cmp_ns(const void *a, const void *b)
{
	const struct model_namespace *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
}

static int cmp_ram(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
}

/* the checks the kernel would have made before such a region could exist */
static int check_region(struct model_system *sys, struct model_region *reg, char *err,
			size_t len)
{
	unsigned r = 0;
	int i;

	if (!reg->size)
		return sim_err(err, len, "size", "the region size is required (size=1G)");
	if (reg->start + reg->size < reg->start || reg->size % SZ_4K || reg->start % SZ_4K)
		return sim_err(err, len, "start/size", "must be 4 KiB multiples and fit 64 bits");
	if (reg->size % ((uint64_t)reg->ways * SZ_4K))
		return sim_err(err, len, "size", "must be a multiple of ways x 4 KiB");
	if (sys->memblock_size && !is_power_of_2(sys->memblock_size))
		return sim_err(err, len, "memblock", "must be a power of two");
	sscanf(reg->dev, "region%u", &r);
	/* qsort with a NULL base is undefined even for zero elements */
	if (reg->nr_namespaces > 1)
		qsort(reg->namespaces, (size_t)reg->nr_namespaces, sizeof(*reg->namespaces),
		      cmp_ns);
	for (i = 0; i < reg->nr_namespaces; i++) {
		struct model_namespace *ns = &reg->namespaces[i];

		snprintf(ns->dev, sizeof(ns->dev), "namespace%u.%d", r, i);
		if (ns->start < reg->start || ns->start + ns->size > reg->start + reg->size)
			return sim_err(err, len, ns->dev, "ns= lies outside the region");
		if (i && ns->start < reg->namespaces[i - 1].start + reg->namespaces[i - 1].size)
			return sim_err(err, len, ns->dev, "ns= ranges overlap");
	}
	if (sys->nr_ram > 1)
		qsort(sys->ram, (size_t)sys->nr_ram, sizeof(*sys->ram), cmp_ram);
	return 0;
}

int plan_simulate_parse(const char *spec, struct model_system *sys, char *err, size_t len)
{
	struct model_region *reg;
	char *copy, *tok, *save = NULL;
	int rc = 0;

	memset(sys, 0, sizeof(*sys));
	model_system_defaults(sys);
	reg = calloc(1, sizeof(*reg));
	copy = strdup(spec);
	if (!reg || !copy) {
		free(reg);
		free(copy);
		return -ENOMEM;
	}
	sys->regions = reg;
	sys->nr_regions = 1;
	snprintf(reg->dev, sizeof(reg->dev), "region0");
	reg->start = SIM_DEFAULT_START;
	reg->ways = 1;
	reg->labeled = true;
	reg->label_slots_free = -1;
	for (tok = strtok_r(copy, ",", &save); tok && !rc; tok = strtok_r(NULL, ",", &save))
		rc = parse_key(sys, reg, tok, err, len);
	if (!rc)
		rc = check_region(sys, reg, err, len);
	free(copy);
	return rc;
}
