/* SPDX-License-Identifier: MIT */
/*
 * Domain and control operations: INTRODUCE, RELEASE, RESUME,
 * IS_DOMAIN_INTRODUCED, GET_DOMAIN_PATH, SET_TARGET, CONTROL. Only
 * privileged connections change domains.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs_req.h"

int xs_op_introduce(struct req *r)
{
	uint16_t domid;
	uint64_t mfn, port;
	bool known;
	int err;

	if (!r->conn->privileged)
		return XEN_EACCES;
	if (!xs_want_args(r, 3))
		return XEN_EINVAL;
	err = xs_parse_domid(r->argv[0], &domid);
	if (!err)
		err = xs_parse_u64(r->argv[1], UINT64_MAX, &mfn);
	if (!err)
		err = xs_parse_u64(r->argv[2], UINT32_MAX, &port);
	if (err)
		return err;
	known = xs_domain_find(r->c, domid) != NULL;
	err = xs_domain_introduce(r->c, domid, mfn, port);
	if (err)
		return err;
	xs_reply_str(r, "OK");
	if (!known)
		xs_fire(r->c, "@introduceDomain", NULL, true);
	return 0;
}

/* RELEASE, RESUME, IS_DOMAIN_INTRODUCED, GET_DOMAIN_PATH: one domid. */
int xs_op_domid_op(struct req *r)
{
	struct xs_domain *d;
	uint16_t domid;
	char buf[32];
	int err;

	if (!xs_want_args(r, 1))
		return XEN_EINVAL;
	err = xs_parse_domid(r->argv[0], &domid);
	if (err)
		return err;
	d = xs_domain_find(r->c, domid);
	switch (r->h->type) {
	case XS_GET_DOMAIN_PATH:
		xs_domain_path(buf, sizeof(buf), domid);
		xs_reply_str(r, buf);
		return 0;
	case XS_IS_DOMAIN_INTRODUCED:
		xs_reply_str(r, d ? "T" : "F");
		return 0;
	}
	if (!r->conn->privileged)
		return XEN_EACCES;
	if (!d)
		return XEN_ENOENT;
	if (r->h->type == XS_RESUME) {
		d->shutdown = false;
	} else {
		if (d->conn == r->conn)
			return XEN_EINVAL; /* a domain cannot release itself */
		err = xs_domain_release(r->c, domid);
		if (err)
			return err;
		xs_reply_str(r, "OK");
		xs_fire(r->c, "@releaseDomain", NULL, true);
		return 0;
	}
	xs_reply_str(r, "OK");
	return 0;
}

int xs_op_set_target(struct req *r)
{
	struct xs_domain *d;
	uint16_t domid, target;
	int err;

	if (!r->conn->privileged)
		return XEN_EACCES;
	if (!xs_want_args(r, 2))
		return XEN_EINVAL;
	err = xs_parse_domid(r->argv[0], &domid);
	if (!err)
		err = xs_parse_domid(r->argv[1], &target);
	if (err)
		return err;
	d = xs_domain_find(r->c, domid);
	if (!d || !xs_domain_find(r->c, target))
		return XEN_ENOENT;
	d->conn->has_target = true;
	d->conn->target = target;
	xs_reply_str(r, "OK");
	return 0;
}

int xs_op_control(struct req *r)
{
	if (!r->conn->privileged)
		return XEN_EACCES;
	xs_split_args(r);
	if (r->argc < 1)
		return XEN_EINVAL;
	if (strcmp(r->argv[0], "print") == 0 && r->argc == 2) {
		xs_log(r->c, "control: %s", r->argv[1]);
	} else if (strcmp(r->argv[0], "log") == 0 && r->argc == 2 &&
		   (strcmp(r->argv[1], "on") == 0 ||
		    strcmp(r->argv[1], "off") == 0)) {
		r->c->log_requests = strcmp(r->argv[1], "on") == 0;
	} else if (strcmp(r->argv[0], "help") == 0) {
		xs_reply_str(r, "print <text>\nlog on|off\nhelp\n");
		return 0;
	} else {
		return XEN_EINVAL;
	}
	xs_reply_str(r, "OK");
	return 0;
}
