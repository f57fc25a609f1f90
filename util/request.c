// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include "request.h"

int request_parse(const char *str, struct plan_request *req, char *err, size_t errlen)
{
	(void)str; (void)req; (void)err; (void)errlen;
	return -ENOSYS;
}

int request_parse_json(const char *text, size_t len, struct plan_request **reqs, int *nr,
		       char *err, size_t errlen)
{
	(void)text; (void)len; (void)reqs; (void)nr; (void)err; (void)errlen;
	return -ENOSYS;
}

char *request_str(const struct plan_request *req, char *buf, size_t len)
{
	(void)req;
	if (len)
		buf[0] = '\0';
	return buf;
}
