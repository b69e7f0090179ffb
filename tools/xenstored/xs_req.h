/* SPDX-License-Identifier: MIT */
/*
 * One request being processed (xs_ops.c): its payload, transaction and
 * tree, and the helpers every operation uses (xs_req.c). Internal to the
 * core.
 */
#ifndef XS_REQ_H
#define XS_REQ_H

#include "xs_core.h"

#define MAX_ARGS 16

struct req {
	struct xs_conn *conn;
	struct xs_core *c;
	const struct xsd_sockmsg *h;
	char *p; /* payload, NUL appended */
	uint32_t len;
	struct xs_txn *txn;
	struct xs_tree *tree; /* the transaction's or the store */
	const char *argv[MAX_ARGS];
	uint32_t argc;
};

/* Replies, with the request's req_id and tx_id. */
void xs_reply(struct req *r, uint32_t type, const void *data, uint32_t len);
void xs_reply_str(struct req *r, const char *s);
void xs_reply_err(struct req *r, int err);
/* Split the payload into NUL-terminated strings in argv. */
void xs_split_args(struct req *r);
bool xs_want_args(struct req *r, uint32_t n);
/* Decimal (or 0x) numbers, whole strings only, at most max. */
int xs_parse_u64(const char *s, uint64_t max, uint64_t *v);
int xs_parse_domid(const char *s, uint16_t *domid);

/* Domain and control operations (xs_ops_domain.c). */
int xs_op_introduce(struct req *r);
/* RELEASE, RESUME, IS_DOMAIN_INTRODUCED, GET_DOMAIN_PATH: one domid. */
int xs_op_domid_op(struct req *r);
int xs_op_set_target(struct req *r);
int xs_op_control(struct req *r);

#endif /* XS_REQ_H */
