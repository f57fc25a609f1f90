// SPDX-License-Identifier: GPL-2.0
/*
 * Keep libkmod's module indexes loaded for the libndctl and libdaxctl
 * contexts of this process.
 *
 * Why: as libndctl (76.1) and libdaxctl enumerate devices they look up each
 * device's module by its modalias (kmod_module_new_from_lookup()). Their
 * kmod context is made by kmod_new() and its indexes are never loaded, so
 * every lookup opens modules.alias.bin, reads the header and walks the trie
 * with lseek+read, then closes it: about twenty system calls per device.
 * With 24 fsdax namespaces present one create-namespace made ~1180 such
 * calls out of ~4600, upstream's ndctl the same (bench/results/profile.md).
 * kmod_load_resources() is libkmod's documented answer for "several
 * lookups": it maps the indexes once and the lookups then walk memory.
 *
 * How: the libraries do not hand out their kmod context, so this file
 * defines kmod_new() in the executable. The dynamic linker binds the
 * libraries' calls to this definition (an executable's symbols come first
 * in the lookup scope), which makes the context with libkmod's own
 * kmod_new() and then loads its indexes. Nothing else changes: a failed
 * load (no modules directory, an index missing) leaves the context as
 * libkmod made it, and lookups fall back to reading the files as before.
 * NDCTL_KMOD_INDEXES=0 in the environment turns the load off (to compare).
 *
 * Only the two tools link this file (Makefile.am); the unit tests and fuzz
 * targets use libkmod's kmod_new() unchanged.
 */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <libkmod.h>

typedef struct kmod_ctx *(*kmod_new_fn)(const char *dirname, const char *const *config_paths);

static kmod_new_fn libkmod_kmod_new(void)
{
	static kmod_new_fn fn;

	if (!fn)
		fn = (kmod_new_fn)dlsym(RTLD_NEXT, "kmod_new");
	return fn;
}

static int indexes_wanted(void)
{
	const char *v = getenv("NDCTL_KMOD_INDEXES");

	return !v || strcmp(v, "0") != 0;
}

struct kmod_ctx *kmod_new(const char *dirname, const char *const *config_paths)
{
	kmod_new_fn real = libkmod_kmod_new();
	struct kmod_ctx *ctx;

	if (!real)
		return NULL;
	ctx = real(dirname, config_paths);
	/* on failure libkmod unloads what it loaded; lookups then read the files */
	if (ctx && indexes_wanted())
		kmod_load_resources(ctx);
	return ctx;
}
