/* SPDX-License-Identifier: MIT */
/* The xenstore client's connection: requests, replies, queued events. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <public/io/xs_wire.h>

#include "xenstore.h"

struct event {
	struct event *next;
	unsigned int len;
	char data[];
};

struct xs_handle {
	int fd;
	uint32_t req_id;
	struct event *events, *events_tail;
};

struct xs_handle *xs_open_path(const char *path)
{
	struct xs_handle *h = calloc(1, sizeof(*h));
	struct sockaddr_un sa = {.sun_family = AF_UNIX};

	if (!h)
		return NULL;
	if (strncmp(path, "/dev/", 5) == 0 || strncmp(path, "/proc/", 6) == 0) {
		h->fd = open(path, O_RDWR | O_CLOEXEC);
	} else if (strlen(path) < sizeof(sa.sun_path)) {
		strcpy(sa.sun_path, path);
		h->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (h->fd >= 0 &&
		    connect(h->fd, (struct sockaddr *)&sa, sizeof(sa))) {
			close(h->fd);
			h->fd = -1;
		}
	} else {
		errno = ENAMETOOLONG;
		h->fd = -1;
	}
	if (h->fd < 0) {
		int e = errno;

		free(h);
		errno = e;
		return NULL;
	}
	return h;
}

struct xs_handle *xs_open(void)
{
	static const char *const paths[] = {
		"/run/xenstored/socket", "/var/run/xenstored/socket",
		"/dev/xen/xenbus", "/proc/xen/xenbus"};
	const char *env = getenv("XENSTORED_PATH");
	struct xs_handle *h;

	if (env)
		return xs_open_path(env);
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if ((h = xs_open_path(paths[i])))
			return h;
	return NULL;
}

void xs_close(struct xs_handle *h)
{
	if (!h)
		return;
	while (h->events) {
		struct event *e = h->events;

		h->events = e->next;
		free(e);
	}
	close(h->fd);
	free(h);
}

int xs_fileno(const struct xs_handle *h)
{
	return h->fd;
}

static bool write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= n;
	}
	return true;
}

static bool read_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = ECONNRESET;
			return false;
		}
		p += n;
		len -= n;
	}
	return true;
}

/* One message; its payload malloc()ed with a NUL appended. */
static char *read_msg(struct xs_handle *h, struct xsd_sockmsg *m)
{
	char *body;

	if (!read_all(h->fd, m, sizeof(*m)))
		return NULL;
	if (m->len > XENSTORE_PAYLOAD_MAX) {
		errno = EBADMSG;
		return NULL;
	}
	body = malloc(m->len + 1);
	if (!body)
		return NULL;
	if (!read_all(h->fd, body, m->len)) {
		free(body);
		return NULL;
	}
	body[m->len] = '\0';
	return body;
}

static void queue_event(struct xs_handle *h, const char *body, unsigned len)
{
	struct event *e = malloc(sizeof(*e) + len);

	if (!e)
		return;
	e->next = NULL;
	e->len = len;
	memcpy(e->data, body, len);
	if (h->events_tail)
		h->events_tail->next = e;
	else
		h->events = e;
	h->events_tail = e;
}

void *xs_talk(struct xs_handle *h, xs_transaction_t t, uint32_t type,
	      const void *payload, unsigned int len, uint32_t *rtype,
	      unsigned int *rlen)
{
	struct xsd_sockmsg m = {type, ++h->req_id, t, len};
	char msg[sizeof(m) + XENSTORE_PAYLOAD_MAX];
	char *body;

	if (len > XENSTORE_PAYLOAD_MAX) {
		errno = E2BIG;
		return NULL;
	}
	/* One write: /dev/xen/xenbus takes a message in one piece best. */
	memcpy(msg, &m, sizeof(m));
	memcpy(msg + sizeof(m), payload, len);
	if (!write_all(h->fd, msg, sizeof(m) + len))
		return NULL;
	for (;;) {
		struct xsd_sockmsg r;

		body = read_msg(h, &r);
		if (!body)
			return NULL;
		if (r.type == XS_WATCH_EVENT) {
			queue_event(h, body, r.len);
			free(body);
			continue;
		}
		if (r.type == XS_ERROR) {
			int e = xs_errno_from_name(body, r.len);

			free(body);
			errno = e;
			return NULL;
		}
		if (rtype)
			*rtype = r.type;
		if (rlen)
			*rlen = r.len;
		return body;
	}
}

static char *talk_strings(struct xs_handle *h, xs_transaction_t t,
			  uint32_t type, const char *const *s, unsigned int n,
			  unsigned int *rlen)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	int len = xs_join(buf, sizeof(buf), s, n);

	if (len < 0) {
		errno = E2BIG;
		return NULL;
	}
	return xs_talk(h, t, type, buf, len, NULL, rlen);
}

static bool talk_ok(struct xs_handle *h, xs_transaction_t t, uint32_t type,
		    const char *const *s, unsigned int n)
{
	char *r = talk_strings(h, t, type, s, n, NULL);

	free(r);
	return r != NULL;
}

char *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path,
	      unsigned int *len)
{
	return talk_strings(h, t, XS_READ, &path, 1, len);
}

bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path,
	      const void *data, unsigned int len)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	size_t pl = strlen(path) + 1;
	char *r;

	if (pl + len > sizeof(buf)) {
		errno = E2BIG;
		return false;
	}
	memcpy(buf, path, pl);
	memcpy(buf + pl, data, len);
	r = xs_talk(h, t, XS_WRITE, buf, pl + len, NULL, NULL);
	free(r);
	return r != NULL;
}

bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path)
{
	return talk_ok(h, t, XS_MKDIR, &path, 1);
}

bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path)
{
	return talk_ok(h, t, XS_RM, &path, 1);
}

static char **talk_list(struct xs_handle *h, xs_transaction_t t, uint32_t type,
			const char *path, unsigned int *num)
{
	unsigned int len;
	char *r = talk_strings(h, t, type, &path, 1, &len);
	char **v;

	if (!r)
		return NULL;
	v = xs_split(r, len, num);
	free(r);
	return v;
}

char **xs_directory(struct xs_handle *h, xs_transaction_t t, const char *path,
		    unsigned int *num)
{
	return talk_list(h, t, XS_DIRECTORY, path, num);
}

char **xs_get_perms(struct xs_handle *h, xs_transaction_t t, const char *path,
		    unsigned int *num)
{
	return talk_list(h, t, XS_GET_PERMS, path, num);
}

bool xs_set_perms(struct xs_handle *h, xs_transaction_t t, const char *path,
		  const char *const *perms, unsigned int num)
{
	const char *v[32];

	if (num + 1 > 32) {
		errno = E2BIG;
		return false;
	}
	v[0] = path;
	memcpy(v + 1, perms, num * sizeof(*v));
	return talk_ok(h, t, XS_SET_PERMS, v, num + 1);
}

bool xs_watch(struct xs_handle *h, const char *path, const char *token)
{
	const char *v[2] = {path, token};

	return talk_ok(h, XBT_NULL, XS_WATCH, v, 2);
}

bool xs_unwatch(struct xs_handle *h, const char *path, const char *token)
{
	const char *v[2] = {path, token};

	return talk_ok(h, XBT_NULL, XS_UNWATCH, v, 2);
}

char **xs_read_watch_timeout(struct xs_handle *h, unsigned int *num,
			     int timeout_ms)
{
	while (!h->events) {
		struct pollfd p = {h->fd, POLLIN, 0};
		struct xsd_sockmsg m;
		char *body;
		int n = poll(&p, 1, timeout_ms);

		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0) {
			errno = ETIMEDOUT;
			return NULL;
		}
		if (n < 0)
			return NULL;
		body = read_msg(h, &m);
		if (!body)
			return NULL;
		if (m.type == XS_WATCH_EVENT)
			queue_event(h, body, m.len);
		free(body);
	}
	{
		struct event *e = h->events;
		char **v;

		h->events = e->next;
		if (!h->events)
			h->events_tail = NULL;
		v = xs_split(e->data, e->len, num);
		free(e);
		return v;
	}
}

char **xs_read_watch(struct xs_handle *h, unsigned int *num)
{
	return xs_read_watch_timeout(h, num, -1);
}

xs_transaction_t xs_transaction_start(struct xs_handle *h)
{
	const char *empty = "";
	char *r = talk_strings(h, XBT_NULL, XS_TRANSACTION_START, &empty, 1,
			       NULL);
	unsigned long id;

	if (!r)
		return XBT_NULL;
	id = strtoul(r, NULL, 10);
	free(r);
	if (!id)
		errno = EIO;
	return id;
}

bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort)
{
	const char *s = abort ? "F" : "T";

	return talk_ok(h, t, XS_TRANSACTION_END, &s, 1);
}

static bool domid_op(struct xs_handle *h, uint32_t type, unsigned int domid,
		     char **reply)
{
	char d[16];
	const char *v = d;
	char *r;

	snprintf(d, sizeof(d), "%u", domid);
	r = talk_strings(h, XBT_NULL, type, &v, 1, NULL);
	if (reply)
		*reply = r;
	else
		free(r);
	return r != NULL;
}

bool xs_introduce_domain(struct xs_handle *h, unsigned int domid,
			 unsigned long mfn, unsigned int port)
{
	char d[16], m[24], p[16];
	const char *v[3] = {d, m, p};

	snprintf(d, sizeof(d), "%u", domid);
	snprintf(m, sizeof(m), "%lu", mfn);
	snprintf(p, sizeof(p), "%u", port);
	return talk_ok(h, XBT_NULL, XS_INTRODUCE, v, 3);
}

bool xs_release_domain(struct xs_handle *h, unsigned int domid)
{
	return domid_op(h, XS_RELEASE, domid, NULL);
}

bool xs_resume_domain(struct xs_handle *h, unsigned int domid)
{
	return domid_op(h, XS_RESUME, domid, NULL);
}

bool xs_set_target(struct xs_handle *h, unsigned int domid, unsigned int target)
{
	char d[16], t[16];
	const char *v[2] = {d, t};

	snprintf(d, sizeof(d), "%u", domid);
	snprintf(t, sizeof(t), "%u", target);
	return talk_ok(h, XBT_NULL, XS_SET_TARGET, v, 2);
}

bool xs_is_domain_introduced(struct xs_handle *h, unsigned int domid)
{
	char *r;
	bool yes;

	if (!domid_op(h, XS_IS_DOMAIN_INTRODUCED, domid, &r))
		return false;
	yes = strcmp(r, "T") == 0;
	free(r);
	return yes;
}

char *xs_get_domain_path(struct xs_handle *h, unsigned int domid)
{
	char *r;

	return domid_op(h, XS_GET_DOMAIN_PATH, domid, &r) ? r : NULL;
}

bool xs_reset_watches(struct xs_handle *h)
{
	const char *empty = "";

	return talk_ok(h, XBT_NULL, XS_RESET_WATCHES, &empty, 1);
}

char *xs_control(struct xs_handle *h, const char *const *args,
		 unsigned int nargs, unsigned int *len)
{
	return talk_strings(h, XBT_NULL, XS_CONTROL, args, nargs, len);
}
