/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The apply journal on disk (plan-journal.c) and `ndctl plan --recover`
 * (plan-recover.c). The journal's content and matching are util/journal.c.
 *
 * One journal per region: DIR/regionN.journal, replaced atomically (a new
 * file is written and fsync'd, renamed over the old one, and the directory
 * fsync'd), so after a power loss it is either the previous or the next
 * version, never a mix. DIR/regionN.lock is flock'ed by an apply or a
 * recover for its whole run: a journal whose lock is free while it says
 * "applying" belongs to an apply that died.
 */
#ifndef NDCTL_PLAN_JOURNAL_H
#define NDCTL_PLAN_JOURNAL_H
#include <limits.h>
#include <stdbool.h>
#include "journal.h"

#define PLAN_JOURNAL_DIR	"/var/lib/ndctl-subsection"
#define PLAN_JOURNAL_ENV	"NDCTL_JOURNAL_DIR"

struct ndctl_ctx;

/* --journal-dir wins, then $NDCTL_JOURNAL_DIR, then PLAN_JOURNAL_DIR */
void plan_journal_set_dir(const char *dir);
const char *plan_journal_dir(void);

struct plan_journal_file {
	char dir[PATH_MAX];
	char path[PATH_MAX];
	char region[32];
	int lock_fd;
	bool loaded;		/* j holds the file's content (or a new journal) */
	struct journal j;
};

/*
 * Take the region's journal lock, creating the directory when @create.
 * -EBUSY (logged) when another apply or recover holds it; -ENOENT when the
 * directory does not exist and !@create; other errors are logged.
 */
int plan_journal_open(struct plan_journal_file *f, const char *region, bool create);

/* Read the journal: 0, -ENOENT when there is none, -EINVAL (logged) when unreadable. */
int plan_journal_load(struct plan_journal_file *f);

/* Write f->j durably (updates j.updated); 0 or -errno (logged). */
int plan_journal_save(struct plan_journal_file *f);

/* Release the lock and the journal in memory. */
void plan_journal_close(struct plan_journal_file *f);

/* "2026-11-25 16:50:01 UTC" */
char *plan_journal_time(char *buf, size_t len, int64_t t);

/* plan-recover.c */
struct plan_recover_opts {
	bool recover;
	const char *region;	/* NULL: the only unfinished journal in the directory */
	bool rollback;
	bool finish;
	bool json;
};

/* exit status: 0 nothing to do or done, 1 failed, 2 usage */
int plan_recover(const struct plan_recover_opts *o, struct ndctl_ctx *ctx);

#endif
