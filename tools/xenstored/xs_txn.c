/* SPDX-License-Identifier: MIT */
/*
 * Transactions. Each reads the store until its first change, then works on
 * a private copy of the store taken then; it records every path it read
 * or wrote with that path's generation when first seen (0: absent). Commit fails with EAGAIN if any of those paths has
 * changed in the store meanwhile (a node's generation moves on every change
 * of its value, perms or children); otherwise the written paths are copied
 * into the store, parents first, firing watches.
 */
#include <stdlib.h>
#include <string.h>

#include "xs_core.h"

struct xs_tree *xs_txn_tree(struct xs_core *c, struct xs_txn *t)
{
	return t->tree.root ? &t->tree : &c->tree;
}

int xs_txn_write_begin(struct xs_core *c, struct xs_txn *t)
{
	return t->tree.root ? 0 : xs_tree_clone(&t->tree, &c->tree);
}

struct xs_txn *xs_txn_find(struct xs_conn *conn, uint32_t id)
{
	for (struct xs_txn *t = conn->txns; t; t = t->next)
		if (t->id == id)
			return t;
	return NULL;
}

static void txn_free(struct xs_txn *t)
{
	for (uint32_t i = 0; i < t->nacc; i++)
		free(t->acc[i].path);
	free(t->acc);
	xs_tree_free(&t->tree);
	free(t);
}

int xs_txn_start(struct xs_conn *conn, uint32_t *id)
{
	struct xs_txn *t;

	if (!conn->privileged && conn->ntxns >= conn->core->quota.transactions)
		return XEN_ENOSPC;
	t = calloc(1, sizeof(*t));
	if (!t)
		return XEN_ENOMEM;
	do {
		t->id = conn->next_txid++;
	} while (t->id == 0 || xs_txn_find(conn, t->id));
	t->next = conn->txns;
	conn->txns = t;
	conn->ntxns++;
	*id = t->id;
	return 0;
}

int xs_txn_touch(struct xs_conn *conn, struct xs_txn *t, const char *path,
		 bool write)
{
	struct xs_node *n;
	struct xs_access *a;

	for (uint32_t i = 0; i < t->nacc; i++)
		if (strcmp(t->acc[i].path, path) == 0) {
			t->acc[i].written |= write;
			return 0;
		}
	if (!conn->privileged && t->nacc >= conn->core->quota.txn_nodes)
		return XEN_ENOSPC;
	if (t->nacc == t->cap) {
		uint32_t cap = t->cap ? t->cap * 2 : 16;

		a = realloc(t->acc, cap * sizeof(*a));
		if (!a)
			return XEN_ENOMEM;
		t->acc = a;
		t->cap = cap;
	}
	a = &t->acc[t->nacc];
	a->path = strdup(path);
	if (!a->path)
		return XEN_ENOMEM;
	n = xs_lookup(xs_txn_tree(conn->core, t), path);
	a->orig_gen = n ? n->gen : 0;
	a->written = write;
	a->fire = false;
	t->nacc++;
	return 0;
}

void xs_txn_fire(struct xs_txn *t, const char *path)
{
	for (uint32_t i = 0; i < t->nacc; i++)
		if (strcmp(t->acc[i].path, path) == 0)
			t->acc[i].fire = true;
}

static int acc_cmp(const void *a, const void *b)
{
	return strcmp(((const struct xs_access *)a)->path,
		      ((const struct xs_access *)b)->path);
}

static int txn_apply(struct xs_core *c, struct xs_txn *t)
{
	int err = 0;

	if (!t->tree.root)
		return 0; /* it never changed anything */
	/* "/a" sorts before "/a/...": parents are created first. */
	if (t->nacc)
		qsort(t->acc, t->nacc, sizeof(*t->acc), acc_cmp);
	for (uint32_t i = 0; i < t->nacc && !err; i++) {
		struct xs_access *a = &t->acc[i];
		struct xs_node *tn, *mn;

		if (!a->written)
			continue;
		tn = xs_lookup(&t->tree, a->path);
		mn = xs_lookup(&c->tree, a->path);
		if (!tn) {
			if (mn && a->fire)
				xs_remove_fire(c, &c->tree, mn, a->path);
			else if (mn)
				xs_remove(c, &c->tree, mn, NULL, NULL);
			continue;
		}
		if (!mn)
			err = xs_create(c, &c->tree, NULL, a->path, &mn);
		if (!err)
			err = xs_node_set_value(c, &c->tree, mn, tn->value,
						tn->vlen);
		if (!err)
			err = xs_node_set_perms(c, &c->tree, mn, tn->perms,
						tn->nperms);
		if (!err && a->fire)
			xs_fire(c, a->path, mn, false);
	}
	return err;
}

int xs_txn_end(struct xs_conn *conn, struct xs_txn *t, bool commit)
{
	struct xs_core *c = conn->core;
	struct xs_txn **pp;
	int err = 0;

	for (pp = &conn->txns; *pp; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	conn->ntxns--;
	if (commit) {
		for (uint32_t i = 0; i < t->nacc; i++) {
			struct xs_node *n = xs_lookup(&c->tree, t->acc[i].path);

			if ((n ? n->gen : 0) != t->acc[i].orig_gen) {
				err = XEN_EAGAIN;
				break;
			}
		}
		if (!err)
			err = txn_apply(c, t);
	}
	txn_free(t);
	return err;
}

void xs_txn_free_all(struct xs_conn *conn)
{
	while (conn->txns) {
		struct xs_txn *t = conn->txns;

		conn->txns = t->next;
		txn_free(t);
	}
	conn->ntxns = 0;
}
