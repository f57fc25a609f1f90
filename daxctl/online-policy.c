// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's policy for memory it hot-adds: the word in
 * /sys/devices/system/memory/auto_online_blocks (offline, online,
 * online_kernel or online_movable). When it is not "offline", the kernel
 * onlines kmem's memory blocks itself while the device binds, in the zone
 * that word implies. Debian's 6.12 kernel says "online", which puts kmem
 * memory in ZONE_NORMAL: daxctl would find the blocks online already, not
 * movable as asked, and offlining them later fails with EBUSY once the kernel
 * has placed unmovable pages there.
 *
 * So while kmem binds, the policy is held at "offline" and daxctl onlines the
 * blocks itself in the zone the user chose; the old word is put back at once.
 * Memory that something else hot-adds in that window stays offline (a udev
 * rule or the administrator can online it); nothing else is changed.
 * libdaxctl reads this policy (daxctl_dev_will_auto_online_memory) but cannot
 * write it, hence the file access here.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "apply.h"
#include "dax.h"
#include "log.h"

#define AUTO_ONLINE "/sys/devices/system/memory/auto_online_blocks"

static int policy_write(const char *word)
{
	int fd = open(AUTO_ONLINE, O_WRONLY | O_CLOEXEC);
	size_t len = strlen(word);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, word, len);
	if (n < 0)
		n = -errno;
	close(fd);
	return n == (ssize_t)len ? 0 : (n < 0 ? (int)n : -EIO);
}

int dax_online_policy_hold(const char *devname, struct dax_online_policy *saved)
{
	int rc;

	saved->held = false;
	rc = apply_read_text(AUTO_ONLINE, saved->word, sizeof(saved->word));
	if (!rc && !saved->word[0])
		rc = -ENODATA;
	if (rc == -ENOENT)
		return 0;	/* no memory hotplug policy: nothing is auto-onlined */
	if (rc < 0) {
		log_err("%s: cannot read %s: %s", devname, AUTO_ONLINE, strerror(-rc));
		return rc;
	}
	if (!strcmp(saved->word, "offline"))
		return 0;
	rc = policy_write("offline");
	if (rc < 0) {
		log_err("%s: the kernel would online the memory itself (%s is '%s') and it "
			"cannot be set to 'offline' for the conversion: %s", devname, AUTO_ONLINE,
			saved->word, strerror(-rc));
		return rc;
	}
	saved->held = true;
	log_info("%s: %s held at 'offline' (was '%s') while kmem binds, so daxctl chooses "
		 "the zone", devname, AUTO_ONLINE, saved->word);
	return 0;
}

void dax_online_policy_restore(const char *devname, const struct dax_online_policy *saved)
{
	int rc;

	if (!saved->held)
		return;
	rc = policy_write(saved->word);
	if (rc < 0)
		log_err("%s: could not put %s back to '%s': %s (it is 'offline' now)", devname,
			AUTO_ONLINE, saved->word, strerror(-rc));
	else
		log_info("%s: %s back to '%s'", devname, AUTO_ONLINE, saved->word);
}
