/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target over xenstored's core (tools/xenstored): the input is a
 * script of chunks, each `sel len_lo len_hi bytes...`:
 *   sel % 4 == 0: bytes go to dom0's socket connection (privileged)
 *   sel % 4 == 1: bytes go to domain 5's connection (unprivileged)
 *   sel % 4 == 2: bytes are written into domain 7's ring page as a guest
 *                 would, indexes included (first 16 bytes, if present,
 *                 overwrite req_cons/req_prod/rsp_cons/rsp_prod), then the
 *                 ring is serviced
 *   sel % 4 == 3: queued output of every connection is dropped (as if
 *                 read), or domain 7 asks for a reconnection
 * The daemon must neither crash nor leak (ASan/LSan); and unless the
 * fuzzed dom0 opened it up, domain 5 is refused dom0's /secret at the end.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../../tools/xenstored/xs_core.h"

static struct xenstore_domain_interface *ring_page;

static struct xenstore_domain_interface *fz_map(void *os, uint16_t domid,
						uint64_t mfn, uint32_t port,
						uint32_t *local_port, int *err)
{
	(void)os;
	(void)mfn;
	(void)domid;
	if (ring_page) { /* one ring in this harness */
		*err = XEN_EBUSY;
		return NULL;
	}
	ring_page = calloc(1, 4096);
	*local_port = port;
	return ring_page;
}

static void fz_unmap(void *os, struct xs_domain *d)
{
	(void)os;
	(void)d;
	free(ring_page);
	ring_page = NULL;
}

static void fz_notify(void *os, uint32_t port)
{
	(void)os;
	(void)port;
}

static const struct xs_os_ops ops = {fz_map, fz_unmap, fz_notify, NULL};

static void drain(struct xs_conn *c)
{
	const uint8_t *p;
	size_t len;

	while ((len = xs_conn_out_peek(c, &p)))
		xs_conn_out_consume(c, len);
}

/* dom0's /secret, still "n0", must be refused to domain 5. */
static void check_secret(struct xs_core *core, struct xs_conn *domu)
{
	struct xs_node *n = xs_lookup(&core->tree, "/secret");
	struct xsd_sockmsg h = {XS_READ, 42, 0, 8};
	const uint8_t *p;
	size_t len;

	if (!n || n->nperms != 1 || n->perms[0].id != 0 ||
	    n->perms[0].perms != XS_PERM_NONE || domu->broken)
		return;
	drain(domu);
	/* A partial request may be pending: it swallows ours. */
	if (domu->in_hdr_have)
		return;
	xs_conn_feed(domu, &h, sizeof(h));
	xs_conn_feed(domu, "/secret", 8);
	len = xs_conn_out_peek(domu, &p);
	if (len < sizeof(h))
		abort();
	memcpy(&h, p, sizeof(h));
	if (h.type != XS_ERROR || h.req_id != 42)
		abort();
}

static void fz_send(struct xs_conn *c, uint32_t type, const char *s, size_t len)
{
	struct xsd_sockmsg h = {type, 0, 0, (uint32_t)len};

	xs_conn_feed(c, &h, sizeof(h));
	xs_conn_feed(c, s, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xs_core core;
	struct xs_conn *dom0, *domu;
	struct xs_domain *d;
	size_t i = 0;

	xs_core_init(&core, &ops, NULL);
	dom0 = xs_conn_new(&core, 0, true);
	domu = xs_conn_new(&core, 5, false);
	fz_send(dom0, XS_WRITE, "/secret\0TOPSECRET", 17);
	fz_send(dom0, XS_WRITE, "/local/domain/5\0", 16);
	fz_send(dom0, XS_SET_PERMS, "/local/domain/5\0n5\0", 19);
	fz_send(dom0, XS_WRITE, "/local/domain/7\0", 16);
	fz_send(dom0, XS_SET_PERMS, "/local/domain/7\0n7\0", 19);
	fz_send(dom0, XS_INTRODUCE,
		"7\0"
		"1\0"
		"3\0",
		6);
	drain(dom0);
	d = xs_domain_find(&core, 7);

	while (i + 3 <= size) {
		uint8_t sel = data[i];
		size_t len = data[i + 1] | (size_t)data[i + 2] << 8;

		i += 3;
		if (len > size - i)
			len = size - i;
		switch (sel % 4) {
		case 0:
			xs_conn_feed(dom0, data + i, len);
			break;
		case 1:
			xs_conn_feed(domu, data + i, len);
			break;
		case 2:
			if (!d || !ring_page)
				break;
			if (len >= 16) {
				memcpy(&ring_page->req_cons, data + i, 16);
				for (size_t k = 16; k < len; k++)
					ring_page->req[MASK_XENSTORE_IDX(
						ring_page->req_prod++)] =
						data[i + k];
			}
			xs_domain_service(&core, d);
			break;
		case 3:
			if (d && ring_page && (sel & 4))
				ring_page->connection = XENSTORE_RECONNECT;
			drain(dom0);
			drain(domu);
			break;
		}
		i += len;
		drain(domu);
		/* Domain 7 may have released itself via dom0's input. */
		d = xs_domain_find(&core, 7);
	}
	drain(dom0);
	check_secret(&core, domu);
	xs_core_fini(&core);
	return 0;
}
