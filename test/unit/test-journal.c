// SPDX-License-Identifier: GPL-2.0
/* the apply journal: format/parse round trip, bad files, matching by uuid */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "journal.h"

#define MiB (1ULL << 20)
#define BASE 0x100000000ULL

static const char *const uuids[] = {
	"0b4e2c3a-1f6d-4c8e-9a7b-2d5e6f708192",
	"1c5f3d4b-2a7e-4d9f-8b8c-3e6f70819203",
	"2d6a4e5c-3b8f-4e0a-9c9d-4f7081920314",
};

static void fill(struct journal *j)
{
	int i;

	memset(j, 0, sizeof(*j));
	j->version = JOURNAL_VERSION;
	j->state = JOURNAL_APPLYING;
	snprintf(j->region, sizeof(j->region), "region0");
	j->region_start = BASE;
	j->region_size = 1022 * MiB;
	j->align_before = 16 * MiB;
	j->align = 2 * MiB;
	j->pid = 812;
	j->started = 1764089400;
	j->updated = 1764089410;
	for (i = 0; i < 3; i++) {
		struct journal_step s;

		memset(&s, 0, sizeof(s));
		snprintf(s.name, sizeof(s.name), "request#%d", i);
		snprintf(s.uuid, sizeof(s.uuid), "%s", uuids[i]);
		s.mode = i == 2 ? NS_MODE_RAW : NS_MODE_FSDAX;
		s.map = i == 1 ? NS_MAP_MEM : NS_MAP_DEV;
		s.size = (18 + 2 * i) * MiB;
		s.start = BASE + (uint64_t)i * 20 * MiB;
		if (s.mode == NS_MODE_FSDAX) {
			s.align = 2 * MiB;
			s.data_start = s.start + 2 * MiB;
			s.data_size = s.size - 2 * MiB;
		}
		s.state = i == 0 ? JSTEP_DONE : i == 1 ? JSTEP_STARTED : JSTEP_PENDING;
		if (i == 0)
			snprintf(s.dev, sizeof(s.dev), "namespace0.1");
		if (i == 1)
			snprintf(s.label, sizeof(s.label), "db \"main\"");
		assert_int_equal(journal_add_step(j, &s), 0);
	}
}

static void test_round_trip(void **state)
{
	struct journal j, back;
	char *text = NULL, *again = NULL, err[JOURNAL_ERR_LEN];

	(void)state;
	fill(&j);
	assert_int_equal(journal_format(&j, &text), 0);
	assert_int_equal(journal_parse(text, strlen(text), &back, err, sizeof(err)), 0);
	assert_string_equal(err, "");
	assert_int_equal(back.version, JOURNAL_VERSION);
	assert_int_equal(back.state, JOURNAL_APPLYING);
	assert_true(journal_unfinished(&back));
	assert_string_equal(back.region, "region0");
	assert_int_equal(back.region_start, BASE);
	assert_int_equal(back.region_size, 1022 * MiB);
	assert_int_equal(back.align_before, 16 * MiB);
	assert_int_equal(back.align, 2 * MiB);
	assert_int_equal(back.pid, 812);
	assert_int_equal(back.started, 1764089400);
	assert_int_equal(back.nr_steps, 3);
	assert_memory_equal(back.steps, j.steps, 3 * sizeof(*j.steps));
	/* the text is stable: formatting what was parsed gives the same bytes */
	assert_int_equal(journal_format(&back, &again), 0);
	assert_string_equal(text, again);
	assert_non_null(strstr(text, "\"start\": \"0x100000000\""));
	free(text);
	free(again);
	journal_free(&back);
	journal_free(&j);
}

static void test_states(void **state)
{
	struct journal j, back;
	char *text = NULL, err[JOURNAL_ERR_LEN];
	int s;

	(void)state;
	for (s = JOURNAL_APPLYING; s <= JOURNAL_ROLLED_BACK; s++) {
		fill(&j);
		j.state = (enum journal_state)s;
		j.steps[2].state = JSTEP_UNDONE;
		assert_int_equal(journal_format(&j, &text), 0);
		assert_int_equal(journal_parse(text, strlen(text), &back, err, sizeof(err)), 0);
		assert_int_equal(back.state, s);
		assert_int_equal(back.steps[2].state, JSTEP_UNDONE);
		assert_int_equal(journal_unfinished(&back), s == JOURNAL_APPLYING);
		free(text);
		journal_free(&back);
		journal_free(&j);
	}
	assert_string_equal(journal_state_name(JOURNAL_ROLLED_BACK), "rolled-back");
	assert_string_equal(journal_step_state_name(JSTEP_STARTED), "started");
	assert_string_equal(journal_state_name((enum journal_state)42), "unknown");
}

/* replace the first occurrence of @from in the good text by @to */
static char *mutate(const char *from, const char *to)
{
	struct journal j;
	char *text = NULL, *out, *at;

	fill(&j);
	assert_int_equal(journal_format(&j, &text), 0);
	journal_free(&j);
	at = strstr(text, from);
	assert_non_null(at);
	out = malloc(strlen(text) + strlen(to) + 1);
	assert_non_null(out);
	memcpy(out, text, (size_t)(at - text));
	strcpy(out + (at - text), to);
	strcat(out, at + strlen(from));
	free(text);
	return out;
}

struct bad_case {
	const char *from, *to;	/* from == NULL: @to is the whole text */
	const char *err;	/* expected start of the message */
};

static const struct bad_case bad_cases[] = {
	{ NULL, "", "byte 0: unexpected end of data" },
	{ NULL, "{\"journal\":", "byte 11: unexpected end of data" },
	{ NULL, "[]", "journal: expected an object" },
	{ NULL, "{} x", "byte 3: unexpected data after the end" },
	{ "\"ndctl plan --apply\"", "\"something else\"", "journal: 'something else' is not" },
	{ "\"version\": 1", "\"version\": 2", "version: 2 is not supported" },
	{ "\"version\": 1", "\"version\": \"1\"", "version: expected an integer" },
	{ "\"state\": \"applying\"", "\"state\": \"halfway\"", "state: unknown value 'halfway'" },
	{ "\"region\": \"region0\",", "", "region: missing" },
	{ "\"region_size\": 1071644672", "\"region_size\": -1", "region_size: -1 is negative" },
	{ "\"region_start\": \"0x100000000\"", "\"region_start\": \"0xzz\"",
	  "region_start: expected a number, not '0xzz'" },
	{ "\"region_start\": \"0x100000000\"", "\"region_start\": true",
	  "region_start: expected a number" },
	{ "\"steps\": [", "\"steps\": 3, \"x\": [", "steps: expected an array" },
	{ "\"pid\": ", "\"pid\": 1.5, \"x\": ", "pid: expected an integer" },
	{ "\"steps\": [", "\"steps\": [7, ", "steps[0]: expected an object" },
	{ "\"label\": ", "\"label\": 5, \"x\": ", "steps[0].label: expected a string" },
	{ "\"region\": \"region0\",", "\"region\": \"region0123456789012345678901234567\",",
	  "region: longer than 31 bytes" },
	{ "0b4e2c3a-1f6d-4c8e-9a7b-2d5e6f708192", "not-a-uuid",
	  "steps[0].uuid: 'not-a-uuid' is not a uuid" },
	{ "\"mode\": \"fsdax\"", "\"mode\": \"floppy\"", "steps[0].mode: unknown mode 'floppy'" },
	{ "\"map\": \"dev\"", "\"map\": \"disk\"", "steps[0].map: unknown map 'disk'" },
	{ "\"size\": 18874368", "\"size\": 0", "steps[0].size: 0x0 at 0x100000000 is not a range" },
	{ "\"state\": \"done\"", "\"state\": \"maybe\"", "steps[0].state: unknown value 'maybe'" },
	{ "\"dev\": \"namespace0.1\"",
	  "\"dev\": \"namespace0.1xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"",
	  "steps[0].dev: longer than 31 bytes" },
	/* the path moves on with the steps, and a required enum takes no "" */
	{ "2d6a4e5c-3b8f-4e0a-9c9d-4f7081920314", "2d6a", "steps[2].uuid: '2d6a' is not a uuid" },
	{ "\"state\": \"pending\"", "\"state\": \"\"", "steps[2].state: unknown value ''" },
};

static void test_bad(void **state)
{
	char err[JOURNAL_ERR_LEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		char *text = c->from ? mutate(c->from, c->to) : strdup(c->to);
		struct journal j;

		assert_non_null(text);
		assert_int_equal(journal_parse(text, strlen(text), &j, err, sizeof(err)), -EINVAL);
		if (strncmp(err, c->err, strlen(c->err)))
			fail_msg("case %zu: got '%s', want '%s...'", i, err, c->err);
		assert_null(j.steps);
		assert_int_equal(j.nr_steps, 0);
		free(text);
	}
}

/* every truncation of a good journal is refused, never half-read */
static void test_truncated(void **state)
{
	struct journal j, back;
	char *text = NULL, err[JOURNAL_ERR_LEN];
	size_t n, len;

	(void)state;
	fill(&j);
	assert_int_equal(journal_format(&j, &text), 0);
	journal_free(&j);
	len = strlen(text);
	while (len && text[len - 1] == '\n')
		len--;
	for (n = 0; n < len; n++)
		assert_int_equal(journal_parse(text, n, &back, err, sizeof(err)), -EINVAL);
	assert_int_equal(journal_parse(text, len, &back, err, sizeof(err)), 0);
	journal_free(&back);
	free(text);
}

static void test_too_many_steps(void **state)
{
	struct journal j;
	struct journal_step s;
	int i;

	(void)state;
	memset(&j, 0, sizeof(j));
	memset(&s, 0, sizeof(s));
	for (i = 0; i < JOURNAL_MAX_STEPS; i++)
		assert_int_equal(journal_add_step(&j, &s), 0);
	assert_int_equal(journal_add_step(&j, &s), -ENOSPC);
	journal_free(&j);
}

static void ns_from_step(struct model_namespace *ns, const struct journal_step *s,
			 const char *dev)
{
	memset(ns, 0, sizeof(*ns));
	snprintf(ns->dev, sizeof(ns->dev), "%s", dev);
	snprintf(ns->name, sizeof(ns->name), "%s", s->label);
	snprintf(ns->uuid, sizeof(ns->uuid), "%s", s->uuid);
	ns->mode = s->mode;
	ns->map = s->map;
	ns->start = s->start;
	ns->size = s->size;
	ns->data_start = s->data_start;
	ns->data_size = s->data_size;
	ns->enabled = true;
}

static void test_match(void **state)
{
	struct model_namespace ns[4];
	struct journal_match m[3];
	struct journal j;

	(void)state;
	fill(&j);
	/* a namespace the apply did not make, at the same place as step 2 */
	ns_from_step(&ns[0], &j.steps[2], "namespace0.0");
	snprintf(ns[0].uuid, sizeof(ns[0].uuid), "ffffffff-1f6d-4c8e-9a7b-2d5e6f708192");
	/* step 0 as planned (uuid in upper case, as some tools print it) */
	ns_from_step(&ns[1], &j.steps[0], "namespace0.1");
	ns[1].uuid[3] = 'E';
	/* step 1 half made: the label exists, the pfn device was never enabled */
	ns_from_step(&ns[2], &j.steps[1], "namespace0.2");
	ns[2].mode = NS_MODE_RAW;
	ns[2].data_start = ns[2].data_size = 0;
	/* an idle seed that still carries step 2's uuid is not a namespace */
	ns_from_step(&ns[3], &j.steps[2], "namespace0.3");
	ns[3].size = 0;

	assert_int_equal(journal_match_namespaces(&j, ns, 4, m), 2);
	assert_int_equal(m[0].found, JFOUND_AS_PLANNED);
	assert_int_equal(m[0].ns, 1);
	assert_int_equal(m[1].found, JFOUND_OTHER);
	assert_int_equal(m[1].ns, 2);
	assert_int_equal(m[2].found, JFOUND_ABSENT);
	assert_int_equal(m[2].ns, -1);

	/* the right uuid but another data range, or another name: not as planned */
	ns_from_step(&ns[2], &j.steps[1], "namespace0.2");
	ns[2].data_start += 2 * MiB;
	assert_int_equal(journal_match_namespaces(&j, ns, 3, m), 2);
	assert_int_equal(m[1].found, JFOUND_OTHER);
	ns_from_step(&ns[2], &j.steps[1], "namespace0.2");
	assert_int_equal(journal_match_namespaces(&j, ns, 3, m), 2);
	assert_int_equal(m[1].found, JFOUND_AS_PLANNED);
	ns[2].name[0] = '\0';
	assert_int_equal(journal_match_namespaces(&j, ns, 3, m), 2);
	assert_int_equal(m[1].found, JFOUND_OTHER);

	/* nothing there at all */
	assert_int_equal(journal_match_namespaces(&j, NULL, 0, m), 0);
	journal_free(&j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_too_many_steps),
		cmocka_unit_test(test_match),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
