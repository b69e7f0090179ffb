/* SPDX-License-Identifier: MIT */
/*
 * Stage-2 table memory, regression test for XSA-409 ("Arm: unbounded
 * memory consumption for 2nd-level page tables", 2022): a guest gave a
 * page back (decrease_reservation) and populated one at a new, sparse gfn,
 * over and over; each new 2 MiB region cost the hypervisor a table page
 * from its heap, with no limit. Since, the tables of a domain come from
 * its own pool (Xen's P2M pool), here 1 MiB (xen,domain-p2m-mem-mb = 1 in
 * test.mk, 256 pages).
 *
 * The guest balloons out one page of its RAM, then loops: populate a page
 * at 8 GiB + i * 2 MiB (beyond its RAM, inside any IPA size of at least
 * 36 bits), give it back, next i. Every step needs at least one new table
 * page, so with the pool populate must fail (0 extents done) within 256
 * steps; without it, it goes on to MAX_STEPS (16 MiB of tables, bounded
 * so an unfixed hypervisor is not drained). Then the guest must still
 * work: its ballooned page comes back under tables that exist, is
 * usable, and hypercalls answer.
 *
 * Xen 4.17 keeps the page of the failed populate allocated to the domain
 * (current_reservation back at its maximum); armvisor undoes it. With
 * Xen's way, a second page of the same (already split) block is given
 * back first so ours can return.
 */
#include <test.h>

const char test_title[] = "XSA-409: stage-2 tables limited by the p2m pool";

#define POOL_PAGES 256 /* P2M_MEM_MB in test.mk */
#define MAX_STEPS 4096
#define SPARSE_BASE_GFN ((8UL << 30) >> PAGE_SHIFT)
#define STRIDE_GFNS ((2UL << 20) >> PAGE_SHIFT)

/* Two pages of one 2 MiB block of our RAM: [1] is a spare for Xen. */
static u8 pages[2][PAGE_SIZE] __aligned(PAGE_SIZE);

static long resv(unsigned int cmd, xen_pfn_t gfn)
{
	struct xen_memory_reservation r = {
		.nr_extents = 1, .extent_order = 0, .domid = DOMID_SELF};

	set_xen_guest_handle(r.extent_start, &gfn);
	return HYPERVISOR_memory_op(cmd, &r);
}

static unsigned int ipa_bits(void)
{
	static const u8 bits[] = {32, 36, 40, 42, 44, 48, 52};
	u64 pa = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	return pa < sizeof(bits) ? bits[pa] : 32;
}

void test_main(void)
{
	xen_pfn_t own = (u64)(uintptr_t)pages[0] >> PAGE_SHIFT;
	xen_pfn_t spare = (u64)(uintptr_t)pages[1] >> PAGE_SHIFT;
	long cur0 = HYPERVISOR_memory_op(XENMEM_current_reservation,
					 &(domid_t){DOMID_SELF});
	long rc = 0, cur;
	unsigned int i;

	if ((own >> 9) != (spare >> 9)) {
		test_error("our two pages are not in one 2 MiB block");
		return;
	}
	if (ipa_bits() < 36) {
		test_skip("IPA range of %u bits: no room for the sparse gfns",
			  ipa_bits());
		return;
	}
	printk("maximum_gpfn %#lx, IPA %u bits, %ld pages\n",
	       HYPERVISOR_memory_op(XENMEM_maximum_gpfn,
				    &(domid_t){DOMID_SELF}),
	       ipa_bits(), cur0);
	/* Never written before: no dirty lines for a page we give away. */
	if (resv(XENMEM_decrease_reservation, own) != 1) {
		test_error("decrease_reservation of our page %#lx failed", own);
		return;
	}

	for (i = 0; i < MAX_STEPS; i++) {
		xen_pfn_t next = SPARSE_BASE_GFN + (u64)i * STRIDE_GFNS;

		rc = resv(XENMEM_populate_physmap, next);
		if (rc != 1)
			break;
		if (resv(XENMEM_decrease_reservation, next) != 1) {
			test_error("decrease_reservation of %#lx failed", next);
			return;
		}
	}
	printk("populate_physmap: %u sparse pages, then %ld\n", i, rc);
	check(rc == 0, "populate_physmap fails (0 extents done), got %ld", rc);
	check(i < POOL_PAGES,
	      "it fails within the pool's %u pages (after %u steps)",
	      POOL_PAGES, i);
	check(i >= POOL_PAGES / 4,
	      "it worked until the pool was low (%u steps, want %u+)", i,
	      POOL_PAGES / 4);

	cur = HYPERVISOR_memory_op(XENMEM_current_reservation,
				   &(domid_t){DOMID_SELF});
	check(cur == cur0 - 1 || cur == cur0,
	      "current_reservation after the failure: %ld (%s)", cur,
	      cur == cur0 ? "the failed page stays allocated, as Xen"
			  : "undone");
	if (cur == cur0)
		check_eq(resv(XENMEM_decrease_reservation, spare), 1,
			 "decrease_reservation of our spare page %#lx", spare);
	/* Tables exist for our own page: it comes back even now. */
	if (!check_eq(resv(XENMEM_populate_physmap, own), 1,
		      "our page populated again at %#lx", own))
		return;
	for (i = 0; i < PAGE_SIZE; i++)
		pages[0][i] = (u8)(i * 7);
	rc = 0;
	for (i = 0; i < PAGE_SIZE; i++)
		rc |= pages[0][i] != (u8)(i * 7);
	check(!rc, "it holds data");
	check_eq(HYPERVISOR_memory_op(XENMEM_current_reservation,
				      &(domid_t){DOMID_SELF}),
		 cur0, "current_reservation back to %ld", cur0);
	check_eq(HYPERVISOR_xen_version(XENVER_version, NULL) >> 16, 4,
		 "xen_version still answers");
	test_success(NULL);
}
