/* SPDX-License-Identifier: MIT */
/*
 * Watches: a connection's (path, token) pairs. A change of a node fires
 * the watches on it and on its ancestors; removing a subtree also fires
 * those on each removed node. "@introduceDomain" and "@releaseDomain" fire
 * on those events only, for privileged connections.
 */
#include <stdlib.h>
#include <string.h>

#include "xs_core.h"

/* Watch events queued for a domain that does not read its ring. */
#define XS_MAX_PENDING_EVENTS 256

int xs_watch_add(struct xs_conn *conn, const char *path, const char *token,
		 bool relative)
{
	struct xs_watch *w;

	for (w = conn->watches; w; w = w->next)
		if (strcmp(w->path, path) == 0 && strcmp(w->token, token) == 0)
			return XEN_EEXIST;
	if (!conn->privileged && conn->nwatches >= conn->core->quota.watches)
		return XEN_E2BIG;
	w = calloc(1, sizeof(*w));
	if (!w)
		return XEN_ENOMEM;
	w->path = strdup(path);
	w->token = strdup(token);
	if (!w->path || !w->token) {
		free(w->path);
		free(w->token);
		free(w);
		return XEN_ENOMEM;
	}
	w->relative = relative;
	w->next = conn->watches;
	conn->watches = w;
	conn->nwatches++;
	return 0;
}

static void watch_free(struct xs_watch *w)
{
	free(w->path);
	free(w->token);
	free(w);
}

int xs_watch_del(struct xs_conn *conn, const char *path, const char *token)
{
	for (struct xs_watch **pp = &conn->watches; *pp; pp = &(*pp)->next) {
		struct xs_watch *w = *pp;

		if (strcmp(w->path, path) == 0 &&
		    strcmp(w->token, token) == 0) {
			*pp = w->next;
			watch_free(w);
			conn->nwatches--;
			return 0;
		}
	}
	return XEN_ENOENT;
}

void xs_watch_free_all(struct xs_conn *conn)
{
	while (conn->watches) {
		struct xs_watch *w = conn->watches;

		conn->watches = w->next;
		watch_free(w);
	}
	conn->nwatches = 0;
}

void xs_fire_one(struct xs_conn *conn, struct xs_watch *w, const char *path)
{
	char dom[32];
	size_t dl, pl, tl;
	char *buf;

	if (w->relative) {
		xs_domain_path(dom, sizeof(dom), conn->domid);
		dl = strlen(dom);
		if (strncmp(path, dom, dl) == 0 && path[dl] == '/')
			path += dl + 1;
	}
	if (!conn->privileged && conn->out_count >= XS_MAX_PENDING_EVENTS) {
		/* Guest-caused: logged at the 1st, 2nd, 4th, 8th... drop. */
		conn->dropped++;
		if (!(conn->dropped & (conn->dropped - 1)))
			xs_log(conn->core, "dom%u: %u watch events dropped",
			       conn->domid, conn->dropped);
		return;
	}
	pl = strlen(path) + 1;
	tl = strlen(w->token) + 1;
	if (pl + tl > XENSTORE_PAYLOAD_MAX) {
		/* A long path under a watch with a long token: cannot be sent. */
		conn->dropped++;
		if (!(conn->dropped & (conn->dropped - 1)))
			xs_log(conn->core, "dom%u: %u watch events dropped",
			       conn->domid, conn->dropped);
		return;
	}
	buf = malloc(pl + tl);
	if (!buf)
		return;
	memcpy(buf, path, pl);
	memcpy(buf + pl, w->token, tl);
	xs_conn_send(conn, XS_WATCH_EVENT, 0, 0, buf, pl + tl);
	free(buf);
}

void xs_fire(struct xs_core *c, const char *path, const struct xs_node *n,
	     bool exact)
{
	bool special = path[0] == '@';

	for (struct xs_conn *conn = c->conns; conn; conn = conn->next) {
		if (special && !conn->privileged)
			continue;
		if (n && !(xs_perm_for(conn, n) & XS_PERM_READ))
			continue;
		for (struct xs_watch *w = conn->watches; w; w = w->next) {
			bool hit = exact || special
					   ? strcmp(w->path, path) == 0
					   : xs_is_child(path, w->path);

			if (hit)
				xs_fire_one(conn, w, path);
		}
	}
}

struct rm_fire {
	struct xs_core *c;
	const struct xs_node *top;
};

static void fire_removed(void *arg, const char *path, const struct xs_node *n)
{
	struct rm_fire *f = arg;

	if (n != f->top)
		xs_fire(f->c, path, n, true);
}

void xs_remove_fire(struct xs_core *c, struct xs_tree *t, struct xs_node *n,
		    const char *path)
{
	struct rm_fire f = {c, n};

	xs_fire(c, path, n, false);
	xs_remove(c, t, n, fire_removed, &f);
}
