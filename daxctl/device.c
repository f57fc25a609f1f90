// SPDX-License-Identifier: GPL-2.0
/*
 * daxctl device commands: reconfigure-device (devdax <-> system-ram),
 * online-memory, offline-memory, enable-device, disable-device.
 *
 * A conversion to System RAM first says how much of the device kmem will
 * really online (whole memory blocks only) and refuses when that is nothing;
 * --check stops there. Devices still mapped by a process are refused, since
 * unbinding the driver would pull the mapping from under it.
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <syslog.h>
#include <json-c/json.h>
#include <daxctl/libdaxctl.h>
#include "builtin.h"
#include "dax.h"
#include "topology.h"
#include "log.h"
#include "options.h"
#include "size.h"

/*
 * Progress and outcome lines: shown without -v and without a "warning:"
 * tag, which is what the error level of util/log gives.
 */
#define notice(...) log_msg(LOG_LEVEL_ERR, __VA_ARGS__)

enum dev_action {
	ACT_RECONFIG,
	ACT_ONLINE,
	ACT_OFFLINE,
	ACT_ENABLE,
	ACT_DISABLE,
};

enum dev_mode {
	MODE_NONE,
	MODE_DEVDAX,
	MODE_RAM,
};

enum {
	OPT_NO_MOVABLE = 256,
	OPT_CHECK,
};

struct dev_params {
	enum dev_action action;
	const char *region;
	const char *mode_name;
	enum dev_mode mode;
	bool no_online;
	bool no_movable;
	bool force;
	bool check;
	unsigned long flags;	/* DAX_JSON_* */
};

#define BASE_OPTIONS \
	{ "region", 'r', required_argument, "region-id", "filter by region" }, \
	{ "human", 'u', no_argument, NULL, "use human friendly number formats" }, \
	{ "verbose", 'v', no_argument, NULL, "emit more debug messages" }

static const struct cmd_option reconfig_options[] = {
	BASE_OPTIONS,
	{ "mode", 'm', required_argument, "mode",
	  "mode to switch the device to: system-ram or devdax" },
	{ "no-online", 'N', no_argument, NULL, "do not online the memory blocks (system-ram)" },
	{ "no-movable", OPT_NO_MOVABLE, no_argument, NULL, "online memory in ZONE_NORMAL" },
	{ "force", 'f', no_argument, NULL,
	  "offline online memory blocks before switching to devdax" },
	{ "check", OPT_CHECK, no_argument, NULL,
	  "say what would be onlined and lost to memory-block alignment; change nothing" },
	OPT_END,
};

static const struct cmd_option online_options[] = {
	BASE_OPTIONS,
	{ "no-movable", OPT_NO_MOVABLE, no_argument, NULL, "online memory in ZONE_NORMAL" },
	OPT_END,
};

static const struct cmd_option base_options[] = {
	BASE_OPTIONS,
	OPT_END,
};

struct action_desc {
	const char *usage;
	const struct cmd_option *opts;
	const char *verb;	/* "specify a device to <verb>" */
	const char *done;	/* "<done> 2 devices" */
};

static const struct action_desc actions[] = {
	[ACT_RECONFIG] = { "daxctl reconfigure-device <device> | all [<options>]", reconfig_options,
			   "reconfigure", "reconfigured" },
	[ACT_ONLINE] = { "daxctl online-memory <device> | all [<options>]", online_options,
			 "online memory for", "onlined memory for" },
	[ACT_OFFLINE] = { "daxctl offline-memory <device> | all [<options>]", base_options,
			  "offline memory for", "offlined memory for" },
	[ACT_ENABLE] = { "daxctl enable-device <device> | all [<options>]", base_options,
			 "enable", "enabled" },
	[ACT_DISABLE] = { "daxctl disable-device <device> | all [<options>]", base_options,
			  "disable", "disabled" },
};

static int parse_mode(struct dev_params *p)
{
	if (!p->mode_name) {
		log_err("a mode is required: --mode=system-ram or --mode=devdax");
		return -EINVAL;
	}
	if (!strcmp(p->mode_name, "system-ram")) {
		p->mode = MODE_RAM;
	} else if (!strcmp(p->mode_name, "devdax")) {
		p->mode = MODE_DEVDAX;
	} else {
		log_err("unknown mode \"%s\": use system-ram or devdax", p->mode_name);
		return -EINVAL;
	}
	if (p->mode == MODE_DEVDAX && p->no_online) {
		log_err("--no-online is incompatible with --mode=devdax");
		return -EINVAL;
	}
	if (p->mode == MODE_DEVDAX && p->no_movable) {
		log_err("--no-movable is incompatible with --mode=devdax");
		return -EINVAL;
	}
	return 0;
}

static int check_idents(int nr, char **idents, const struct dev_params *p)
{
	int i;

	if (!nr) {
		log_err("specify a device to %s, or \"all\"", actions[p->action].verb);
		return -EINVAL;
	}
	for (i = 0; i < nr; i++) {
		if (!dax_dev_ident_valid(idents[i])) {
			log_err("\"%s\" is not a dax device name (expected daxN.M, N.M or all)",
				idents[i]);
			return -EINVAL;
		}
	}
	return 0;
}

/* 0 to go on, -1 after --help, EXIT_USAGE after a usage error */
static int parse_dev_options(int argc, char **argv, struct dev_params *p,
			     struct daxctl_ctx *ctx)
{
	const struct action_desc *desc = &actions[p->action];
	struct cmd_parser parser;
	int c, rc = 0;

	if (cmd_parser_init(&parser, desc->usage, desc->opts) < 0)
		return EXIT_FAIL;
	while (rc == 0 && (c = cmd_getopt(&parser, argc, argv)) != -1) {
		switch (c) {
		case 'r':
			p->region = optarg;
			break;
		case 'u':
			p->flags |= DAX_JSON_HUMAN;
			break;
		case 'v':
			log_set_verbosity(log_get_verbosity() + 1);
			daxctl_set_log_priority(ctx, LOG_DEBUG);
			break;
		case 'm':
			p->mode_name = optarg;
			break;
		case 'N':
			p->no_online = true;
			break;
		case OPT_NO_MOVABLE:
			p->no_movable = true;
			break;
		case 'f':
			p->force = true;
			break;
		case OPT_CHECK:
			p->check = true;
			break;
		case CMD_HELP:
			rc = -1;
			break;
		default:
			rc = EXIT_USAGE;
			break;
		}
	}
	if (rc == 0 && p->action == ACT_RECONFIG && parse_mode(p) < 0)
		rc = EXIT_USAGE;
	if (rc == 0 && check_idents(argc - optind, argv + optind, p) < 0)
		rc = EXIT_USAGE;
	if (rc == EXIT_USAGE)
		cmd_usage(&parser, stderr);
	cmd_parser_free(&parser);
	return rc;
}

/* does this /proc/PID/maps mention the device node? */
static bool maps_mention(const char *pid, const char *node)
{
	char path[300], line[512];
	size_t len = strlen(node);
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/maps", pid);
	f = fopen(path, "r");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		char *name = strchr(line, '/');

		if (name && !strncmp(name, node, len) && (name[len] == '\n' || name[len] == ' '))
			found = true;
	}
	fclose(f);
	return found;
}

/* does PID hold an open file descriptor on the character device rdev? */
static bool fds_hold(const char *pid, dev_t rdev)
{
	char path[600];
	struct dirent *de;
	bool found = false;
	struct stat st;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%s/fd", pid);
	dir = opendir(path);
	if (!dir)
		return false;
	while (!found && (de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/fd/%s", pid, de->d_name);
		if (stat(path, &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == rdev)
			found = true;
	}
	closedir(dir);
	return found;
}

/*
 * The pid of a process that has the device open or mapped, 0 when none.
 * Unbinding device_dax never fails: it would yank the pages from a running
 * program, so the tool has to look for users itself.
 */
static long dev_user(struct daxctl_dev *dev)
{
	dev_t rdev = makedev(daxctl_dev_get_major(dev), daxctl_dev_get_minor(dev));
	char node[64];
	struct dirent *de;
	long pid = 0;
	DIR *proc;

	snprintf(node, sizeof(node), "/dev/%s", daxctl_dev_get_devname(dev));
	proc = opendir("/proc");
	if (!proc)
		return 0;
	while (!pid && (de = readdir(proc))) {
		long id = strtol(de->d_name, NULL, 10);

		if (id <= 0)
			continue;
		if (maps_mention(de->d_name, node) || fds_hold(de->d_name, rdev))
			pid = id;
	}
	closedir(proc);
	return pid;
}

static int refuse_if_busy(struct daxctl_dev *dev)
{
	const char *devname = daxctl_dev_get_devname(dev);
	long pid;

	if (!daxctl_dev_is_enabled(dev) || daxctl_dev_get_memory(dev))
		return 0;
	pid = dev_user(dev);
	if (!pid)
		return 0;
	log_err("%s: device is busy: /dev/%s is open or mapped by process %ld; stop it first",
		devname, devname, pid);
	return -EBUSY;
}

static const char *zone_name(struct daxctl_memory *mem)
{
	int movable = daxctl_memory_is_movable(mem);

	if (movable == 1)
		return "ZONE_MOVABLE";
	if (movable == 0)
		return "ZONE_NORMAL";
	return "mixed zones";
}

/*
 * The device's memory, its number of memory blocks and how many are online;
 * negative errno (said) when it is not in system-ram mode or unreadable.
 */
static int memory_state(struct daxctl_dev *dev, struct daxctl_memory **mem, int *total, int *on)
{
	const char *devname = daxctl_dev_get_devname(dev);

	*mem = daxctl_dev_get_memory(dev);
	if (!*mem) {
		log_err("%s: memory operations need system-ram mode (the device is in devdax mode)",
			devname);
		return -ENXIO;
	}
	*total = daxctl_memory_num_sections(*mem);
	*on = daxctl_memory_is_online(*mem);
	if (*total < 0 || *on < 0) {
		log_err("%s: cannot read the state of its memory blocks", devname);
		return *total < 0 ? *total : *on;
	}
	return 0;
}

/* 0 when onlined, 1 when everything was online already, negative errno */
static int online_memory(struct daxctl_dev *dev, const struct dev_params *p)
{
	const char *devname = daxctl_dev_get_devname(dev);
	struct daxctl_memory *mem;
	int total, on, rc;

	rc = memory_state(dev, &mem, &total, &on);
	if (rc < 0)
		return rc;
	if (on == total) {
		notice("%s: all %d memory blocks already online", devname, total);
		if (!p->no_movable && daxctl_memory_is_movable(mem) == 0)
			log_warn("%s: they are in ZONE_NORMAL, not ZONE_MOVABLE as asked (onlined "
				 "by something else); offline-memory may fail", devname);
		return 1;
	}
	if (on)
		log_warn("%s: %d of %d memory blocks were already online (another agent onlines "
			 "memory); they may be in another zone", devname, on, total);
	rc = p->no_movable ? daxctl_memory_online_no_movable(mem) : daxctl_memory_online(mem);
	if (rc < 0) {
		log_err("%s: failed to online memory: %s", devname, strerror(-rc));
		return rc;
	}
	on = daxctl_memory_is_online(mem);
	if (on < total) {
		log_err("%s: only %d of %d memory blocks are online", devname, on, total);
		return -ENXIO;
	}
	notice("%s: %d memory block%s online as System RAM (%s, node %d)", devname, total,
	       total == 1 ? "" : "s", zone_name(mem), daxctl_dev_get_target_node(dev));
	return 0;
}

/* 0 when offlined, 1 when everything was offline already, negative errno */
static int offline_memory(struct daxctl_dev *dev)
{
	const char *devname = daxctl_dev_get_devname(dev);
	struct daxctl_memory *mem;
	int total, on, rc;

	rc = memory_state(dev, &mem, &total, &on);
	if (rc < 0)
		return rc;
	if (on == 0) {
		notice("%s: all %d memory blocks already offline", devname, total);
		return 1;
	}
	rc = daxctl_memory_offline(mem);
	if (rc < 0) {
		log_err("%s: failed to offline memory: %s%s", devname, strerror(-rc),
			rc == -EBUSY ? " (pages in use could not be migrated; retry later)" : "");
		return rc;
	}
	on = daxctl_memory_is_online(mem);
	if (on) {
		log_err("%s: %d of %d memory blocks are still online", devname, on, total);
		return -EBUSY;
	}
	notice("%s: %d memory block%s offline", devname, total, total == 1 ? "" : "s");
	return 0;
}

/* print the kmem preview; negative errno when conversion must be refused */
static int preview_kmem(struct daxctl_dev *dev, struct dax_kmem_plan *plan)
{
	const char *devname = daxctl_dev_get_devname(dev);
	uint64_t block;
	int rc;

	rc = topology_memblock_size(&block);
	if (rc < 0) {
		log_err("%s: cannot read the memory block size: %s", devname, strerror(-rc));
		return rc;
	}
	rc = dax_kmem_plan(dev, block, plan);
	if (rc < 0) {
		log_err("%s: cannot read the device's physical ranges: %s (are you root?)",
			devname, strerror(-rc));
		return rc;
	}
	dax_kmem_plan_describe(devname, plan);
	if (!plan->online_size)
		return -EINVAL;
	if (plan->target_node < 0) {
		log_err("%s: no target NUMA node: kmem refuses the device", devname);
		return -EINVAL;
	}
	return 0;
}

/* after enable_ram: did the kernel create the predicted blocks? */
static void verify_blocks(struct daxctl_dev *dev, const struct dax_kmem_plan *plan)
{
	struct daxctl_memory *mem = daxctl_dev_get_memory(dev);
	int total = mem ? daxctl_memory_num_sections(mem) : -1;

	if (total != plan->nr_blocks)
		log_warn("%s: the kernel added %d memory blocks, %d were predicted",
			 daxctl_dev_get_devname(dev), total, plan->nr_blocks);
}

/* unbind the device from its driver (devdax or kmem) if it is bound */
static int dev_disable(struct daxctl_dev *dev)
{
	int rc;

	if (!daxctl_dev_is_enabled(dev))
		return 0;
	rc = daxctl_dev_disable(dev);
	if (rc < 0)
		log_err("%s: disable failed: %s", daxctl_dev_get_devname(dev), strerror(-rc));
	return rc;
}

/* bind the device to device_dax, loading the module first */
static int dev_enable_devdax(struct daxctl_dev *dev)
{
	int rc = dax_load_module("device_dax");

	if (rc < 0)
		return rc;
	rc = daxctl_dev_enable_devdax(dev);
	if (rc < 0)
		log_err("%s: enable in devdax mode failed: %s", daxctl_dev_get_devname(dev),
			strerror(-rc));
	return rc;
}

static int to_system_ram(struct daxctl_dev *dev, const struct dev_params *p)
{
	const char *devname = daxctl_dev_get_devname(dev);
	struct dax_online_policy policy;
	struct dax_kmem_plan plan;
	int rc;

	if (daxctl_dev_get_memory(dev)) {
		notice("%s: already in system-ram mode", devname);
		if (p->check || p->no_online)
			return 0;
		rc = online_memory(dev, p);
		return rc < 0 ? rc : 0;
	}
	rc = preview_kmem(dev, &plan);
	if (rc < 0 || p->check)
		return rc;
	rc = refuse_if_busy(dev);
	if (rc < 0)
		return rc;
	rc = dax_load_module("kmem");
	if (rc < 0)
		return rc;
	rc = dev_disable(dev);
	if (rc < 0)
		return rc;
	rc = dax_online_policy_hold(devname, &policy);
	if (rc < 0) {
		daxctl_dev_enable_devdax(dev);
		return rc;
	}
	rc = daxctl_dev_enable_ram(dev);
	dax_online_policy_restore(devname, &policy);
	if (rc < 0) {
		log_err("%s: the kernel refused system-ram mode: %s; back to devdax", devname,
			strerror(-rc));
		daxctl_dev_enable_devdax(dev);
		return rc;
	}
	verify_blocks(dev, &plan);
	if (p->no_online)
		return 0;
	rc = online_memory(dev, p);
	return rc < 0 ? rc : 0;
}

static int to_devdax(struct daxctl_dev *dev, const struct dev_params *p)
{
	struct daxctl_memory *mem = daxctl_dev_get_memory(dev);
	const char *devname = daxctl_dev_get_devname(dev);
	int on, rc;

	if (!mem && daxctl_dev_is_enabled(dev)) {
		notice("%s: already in devdax mode", devname);
		return 0;
	}
	on = mem ? daxctl_memory_is_online(mem) : 0;
	if (on > 0 && !p->force) {
		log_err("%s: %d memory block%s online as System RAM; offline first (daxctl "
			"offline-memory %s) or use --force", devname, on, on == 1 ? " is" : "s are",
			devname);
		return -EBUSY;
	}
	if (p->check) {
		notice("%s: would %sswitch to devdax", devname,
		       on > 0 ? "offline its memory blocks and " : "");
		return 0;
	}
	if (on > 0) {
		rc = offline_memory(dev);
		if (rc < 0)
			return rc;
	}
	rc = dev_disable(dev);
	if (rc < 0)
		return rc;
	return dev_enable_devdax(dev);
}

static int enable_or_disable(struct daxctl_dev *dev, enum dev_action action)
{
	int rc;

	if (daxctl_dev_get_memory(dev)) {
		log_err("%s: is in system-ram mode; use reconfigure-device -m devdax first",
			daxctl_dev_get_devname(dev));
		return -ENXIO;
	}
	if (action == ACT_ENABLE)
		return dev_enable_devdax(dev);
	rc = refuse_if_busy(dev);
	if (rc < 0)
		return rc;
	return dev_disable(dev);
}

static int do_action(struct daxctl_dev *dev, const struct dev_params *p)
{
	switch (p->action) {
	case ACT_RECONFIG:
		return p->mode == MODE_RAM ? to_system_ram(dev, p) : to_devdax(dev, p);
	case ACT_ONLINE:
		return online_memory(dev, p);
	case ACT_OFFLINE:
		return offline_memory(dev);
	case ACT_ENABLE:
	case ACT_DISABLE:
		return enable_or_disable(dev, p->action);
	}
	return -EINVAL;
}

static bool match_any(struct daxctl_dev *dev, int nr, char **idents, int *matched)
{
	bool hit = false;
	int i;

	for (i = 0; i < nr; i++) {
		if (dax_dev_match(dev, idents[i])) {
			matched[i] = 1;
			hit = true;
		}
	}
	return hit;
}

/* the device a reconfigure reports on: upstream's object, plus the preview with --check */
static void add_result(struct json_object **jdevs, struct daxctl_dev *dev,
		       const struct dev_params *p)
{
	unsigned long flags = p->flags;
	struct json_object *jdev;

	if (p->action != ACT_RECONFIG)
		return;
	if (p->check && p->mode == MODE_RAM && !daxctl_dev_get_memory(dev))
		flags |= DAX_JSON_KMEM;
	if (!*jdevs)
		*jdevs = json_object_new_array();
	jdev = dax_dev_to_json(dev, flags);
	if (*jdevs && jdev)
		json_object_array_add(*jdevs, jdev);
}

struct run_state {
	int processed;
	int failed;
	int *matched;
	struct json_object *jdevs;
};

static void run_on_device(struct daxctl_dev *dev, int nr, char **idents,
			  const struct dev_params *p, struct run_state *st)
{
	int rc;

	if (!match_any(dev, nr, idents, st->matched))
		return;
	/* size 0 is the region's idle seed: nothing to act on */
	if (!daxctl_dev_get_size(dev)) {
		if (nr == 1 && !strcmp(idents[0], "all"))
			return;
		log_err("%s: has size 0 (an idle seed device): nothing to do",
			daxctl_dev_get_devname(dev));
		st->failed++;
		return;
	}
	rc = do_action(dev, p);
	if (rc < 0) {
		st->failed++;
		return;
	}
	if (rc == 0)
		st->processed++;
	add_result(&st->jdevs, dev, p);
}

static int run_devices(struct daxctl_ctx *ctx, int nr, char **idents, const struct dev_params *p)
{
	struct run_state st = { 0 };
	struct daxctl_region *region;
	struct daxctl_dev *dev;
	int i;

	st.matched = calloc((size_t)nr, sizeof(int));
	if (!st.matched)
		return EXIT_FAIL;
	daxctl_region_foreach(ctx, region) {
		if (!dax_region_match(region, p->region))
			continue;
		daxctl_dev_foreach(region, dev)
			run_on_device(dev, nr, idents, p, &st);
	}
	for (i = 0; i < nr; i++) {
		if (st.matched[i] || !strcmp(idents[i], "all"))
			continue;
		log_err("%s: no such dax device%s%s (see daxctl list -i)", idents[i],
			p->region ? " in region " : "", p->region ? p->region : "");
		st.failed++;
	}
	free(st.matched);
	if (st.jdevs)
		dax_json_print_array(stdout, st.jdevs, p->flags);
	if (p->check)
		notice("checked %d device%s, nothing changed", st.processed,
		       st.processed == 1 ? "" : "s");
	else
		notice("%s %d device%s", actions[p->action].done, st.processed,
		       st.processed == 1 ? "" : "s");
	return st.failed ? EXIT_FAIL : EXIT_OK;
}

static int run_action(int argc, char **argv, struct daxctl_ctx *ctx, enum dev_action action)
{
	struct dev_params p = { .action = action };
	int rc;

	rc = parse_dev_options(argc, argv, &p, ctx);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	return run_devices(ctx, argc - optind, argv + optind, &p);
}

int cmd_reconfigure_device(int argc, char **argv, struct daxctl_ctx *ctx)
{
	return run_action(argc, argv, ctx, ACT_RECONFIG);
}

int cmd_online_memory(int argc, char **argv, struct daxctl_ctx *ctx)
{
	return run_action(argc, argv, ctx, ACT_ONLINE);
}

int cmd_offline_memory(int argc, char **argv, struct daxctl_ctx *ctx)
{
	return run_action(argc, argv, ctx, ACT_OFFLINE);
}

int cmd_enable_device(int argc, char **argv, struct daxctl_ctx *ctx)
{
	return run_action(argc, argv, ctx, ACT_ENABLE);
}

int cmd_disable_device(int argc, char **argv, struct daxctl_ctx *ctx)
{
	return run_action(argc, argv, ctx, ACT_DISABLE);
}
