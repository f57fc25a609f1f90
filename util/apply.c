// SPDX-License-Identifier: GPL-2.0
/*
 * Namespace operations through libndctl, each checked against the kernel's
 * own view afterwards and undone on failure. See apply.h for the contract.
 *
 * libndctl caches a namespace's resource and a pfn's resource/size from the
 * moment it first saw the device (a seed has no resource yet), so the
 * verification step reads sysfs directly.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uuid/uuid.h>
#include <ndctl/libndctl.h>
#include <daxctl/libdaxctl.h>
#include "apply.h"
#include "log.h"
#include "size.h"

/*
 * From the kernel's uapi ndctl.h; the installed <ndctl/ndctl.h> pulls in
 * headers that are not installed, so the few values needed are repeated.
 */
#ifndef ND_DEVICE_NAMESPACE_PMEM
#define ND_DEVICE_NAMESPACE_IO 4
#define ND_DEVICE_NAMESPACE_PMEM 5
#define ND_CMD_GET_CONFIG_SIZE 4
#define ND_CMD_GET_CONFIG_DATA 5
#define ND_CMD_SET_CONFIG_DATA 6
#endif

#define ND_SYSFS "/sys/bus/nd/devices"
#define INFO_BLOCK_WIPE SZ_8K /* the reserved head: pfn/dax/btt info blocks live at 4 KiB */

int apply_read_attr(const char *dev, const char *attr, char *buf, size_t len)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), ND_SYSFS "/%s/%s", dev, attr);
	return apply_read_text(path, buf, len);
}

int apply_read_text(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	while (n > 0 && buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	return 0;
}

bool apply_dev_bound(const char *dev)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), ND_SYSFS "/%s/driver", dev);
	return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
}

int apply_read_attr_u64(const char *dev, const char *attr, uint64_t *val)
{
	char buf[64], *end;
	unsigned long long v;
	int rc = apply_read_attr(dev, attr, buf, sizeof(buf));

	if (rc)
		return rc;
	errno = 0;
	v = strtoull(buf, &end, 0);
	if (errno || end == buf)
		return -ENXIO;
	*val = v;
	return 0;
}

static int journal_push(struct apply_journal *j, const struct apply_entry *e)
{
	struct apply_entry *n;

	if (!j)
		return 0;
	if (j->nr == j->alloc) {
		int alloc = j->alloc ? 2 * j->alloc : 8;

		n = realloc(j->entries, alloc * sizeof(*n));
		if (!n)
			return -ENOMEM;
		j->entries = n;
		j->alloc = alloc;
	}
	j->entries[j->nr++] = *e;
	return 0;
}

void apply_journal_release(struct apply_journal *journal)
{
	if (!journal)
		return;
	free(journal->entries);
	journal->entries = NULL;
	journal->nr = journal->alloc = 0;
}

static int journal_append(struct apply_journal *dst, struct apply_journal *src)
{
	int i, rc;

	for (i = 0; i < src->nr; i++) {
		rc = journal_push(dst, &src->entries[i]);
		if (rc)
			return rc;
	}
	return 0;
}

static enum ndctl_namespace_mode to_ndctl_mode(enum ns_mode mode)
{
	switch (mode) {
	case NS_MODE_FSDAX:
		return NDCTL_NS_MODE_FSDAX;
	case NS_MODE_DEVDAX:
		return NDCTL_NS_MODE_DEVDAX;
	case NS_MODE_SECTOR:
		return NDCTL_NS_MODE_SECTOR;
	default:
		return NDCTL_NS_MODE_RAW;
	}
}

struct ndctl_region *apply_find_region(struct ndctl_ctx *ctx, const char *dev)
{
	struct ndctl_region *region;
	struct ndctl_bus *bus;

	ndctl_bus_foreach(ctx, bus)
		ndctl_region_foreach(bus, region)
			if (strcmp(ndctl_region_get_devname(region), dev) == 0)
				return region;
	return NULL;
}

struct ndctl_namespace *apply_find_namespace(struct ndctl_region *region, const char *dev)
{
	struct ndctl_namespace *ndns;

	ndctl_namespace_foreach(region, ndns)
		if (strcmp(ndctl_namespace_get_devname(ndns), dev) == 0)
			return ndns;
	return NULL;
}

/* ---- is it in use? ---- */

static bool bdev_mounted(const char *bdev, char *why, size_t len)
{
	char line[4096], dev[PATH_MAX];
	bool found = false;
	FILE *f;

	snprintf(dev, sizeof(dev), "/dev/%s", bdev);
	f = fopen("/proc/mounts", "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		char src[1024], dir[1024];

		if (sscanf(line, "%1023s %1023s", src, dir) != 2)
			continue;
		if (strcmp(src, dev) == 0) {
			snprintf(why, len, "%s is mounted on %s", bdev, dir);
			found = true;
		}
	}
	fclose(f);
	return found;
}

static bool bdev_held_open(const char *bdev, char *why, size_t len)
{
	char dev[PATH_MAX];
	int fd;

	snprintf(dev, sizeof(dev), "/dev/%s", bdev);
	fd = open(dev, O_RDONLY | O_EXCL | O_CLOEXEC);
	if (fd >= 0) {
		close(fd);
		return false;
	}
	if (errno != EBUSY)
		return false;
	snprintf(why, len, "%s is held open (in use by a filesystem, device mapper or a process)",
		 bdev);
	return true;
}

/* a mapping can outlive the file descriptor it was made with */
static bool pid_maps(const char *pid, const char *dev, char *why, size_t len)
{
	char path[320], line[PATH_MAX + 128];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/maps", pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		char *name = strchr(line, '/');

		if (name && strncmp(name, dev, strlen(dev)) == 0 &&
		    (name[strlen(dev)] == '\n' || name[strlen(dev)] == ' ')) {
			snprintf(why, len, "%s is mapped by process %s", dev + 5, pid);
			found = true;
		}
	}
	fclose(f);
	return found;
}

/* Does any process map or hold /dev/<chardev>? Reports the first one found. */
static bool chardev_in_use(const char *chardev, char *why, size_t len)
{
	char path[PATH_MAX], target[PATH_MAX], dev[64];
	struct dirent *p;
	bool found = false;
	DIR *proc;

	snprintf(dev, sizeof(dev), "/dev/%s", chardev);
	proc = opendir("/proc");
	if (!proc)
		return false;
	while (!found && (p = readdir(proc))) {
		struct dirent *f;
		DIR *fds;

		if (p->d_name[0] < '1' || p->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/fd", p->d_name);
		fds = opendir(path);
		if (!fds)
			continue;
		while (!found && (f = readdir(fds))) {
			ssize_t n;

			snprintf(path, sizeof(path), "/proc/%s/fd/%s", p->d_name, f->d_name);
			n = readlink(path, target, sizeof(target) - 1);
			if (n <= 0)
				continue;
			target[n] = '\0';
			if (strcmp(target, dev) == 0) {
				snprintf(why, len, "%s is held open by process %s", chardev,
					 p->d_name);
				found = true;
			}
		}
		closedir(fds);
		if (!found)
			found = pid_maps(p->d_name, dev, why, len);
	}
	closedir(proc);
	return found;
}

static bool dax_busy(struct ndctl_dax *dax, char *why, size_t len)
{
	struct daxctl_region *dregion = ndctl_dax_get_daxctl_region(dax);
	struct daxctl_dev *ddev;

	if (!dregion)
		return false;
	daxctl_dev_foreach(dregion, ddev) {
		const char *name = daxctl_dev_get_devname(ddev);

		if (daxctl_dev_has_online_memory(ddev) > 0) {
			snprintf(why, len, "%s is online as System RAM (daxctl offline-memory %s)",
				 name, name);
			return true;
		}
		if (chardev_in_use(name, why, len))
			return true;
	}
	return false;
}

bool apply_namespace_busy(struct ndctl_namespace *ndns, char *why, size_t len)
{
	struct ndctl_pfn *pfn = ndctl_namespace_get_pfn(ndns);
	struct ndctl_btt *btt = ndctl_namespace_get_btt(ndns);
	struct ndctl_dax *dax = ndctl_namespace_get_dax(ndns);
	const char *bdev = NULL;

	if (dax && ndctl_dax_is_enabled(dax))
		return dax_busy(dax, why, len);
	if (pfn && ndctl_pfn_is_enabled(pfn))
		bdev = ndctl_pfn_get_block_device(pfn);
	else if (btt && ndctl_btt_is_enabled(btt))
		bdev = ndctl_btt_get_block_device(btt);
	else if (ndctl_namespace_is_enabled(ndns))
		bdev = ndctl_namespace_get_block_device(ndns);
	if (!bdev || !*bdev)
		return false;
	return bdev_mounted(bdev, why, len) || bdev_held_open(bdev, why, len);
}

/* ---- wiping the info block ---- */

/*
 * Zero the reserved head of a namespace, through its raw block device, so
 * that a later namespace over the same capacity is not claimed by a stale
 * pfn/dax/btt info block. The namespace must be disabled and unclaimed.
 */
static int wipe_info_block(struct ndctl_namespace *ndns)
{
	const char *devname = ndctl_namespace_get_devname(ndns);
	char path[PATH_MAX];
	void *buf = NULL;
	int fd = -1, rc;
	ssize_t n;

	if (ndctl_namespace_get_size(ndns) == 0)
		return 0;
	ndctl_namespace_set_raw_mode(ndns, 1);
	rc = ndctl_namespace_enable(ndns);
	if (rc < 0) {
		log_err("%s: cannot enable in raw mode to wipe its info block: %s", devname,
			strerror(-rc));
		goto out;
	}
	snprintf(path, sizeof(path), "/dev/%s", ndctl_namespace_get_block_device(ndns));
	if (posix_memalign(&buf, SZ_4K, INFO_BLOCK_WIPE)) {
		rc = -ENOMEM;
		goto out;
	}
	memset(buf, 0, INFO_BLOCK_WIPE);
	fd = open(path, O_RDWR | O_DIRECT | O_EXCL | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		log_err("%s: cannot open %s to wipe its info block: %s", devname, path,
			strerror(errno));
		goto out;
	}
	n = pwrite(fd, buf, INFO_BLOCK_WIPE, 0);
	if (n != (ssize_t)INFO_BLOCK_WIPE) {
		rc = n < 0 ? -errno : -EIO;
		log_err("%s: cannot wipe the info block on %s: %s", devname, path, strerror(-rc));
		goto out;
	}
	/*
	 * No fsync() (or O_SYNC): nothing is left to write back or flush. An
	 * O_DIRECT write leaves no copy in the page cache; the kernel reads info
	 * blocks from the media through its own mapping of the namespace
	 * (nsio_rw_bytes), never through /dev/pmemX. And the disable just below
	 * unbinds nd_pmem, whose remove calls nvdimm_flush() on the region: the
	 * same flush that an fsync's REQ_PREFLUSH would have asked for.
	 */
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	ndctl_namespace_disable(ndns);
	ndctl_namespace_set_raw_mode(ndns, 0);
	return rc;
}

/* ---- region align ---- */

static int set_region_align(struct ndctl_region *region, uint64_t align,
			    struct apply_journal *journal)
{
	const char *name = ndctl_region_get_devname(region);
	unsigned long old = ndctl_region_get_align(region);
	struct apply_entry e = { .op = APPLY_OP_REGION_ALIGN, .region = region };
	char a[SIZE_STR_LEN], b[SIZE_STR_LEN];
	int rc;

	if (!align || old == align)
		return 0;
	rc = ndctl_region_set_align(region, align);
	if (rc) {
		log_err("%s: cannot set the region align to %s: %s", name,
			size_str(a, sizeof(a), align), strerror(-rc));
		return rc;
	}
	log_info("%s: region align %s -> %s (the size needs the finer grid)", name,
		 size_str(a, sizeof(a), old), size_str(b, sizeof(b), align));
	e.old_align = old;
	return journal_push(journal, &e);
}

/* ---- create ---- */

struct created_devs {
	struct ndctl_pfn *pfn;
	struct ndctl_dax *dax;
	struct ndctl_btt *btt;
	char child[MODEL_DEV_LEN]; /* pfn0.1 / dax0.1 / btt0.1, "" for raw */
};

/*
 * The kernel wants a uuid unique among namespaces and their btt/pfn/dax
 * personalities (ndctl list shows an fsdax namespace's pfn uuid as "uuid"),
 * so all four are searched. Returns the namespace that holds it, or NULL.
 */
static const char *personality_uuid_owner(struct ndctl_region *region,
					  struct ndctl_namespace *self, const uuid_t uu)
{
	struct ndctl_namespace *ndns;
	struct ndctl_pfn *pfn;
	struct ndctl_dax *dax;
	struct ndctl_btt *btt;
	uuid_t other;

	/* the uuid first: get_namespace() reads sysfs, get_uuid() does not */
	ndctl_pfn_foreach(region, pfn) {
		ndctl_pfn_get_uuid(pfn, other);
		ndns = uuid_compare(other, uu) ? NULL : ndctl_pfn_get_namespace(pfn);
		if (ndns && ndns != self)
			return ndctl_namespace_get_devname(ndns);
	}
	ndctl_dax_foreach(region, dax) {
		ndctl_dax_get_uuid(dax, other);
		ndns = uuid_compare(other, uu) ? NULL : ndctl_dax_get_namespace(dax);
		if (ndns && ndns != self)
			return ndctl_namespace_get_devname(ndns);
	}
	ndctl_btt_foreach(region, btt) {
		ndctl_btt_get_uuid(btt, other);
		ndns = uuid_compare(other, uu) ? NULL : ndctl_btt_get_namespace(btt);
		if (ndns && ndns != self)
			return ndctl_namespace_get_devname(ndns);
	}
	return NULL;
}

const char *apply_uuid_owner(struct ndctl_ctx *ctx, struct ndctl_namespace *self,
			     const uuid_t uu)
{
	struct ndctl_namespace *ndns;
	struct ndctl_region *region;
	struct ndctl_bus *bus;
	const char *owner;
	uuid_t other;

	ndctl_bus_foreach(ctx, bus)
		ndctl_region_foreach(bus, region) {
			ndctl_namespace_foreach(region, ndns) {
				if (ndns == self || !ndctl_namespace_get_size(ndns))
					continue;
				ndctl_namespace_get_uuid(ndns, other);
				if (uuid_compare(other, uu) == 0)
					return ndctl_namespace_get_devname(ndns);
			}
			owner = personality_uuid_owner(region, self, uu);
			if (owner)
				return owner;
		}
	return NULL;
}

static int set_identity(struct ndctl_namespace *ndns, const struct apply_spec *spec)
{
	const char *dev = ndctl_namespace_get_devname(ndns), *owner;
	uuid_t uu;
	int rc;

	if (spec->uuid[0]) {
		if (uuid_parse(spec->uuid, uu)) {
			log_err("%s: '%s' is not a uuid", dev, spec->uuid);
			return -EINVAL;
		}
	} else {
		uuid_generate(uu);
	}
	owner = apply_uuid_owner(ndctl_namespace_get_ctx(ndns), ndns, uu);
	if (owner) {
		log_err("%s: uuid %s is already used by %s", dev, spec->uuid, owner);
		return -EEXIST;
	}
	rc = ndctl_namespace_set_uuid(ndns, uu);
	if (rc) {
		log_err("%s: cannot set uuid %s: %s", dev, spec->uuid, strerror(-rc));
		return rc;
	}
	rc = ndctl_namespace_set_alt_name(ndns, spec->name);
	if (rc) {
		log_err("%s: cannot set name '%s': %s", dev, spec->name, strerror(-rc));
		return rc;
	}
	return 0;
}

static int set_size(struct ndctl_region *region, struct ndctl_namespace *ndns, uint64_t size)
{
	char s[SIZE_STR_LEN], a[SIZE_STR_LEN], m[SIZE_STR_LEN];
	int rc = ndctl_namespace_set_size(ndns, size);

	if (!rc)
		return 0;
	size_str(s, sizeof(s), size);
	if (rc == -EINVAL)
		log_err("%s: the kernel refused size %s: not a multiple of the region align %s",
			ndctl_region_get_devname(region), s,
			size_str(a, sizeof(a), ndctl_region_get_align(region)));
	else if (rc == -ENOSPC)
		log_err("%s: the kernel found no free extent of %s (largest is %s)",
			ndctl_region_get_devname(region), s,
			size_str(m, sizeof(m), ndctl_region_get_max_available_extent(region)));
	else
		log_err("%s: cannot set size %s: %s", ndctl_namespace_get_devname(ndns), s,
			strerror(-rc));
	return rc;
}

static int set_ns_sector_size(struct ndctl_namespace *ndns, const struct apply_spec *spec)
{
	int i, num;

	if (spec->mode == NS_MODE_SECTOR || !spec->sector_size)
		return 0;
	num = ndctl_namespace_get_num_sector_sizes(ndns);
	for (i = 0; i < num; i++)
		if (ndctl_namespace_get_supported_sector_size(ndns, i) == spec->sector_size)
			return ndctl_namespace_set_sector_size(ndns, spec->sector_size);
	if (spec->sector_size == 512)
		return 0;
	log_err("%s: sector size %llu is not supported", ndctl_namespace_get_devname(ndns),
		(unsigned long long)spec->sector_size);
	return -EINVAL;
}

static enum ndctl_pfn_loc to_loc(enum ns_map map)
{
	return map == NS_MAP_MEM ? NDCTL_PFN_LOC_RAM : NDCTL_PFN_LOC_PMEM;
}

static int attach_pfn(struct ndctl_region *region, struct ndctl_namespace *ndns,
		      const struct apply_spec *spec, struct created_devs *c)
{
	const char *rname = ndctl_region_get_devname(region);
	struct ndctl_pfn *pfn = ndctl_region_get_pfn_seed(region);
	uuid_t uu;
	int rc;

	if (!pfn) {
		log_err("%s: no pfn seed: this kernel cannot give the region fsdax namespaces",
			rname);
		return -ENODEV;
	}
	snprintf(c->child, sizeof(c->child), "%s", ndctl_pfn_get_devname(pfn));
	uuid_generate(uu);
	rc = ndctl_pfn_set_uuid(pfn, uu);
	if (!rc)
		rc = ndctl_pfn_set_location(pfn, to_loc(spec->map));
	if (!rc && spec->align && ndctl_pfn_has_align(pfn))
		rc = ndctl_pfn_set_align(pfn, spec->align);
	if (rc) {
		log_err("%s: cannot configure: %s", c->child, strerror(-rc));
		return rc;
	}
	rc = ndctl_pfn_set_namespace(pfn, ndns);
	if (rc) {
		log_err("%s: cannot attach %s: %s", c->child, ndctl_namespace_get_devname(ndns),
			strerror(-rc));
		return rc;
	}
	c->pfn = pfn;
	rc = ndctl_pfn_enable(pfn);
	if (rc)
		log_err("%s: the kernel refused to enable fsdax on %s (see dmesg)", c->child,
			ndctl_namespace_get_devname(ndns));
	return rc;
}

static int attach_dax(struct ndctl_region *region, struct ndctl_namespace *ndns,
		      const struct apply_spec *spec, struct created_devs *c)
{
	const char *rname = ndctl_region_get_devname(region);
	struct ndctl_dax *dax = ndctl_region_get_dax_seed(region);
	uuid_t uu;
	int rc;

	if (!dax) {
		log_err("%s: no dax seed: this kernel cannot give the region devdax namespaces",
			rname);
		return -ENODEV;
	}
	snprintf(c->child, sizeof(c->child), "%s", ndctl_dax_get_devname(dax));
	uuid_generate(uu);
	rc = ndctl_dax_set_uuid(dax, uu);
	if (!rc)
		rc = ndctl_dax_set_location(dax, to_loc(spec->map));
	if (!rc && spec->align)
		rc = ndctl_dax_set_align(dax, spec->align);
	if (rc) {
		log_err("%s: cannot configure: %s", c->child, strerror(-rc));
		return rc;
	}
	rc = ndctl_dax_set_namespace(dax, ndns);
	if (rc) {
		log_err("%s: cannot attach %s: %s", c->child, ndctl_namespace_get_devname(ndns),
			strerror(-rc));
		return rc;
	}
	c->dax = dax;
	rc = ndctl_dax_enable(dax);
	if (rc)
		log_err("%s: the kernel refused to enable devdax on %s (see dmesg)", c->child,
			ndctl_namespace_get_devname(ndns));
	return rc;
}

static int attach_btt(struct ndctl_region *region, struct ndctl_namespace *ndns,
		      const struct apply_spec *spec, struct created_devs *c)
{
	struct ndctl_btt *btt = ndctl_region_get_btt_seed(region);
	unsigned int lba = spec->sector_size ? spec->sector_size : 4096;
	uuid_t uu;
	int rc;

	if (!btt) {
		log_err("%s: no btt seed: this kernel cannot give the region sector namespaces",
			ndctl_region_get_devname(region));
		return -ENODEV;
	}
	snprintf(c->child, sizeof(c->child), "%s", ndctl_btt_get_devname(btt));
	uuid_generate(uu);
	rc = ndctl_btt_set_uuid(btt, uu);
	if (!rc)
		rc = ndctl_btt_set_sector_size(btt, lba);
	if (rc) {
		log_err("%s: cannot configure (sector size %u): %s", c->child, lba, strerror(-rc));
		return rc;
	}
	rc = ndctl_btt_set_namespace(btt, ndns);
	if (rc) {
		log_err("%s: cannot attach %s: %s", c->child, ndctl_namespace_get_devname(ndns),
			strerror(-rc));
		return rc;
	}
	c->btt = btt;
	rc = ndctl_btt_enable(btt);
	if (rc)
		log_err("%s: the kernel refused to enable sector mode on %s (see dmesg)", c->child,
			ndctl_namespace_get_devname(ndns));
	return rc;
}

static int attach_and_enable(struct ndctl_region *region, struct ndctl_namespace *ndns,
			     const struct apply_spec *spec, struct created_devs *c)
{
	int rc;

	/* opportunistic, as upstream: older kernels lack the attribute */
	ndctl_namespace_set_enforce_mode(ndns, to_ndctl_mode(spec->mode));
	switch (spec->mode) {
	case NS_MODE_FSDAX:
		return attach_pfn(region, ndns, spec, c);
	case NS_MODE_DEVDAX:
		return attach_dax(region, ndns, spec, c);
	case NS_MODE_SECTOR:
		return attach_btt(region, ndns, spec, c);
	default:
		rc = ndctl_namespace_enable(ndns);
		if (rc)
			log_err("%s: the kernel refused to enable it (see dmesg)",
				ndctl_namespace_get_devname(ndns));
		return rc;
	}
}

static int check_value(const char *dev, const char *what, uint64_t want, uint64_t got)
{
	if (want == got)
		return 0;
	log_err("%s: %s is 0x%llx, predicted 0x%llx: the kernel placed it differently than "
		"planned, undoing",
		dev, what, (unsigned long long)got, (unsigned long long)want);
	return -EIO;
}

static int verify(struct ndctl_namespace *ndns, const struct apply_spec *spec,
		  const struct created_devs *c)
{
	const char *dev = ndctl_namespace_get_devname(ndns);
	uint64_t v;
	int rc;

	rc = apply_read_attr_u64(dev, "size", &v);
	if (!rc)
		rc = check_value(dev, "size", spec->size, v);
	if (rc || !spec->predicted)
		return rc;
	rc = apply_read_attr_u64(dev, "resource", &v);
	if (rc) {
		log_warn("%s: cannot read its start (need root?): not verified", dev);
		return 0;
	}
	rc = check_value(dev, "start", spec->start, v);
	if (rc)
		return rc;
	if (spec->mode != NS_MODE_FSDAX && spec->mode != NS_MODE_DEVDAX)
		return 0;
	if (spec->data_start) {
		rc = apply_read_attr_u64(c->child, "resource", &v);
		if (!rc)
			rc = check_value(c->child, "data start", spec->data_start, v);
		if (rc)
			return rc;
	}
	if (spec->data_size) {
		rc = apply_read_attr_u64(c->child, "size", &v);
		if (!rc)
			rc = check_value(c->child, "usable size", spec->data_size, v);
	}
	return rc;
}

/*
 * Detach whatever claimed the namespace and, when @free_capacity, wipe it and
 * write size 0, which also makes the kernel forget the uuid given to the seed
 * (a seed left with a uuid is not idle, and would block the next create).
 */
static void undo_namespace(struct ndctl_namespace *ndns, struct created_devs *c, bool wipe,
			   bool free_capacity)
{
	char dev[MODEL_DEV_LEN];
	int rc;

	snprintf(dev, sizeof(dev), "%s", ndctl_namespace_get_devname(ndns));
	if (c->pfn)
		ndctl_pfn_delete(c->pfn);
	if (c->dax)
		ndctl_dax_delete(c->dax);
	if (c->btt)
		ndctl_btt_delete(c->btt);
	ndctl_namespace_disable_invalidate(ndns);
	ndctl_namespace_set_enforce_mode(ndns, NDCTL_NS_MODE_RAW);
	if (wipe)
		wipe_info_block(ndns);
	if (!free_capacity)
		return;
	/* frees the libndctl object: ndns is gone after this */
	rc = ndctl_namespace_delete(ndns);
	if (rc)
		log_err("%s: cannot return it to size 0: %s; destroy it with "
			"'ndctl destroy-namespace -f %s'",
			dev, strerror(-rc), dev);
	else
		log_info("%s: undone (size 0, mode raw)", dev);
}

static struct ndctl_namespace *idle_seed(struct ndctl_region *region)
{
	struct ndctl_namespace *ndns = ndctl_region_get_namespace_seed(region);

	if (!ndns) {
		log_err("%s: no namespace seed: the region is disabled, read-only or label-less",
			ndctl_region_get_devname(region));
		return NULL;
	}
	if (!ndctl_namespace_is_configuration_idle(ndns)) {
		log_err("%s: its namespace seed %s is not idle; another tool may be configuring it",
			ndctl_region_get_devname(region), ndctl_namespace_get_devname(ndns));
		return NULL;
	}
	return ndns;
}

int apply_create(struct ndctl_region *region, const struct apply_spec *spec,
		 struct apply_journal *journal, struct ndctl_namespace **created)
{
	struct apply_journal local = APPLY_JOURNAL_INIT;
	struct apply_entry e = { .op = APPLY_OP_CREATE, .region = region };
	struct created_devs c = { 0 };
	struct ndctl_namespace *ndns;
	bool sized = false;
	int rc;

	rc = set_region_align(region, spec->region_align, &local);
	if (rc)
		goto fail;
	ndns = idle_seed(region);
	if (!ndns) {
		rc = -EBUSY;
		goto fail;
	}
	snprintf(e.dev, sizeof(e.dev), "%s", ndctl_namespace_get_devname(ndns));
	rc = set_identity(ndns, spec);
	if (!rc)
		rc = set_size(region, ndns, spec->size);
	if (rc)
		goto undo;
	sized = true;
	rc = set_ns_sector_size(ndns, spec);
	if (!rc)
		rc = attach_and_enable(region, ndns, spec, &c);
	if (!rc)
		rc = verify(ndns, spec, &c);
	if (rc)
		goto undo;
	rc = journal_push(&local, &e);
	if (!rc)
		rc = journal_append(journal, &local);
	if (rc)
		goto undo;
	apply_journal_release(&local);
	if (created)
		*created = ndns;
	return 0;
undo:
	undo_namespace(ndns, &c, sized, true);
fail:
	apply_rollback(&local);
	apply_journal_release(&local);
	return rc;
}

/* ---- destroy, disable, reconfig ---- */

static int refuse_busy(struct ndctl_namespace *ndns, const char *action)
{
	char why[PATH_MAX + 128];

	if (!apply_namespace_busy(ndns, why, sizeof(why)))
		return 0;
	log_err("%s: will not %s it: %s", ndctl_namespace_get_devname(ndns), action, why);
	return -EBUSY;
}

int apply_disable(struct ndctl_namespace *ndns)
{
	int rc = refuse_busy(ndns, "disable");

	if (rc)
		return rc;
	rc = ndctl_namespace_disable_safe(ndns);
	if (rc)
		log_err("%s: cannot disable: %s", ndctl_namespace_get_devname(ndns), strerror(-rc));
	return rc;
}

/*
 * May @ndns be disabled and its contents lost? Not on a read-only region, not
 * while in use, and not while active unless @force. Checked once per command:
 * each check reads the namespace's claim and /proc again.
 */
static int check_changeable(struct ndctl_namespace *ndns, bool force, const char *action)
{
	const char *dev = ndctl_namespace_get_devname(ndns);
	struct ndctl_region *region = ndctl_namespace_get_region(ndns);
	int rc;

	if (ndctl_region_get_ro(region)) {
		log_err("%s: its region %s is read-only", dev, ndctl_region_get_devname(region));
		return -EROFS;
	}
	rc = refuse_busy(ndns, action);
	if (rc)
		return rc;
	if (!force && ndctl_namespace_is_active(ndns)) {
		log_err("%s: is active; add -f to %s it (its data will be lost)", dev, action);
		return -EBUSY;
	}
	return 0;
}

/*
 * ndctl_namespace_disable_safe() already deletes the pfn/dax/btt claim and
 * disables the namespace (ndctl_namespace_disable_invalidate()). Calling that
 * again is not free: the delete marked the region's pfn list stale, so the
 * second call re-read every pfn device of the region (7 attributes and a
 * module lookup each).
 */
static int disable_and_wipe(struct ndctl_namespace *ndns)
{
	int rc = ndctl_namespace_disable_safe(ndns);

	if (rc) {
		log_err("%s: cannot disable: %s", ndctl_namespace_get_devname(ndns), strerror(-rc));
		return rc;
	}
	ndctl_namespace_set_enforce_mode(ndns, NDCTL_NS_MODE_RAW);
	return wipe_info_block(ndns);
}

int apply_reconfig_prepare(struct ndctl_namespace *ndns, bool force)
{
	int rc = check_changeable(ndns, force, "change");

	return rc ? rc : disable_and_wipe(ndns);
}

int apply_destroy(struct ndctl_namespace *ndns, bool force)
{
	const char *dev = ndctl_namespace_get_devname(ndns);
	int rc;

	if (ndctl_namespace_get_size(ndns) == 0)
		return 0;
	rc = check_changeable(ndns, force, "destroy");
	if (!rc)
		rc = disable_and_wipe(ndns);
	if (rc)
		return rc;
	if (ndctl_namespace_get_type(ndns) != ND_DEVICE_NAMESPACE_PMEM)
		return 0; /* label-less: its info block is wiped, its size is fixed */
	rc = ndctl_namespace_delete(ndns);
	if (rc)
		log_err("%s: cannot free its capacity: %s", dev, strerror(-rc));
	return rc;
}

int apply_reconfig(struct ndctl_namespace *ndns, const struct apply_spec *spec)
{
	struct ndctl_region *region = ndctl_namespace_get_region(ndns);
	struct created_devs c = { 0 };
	int rc = 0;

	if (ndctl_namespace_get_type(ndns) == ND_DEVICE_NAMESPACE_PMEM && spec->name[0])
		rc = ndctl_namespace_set_alt_name(ndns, spec->name);
	if (!rc)
		rc = set_ns_sector_size(ndns, spec);
	if (!rc)
		rc = attach_and_enable(region, ndns, spec, &c);
	if (!rc)
		rc = verify(ndns, spec, &c);
	if (rc) {
		/* keep the capacity (it was the user's), but leave no half-made claim */
		undo_namespace(ndns, &c, false, false);
		log_err("%s: left disabled in raw mode; its previous contents were already "
			"wiped",
			ndctl_namespace_get_devname(ndns));
	}
	return rc;
}

/* ---- rollback ---- */

static int undo_entry(const struct apply_entry *e)
{
	struct ndctl_namespace *ndns;
	int rc;

	switch (e->op) {
	case APPLY_OP_REGION_ALIGN:
		rc = ndctl_region_set_align(e->region, e->old_align);
		if (rc)
			log_err("%s: cannot restore the region align 0x%lx: %s",
				ndctl_region_get_devname(e->region), e->old_align, strerror(-rc));
		return rc;
	case APPLY_OP_CREATE:
		ndns = apply_find_namespace(e->region, e->dev);
		if (!ndns) {
			log_err("%s: gone before it could be undone", e->dev);
			return -ENOENT;
		}
		rc = apply_destroy(ndns, true);
		if (!rc)
			log_info("%s: rolled back", e->dev);
		return rc;
	}
	return -EINVAL;
}

int apply_rollback(struct apply_journal *journal)
{
	int i, rc, first = 0;

	if (!journal)
		return 0;
	for (i = journal->nr - 1; i >= 0; i--) {
		rc = undo_entry(&journal->entries[i]);
		if (rc && !first)
			first = rc;
	}
	journal->nr = 0;
	return first;
}

/* ---- labels ---- */

static bool region_dimms_support_labels(struct ndctl_region *region)
{
	struct ndctl_dimm *dimm;
	int n = 0;

	ndctl_dimm_foreach_in_region(region, dimm) {
		if (!ndctl_dimm_is_cmd_supported(dimm, ND_CMD_GET_CONFIG_SIZE) ||
		    !ndctl_dimm_is_cmd_supported(dimm, ND_CMD_GET_CONFIG_DATA) ||
		    !ndctl_dimm_is_cmd_supported(dimm, ND_CMD_SET_CONFIG_DATA))
			return false;
		n++;
	}
	return n > 0 && n == (int)ndctl_region_get_mappings(region);
}

static int init_dimm_labels(struct ndctl_dimm *dimm, enum ndctl_namespace_version v)
{
	struct ndctl_cmd *cmd = ndctl_dimm_read_label_index(dimm);
	int rc;

	if (!cmd)
		return -ENXIO;
	rc = ndctl_dimm_init_labels(dimm, v);
	ndctl_cmd_unref(cmd);
	if (rc < 0)
		return rc;
	/* make the kernel drop its cached copy of the label area */
	ndctl_dimm_disable(dimm);
	ndctl_dimm_enable(dimm);
	return rc;
}

int apply_region_init_labels(struct ndctl_region *region, int version)
{
	const char *name = ndctl_region_get_devname(region);
	enum ndctl_namespace_version v = version == 11 ? NDCTL_NS_VERSION_1_1 :
							 NDCTL_NS_VERSION_1_2;
	struct ndctl_dimm *dimm;
	int rc = 0;

	if (!region_dimms_support_labels(region)) {
		log_err("%s: its DIMMs have no label area (virtio-pmem, e820 or a DIMM without "
			"labels): it can only hold its one full-size namespace",
			name);
		return -ENODEV;
	}
	rc = ndctl_region_disable_invalidate(region);
	if (rc) {
		log_err("%s: cannot disable it to initialise labels: %s", name, strerror(-rc));
		return rc;
	}
	ndctl_dimm_foreach_in_region(region, dimm) {
		if (ndctl_dimm_is_active(dimm)) {
			log_err("%s: %s is also active in another region; labels not written", name,
				ndctl_dimm_get_devname(dimm));
			rc = -EBUSY;
			goto out;
		}
	}
	ndctl_dimm_foreach_in_region(region, dimm) {
		int n = init_dimm_labels(dimm, v);

		/* the kernel keeps one slot free: fewer means it did not take v1.2 */
		if (n >= 0 && version == 0 && v == NDCTL_NS_VERSION_1_2 &&
		    n != (int)ndctl_dimm_get_available_labels(dimm) + 1) {
			v = NDCTL_NS_VERSION_1_1;
			n = init_dimm_labels(dimm, v);
		}
		if (n < 0) {
			log_err("%s: cannot initialise labels: %s", ndctl_dimm_get_devname(dimm),
				strerror(-n));
			rc = n;
			goto out;
		}
		log_info("%s: label index written (v1.%d, %d slots)", ndctl_dimm_get_devname(dimm),
			 v == NDCTL_NS_VERSION_1_1 ? 1 : 2, n);
	}
out:
	if (ndctl_region_enable(region) && !rc) {
		log_err("%s: cannot enable it again", name);
		rc = -ENXIO;
	}
	if (!rc && ndctl_region_get_nstype(region) != ND_DEVICE_NAMESPACE_PMEM) {
		log_err("%s: labels written but the kernel still sees it label-less", name);
		rc = -ENXIO;
	}
	return rc;
}
