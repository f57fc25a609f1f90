// SPDX-License-Identifier: GPL-2.0
/*
 * The apply journal's text form and the matching of its steps with the
 * namespaces found after a crash. See journal.h for the format.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <json.h>
#include <uuid/uuid.h>
#include "infoblock.h"
#include "journal.h"

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

struct reader {
	char *err;
	size_t errlen;
	char where[48];		/* "" or "steps[3]." */
};

static int bad(struct reader *rd, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(struct reader *rd, const char *key, const char *fmt, ...)
{
	char msg[112];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (rd->errlen)
		snprintf(rd->err, rd->errlen, "%s%s: %s", rd->where, key, msg);
	return -EINVAL;
}

static struct json_object *need(struct reader *rd, struct json_object *obj, const char *key,
				json_type type, int *rc)
{
	struct json_object *v;

	if (!json_object_object_get_ex(obj, key, &v) || !v) {
		*rc = bad(rd, key, "missing");
		return NULL;
	}
	if (!json_object_is_type(v, type)) {
		*rc = bad(rd, key, "expected %s", json_type_to_name(type));
		return NULL;
	}
	*rc = 0;
	return v;
}

/* a non-negative number, or a "0x..." / decimal string */
static int get_u64(struct reader *rd, struct json_object *obj, const char *key, uint64_t *out)
{
	struct json_object *v;
	const char *s;
	char *end;

	if (!json_object_object_get_ex(obj, key, &v) || !v)
		return bad(rd, key, "missing");
	if (json_object_is_type(v, json_type_int)) {
		int64_t n = json_object_get_int64(v);

		if (n < 0)
			return bad(rd, key, "negative");
		*out = (uint64_t)n;
		return 0;
	}
	if (!json_object_is_type(v, json_type_string))
		return bad(rd, key, "expected a number");
	s = json_object_get_string(v);
	if (!isdigit((unsigned char)s[0]))
		return bad(rd, key, "'%.32s' is not a number", s);
	errno = 0;
	*out = strtoull(s, &end, 0);
	if (errno || *end)
		return bad(rd, key, "'%.32s' is not a number", s);
	return 0;
}

static int get_i64(struct reader *rd, struct json_object *obj, const char *key, int64_t *out)
{
	int rc;
	struct json_object *v = need(rd, obj, key, json_type_int, &rc);

	if (v)
		*out = json_object_get_int64(v);
	return rc;
}

static int get_str(struct reader *rd, struct json_object *obj, const char *key, char *buf,
		   size_t len)
{
	int rc;
	struct json_object *v = need(rd, obj, key, json_type_string, &rc);
	const char *s;

	if (!v)
		return rc;
	s = json_object_get_string(v);
	if (strlen(s) >= len)
		return bad(rd, key, "longer than %zu bytes", len - 1);
	memcpy(buf, s, strlen(s) + 1);
	return 0;
}

static int get_enum(struct reader *rd, struct json_object *obj, const char *key,
		    const char *const *names, size_t nr, int *out)
{
	char buf[32];
	size_t i;
	int rc = get_str(rd, obj, key, buf, sizeof(buf));

	if (rc)
		return rc;
	for (i = 0; i < nr; i++) {
		if (names[i] && strcmp(names[i], buf) == 0) {
			*out = (int)i;
			return 0;
		}
	}
	return bad(rd, key, "unknown value '%s'", buf);
}

static int parse_step(struct reader *rd, struct json_object *o, struct journal_step *s)
{
	char buf[16];
	uuid_t uu;
	int rc, state = 0;

	if (!json_object_is_type(o, json_type_object))
		return bad(rd, "", "expected an object");
	memset(s, 0, sizeof(*s));
	rc = get_str(rd, o, "name", s->name, sizeof(s->name));
	rc = rc ?: get_str(rd, o, "label", s->label, sizeof(s->label));
	rc = rc ?: get_str(rd, o, "uuid", s->uuid, sizeof(s->uuid));
	if (!rc && (strlen(s->uuid) != 36 || uuid_parse(s->uuid, uu)))
		rc = bad(rd, "uuid", "'%s' is not a uuid", s->uuid);
	rc = rc ?: get_str(rd, o, "mode", buf, sizeof(buf));
	if (!rc && ib_mode_parse(buf, &s->mode))
		rc = bad(rd, "mode", "unknown mode '%s'", buf);
	rc = rc ?: get_str(rd, o, "map", buf, sizeof(buf));
	if (!rc && ib_map_parse(buf, &s->map))
		rc = bad(rd, "map", "unknown map '%s'", buf);
	rc = rc ?: get_u64(rd, o, "size", &s->size);
	rc = rc ?: get_u64(rd, o, "start", &s->start);
	rc = rc ?: get_u64(rd, o, "align", &s->align);
	rc = rc ?: get_u64(rd, o, "sector_size", &s->sector_size);
	rc = rc ?: get_u64(rd, o, "data_start", &s->data_start);
	rc = rc ?: get_u64(rd, o, "data_size", &s->data_size);
	rc = rc ?: get_enum(rd, o, "state", step_state_names, ARRAY_SIZE(step_state_names), &state);
	rc = rc ?: get_str(rd, o, "dev", s->dev, sizeof(s->dev));
	if (!rc && (s->size == 0 || s->start + s->size < s->start))
		rc = bad(rd, "size", "0x%" PRIx64 " at 0x%" PRIx64 " is not a range", s->size,
			 s->start);
	s->state = (enum journal_step_state)state;
	return rc;
}

static int parse_root(struct reader *rd, struct json_object *root, struct journal *j)
{
	struct json_object *steps;
	char magic[32];
	int64_t version = 0;
	int rc, state = 0;
	size_t i, n;

	if (!json_object_is_type(root, json_type_object))
		return bad(rd, "journal", "expected an object");
	rc = get_str(rd, root, "journal", magic, sizeof(magic));
	if (!rc && strcmp(magic, JOURNAL_MAGIC))
		rc = bad(rd, "journal", "'%s' is not an apply journal", magic);
	rc = rc ?: get_i64(rd, root, "version", &version);
	if (!rc && version != JOURNAL_VERSION)
		rc = bad(rd, "version", "%" PRId64 " is not supported (only %d)", version,
			 JOURNAL_VERSION);
	rc = rc ?: get_enum(rd, root, "state", state_names, ARRAY_SIZE(state_names), &state);
	rc = rc ?: get_str(rd, root, "region", j->region, sizeof(j->region));
	rc = rc ?: get_u64(rd, root, "region_start", &j->region_start);
	rc = rc ?: get_u64(rd, root, "region_size", &j->region_size);
	rc = rc ?: get_u64(rd, root, "align_before", &j->align_before);
	rc = rc ?: get_u64(rd, root, "align", &j->align);
	rc = rc ?: get_i64(rd, root, "pid", &j->pid);
	rc = rc ?: get_i64(rd, root, "started", &j->started);
	rc = rc ?: get_i64(rd, root, "updated", &j->updated);
	if (rc)
		return rc;
	j->version = (int)version;
	j->state = (enum journal_state)state;
	steps = need(rd, root, "steps", json_type_array, &rc);
	if (!steps)
		return rc;
	n = json_object_array_length(steps);
	if (n > JOURNAL_MAX_STEPS)
		return bad(rd, "steps", "more than %d", JOURNAL_MAX_STEPS);
	j->steps = calloc(n + 1, sizeof(*j->steps));
	if (!j->steps)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		snprintf(rd->where, sizeof(rd->where), "steps[%zu].", i);
		rc = parse_step(rd, json_object_array_get_idx(steps, i), &j->steps[i]);
		if (rc)
			return rc;
		j->nr_steps++;
	}
	return 0;
}

int journal_parse(const char *text, size_t len, struct journal *j, char *err, size_t errlen)
{
	struct reader rd = { .err = err, .errlen = errlen };
	enum json_tokener_error jerr;
	struct json_tokener *tok;
	struct json_object *root;
	size_t off;
	int rc;

	memset(j, 0, sizeof(*j));
	if (errlen)
		err[0] = '\0';
	if (len > JOURNAL_MAX_TEXT) {
		snprintf(err, errlen, "larger than %u bytes", JOURNAL_MAX_TEXT);
		return -EINVAL;
	}
	tok = json_tokener_new();
	if (!tok)
		return -ENOMEM;
	root = json_tokener_parse_ex(tok, text, (int)len);
	jerr = json_tokener_get_error(tok);
	off = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (!root || jerr != json_tokener_success) {
		if (jerr == json_tokener_continue || jerr == json_tokener_success)
			snprintf(err, errlen, "byte %zu: unexpected end of data (truncated?)", len);
		else
			snprintf(err, errlen, "byte %zu: %s", off, json_tokener_error_desc(jerr));
		json_object_put(root);
		return -EINVAL;
	}
	for (; off < len; off++) {
		if (!isspace((unsigned char)text[off])) {
			snprintf(err, errlen, "byte %zu: unexpected data after the end", off);
			json_object_put(root);
			return -EINVAL;
		}
	}
	rc = parse_root(&rd, root, j);
	json_object_put(root);
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
