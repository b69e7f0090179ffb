/* SPDX-License-Identifier: MIT */
/*
 * A small xenstore client: talks the wire protocol (public/io/xs_wire.h)
 * over xenstored's Unix socket or dom0's /dev/xen/xenbus. Blocking and
 * single-threaded: one request at a time; watch events that arrive while a
 * reply is awaited are queued for xs_read_watch().
 *
 * Calls return NULL/false and set errno (the server's error name mapped to
 * the errno of the same name) on failure. Returned buffers are malloc()ed,
 * one block each: free() them.
 */
#ifndef XENSTORE_H
#define XENSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint32_t xs_transaction_t;
#define XBT_NULL 0U

struct xs_handle;

/* The socket ($XENSTORED_PATH, /run/..., /var/run/...) or /dev/xen/xenbus. */
struct xs_handle *xs_open(void);
struct xs_handle *xs_open_path(const char *path);
void xs_close(struct xs_handle *h);
int xs_fileno(const struct xs_handle *h);

/* Value of path, NUL-terminated (len excludes the NUL). */
char *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path,
	      unsigned int *len);
bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path,
	      const void *data, unsigned int len);
bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path);
bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path);
/* Children names: an array of *num strings (one block). */
char **xs_directory(struct xs_handle *h, xs_transaction_t t, const char *path,
		    unsigned int *num);
/* Permissions as strings ("b0", "r5", ...), as sent on the wire. */
char **xs_get_perms(struct xs_handle *h, xs_transaction_t t, const char *path,
		    unsigned int *num);
bool xs_set_perms(struct xs_handle *h, xs_transaction_t t, const char *path,
		  const char *const *perms, unsigned int num);

bool xs_watch(struct xs_handle *h, const char *path, const char *token);
bool xs_unwatch(struct xs_handle *h, const char *path, const char *token);
/* Next event as {path, token}; blocks until one arrives. */
char **xs_read_watch(struct xs_handle *h, unsigned int *num);
/* As xs_read_watch, giving up after timeout_ms (errno ETIMEDOUT). */
char **xs_read_watch_timeout(struct xs_handle *h, unsigned int *num,
			     int timeout_ms);

xs_transaction_t xs_transaction_start(struct xs_handle *h);
/* Commit (abort false) or abandon; EAGAIN: conflict, start again. */
bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort);

bool xs_introduce_domain(struct xs_handle *h, unsigned int domid,
			 unsigned long mfn, unsigned int port);
bool xs_release_domain(struct xs_handle *h, unsigned int domid);
bool xs_resume_domain(struct xs_handle *h, unsigned int domid);
bool xs_set_target(struct xs_handle *h, unsigned int domid,
		   unsigned int target);
bool xs_is_domain_introduced(struct xs_handle *h, unsigned int domid);
char *xs_get_domain_path(struct xs_handle *h, unsigned int domid);
bool xs_reset_watches(struct xs_handle *h);
/* XS_CONTROL with NUL-separated args; returns the reply. */
char *xs_control(struct xs_handle *h, const char *const *args,
		 unsigned int nargs, unsigned int *len);

/* Raw request: payload of len bytes; reply (type in *type) or NULL. */
void *xs_talk(struct xs_handle *h, xs_transaction_t t, uint32_t type,
	      const void *payload, unsigned int len, uint32_t *rtype,
	      unsigned int *rlen);

/* ---- wire helpers (xs_msg.c), usable without a connection ---- */
/* errno for an error name ("ENOENT"); EINVAL if unknown. */
int xs_errno_from_name(const char *name, size_t len);
/* Split len bytes of NUL-terminated strings into a malloc()ed array
 * (pointers then copies, one block). A missing final NUL is tolerated. */
char **xs_split(const char *buf, size_t len, unsigned int *num);
/* Join strings, each with its NUL, into buf; returns length or -1. */
int xs_join(char *buf, size_t size, const char *const *s, unsigned int n);

#endif /* XENSTORE_H */
