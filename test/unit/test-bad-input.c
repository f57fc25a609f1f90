// SPDX-License-Identifier: GPL-2.0
/*
 * The parser rows of the bad-input catalogue (test/bad-input/catalogue.tsv),
 * fed straight to the parsers the tools use: size_parse, request_parse,
 * request_parse_json and topology_parse. Each must fail with the catalogued
 * errno, give back nothing, and say what is wrong: the message holds the
 * row's error class, a request's message names the request, and a JSON syntax
 * error names a byte offset inside the document.
 *
 * The table is found through $NDCTL_SRC or $srcdir (both set by `make
 * check`), or the current directory.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "size.h"
#include "request.h"
#include "topology.h"

#define CATALOGUE "test/bad-input/catalogue.tsv"
#define MAX_ROWS 512
#define MAX_INPUT (1 << 20)
#define ERR_LEN 256

struct row {
	int line;
	char *id, *class, *parser, *err_name, *input;
	int want; /* negative errno */
};

static char src_dir[4096];
/* the current row's input, freed by the teardown also when a check fails (longjmp) */
static char *row_buf;
static struct row rows[MAX_ROWS];
static int nr_rows, nr_all_rows;

static const char *source_dir(void)
{
	const char *dir = getenv("NDCTL_SRC");

	if (!dir || !*dir)
		dir = getenv("srcdir");
	if (!dir || !*dir)
		dir = ".";
	return dir;
}

/* read a whole file; NULL when it cannot be read */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	if (!f)
		return NULL;
	buf = malloc(MAX_INPUT + 1);
	if (buf) {
		*len = fread(buf, 1, MAX_INPUT, f);
		buf[*len] = '\0';
	}
	fclose(f);
	return buf;
}

static int hex_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* the input column's C escapes (\xHH, \t, \n, \\) decoded in place; returns the length */
static size_t unescape(char *s)
{
	char *in = s, *out = s;

	for (; *in; in++) {
		if (*in != '\\' || !in[1]) {
			*out++ = *in;
			continue;
		}
		in++;
		if (*in == 'x' && hex_val(in[1]) >= 0 && hex_val(in[2]) >= 0) {
			*out++ = (char)(hex_val(in[1]) * 16 + hex_val(in[2]));
			in += 2;
		} else if (*in == 't') {
			*out++ = '\t';
		} else if (*in == 'n') {
			*out++ = '\n';
		} else {
			*out++ = *in;
		}
	}
	*out = '\0';
	return (size_t)(out - s);
}

static int errno_value(const char *name)
{
	if (!strcmp(name, "EINVAL"))
		return -EINVAL;
	if (!strcmp(name, "ERANGE"))
		return -ERANGE;
	if (!strcmp(name, "ENOMEM"))
		return -ENOMEM;
	return 0;
}

/* split one line at tabs; returns the number of fields */
static int split_tabs(char *line, char **field, int max)
{
	int n = 0;

	while (n < max) {
		field[n++] = line;
		line = strchr(line, '\t');
		if (!line)
			break;
		*line++ = '\0';
	}
	return n;
}

static int load_catalogue(void)
{
	char path[4200], *text, *line, *next;
	size_t len;

	snprintf(src_dir, sizeof(src_dir), "%s", source_dir());
	snprintf(path, sizeof(path), "%s/%s", src_dir, CATALOGUE);
	text = slurp(path, &len);
	if (!text) {
		fprintf(stderr, "cannot read %s (set NDCTL_SRC to the source tree)\n", path);
		return -1;
	}
	/* text stays allocated: the rows point into it */
	for (line = text, next = NULL; line && *line; line = next) {
		char *f[8];
		int n;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!*line || *line == '#')
			continue;
		nr_all_rows++;
		n = split_tabs(line, f, 8);
		if (n < 7 || !strcmp(f[4], "-"))
			continue;
		if (nr_rows == MAX_ROWS)
			break;
		rows[nr_rows] = (struct row){
			.line = nr_all_rows,
			.id = f[0],
			.class = f[2],
			.parser = f[4],
			.err_name = f[5],
			.input = f[6],
			.want = errno_value(f[5]),
		};
		nr_rows++;
	}
	return 0;
}

/* the row's input: inline text, (empty), or @FILE from test/bad-input/ */
static char *row_input(const struct row *r, size_t *len)
{
	char path[4400], *buf;

	if (r->input[0] == '@') {
		snprintf(path, sizeof(path), "%s/test/bad-input/%s", src_dir, r->input + 1);
		buf = slurp(path, len);
		if (!buf)
			fail_msg("%s: cannot read %s", r->id, path);
		return buf;
	}
	buf = strdup(strcmp(r->input, "(empty)") ? r->input : "");
	assert_non_null(buf);
	*len = unescape(buf);
	return buf;
}

static void expect_class(const struct row *r, const char *err)
{
	if (!strstr(err, r->class))
		fail_msg("%s: message \"%s\" lacks \"%s\"", r->id, err, r->class);
}

/* a syntax error must name where it is: "byte N" with N inside the document */
static void expect_offset(const struct row *r, const char *err, size_t len)
{
	const char *b = strstr(err, "byte ");

	if (!strstr(r->class, "end of") && !strstr(r->class, "nesting"))
		return;
	if (!b)
		fail_msg("%s: syntax error without a byte offset: \"%s\"", r->id, err);
	if (strtoull(b + 5, NULL, 10) > len)
		fail_msg("%s: byte offset beyond the %zu-byte document: \"%s\"", r->id, len, err);
}

static void check_size(const struct row *r, const char *in)
{
	uint64_t out = 0;
	int rc = size_parse(in, &out);

	if (rc != r->want)
		fail_msg("%s: size_parse(\"%s\") = %d (%" PRIu64 "), expected %s", r->id, in, rc,
			 out, r->err_name);
}

static void check_request(const struct row *r, const char *in)
{
	char err[ERR_LEN] = "", head[21];
	struct plan_request req;
	int rc = request_parse(in, &req, err, sizeof(err));
	size_t i;

	if (rc != r->want)
		fail_msg("%s: request_parse(\"%s\") = %d (\"%s\"), expected %s", r->id, in, rc, err,
			 r->err_name);
	expect_class(r, err);
	/* the message names the request: its first bytes, when they are printable */
	snprintf(head, sizeof(head), "%s", in);
	for (i = 0; head[i]; i++)
		if ((unsigned char)head[i] < 0x20 || (unsigned char)head[i] >= 0x7f)
			return;
	if (head[0] && !strstr(err, head))
		fail_msg("%s: message \"%s\" does not name the request \"%s\"", r->id, err, head);
}

static void check_request_json(const struct row *r, const char *in, size_t len)
{
	char err[ERR_LEN] = "";
	struct plan_request *reqs = (struct plan_request *)1;
	int nr = -1, rc = request_parse_json(in, len, &reqs, &nr, err, sizeof(err));

	if (rc != r->want) {
		if (!rc)
			free(reqs);
		fail_msg("%s: request_parse_json = %d (\"%s\"), expected %s", r->id, rc, err,
			 r->err_name);
	}
	expect_class(r, err);
	expect_offset(r, err, len);
}

static void check_topology(const struct row *r, const char *in, size_t len)
{
	char err[ERR_LEN] = "";
	struct model_system sys;
	int rc = topology_parse(in, len, &sys, err, sizeof(err));

	if (rc != r->want) {
		int regions = rc ? 0 : sys.nr_regions;

		if (!rc)
			topology_free(&sys);
		fail_msg("%s: topology_parse = %d (\"%s\", %d regions), expected %s", r->id, rc,
			 err, regions, r->err_name);
	}
	/* nothing half-loaded is handed back */
	assert_int_equal(sys.nr_regions, 0);
	assert_null(sys.regions);
	expect_class(r, err);
	expect_offset(r, err, len);
}

static void test_row(void **state)
{
	const struct row *r = *state;
	size_t len = 0;
	char *in;

	if (!r->want)
		fail_msg("%s: unknown errno '%s'", r->id, r->err_name);
	in = row_input(r, &len);
	row_buf = in;
	if (!strcmp(r->parser, "size"))
		check_size(r, in);
	else if (!strcmp(r->parser, "request"))
		check_request(r, in);
	else if (!strcmp(r->parser, "request-json"))
		check_request_json(r, in, len);
	else if (!strcmp(r->parser, "topology"))
		check_topology(r, in, len);
	else
		fail_msg("%s: unknown parser '%s'", r->id, r->parser);
}

static int free_row_input(void **state)
{
	(void)state;
	free(row_buf);
	row_buf = NULL;
	return 0;
}

/* the catalogue itself: enough rows, unique ids (checked once, as its own test) */
static void test_catalogue(void **state)
{
	int i, j;

	(void)state;
	assert_true(nr_all_rows >= 40);
	assert_true(nr_rows >= 20);
	for (i = 0; i < nr_rows; i++)
		for (j = i + 1; j < nr_rows; j++)
			if (!strcmp(rows[i].id, rows[j].id))
				fail_msg("duplicate id %s", rows[i].id);
}

int main(void)
{
	static struct CMUnitTest tests[MAX_ROWS + 1];
	int i;

	if (load_catalogue())
		return 1;
	tests[0] = (struct CMUnitTest)cmocka_unit_test(test_catalogue);
	for (i = 0; i < nr_rows; i++)
		tests[i + 1] = (struct CMUnitTest){
			.name = rows[i].id,
			.test_func = test_row,
			.teardown_func = free_row_input,
			.initial_state = &rows[i],
		};
	return _cmocka_run_group_tests("bad-input", tests, (size_t)nr_rows + 1, NULL, NULL);
}
