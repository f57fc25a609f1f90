/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The plan request syntax, from the command line or a JSON file. Outside
 * input: every error names the bad token, nothing overflows or crashes.
 *
 *   MODE:SIZE[,key=value...]     MODE = fsdax | devdax | sector | raw
 *   MODE:usable=SIZE[,...]       ask for a usable size instead of a raw one
 *   keys: size=, usable=, align=, map=dev|mem, name=, sector-size=, uuid=
 *   e.g. "fsdax:30M", "devdax:64M,align=2M", "sector:18M,sector-size=4096",
 *        "fsdax:usable=28M,map=mem,name=db", "raw:4M"
 *
 * JSON: an array of objects with the same keys, plus "mode":
 *   [{"mode":"fsdax","size":"30M","name":"db"}, {"mode":"raw","size":4194304}]
 * (sizes as strings with units or as non-negative integers; every size is
 * below 1 PiB, align is a power of two >= 4K, name at most 63 bytes).
 * Pure code (json-c parses a string; no file is opened).
 */
#ifndef UTIL_REQUEST_H
#define UTIL_REQUEST_H
#include <stdbool.h>
#include <stddef.h>
#include "planner.h"

#define REQUEST_ERR_LEN	160
#define REQUEST_MAX_LEN	1024	/* longest accepted request string */
#define REQUEST_MAX_NR	100000	/* most requests accepted from one JSON document */

/*
 * Parse one request. Returns 0 and fills *req, or -EINVAL / -ERANGE with a
 * message in @err (may be NULL) naming the bad token:
 * "fsdax:12.5M: bad size '12.5M'".
 */
int request_parse(const char *str, struct plan_request *req, char *err, size_t errlen);

/*
 * Parse a JSON document of @len bytes holding an array of request objects.
 * Returns 0 with *reqs (free()) and *nr, or a negative errno with @err naming
 * the byte offset, the element index or the key.
 */
int request_parse_json(const char *text, size_t len, struct plan_request **reqs, int *nr,
		       char *err, size_t errlen);

/*
 * A namespace name fit for a label and for JSON output: valid UTF-8 with no
 * control characters (the length limit is checked by the caller).
 */
bool request_name_ok(const char *s);

/* format a request back in the command-line syntax (for messages); returns buf */
char *request_str(const struct plan_request *req, char *buf, size_t len);

#endif
