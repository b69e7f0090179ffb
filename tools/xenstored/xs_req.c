/* SPDX-License-Identifier: MIT */
/* Replies and argument parsing for one request (xs_req.h). */
#include <stdlib.h>
#include <string.h>

#include "xs_req.h"

void xs_reply(struct req *r, uint32_t type, const void *data, uint32_t len)
{
	xs_conn_send(r->conn, type, r->h->req_id, r->h->tx_id, data, len);
}

void xs_reply_str(struct req *r, const char *s)
{
	xs_reply(r, r->h->type, s, strlen(s) + 1);
}

void xs_reply_err(struct req *r, int err)
{
	const char *name = xs_errname(err);

	xs_reply(r, XS_ERROR, name, strlen(name) + 1);
}

/* Split the payload into NUL-terminated strings; a trailing fragment
 * without its NUL is not an argument. */
void xs_split_args(struct req *r)
{
	uint32_t i = 0;

	r->argc = 0;
	while (i < r->len && r->argc < MAX_ARGS) {
		const char *s = r->p + i;
		size_t l = strnlen(s, r->len - i);

		if (i + l >= r->len)
			break; /* no NUL inside the payload */
		r->argv[r->argc++] = s;
		i += l + 1;
	}
}

bool xs_want_args(struct req *r, uint32_t n)
{
	xs_split_args(r);
	return r->argc == n;
}

int xs_parse_u64(const char *s, uint64_t max, uint64_t *v)
{
	char *end;
	unsigned long long x;

	if (s[0] < '0' || s[0] > '9')
		return XEN_EINVAL;
	x = strtoull(s, &end, 0);
	if (*end || x > max)
		return XEN_EINVAL;
	*v = x;
	return 0;
}

int xs_parse_domid(const char *s, uint16_t *domid)
{
	uint64_t v;
	int err = xs_parse_u64(s, XS_DOMID_MAX - 1, &v);

	if (!err)
		*domid = v;
	return err;
}
