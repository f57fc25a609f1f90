// SPDX-License-Identifier: GPL-2.0
/* Typed JSON getters that name the key path of every error: see json-read.h */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "json-read.h"

int jr_fail(struct jr_ctx *c, const char *key, const char *fmt, ...)
{
	const char *dot = c->path[0] && key[0] ? "." : "";
	const char *colon = c->path[0] || key[0] ? ": " : "";
	va_list ap;
	int n;

	if (!c->errlen)
		return -EINVAL;
	n = snprintf(c->err, c->errlen, "%s%s%s%s", c->path, dot, key, colon);
	if (n >= 0 && (size_t)n < c->errlen) {
		va_start(ap, fmt);
		vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

size_t jr_enter(struct jr_ctx *c, const char *key, size_t idx)
{
	size_t mark = strlen(c->path);

	snprintf(c->path + mark, sizeof(c->path) - mark, "%s%s[%zu]", mark ? "." : "", key, idx);
	return mark;
}

void jr_leave(struct jr_ctx *c, size_t mark)
{
	if (mark < sizeof(c->path))
		c->path[mark] = '\0';
}

/* the value under key, or NULL (absent or null) after the "missing" check */
static struct json_object *lookup(struct jr_ctx *c, struct json_object *obj, const char *key,
				  unsigned flags, int *rc)
{
	struct json_object *v = NULL;

	*rc = 0;
	if (!json_object_object_get_ex(obj, key, &v) || !v) {
		if (flags & JR_REQUIRED)
			*rc = jr_fail(c, key, "missing");
		return NULL;
	}
	return v;
}

int json_read_u64(struct json_object *obj, uint64_t *out)
{
	unsigned long long v;
	const char *s;
	char *end;

	if (json_object_is_type(obj, json_type_int)) {
		/* json-c keeps big values unsigned; check the sign the other way */
		if (json_object_get_int64(obj) < 0)
			return -EINVAL;
		*out = json_object_get_uint64(obj);
		return 0;
	}
	/* strtoull would skip any white space and then take a sign */
	if (!json_object_is_type(obj, json_type_string))
		return -EINVAL;
	s = json_object_get_string(obj);
	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end)
		return -EINVAL;
	*out = v;
	return 0;
}

int jr_u64(struct jr_ctx *c, struct json_object *obj, const char *key, unsigned flags,
	   uint64_t *out)
{
	int rc;
	struct json_object *v = lookup(c, obj, key, flags, &rc);

	if (!v || !json_read_u64(v, out))
		return rc;
	if (json_object_is_type(v, json_type_int))
		return jr_fail(c, key, "%lld is negative", (long long)json_object_get_int64(v));
	if (json_object_is_type(v, json_type_string))
		return jr_fail(c, key, "expected a number, not '%.32s'", json_object_get_string(v));
	return jr_fail(c, key, "expected a number or a \"0x...\" string");
}

int jr_i64(struct jr_ctx *c, struct json_object *obj, const char *key, unsigned flags, int64_t min,
	   int64_t max, int64_t *out)
{
	int rc;
	struct json_object *v = lookup(c, obj, key, flags, &rc);
	int64_t x;

	if (!v)
		return rc;
	if (!json_object_is_type(v, json_type_int))
		return jr_fail(c, key, "expected an integer");
	x = json_object_get_int64(v);
	if (x < min || x > max)
		return jr_fail(c, key, "%lld is out of range (%lld..%lld)", (long long)x,
			       (long long)min, (long long)max);
	*out = x;
	return 0;
}

int jr_int(struct jr_ctx *c, struct json_object *obj, const char *key, unsigned flags, int min,
	   int max, int *out)
{
	int64_t x = *out; /* an absent optional key leaves it as it was */
	int rc = jr_i64(c, obj, key, flags, min, max, &x);

	if (!rc)
		*out = (int)x;
	return rc;
}

int jr_bool(struct jr_ctx *c, struct json_object *obj, const char *key, unsigned flags, bool *out)
{
	int rc;
	struct json_object *v = lookup(c, obj, key, flags, &rc);

	if (!v)
		return rc;
	if (!json_object_is_type(v, json_type_boolean))
		return jr_fail(c, key, "expected true or false");
	*out = json_object_get_boolean(v);
	return 0;
}

int jr_str(struct jr_ctx *c, struct json_object *obj, const char *key, unsigned flags, char *buf,
	   size_t len)
{
	int rc;
	struct json_object *v = lookup(c, obj, key, flags, &rc);
	const char *s;
	size_t n;

	if (!v)
		return rc;
	if (!json_object_is_type(v, json_type_string))
		return jr_fail(c, key, "expected a string");
	s = json_object_get_string(v);
	n = strlen(s);
	if (n >= len)
		return jr_fail(c, key, "longer than %zu bytes", len - 1);
	if (!n && (flags & JR_NONEMPTY))
		return jr_fail(c, key, "empty");
	memcpy(buf, s, n + 1);
	return 0;
}

int jr_enum(struct jr_ctx *c, struct json_object *obj, const char *key, unsigned flags,
	    const char *const *names, size_t n, int *out)
{
	char buf[32] = "";
	size_t i;
	int rc = jr_str(c, obj, key, flags & ~JR_NONEMPTY, buf, sizeof(buf));

	if (rc || (!buf[0] && !(flags & JR_REQUIRED)))
		return rc;
	for (i = 0; i < n; i++) {
		if (names[i] && strcmp(names[i], buf) == 0) {
			*out = (int)i;
			return 0;
		}
	}
	return jr_fail(c, key, "unknown value '%s'", buf);
}

int jr_array(struct jr_ctx *c, struct json_object *obj, const char *key, unsigned flags, size_t max,
	     struct json_object **out, size_t *n)
{
	int rc;
	struct json_object *v = lookup(c, obj, key, flags, &rc);

	*out = NULL;
	*n = 0;
	if (!v)
		return rc;
	if (!json_object_is_type(v, json_type_array))
		return jr_fail(c, key, "expected an array");
	if (json_object_array_length(v) > max)
		return jr_fail(c, key, "more than %zu entries", max);
	*out = v;
	*n = json_object_array_length(v);
	return 0;
}

int jr_object(struct jr_ctx *c, struct json_object *obj, const char *key, unsigned flags,
	      struct json_object **out)
{
	int rc;
	struct json_object *v = lookup(c, obj, key, flags, &rc);

	*out = NULL;
	if (!v)
		return rc;
	rc = jr_want_object(c, v, key);
	if (!rc)
		*out = v;
	return rc;
}

int jr_want_object(struct jr_ctx *c, struct json_object *v, const char *what)
{
	if (json_object_is_type(v, json_type_object))
		return 0;
	return jr_fail(c, what, "expected an object");
}

static int parse_text(const char *text, size_t len, size_t max, struct json_object **root,
		      char *err, size_t errlen)
{
	enum json_tokener_error jerr;
	struct json_tokener *tok;
	size_t off;

	*root = NULL;
	if (len > max || len > INT_MAX) {
		snprintf(err, errlen, "larger than %zu bytes", max < INT_MAX ? max : INT_MAX);
		return -EINVAL;
	}
	tok = json_tokener_new();
	if (!tok)
		return -ENOMEM;
	*root = json_tokener_parse_ex(tok, text, (int)len);
	jerr = json_tokener_get_error(tok);
	off = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (!*root || jerr != json_tokener_success) {
		if (jerr == json_tokener_continue || jerr == json_tokener_success)
			snprintf(err, errlen, "byte %zu: unexpected end of data (truncated?)", len);
		else
			snprintf(err, errlen, "byte %zu: %s", off, json_tokener_error_desc(jerr));
		return -EINVAL;
	}
	/* JSON's white space only: anything else after the value is junk */
	for (; off < len; off++) {
		if (!strchr(" \t\r\n", text[off]) || !text[off]) {
			snprintf(err, errlen, "byte %zu: unexpected data after the end", off);
			return -EINVAL;
		}
	}
	return 0;
}

int jr_parse(const char *text, size_t len, size_t max, char *err, size_t errlen, jr_load_fn *load,
	     void *arg)
{
	struct jr_ctx c = { .err = err, .errlen = errlen };
	struct json_object *root;
	int rc;

	if (errlen)
		err[0] = '\0';
	rc = parse_text(text, len, max, &root, err, errlen);
	if (!rc)
		rc = load(&c, root, arg);
	json_object_put(root);
	return rc;
}
