/* SPDX-License-Identifier: MIT */
/*
 * GNTTABOP_map_grant_ref error paths, regression test for:
 *  - XSA-316 ("Bad error path in GNTTABOP_map_grant_ref", 2020): one
 *    failure path returned 1 instead of a negative GNTST_* value, so
 *    callers took a failed map for a success;
 *  - XSA-224 class ("grant table operations mishandle reference counts"):
 *    a failed map must leave no mapping, nor anything to unmap.
 *
 * Bad input: map_grant_ref of a domain that does not exist, of DOMID_SELF
 * and our own domain id (nothing granted), of references past the table,
 * with no host_map flag, unknown flags, a host_addr outside RAM,
 * misaligned or ~0, in batches with good and bad entries mixed; then
 * unmap_grant_ref of handles never returned, and GNTTABOP_copy of zero
 * bytes between bad references (XSA-448 class: a zero-length copy must
 * still validate its references).
 *
 * What must happen: the hypercall itself returns 0 and every entry's
 * status is a negative GNTST_* code (never 0 or positive); no handle is
 * returned usable: unmapping them gives GNTST_bad_handle; the bad copies
 * give negative statuses; the hypervisor still answers.
 */
#include <test.h>
#include <public/grant_table.h>

const char test_title[] = "XSA-316: failed grant maps report a negative status";

#define NMAP 12

static struct gnttab_map_grant_ref m[NMAP];

void test_main(void)
{
	static const u64 addrs[] = {0x0, 0x08000000, 0xffff000000UL, ~0UL};
	struct gnttab_unmap_grant_ref u;
	struct gnttab_copy cp[2];
	domid_t self = DOMID_SELF;
	unsigned int i, n = 0;
	long rc;

	xen_own_domid(&self);
	/* A domain that does not exist, and ourselves with nothing granted. */
	m[n++] = (struct gnttab_map_grant_ref){.host_addr = 0x60000000,
					       .flags = GNTMAP_host_map,
					       .ref = 8,
					       .dom = 0x7fef};
	m[n++] = (struct gnttab_map_grant_ref){.host_addr = 0x60000000,
					       .flags = GNTMAP_host_map,
					       .ref = 8,
					       .dom = DOMID_SELF};
	m[n++] = (struct gnttab_map_grant_ref){.host_addr = 0x60000000,
					       .flags = GNTMAP_host_map,
					       .ref = 8,
					       .dom = self};
	/* References past any table. */
	m[n++] = (struct gnttab_map_grant_ref){.host_addr = 0x60000000,
					       .flags = GNTMAP_host_map,
					       .ref = 0x7fffffff,
					       .dom = 0};
	m[n++] = (struct gnttab_map_grant_ref){.host_addr = 0x60000000,
					       .flags = GNTMAP_host_map,
					       .ref = ~0U,
					       .dom = self};
	/* No host_map, only device_map, unknown flags. */
	m[n++] = (struct gnttab_map_grant_ref){
		.host_addr = 0x60000000, .flags = 0, .ref = 1, .dom = 0};
	m[n++] = (struct gnttab_map_grant_ref){.host_addr = 0x60000000,
					       .flags = GNTMAP_device_map,
					       .ref = 1,
					       .dom = 0};
	m[n++] = (struct gnttab_map_grant_ref){.host_addr = 0x60000000,
					       .flags = GNTMAP_host_map |
							GNTMAP_contains_pte,
					       .ref = 1,
					       .dom = 0};
	for (i = 0; i < ARRAY_SIZE(addrs); i++)
		m[n++] = (struct gnttab_map_grant_ref){
			.host_addr = addrs[i] + (i & 1) * 0x123,
			.flags = GNTMAP_host_map,
			.ref = 1,
			.dom = 0};
	for (i = 0; i < n; i++) {
		m[i].status = 0x5a5a;
		m[i].handle = 0xa5a5a5a5;
	}

	rc = HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, m, n);
	check_eq(rc, 0, "map_grant_ref of %u bad entries: the call itself", n);
	for (i = 0; i < n; i++)
		check(m[i].status < 0,
		      "entry %u (dom %#x ref %#x flags %#x addr %#lx): status "
		      "%d is a negative GNTST_*",
		      i, m[i].dom, m[i].ref, m[i].flags, m[i].host_addr,
		      m[i].status);

	/* Nothing was mapped: whatever came back as handles is not one. */
	for (i = 0; i < n; i++) {
		u = (struct gnttab_unmap_grant_ref){.host_addr = m[i].host_addr,
						    .handle = m[i].handle};
		rc = HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1);
		check(rc == 0 && u.status < 0,
		      "unmap of entry %u's handle %#x: rc %s, status %d", i,
		      m[i].handle, errname(rc), u.status);
	}

	/* Zero-length copies between references nobody granted. */
	memset(cp, 0, sizeof(cp));
	cp[0].source.u.ref = 5;
	cp[0].source.domid = 0x7fef;
	cp[0].dest.u.ref = 6;
	cp[0].dest.domid = self;
	cp[0].flags = GNTCOPY_source_gref | GNTCOPY_dest_gref;
	cp[1] = cp[0];
	cp[1].source.domid = self;
	cp[1].source.u.ref = 0x7fffffff;
	rc = HYPERVISOR_grant_table_op(GNTTABOP_copy, cp, 2);
	check(rc == 0 && cp[0].status < 0 && cp[1].status < 0,
	      "zero-length copies from bad references: rc %s, status %d/%d",
	      errname(rc), cp[0].status, cp[1].status);

	check_eq(HYPERVISOR_xen_version(XENVER_version, NULL), 0x40011,
		 "the hypervisor still answers");
	test_success(NULL);
}
