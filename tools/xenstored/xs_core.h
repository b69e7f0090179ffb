/* SPDX-License-Identifier: MIT */
/*
 * The xenstore daemon's protocol core: the node tree, permissions,
 * transactions, watches, domains and message framing. Pure C with no
 * system calls: everything the operating system provides (mapping a
 * domain's ring page, event channels, logging) goes through struct
 * xs_os_ops, so the same code runs in dom0 (xenstored.c) and in host unit
 * tests and the fuzzer.
 *
 * Single-threaded: the daemon's poll loop is the only caller, so there is
 * no locking.
 *
 * Errors are positive Xen errno values (public/errno.h); replies carry
 * their names from xsd_errors[] (public/io/xs_wire.h).
 */
#ifndef XS_CORE_H
#define XS_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/errno.h>
#include <public/io/xs_wire.h>

#define XS_PERM_NONE 0
#define XS_PERM_READ 1
#define XS_PERM_WRITE 2
#define XS_PERM_BOTH (XS_PERM_READ | XS_PERM_WRITE)

/* Domain ids at and above this are reserved (DOMID_FIRST_RESERVED). */
#define XS_DOMID_MAX 0x7ff0U

struct xs_perm {
	uint16_t id;
	uint8_t perms; /* XS_PERM_* */
};

struct xs_node {
	char *name; /* last path component; "" for the root */
	char *value;
	uint32_t vlen;
	struct xs_perm *perms; /* [0] is the owner and everyone's default */
	uint32_t nperms;
	uint64_t gen; /* store generation of the last change; never 0 */
	struct xs_node *parent;
	struct xs_node **children; /* in creation order, like Xen's */
	uint32_t nchildren, cap;
};

/* Nodes owned per domain, for the node quota. */
struct xs_count {
	uint16_t domid;
	uint32_t nodes;
	struct xs_count *next;
};

struct xs_tree {
	struct xs_node *root;
	struct xs_count *counts;
};

struct xs_conn;
struct xs_core;

/* A path a transaction read or wrote, with its generation when first seen. */
struct xs_access {
	char *path;
	uint64_t orig_gen; /* 0: the node did not exist */
	bool written;
	bool fire; /* named by a request: fires watches on commit */
};

struct xs_txn {
	uint32_t id;
	struct xs_tree
		tree; /* private copy from the first change; else empty */
	struct xs_access *acc;
	uint32_t nacc, cap;
	struct xs_txn *next;
};

struct xs_watch {
	char *path; /* absolute, or @special */
	char *token;
	bool relative; /* events strip the domain path prefix */
	struct xs_watch *next;
};

struct xs_out {
	struct xs_out *next;
	uint32_t len; /* header + payload */
	uint8_t data[];
};

struct xs_conn {
	struct xs_core *core;
	uint16_t domid;
	bool privileged;
	bool has_target; /* SET_TARGET: may act as target's owner */
	uint16_t target;
	bool broken;	  /* protocol violation: no more input is accepted */
	uint32_t dropped; /* watch events dropped, for rate-limited logs */

	/* Input: a header, then its payload. */
	uint8_t in_hdr[sizeof(struct xsd_sockmsg)];
	uint32_t in_hdr_have;
	struct xsd_sockmsg hdr;
	uint8_t *in_buf; /* XENSTORE_PAYLOAD_MAX bytes */
	uint32_t in_have;

	/* Output queue; out_off bytes of the head are already sent. */
	struct xs_out *out_head, *out_tail;
	uint32_t out_count, out_off;

	struct xs_watch *watches;
	uint32_t nwatches;
	struct xs_txn *txns;
	uint32_t ntxns, next_txid;

	void *os; /* the transport's cookie */
	struct xs_conn *next;
};

struct xs_domain {
	uint16_t domid;
	bool shutdown;
	uint64_t mfn;
	uint32_t remote_port, local_port;
	struct xenstore_domain_interface *iface;
	struct xs_conn *conn;
	struct xs_domain *next;
};

/* Limits for unprivileged domains; Xen 4.17's xenstored defaults. */
struct xs_quota {
	uint32_t nodes;	       /* nodes owned per domain */
	uint32_t entry_size;   /* bytes of one node's value */
	uint32_t watches;      /* per domain */
	uint32_t transactions; /* open at once per domain */
	uint32_t outstanding;  /* queued replies/events before backpressure */
	uint32_t perms;	       /* ACL entries per node */
	uint32_t txn_nodes;    /* nodes one transaction may touch */
	uint32_t path_len;     /* relative to the domain path */
};

struct xs_os_ops {
	/*
	 * Map domid's ring page (mfn is the frame INTRODUCE named) and bind
	 * an event channel to remote_port; return the mapping and the local
	 * port, or NULL with *err set.
	 */
	struct xenstore_domain_interface *(*map_domain)(
		void *os, uint16_t domid, uint64_t mfn, uint32_t remote_port,
		uint32_t *local_port, int *err);
	void (*unmap_domain)(void *os, struct xs_domain *d);
	void (*notify)(void *os, uint32_t local_port);
	void (*log)(void *os, const char *msg);
};

struct xs_core {
	struct xs_tree tree;
	uint64_t gen; /* last generation handed out */
	struct xs_quota quota;
	struct xs_conn *conns;
	struct xs_domain *domains;
	const struct xs_os_ops *ops;
	void *os;
	bool log_requests;
};

/* ---- xs_core.c: setup, connections, framing ---- */
void xs_core_init(struct xs_core *c, const struct xs_os_ops *ops, void *os);
void xs_core_fini(struct xs_core *c);
struct xs_conn *xs_conn_new(struct xs_core *c, uint16_t domid, bool privileged);
void xs_conn_free(struct xs_conn *conn);
/* Consume up to len input bytes; returns how many were taken. */
size_t xs_conn_feed(struct xs_conn *conn, const void *data, size_t len);
/* Whether the connection takes more input now (backpressure, broken). */
bool xs_conn_can_read(const struct xs_conn *conn);
/* The next bytes to send; 0 when the queue is empty. */
size_t xs_conn_out_peek(const struct xs_conn *conn, const uint8_t **p);
void xs_conn_out_consume(struct xs_conn *conn, size_t n);
/* Queue a message (header built here). Returns 0 or XEN_ENOMEM. */
int xs_conn_send(struct xs_conn *conn, uint32_t type, uint32_t req_id,
		 uint32_t tx_id, const void *payload, uint32_t len);
void xs_log(struct xs_core *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *xs_errname(int err);

/* ---- xs_ops.c: one request ---- */
void xs_process(struct xs_conn *conn, const struct xsd_sockmsg *hdr,
		const uint8_t *payload);

/* ---- xs_path.c ---- */
/* Canonical absolute path for a request's path; NULL (err set) if bad. */
char *xs_canon(const struct xs_conn *conn, const char *path, bool special,
	       int *err);
void xs_domain_path(char *buf, size_t size, unsigned int domid);
bool xs_is_child(const char *child, const char *parent);

/* ---- xs_node.c: the tree ---- */
struct xs_node *xs_lookup(const struct xs_tree *t, const char *path);
/* Create path and missing ancestors, inheriting perms. */
int xs_create(struct xs_core *c, struct xs_tree *t, struct xs_conn *conn,
	      const char *path, struct xs_node **out);
int xs_node_set_value(struct xs_core *c, struct xs_tree *t, struct xs_node *n,
		      const void *v, uint32_t len);
int xs_node_set_perms(struct xs_core *c, struct xs_tree *t, struct xs_node *n,
		      const struct xs_perm *p, uint32_t np);
/* Remove a node and its subtree; calls cb for each removed path. */
void xs_remove(struct xs_core *c, struct xs_tree *t, struct xs_node *n,
	       void (*cb)(void *arg, const char *path, const struct xs_node *n),
	       void *arg);
unsigned int xs_perm_for(const struct xs_conn *conn, const struct xs_node *n);
/* Permission check with Xen's rule for missing nodes (ENOENT/EACCES). */
int xs_node_access(const struct xs_tree *t, const struct xs_conn *conn,
		   const char *path, unsigned int perm, struct xs_node **out);
int xs_tree_clone(struct xs_tree *dst, const struct xs_tree *src);
void xs_tree_free(struct xs_tree *t);
uint32_t xs_tree_count(const struct xs_tree *t, uint16_t domid);
char *xs_node_path(const struct xs_node *n);
/*
 * A domain is gone: its nodes go to dom0 and its ACL entries are dropped,
 * so a later domain with the same id inherits nothing (as Xen 4.17).
 */
void xs_tree_forget_domain(struct xs_core *c, struct xs_tree *t,
			   uint16_t domid);
int xs_parse_perms(const char *const *argv, uint32_t argc, struct xs_perm *out);
uint32_t xs_format_perms(const struct xs_node *n, char *buf, uint32_t size);

/* ---- xs_txn.c ---- */
struct xs_txn *xs_txn_find(struct xs_conn *conn, uint32_t id);
int xs_txn_start(struct xs_conn *conn, uint32_t *id);
/* The tree t works on: the store until its first change, then its copy. */
struct xs_tree *xs_txn_tree(struct xs_core *c, struct xs_txn *t);
/* Before t's first change: take its private copy of the store. */
int xs_txn_write_begin(struct xs_core *c, struct xs_txn *t);
/* Record first access of path in t; fails with ENOSPC past the quota. */
int xs_txn_touch(struct xs_conn *conn, struct xs_txn *t, const char *path,
		 bool write);
/* Fire watches on path when the transaction commits. */
void xs_txn_fire(struct xs_txn *t, const char *path);
int xs_txn_end(struct xs_conn *conn, struct xs_txn *t, bool commit);
void xs_txn_free_all(struct xs_conn *conn);

/* ---- xs_watch.c ---- */
int xs_watch_add(struct xs_conn *conn, const char *path, const char *token,
		 bool relative);
int xs_watch_del(struct xs_conn *conn, const char *path, const char *token);
void xs_watch_free_all(struct xs_conn *conn);
/*
 * A node changed: fire watches on it and its ancestors, or (exact) only
 * those on it. n gives the perms a reader needs; NULL for special events.
 */
void xs_fire(struct xs_core *c, const char *path, const struct xs_node *n,
	     bool exact);
/* Fire watches for removing n (at path) and its subtree, then remove it. */
void xs_remove_fire(struct xs_core *c, struct xs_tree *t, struct xs_node *n,
		    const char *path);
void xs_fire_one(struct xs_conn *conn, struct xs_watch *w, const char *path);

/* ---- xs_domain.c (callers fire @introduceDomain/@releaseDomain) ---- */
struct xs_domain *xs_domain_find(struct xs_core *c, uint16_t domid);
int xs_domain_introduce(struct xs_core *c, uint16_t domid, uint64_t mfn,
			uint32_t port);
int xs_domain_release(struct xs_core *c, uint16_t domid);
/* Service a domain's ring; returns true if the domain needs a notify. */
bool xs_domain_service(struct xs_core *c, struct xs_domain *d);
/* Ring copy helpers (xs_ring.c). */
bool xs_ring_read(struct xs_conn *conn, struct xenstore_domain_interface *in,
		  bool *bad);
bool xs_ring_write(struct xs_conn *conn, struct xenstore_domain_interface *in,
		   bool *bad);

#endif /* XS_CORE_H */
