/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Typed reading of a JSON document whose every error names the key path that
 * is wrong: "regions[0].namespaces[2].size: expected a number, not '1G'".
 * Shared by the topology capture loader and the apply journal parser. Pure:
 * json-c only, no file, no printing.
 *
 * Every getter returns 0 or -EINVAL (with the message in the context's
 * buffer). A key that is absent or null is "missing" when JR_REQUIRED is given;
 * otherwise the getter returns 0 and leaves *out alone, so callers set their
 * defaults first.
 */
#ifndef UTIL_JSON_READ_H
#define UTIL_JSON_READ_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>

struct jr_ctx {
	char *err; /* the caller's buffer, or NULL with errlen 0 */
	size_t errlen;
	char path[128]; /* where the reader is: "" or "regions[0].namespaces[2]" */
};

enum jr_flags {
	JR_OPTIONAL = 0,
	JR_REQUIRED = 1 << 0, /* absent or null: "missing" */
	JR_NONEMPTY = 1 << 1, /* strings: "" is refused ("empty") */
};

/* "<path>.<key>: <message>" (either part left out when empty); returns -EINVAL */
int jr_fail(struct jr_ctx *c, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* step into key[idx] of the current path; returns the mark jr_leave() goes back to */
size_t jr_enter(struct jr_ctx *c, const char *key, size_t idx);
void jr_leave(struct jr_ctx *c, size_t mark);

/* a non-negative JSON number, or a "0x..." / decimal string */
int jr_u64(struct jr_ctx *c, struct json_object *obj, const char *key, unsigned flags,
	   uint64_t *out);
/* a JSON integer (no string, no fraction) in [min, max] */
int jr_i64(struct jr_ctx *c, struct json_object *obj, const char *key, unsigned flags, int64_t min,
	   int64_t max, int64_t *out);
int jr_int(struct jr_ctx *c, struct json_object *obj, const char *key, unsigned flags, int min,
	   int max, int *out);
int jr_bool(struct jr_ctx *c, struct json_object *obj, const char *key, unsigned flags, bool *out);
/* copied with its NUL; "longer than len - 1 bytes" when it does not fit */
int jr_str(struct jr_ctx *c, struct json_object *obj, const char *key, unsigned flags, char *buf,
	   size_t len);
/*
 * The index of the string in names[0..n) (NULL entries never match). An
 * optional key whose value is "" counts as absent.
 */
int jr_enum(struct jr_ctx *c, struct json_object *obj, const char *key, unsigned flags,
	    const char *const *names, size_t n, int *out);
#define JR_ENUM(c, obj, key, flags, names, out) \
	jr_enum(c, obj, key, flags, names, sizeof(names) / sizeof((names)[0]), out)
/* an array of at most max entries; *out NULL and *n 0 when absent */
int jr_array(struct jr_ctx *c, struct json_object *obj, const char *key, unsigned flags, size_t max,
	     struct json_object **out, size_t *n);
/* an object under key; *out NULL when absent */
int jr_object(struct jr_ctx *c, struct json_object *obj, const char *key, unsigned flags,
	      struct json_object **out);
/* refuse a value (an array element, the root) that is not an object; what names it */
int jr_want_object(struct jr_ctx *c, struct json_object *v, const char *what);

/*
 * Parse one JSON value filling text[0..len) (no NUL needed), of at most max
 * bytes, with nothing but white space after it, and hand it to load() with a
 * fresh context. err is "" on success, else "byte N: ..." or load()'s message.
 * Returns 0, -EINVAL, -ENOMEM or what load() returns.
 */
typedef int jr_load_fn(struct jr_ctx *c, struct json_object *root, void *arg);
int jr_parse(const char *text, size_t len, size_t max, char *err, size_t errlen, jr_load_fn *load,
	     void *arg);

/*
 * Read a u64 written as a JSON number or as a "0x..." / decimal string.
 * Returns 0, or -EINVAL for any other type, a negative number, junk; *out is
 * written only on success.
 */
int json_read_u64(struct json_object *obj, uint64_t *out);

#endif
