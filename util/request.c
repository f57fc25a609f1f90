// SPDX-License-Identifier: GPL-2.0
/*
 * Plan requests from the command line ("fsdax:30M,align=2M") and from JSON.
 * Both syntaxes end in the same key handler, so they accept the same keys
 * and values and give the same messages.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json.h>
#include "request.h"
#include "size.h"

/* far beyond any pmem region, and keeps start + size clear of overflow */
#define REQUEST_MAX_SIZE	(1ULL << 50)

static int fail(char *err, size_t errlen, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(char *err, size_t errlen, int rc, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return rc;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return rc;
}

/* what has been seen, to refuse duplicates and contradictions */
struct seen {
	bool size, usable, align, map, name, sector, uuid;
};

static bool uuid_ok(const char *s)
{
	int i;

	if (strlen(s) != 36)
		return false;
	for (i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return false;
	}
	return true;
}

/* length of the UTF-8 sequence starting at s, or 0 when it is not valid UTF-8 */
static size_t utf8_seq_len(const unsigned char *s)
{
	size_t n, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates and code points past U+10FFFF */
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

bool request_name_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	while (*p) {
		if (*p < 0x20 || *p == 0x7f)
			return false;
		n = utf8_seq_len(p);
		if (!n)
			return false;
		p += n;
	}
	return true;
}

static int parse_size(const char *key, const char *val, uint64_t *out, char *err, size_t errlen)
{
	int rc;

	if (!*val)
		return fail(err, errlen, -EINVAL, "empty value for '%s'", key);
	rc = size_parse(val, out);
	if (rc == -ERANGE)
		return fail(err, errlen, -ERANGE, "%s '%s' does not fit in 64 bits", key, val);
	if (rc)
		return fail(err, errlen, -EINVAL, "bad %s '%s' (a whole number with K, M, G or T)",
			    key, val);
	if (*out >= REQUEST_MAX_SIZE)
		return fail(err, errlen, -ERANGE, "%s '%s' is too large (limit 1023 TiB)", key,
			    val);
	if (!*out)
		return fail(err, errlen, -EINVAL, "%s must not be 0", key);
	return 0;
}

static int set_key(struct plan_request *req, struct seen *seen, const char *key, const char *val,
		   char *err, size_t errlen)
{
	bool *dup = NULL;
	int rc = 0;

	if (!strcmp(key, "size"))
		dup = &seen->size;
	else if (!strcmp(key, "usable") || !strcmp(key, "usable-size") ||
		 !strcmp(key, "usable_size"))
		dup = &seen->usable;
	else if (!strcmp(key, "align"))
		dup = &seen->align;
	else if (!strcmp(key, "map"))
		dup = &seen->map;
	else if (!strcmp(key, "name"))
		dup = &seen->name;
	else if (!strcmp(key, "sector-size") || !strcmp(key, "sector_size"))
		dup = &seen->sector;
	else if (!strcmp(key, "uuid"))
		dup = &seen->uuid;
	else
		return fail(err, errlen, -EINVAL, "unknown key '%s'", key);
	if (*dup)
		return fail(err, errlen, -EINVAL, "'%s' given twice", key);
	*dup = true;

	if (dup == &seen->size) {
		rc = parse_size("size", val, &req->size, err, errlen);
	} else if (dup == &seen->usable) {
		rc = parse_size("usable", val, &req->usable_size, err, errlen);
	} else if (dup == &seen->align) {
		rc = parse_size("align", val, &req->align, err, errlen);
		if (!rc && (!is_power_of_2(req->align) || req->align < SZ_4K))
			rc = fail(err, errlen, -EINVAL, "align '%s' is not a power of 2 >= 4K",
				  val);
	} else if (dup == &seen->sector) {
		rc = parse_size("sector-size", val, &req->sector_size, err, errlen);
	} else if (dup == &seen->map) {
		if (!*val)
			rc = fail(err, errlen, -EINVAL, "empty value for 'map'");
		else if (ib_map_parse(val, &req->map))
			rc = fail(err, errlen, -EINVAL, "bad map '%s' (dev or mem)", val);
	} else if (dup == &seen->name) {
		if (strlen(val) >= MODEL_NAME_LEN)
			rc = fail(err, errlen, -EINVAL, "name is longer than %d bytes",
				  MODEL_NAME_LEN - 1);
		else if (!request_name_ok(val))
			rc = fail(err, errlen, -EINVAL,
				  "name has control characters or is not valid UTF-8");
		else
			snprintf(req->name, sizeof(req->name), "%s", val);
	} else {
		if (!uuid_ok(val))
			rc = fail(err, errlen, -EINVAL, "bad uuid '%.40s'", val);
		else
			snprintf(req->uuid, sizeof(req->uuid), "%s", val);
	}
	return rc;
}

/* contradictions only visible once every key is known */
static int check_request(const struct plan_request *req, const struct seen *seen, char *err,
			 size_t errlen)
{
	bool pfn = req->mode == NS_MODE_FSDAX || req->mode == NS_MODE_DEVDAX;

	if (seen->size && seen->usable)
		return fail(err, errlen, -EINVAL, "give size or usable, not both");
	if (!seen->size && !seen->usable)
		return fail(err, errlen, -EINVAL, "missing size");
	if (!pfn && seen->align)
		return fail(err, errlen, -EINVAL, "align applies to fsdax and devdax only");
	if (!pfn && seen->map)
		return fail(err, errlen, -EINVAL, "map applies to fsdax and devdax only");
	if (req->mode != NS_MODE_SECTOR && seen->sector)
		return fail(err, errlen, -EINVAL, "sector-size applies to sector mode only");
	return 0;
}

/* at most len - 1 bytes of @src with control characters shown as '?' (dst may be src) */
static char *printable(char *dst, const char *src, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len && src[i]; i++)
		dst[i] = ((unsigned char)src[i] < 0x20 || src[i] == 0x7f) ? '?' : src[i];
	dst[i] = '\0';
	return dst;
}

/* split "key=value" in place; a token without '=' is a bare size */
static int parse_token(struct plan_request *req, struct seen *seen, char *tok, bool first,
		       char *err, size_t errlen)
{
	char *eq = strchr(tok, '=');

	if (!eq) {
		if (!first)
			return fail(err, errlen, -EINVAL, "expected key=value, got '%s'", tok);
		if (!*tok)
			return fail(err, errlen, -EINVAL, "missing size");
		return set_key(req, seen, "size", tok, err, errlen);
	}
	*eq = '\0';
	if (!*tok)
		return fail(err, errlen, -EINVAL, "empty key before '='");
	return set_key(req, seen, tok, eq + 1, err, errlen);
}

int request_parse(const char *str, struct plan_request *req, char *err, size_t errlen)
{
	char buf[REQUEST_MAX_LEN + 1], msg[REQUEST_ERR_LEN], *colon, *tok, *next;
	struct seen seen = { 0 };
	bool first = true;
	size_t len;
	int rc;

	if (err && errlen)
		err[0] = '\0';
	memset(req, 0, sizeof(*req));
	if (!str || !*str)
		return fail(err, errlen, -EINVAL, "empty request");
	len = strnlen(str, REQUEST_MAX_LEN + 1);
	if (len > REQUEST_MAX_LEN)
		return fail(err, errlen, -EINVAL, "request longer than %d bytes", REQUEST_MAX_LEN);
	memcpy(buf, str, len + 1);
	colon = strchr(buf, ':');
	if (!colon)
		goto nomode;
	*colon = '\0';
	if (ib_mode_parse(buf, &req->mode))
		goto nomode;
	for (tok = colon + 1; tok; tok = next, first = false) {
		next = strchr(tok, ',');
		if (next)
			*next++ = '\0';
		rc = parse_token(req, &seen, tok, first, msg, sizeof(msg));
		if (rc)
			goto bad;
	}
	rc = check_request(req, &seen, msg, sizeof(msg));
	if (rc)
		goto bad;
	return 0;
nomode:
	rc = -EINVAL;
	if (colon)
		snprintf(msg, sizeof(msg), "unknown mode '%.16s'", printable(buf, buf, 17));
	else
		snprintf(msg, sizeof(msg), "expected MODE:SIZE");
bad:
	memset(req, 0, sizeof(*req));
	printable(buf, str, 61);
	return fail(err, errlen, rc, "%s: %s", buf, msg);
}

/* ---- JSON ---- */

/* a JSON value as the string the key handler takes */
static int json_value(struct json_object *v, const char *key, char *buf, size_t len, char *err,
		      size_t errlen)
{
	int64_t n;

	switch (json_object_get_type(v)) {
	case json_type_string:
		if ((size_t)json_object_get_string_len(v) >= len)
			return fail(err, errlen, -EINVAL, "value of '%s' is too long", key);
		/* "\u0000" inside a JSON string would silently cut the value short */
		if (strlen(json_object_get_string(v)) != (size_t)json_object_get_string_len(v))
			return fail(err, errlen, -EINVAL, "value of '%s' contains a NUL character", key);
		snprintf(buf, len, "%s", json_object_get_string(v));
		return 0;
	case json_type_int:
		errno = 0;
		n = json_object_get_int64(v);
		if (n < 0)
			return fail(err, errlen, -EINVAL, "'%s' must not be negative", key);
		if (n == INT64_MAX)
			return fail(err, errlen, -ERANGE, "'%s' is too large", key);
		snprintf(buf, len, "%" PRId64, n);
		return 0;
	default:
		return fail(err, errlen, -EINVAL, "'%s' must be a string or a whole number", key);
	}
}

static int json_request(struct json_object *obj, struct plan_request *req, char *err,
			size_t errlen)
{
	char val[REQUEST_MAX_LEN + 1];
	struct json_object *mode;
	struct seen seen = { 0 };
	int rc;

	memset(req, 0, sizeof(*req));
	if (!json_object_is_type(obj, json_type_object))
		return fail(err, errlen, -EINVAL, "not an object");
	if (!json_object_object_get_ex(obj, "mode", &mode))
		return fail(err, errlen, -EINVAL, "missing 'mode'");
	if (!json_object_is_type(mode, json_type_string) ||
	    ib_mode_parse(json_object_get_string(mode), &req->mode))
		return fail(err, errlen, -EINVAL, "bad 'mode' (fsdax, devdax, sector or raw)");
	json_object_object_foreach(obj, key, v)
	{
		if (!strcmp(key, "mode"))
			continue;
		rc = json_value(v, key, val, sizeof(val), err, errlen);
		if (!rc)
			rc = set_key(req, &seen, key, val, err, errlen);
		if (rc)
			return rc;
	}
	return check_request(req, &seen, err, errlen);
}

static int json_array(struct json_object *arr, struct plan_request **reqs, int *nr, char *err,
		      size_t errlen)
{
	char msg[REQUEST_ERR_LEN];
	struct plan_request *v;
	size_t i, n;
	int rc;

	if (!json_object_is_type(arr, json_type_array))
		return fail(err, errlen, -EINVAL, "expected an array of requests");
	n = json_object_array_length(arr);
	if (n > REQUEST_MAX_NR)
		return fail(err, errlen, -E2BIG, "%zu requests, at most %d", n, REQUEST_MAX_NR);
	v = calloc(n + 1, sizeof(*v));
	if (!v)
		return fail(err, errlen, -ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		rc = json_request(json_object_array_get_idx(arr, i), &v[i], msg, sizeof(msg));
		if (rc) {
			free(v);
			return fail(err, errlen, rc, "request %zu: %s", i, msg);
		}
	}
	*reqs = v;
	*nr = (int)n;
	return 0;
}

int request_parse_json(const char *text, size_t len, struct plan_request **reqs, int *nr,
		       char *err, size_t errlen)
{
	struct json_tokener *tok;
	struct json_object *root;
	enum json_tokener_error jerr;
	size_t off;
	int rc;

	*reqs = NULL;
	*nr = 0;
	if (err && errlen)
		err[0] = '\0';
	if (!text || !len)
		return fail(err, errlen, -EINVAL, "empty request file");
	if (len > (size_t)INT32_MAX)
		return fail(err, errlen, -E2BIG, "request file too large");
	tok = json_tokener_new_ex(32);
	if (!tok)
		return fail(err, errlen, -ENOMEM, "out of memory");
	root = json_tokener_parse_ex(tok, text, (int)len);
	jerr = json_tokener_get_error(tok);
	off = json_tokener_get_parse_end(tok);
	if (jerr == json_tokener_continue) {
		rc = fail(err, errlen, -EINVAL, "byte %zu: unexpected end of JSON", len);
		goto out;
	}
	if (jerr != json_tokener_success || !root) {
		rc = fail(err, errlen, -EINVAL, "byte %zu: %s", off,
			  json_tokener_error_desc(jerr));
		goto out;
	}
	/* trailing blanks are fine, anything else after the document is not */
	for (; off < len; off++) {
		if (!isspace((unsigned char)text[off]) && text[off] != '\0') {
			rc = fail(err, errlen, -EINVAL, "byte %zu: data after the JSON document",
				  off);
			goto out;
		}
	}
	rc = json_array(root, reqs, nr, err, errlen);
out:
	json_object_put(root);
	json_tokener_free(tok);
	return rc;
}

/* "30M", "1G", "4097": the shortest form size_parse() reads back */
static char *compact_size(char *buf, size_t len, uint64_t v)
{
	static const char units[] = "KMGTP";
	int i;

	for (i = 4; i >= 0; i--) {
		uint64_t u = 1ULL << (10 * (i + 1));

		if (v && v % u == 0) {
			snprintf(buf, len, "%llu%c", (unsigned long long)(v / u), units[i]);
			return buf;
		}
	}
	snprintf(buf, len, "%llu", (unsigned long long)v);
	return buf;
}

char *request_str(const struct plan_request *req, char *buf, size_t len)
{
	char sz[SIZE_STR_LEN], al[SIZE_STR_LEN];
	int n;

	if (!len)
		return buf;
	if (req->usable_size)
		n = snprintf(buf, len, "%s:usable=%s", ib_mode_name(req->mode),
			     compact_size(sz, sizeof(sz), req->usable_size));
	else
		n = snprintf(buf, len, "%s:%s", ib_mode_name(req->mode),
			     compact_size(sz, sizeof(sz), req->size));
	if (n < 0 || (size_t)n >= len)
		return buf;
	if ((req->mode == NS_MODE_FSDAX || req->mode == NS_MODE_DEVDAX)) {
		if (req->align)
			n += snprintf(buf + n, len - (size_t)n, ",align=%s",
				      compact_size(al, sizeof(al), req->align));
		if ((size_t)n < len && req->map == NS_MAP_MEM)
			n += snprintf(buf + n, len - (size_t)n, ",map=mem");
	}
	if ((size_t)n < len && req->mode == NS_MODE_SECTOR && req->sector_size)
		n += snprintf(buf + n, len - (size_t)n, ",sector-size=%llu",
			      (unsigned long long)req->sector_size);
	if ((size_t)n < len && req->name[0])
		snprintf(buf + n, len - (size_t)n, ",name=%s", req->name);
	return buf;
}
