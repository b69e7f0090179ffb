/* SPDX-License-Identifier: MIT */
/*
 * The xenstore wire protocol: the message header, message types and error
 * names, and the ring page a guest shares with xenstored (its guest frame
 * and event channel are HVM_PARAM_STORE_PFN and HVM_PARAM_STORE_EVTCHN).
 *
 * A message is a struct xsd_sockmsg followed by len payload bytes. Most
 * payloads are NUL-separated strings. A failed request is answered with
 * XS_ERROR and the error's name (e.g. "ENOENT") as payload.
 */
#ifndef PUBLIC_IO_XS_WIRE_H
#define PUBLIC_IO_XS_WIRE_H

#include "../xen-abi.h"
#include "../errno.h"

enum xsd_sockmsg_type {
	XS_CONTROL, /* 0; formerly XS_DEBUG */
	XS_DIRECTORY,
	XS_READ,
	XS_GET_PERMS,
	XS_WATCH,
	XS_UNWATCH,
	XS_TRANSACTION_START,
	XS_TRANSACTION_END,
	XS_INTRODUCE,
	XS_RELEASE,
	XS_GET_DOMAIN_PATH, /* 10 */
	XS_WRITE,
	XS_MKDIR,
	XS_RM,
	XS_SET_PERMS,
	XS_WATCH_EVENT,
	XS_ERROR,
	XS_IS_DOMAIN_INTRODUCED,
	XS_RESUME,
	XS_SET_TARGET,
	/* 20 was XS_RESTRICT, withdrawn */
	XS_RESET_WATCHES = XS_SET_TARGET + 2,
	XS_DIRECTORY_PART,

	XS_TYPE_COUNT, /* number of types, including the hole */

	XS_INVALID = 0xffff
};
#define XS_DEBUG XS_CONTROL

/* Old (unused) write modes */
#define XS_WRITE_NONE "NONE"
#define XS_WRITE_CREATE "CREATE"
#define XS_WRITE_CREATE_EXCL "CREATE|EXCL"

/* Errors a xenstore server may report, with the names it sends for them. */
struct xsd_errors {
	int errnum;
	const char *errstring;
};

static const struct xsd_errors xsd_errors[] __attribute__((unused)) = {
	{XEN_EINVAL, "EINVAL"},	      {XEN_EACCES, "EACCES"},
	{XEN_EEXIST, "EEXIST"},	      {XEN_EISDIR, "EISDIR"},
	{XEN_ENOENT, "ENOENT"},	      {XEN_ENOMEM, "ENOMEM"},
	{XEN_ENOSPC, "ENOSPC"},	      {XEN_EIO, "EIO"},
	{XEN_ENOTEMPTY, "ENOTEMPTY"}, {XEN_ENOSYS, "ENOSYS"},
	{XEN_EROFS, "EROFS"},	      {XEN_EBUSY, "EBUSY"},
	{XEN_EAGAIN, "EAGAIN"},	      {XEN_EISCONN, "EISCONN"},
	{XEN_E2BIG, "E2BIG"},	      {XEN_EPERM, "EPERM"},
};

/* Header of every message, in both directions. */
struct xsd_sockmsg {
	uint32_t type;	 /* enum xsd_sockmsg_type */
	uint32_t req_id; /* echoed in the reply */
	uint32_t tx_id;	 /* transaction id, 0 outside transactions */
	uint32_t len;	 /* payload bytes that follow */
};

XEN_ABI_SIZE(struct xsd_sockmsg, 16);
XEN_ABI_OFFSET(struct xsd_sockmsg, type, 0);
XEN_ABI_OFFSET(struct xsd_sockmsg, req_id, 4);
XEN_ABI_OFFSET(struct xsd_sockmsg, tx_id, 8);
XEN_ABI_OFFSET(struct xsd_sockmsg, len, 12);

/* The two strings of an XS_WATCH_EVENT payload, in this order. */
enum xs_watch_type { XS_WATCH_PATH = 0, XS_WATCH_TOKEN };

/*
 * The ring page. Requests go from the guest to xenstored through req[],
 * replies and watch events come back through rsp[]. Indices are
 * free-running and masked with MASK_XENSTORE_IDX.
 */
#define XENSTORE_RING_SIZE 1024
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))

struct xenstore_domain_interface {
	char req[XENSTORE_RING_SIZE]; /* guest -> xenstored */
	char rsp[XENSTORE_RING_SIZE]; /* xenstored -> guest */
	XENSTORE_RING_IDX req_cons;
	XENSTORE_RING_IDX req_prod;
	XENSTORE_RING_IDX rsp_cons;
	XENSTORE_RING_IDX rsp_prod;
	uint32_t server_features; /* XENSTORE_SERVER_FEATURE_* */
	uint32_t connection;	  /* XENSTORE_CONNECTED or XENSTORE_RECONNECT */
	uint32_t error;		  /* XENSTORE_ERROR_* */
};

XEN_ABI_SIZE(struct xenstore_domain_interface, 2076);
XEN_ABI_OFFSET(struct xenstore_domain_interface, req, 0);
XEN_ABI_OFFSET(struct xenstore_domain_interface, rsp, 1024);
XEN_ABI_OFFSET(struct xenstore_domain_interface, req_cons, 2048);
XEN_ABI_OFFSET(struct xenstore_domain_interface, req_prod, 2052);
XEN_ABI_OFFSET(struct xenstore_domain_interface, rsp_cons, 2056);
XEN_ABI_OFFSET(struct xenstore_domain_interface, rsp_prod, 2060);
XEN_ABI_OFFSET(struct xenstore_domain_interface, server_features, 2064);
XEN_ABI_OFFSET(struct xenstore_domain_interface, connection, 2068);
XEN_ABI_OFFSET(struct xenstore_domain_interface, error, 2072);

/* Largest payload of one message */
#define XENSTORE_PAYLOAD_MAX 4096

/* Longest absolute and relative paths */
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

/* server_features bits */
#define XENSTORE_SERVER_FEATURE_RECONNECTION 1 /* connection is honoured */
#define XENSTORE_SERVER_FEATURE_ERROR 2	       /* error is filled in */

/*
 * connection: the guest sets XENSTORE_RECONNECT to ask xenstored to drop
 * its state for the ring; xenstored sets it back to XENSTORE_CONNECTED
 * once done.
 */
#define XENSTORE_CONNECTED 0
#define XENSTORE_RECONNECT 1

/* error: why xenstored gave up on the ring */
#define XENSTORE_ERROR_NONE 0
#define XENSTORE_ERROR_COMM 1	 /* communication problem */
#define XENSTORE_ERROR_RINGIDX 2 /* invalid ring index */
#define XENSTORE_ERROR_PROTO 3	 /* protocol violation */

#endif /* PUBLIC_IO_XS_WIRE_H */
