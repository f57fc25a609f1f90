// SPDX-License-Identifier: GPL-2.0
/*
 * The apply journal's text form and the matching of its steps with the
 * namespaces found after a crash. See journal.h for the format.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <json.h>
#include <uuid/uuid.h>
#include "infoblock.h"
#include "journal.h"
#include "json-read.h"

#define JOURNAL_MAGIC		"ndctl plan --apply"
#define JOURNAL_MAX_TEXT	(16u << 20)

static const char *const state_names[] = {
	[JOURNAL_APPLYING] = "applying",
	[JOURNAL_FINISHED] = "finished",
	[JOURNAL_ROLLED_BACK] = "rolled-back",
};

static const char *const step_state_names[] = {
	[JSTEP_PENDING] = "pending",
	[JSTEP_STARTED] = "started",
	[JSTEP_DONE] = "done",
	[JSTEP_UNDONE] = "undone",
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

const char *journal_state_name(enum journal_state state)
{
	return (unsigned)state < ARRAY_SIZE(state_names) ? state_names[state] : "unknown";
}

const char *journal_step_state_name(enum journal_step_state state)
{
	return (unsigned)state < ARRAY_SIZE(step_state_names) ? step_state_names[state] :
								 "unknown";
}

void journal_free(struct journal *j)
{
	free(j->steps);
	memset(j, 0, sizeof(*j));
}

int journal_add_step(struct journal *j, const struct journal_step *step)
{
	struct journal_step *v;

	if (j->nr_steps >= JOURNAL_MAX_STEPS)
		return -ENOSPC;
	v = realloc(j->steps, (size_t)(j->nr_steps + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	v[j->nr_steps++] = *step;
	j->steps = v;
	return 0;
}

/* ---- format ---- */

static struct json_object *new_addr(uint64_t addr)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%" PRIx64, addr);
	return json_object_new_string(buf);
}

/* json-c takes the reference even when the value is NULL; a NULL is caught at the end */
static bool add(struct json_object *obj, const char *key, struct json_object *val)
{
	if (!val)
		return false;
	return json_object_object_add(obj, key, val) == 0;
}

static bool add_u64(struct json_object *obj, const char *key, uint64_t val)
{
	/* every size and count of a journal is far below 2^63 */
	return add(obj, key, json_object_new_int64((int64_t)val));
}

static struct json_object *step_to_json(const struct journal_step *s)
{
	struct json_object *o = json_object_new_object();
	bool ok;

	if (!o)
		return NULL;
	ok = add(o, "name", json_object_new_string(s->name)) &&
	     add(o, "label", json_object_new_string(s->label)) &&
	     add(o, "uuid", json_object_new_string(s->uuid)) &&
	     add(o, "mode", json_object_new_string(ib_mode_name(s->mode))) &&
	     add(o, "map", json_object_new_string(ib_map_name(s->map))) &&
	     add_u64(o, "size", s->size) && add(o, "start", new_addr(s->start)) &&
	     add_u64(o, "align", s->align) && add_u64(o, "sector_size", s->sector_size) &&
	     add(o, "data_start", new_addr(s->data_start)) &&
	     add_u64(o, "data_size", s->data_size) &&
	     add(o, "state", json_object_new_string(journal_step_state_name(s->state))) &&
	     add(o, "dev", json_object_new_string(s->dev));
	if (!ok) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static struct json_object *journal_to_json(const struct journal *j)
{
	struct json_object *o = json_object_new_object(), *steps = json_object_new_array();
	bool ok;
	int i;

	if (!o || !steps) {
		json_object_put(o);
		json_object_put(steps);
		return NULL;
	}
	for (i = 0; i < j->nr_steps; i++) {
		struct json_object *s = step_to_json(&j->steps[i]);

		if (!s || json_object_array_add(steps, s)) {
			json_object_put(s);
			json_object_put(steps);
			json_object_put(o);
			return NULL;
		}
	}
	ok = add(o, "journal", json_object_new_string(JOURNAL_MAGIC)) &&
	     add(o, "version", json_object_new_int(JOURNAL_VERSION)) &&
	     add(o, "state", json_object_new_string(journal_state_name(j->state))) &&
	     add(o, "region", json_object_new_string(j->region)) &&
	     add(o, "region_start", new_addr(j->region_start)) &&
	     add_u64(o, "region_size", j->region_size) &&
	     add_u64(o, "align_before", j->align_before) && add_u64(o, "align", j->align) &&
	     add(o, "pid", json_object_new_int64(j->pid)) &&
	     add(o, "started", json_object_new_int64(j->started)) &&
	     add(o, "updated", json_object_new_int64(j->updated));
	if (!ok || json_object_object_add(o, "steps", steps)) {
		json_object_put(steps);
		json_object_put(o);
		return NULL;
	}
	return o;
}

int journal_format(const struct journal *j, char **text)
{
	struct json_object *o = journal_to_json(j);
	const char *s;

	*text = NULL;
	if (!o)
		return -ENOMEM;
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
						      JSON_C_TO_STRING_SPACED |
						      JSON_C_TO_STRING_NOSLASHESCAPE);
	if (s) {
		size_t n = strlen(s);

		*text = malloc(n + 2);
		if (*text) {
			memcpy(*text, s, n);
			(*text)[n] = '\n';
			(*text)[n + 1] = '\0';
		}
	}
	json_object_put(o);
	return *text ? 0 : -ENOMEM;
}

/* ---- parse ---- */

static int parse_step(struct jr_ctx *c, struct json_object *o, struct journal_step *s)
{
	const unsigned req = JR_REQUIRED;
	char buf[16];
	uuid_t uu;
	int rc, state = 0;

	memset(s, 0, sizeof(*s));
	rc = jr_want_object(c, o, "");
	rc = rc ?: jr_str(c, o, "name", req, s->name, sizeof(s->name));
	rc = rc ?: jr_str(c, o, "label", req, s->label, sizeof(s->label));
	rc = rc ?: jr_str(c, o, "uuid", req, s->uuid, sizeof(s->uuid));
	if (!rc && (strlen(s->uuid) != 36 || uuid_parse(s->uuid, uu)))
		rc = jr_fail(c, "uuid", "'%s' is not a uuid", s->uuid);
	rc = rc ?: jr_str(c, o, "mode", req, buf, sizeof(buf));
	if (!rc && ib_mode_parse(buf, &s->mode))
		rc = jr_fail(c, "mode", "unknown mode '%s'", buf);
	rc = rc ?: jr_str(c, o, "map", req, buf, sizeof(buf));
	if (!rc && ib_map_parse(buf, &s->map))
		rc = jr_fail(c, "map", "unknown map '%s'", buf);
	rc = rc ?: jr_u64(c, o, "size", req, &s->size);
	rc = rc ?: jr_u64(c, o, "start", req, &s->start);
	rc = rc ?: jr_u64(c, o, "align", req, &s->align);
	rc = rc ?: jr_u64(c, o, "sector_size", req, &s->sector_size);
	rc = rc ?: jr_u64(c, o, "data_start", req, &s->data_start);
	rc = rc ?: jr_u64(c, o, "data_size", req, &s->data_size);
	rc = rc ?: JR_ENUM(c, o, "state", req, step_state_names, &state);
	rc = rc ?: jr_str(c, o, "dev", req, s->dev, sizeof(s->dev));
	if (!rc && (s->size == 0 || s->start + s->size < s->start))
		rc = jr_fail(c, "size", "0x%" PRIx64 " at 0x%" PRIx64 " is not a range", s->size,
			     s->start);
	s->state = (enum journal_step_state)state;
	return rc;
}

static int parse_root(struct jr_ctx *c, struct json_object *root, void *arg)
{
	struct journal *j = arg;
	const unsigned req = JR_REQUIRED;
	struct json_object *steps;
	char magic[32];
	int64_t version = 0;
	int rc, state = 0;
	size_t i, n;

	rc = jr_want_object(c, root, "journal");
	rc = rc ?: jr_str(c, root, "journal", req, magic, sizeof(magic));
	if (!rc && strcmp(magic, JOURNAL_MAGIC))
		rc = jr_fail(c, "journal", "'%s' is not an apply journal", magic);
	rc = rc ?: jr_i64(c, root, "version", req, INT64_MIN, INT64_MAX, &version);
	if (!rc && version != JOURNAL_VERSION)
		rc = jr_fail(c, "version", "%" PRId64 " is not supported (only %d)", version,
			     JOURNAL_VERSION);
	rc = rc ?: JR_ENUM(c, root, "state", req, state_names, &state);
	rc = rc ?: jr_str(c, root, "region", req, j->region, sizeof(j->region));
	rc = rc ?: jr_u64(c, root, "region_start", req, &j->region_start);
	rc = rc ?: jr_u64(c, root, "region_size", req, &j->region_size);
	rc = rc ?: jr_u64(c, root, "align_before", req, &j->align_before);
	rc = rc ?: jr_u64(c, root, "align", req, &j->align);
	rc = rc ?: jr_i64(c, root, "pid", req, INT64_MIN, INT64_MAX, &j->pid);
	rc = rc ?: jr_i64(c, root, "started", req, INT64_MIN, INT64_MAX, &j->started);
	rc = rc ?: jr_i64(c, root, "updated", req, INT64_MIN, INT64_MAX, &j->updated);
	rc = rc ?: jr_array(c, root, "steps", req, JOURNAL_MAX_STEPS, &steps, &n);
	if (rc)
		return rc;
	j->version = (int)version;
	j->state = (enum journal_state)state;
	j->steps = calloc(n + 1, sizeof(*j->steps));
	if (!j->steps)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		jr_enter(c, "steps", i);
		rc = parse_step(c, json_object_array_get_idx(steps, i), &j->steps[i]);
		if (rc)
			return rc;
		jr_leave(c, 0);
		j->nr_steps++;
	}
	return 0;
}

int journal_parse(const char *text, size_t len, struct journal *j, char *err, size_t errlen)
{
	int rc;

	memset(j, 0, sizeof(*j));
	rc = jr_parse(text, len, JOURNAL_MAX_TEXT, err, errlen, parse_root, j);
	if (rc)
		journal_free(j);
	return rc;
}

/* ---- matching ---- */

static bool as_planned(const struct journal_step *s, const struct model_namespace *ns)
{
	if (ns->start != s->start || ns->size != s->size || ns->mode != s->mode)
		return false;
	if (strcmp(ns->name, s->label))
		return false;
	if (s->mode != NS_MODE_FSDAX && s->mode != NS_MODE_DEVDAX)
		return true;
	/* a pfn/dax device the kernel did not enable reports no data range */
	if (s->data_start && ns->data_start != s->data_start)
		return false;
	return !s->data_size || ns->data_size == s->data_size;
}

int journal_match_namespaces(const struct journal *j, const struct model_namespace *ns, int nr,
			     struct journal_match *out)
{
	int i, k, found = 0;

	for (i = 0; i < j->nr_steps; i++) {
		const struct journal_step *s = &j->steps[i];

		out[i].found = JFOUND_ABSENT;
		out[i].ns = -1;
		for (k = 0; k < nr; k++) {
			if (!ns[k].size || strcasecmp(ns[k].uuid, s->uuid))
				continue;
			out[i].ns = k;
			out[i].found = as_planned(s, &ns[k]) ? JFOUND_AS_PLANNED : JFOUND_OTHER;
			found++;
			break;
		}
	}
	return found;
}
