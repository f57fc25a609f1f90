/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The journal of a `ndctl plan --apply`: what the apply is about to create,
 * step by step, kept on disk so that after a crash, a kill -9 or a power loss
 * `ndctl plan --recover` can tell exactly which namespaces the interrupted
 * apply created, and undo or complete them.
 *
 * Every planned namespace gets its uuid before the apply starts, and the
 * journal names it before the kernel sees it: the uuid is what ties a
 * namespace found after the crash to the apply that made it. A namespace
 * whose uuid is not in the journal is never the journal's.
 *
 * The file (version 1) is one JSON object; sizes are numbers, physical
 * addresses "0x..." strings (numbers are accepted too):
 *   { "journal":"ndctl plan --apply", "version":1, "state":"applying",
 *     "region":"region0", "region_start":"0x100000000", "region_size":1071644672,
 *     "align_before":16777216, "align":2097152, "pid":812,
 *     "started":1764089400, "updated":1764089410,
 *     "steps":[ { "name":"request#0", "label":"", "uuid":"...", "mode":"fsdax",
 *         "map":"dev", "size":18874368, "start":"0x100000000", "align":2097152,
 *         "sector_size":0, "data_start":"0x100200000", "data_size":16777216,
 *         "state":"done", "dev":"namespace0.1" } ] }
 *
 * Pure code: json-c formats and parses strings; no file is opened, nothing
 * is printed (the file I/O is ndctl/plan-journal.c).
 */
#ifndef UTIL_JOURNAL_H
#define UTIL_JOURNAL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model.h"

#define JOURNAL_VERSION		1
#define JOURNAL_MAX_STEPS	4096	/* far more than a region has label slots */
#define JOURNAL_ERR_LEN		160

enum journal_state {
	JOURNAL_APPLYING = 0,	/* started, not finished: a crash leaves it so */
	JOURNAL_FINISHED,	/* every step done (by the apply or by --recover --finish) */
	JOURNAL_ROLLED_BACK,	/* everything the apply made was destroyed again */
};

enum journal_step_state {
	JSTEP_PENDING = 0,	/* planned, not begun */
	JSTEP_STARTED,		/* about to be (or being) created */
	JSTEP_DONE,		/* created and verified */
	JSTEP_UNDONE,		/* created, then destroyed by a rollback */
};

struct journal_step {
	char name[MODEL_NAME_LEN];	/* the plan's name: "request#0", "db", "plan-filler-1" */
	char label[MODEL_NAME_LEN];	/* the name written to the label, may be "" */
	char uuid[MODEL_UUID_LEN];	/* always set */
	enum ns_mode mode;
	enum ns_map map;
	uint64_t size;
	uint64_t start;			/* predicted SPA start */
	uint64_t align;			/* pfn/dax align, 0 = default */
	uint64_t sector_size;
	uint64_t data_start;		/* fsdax/devdax prediction, 0 = not checked */
	uint64_t data_size;
	enum journal_step_state state;
	char dev[MODEL_DEV_LEN];	/* the namespace it became, "" until known */
};

struct journal {
	int version;
	enum journal_state state;
	char region[MODEL_DEV_LEN];
	uint64_t region_start;
	uint64_t region_size;
	uint64_t align_before;		/* region align before the apply */
	uint64_t align;			/* region align the plan needs (== before: unchanged) */
	int64_t pid;
	int64_t started;		/* seconds since the epoch */
	int64_t updated;
	int nr_steps;
	struct journal_step *steps;
};

/* the JSON text of @j (malloc'ed, NUL-terminated) in *text; 0 or -ENOMEM */
int journal_format(const struct journal *j, char **text);

/*
 * Parse journal text of @len bytes (need not be NUL-terminated). Returns 0
 * and fills @j (free with journal_free()), or -EINVAL / -ENOMEM with a
 * message in @err naming the byte offset or the key
 * ("steps[3].uuid: not a uuid"); @j is then empty.
 */
int journal_parse(const char *text, size_t len, struct journal *j, char *err, size_t errlen);

void journal_free(struct journal *j);

/* add a step (copied); 0, -ENOSPC past JOURNAL_MAX_STEPS, or -ENOMEM */
int journal_add_step(struct journal *j, const struct journal_step *step);

const char *journal_state_name(enum journal_state state);
const char *journal_step_state_name(enum journal_step_state state);

/* the apply neither finished nor was rolled back: there may be something to recover */
static inline bool journal_unfinished(const struct journal *j)
{
	return j->state == JOURNAL_APPLYING;
}

/* What a step of the journal is in the region now. */
enum journal_found {
	JFOUND_ABSENT = 0,	/* no namespace has the step's uuid */
	JFOUND_AS_PLANNED,	/* has its uuid, and the planned start, size, mode, data range */
	JFOUND_OTHER,		/* has its uuid, not (or not yet) as planned: a half-made step */
};

struct journal_match {
	enum journal_found found;
	int ns;			/* index into the namespaces, -1 when absent */
};

/*
 * Match every step of @j (out[i] for steps[i]) with the @nr namespaces of
 * the region as they are now, by uuid only: names, places and sizes can be
 * shared with namespaces the apply did not make, the uuid it chose cannot.
 * Returns how many steps have a namespace.
 */
int journal_match_namespaces(const struct journal *j, const struct model_namespace *ns, int nr,
			     struct journal_match *out);

#endif
