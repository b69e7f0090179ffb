/* SPDX-License-Identifier: MIT */
/*
 * Memory reservation operations, regression test for:
 *  - XSA-231 ("Missing NUMA node parameter verification", 2017): a node
 *    number in mem_flags at or above MAX_NUMNODES (1 on Arm) indexed past
 *    an array in the allocator;
 *  - XSA-158 / XSA-31 ("long running memory operations", 2015/2012):
 *    huge extent orders and counts kept the hypervisor busy;
 *  - XSA-393 ("arm: guest_physmap_remove_page not removing the p2m
 *    mappings", 2022) and XSA-222: a page given back with
 *    XENMEM_decrease_reservation stayed accessible to the guest.
 *
 * Bad input: XENMEM_increase_reservation / populate_physmap /
 * decrease_reservation with mem_flags naming nodes 1-255 (exact or
 * not), extent orders 19-63, extent counts up to 2^63 over a list that
 * runs into unmapped memory, extent lists at bad addresses, domids of
 * others; then a page given back and accessed, and (XSA-301, "GFN top
 * bits alias") frames past the IPA space populated in its place.
 *
 * What must happen: every call returns within 2 s with an error or a
 * count of extents done no greater than asked (never a crash); a node
 * the machine does not have never succeeds for Xen (-EINVAL) and may be
 * ignored by others; after decrease_reservation the page faults at stage
 * 2; populate_physmap brings a page back, holding zeros (or, on Xen
 * 4.17, which does not scrub pages a live domain gives back, possibly
 * our own old data), never anything else.
 */
#include <test.h>

const char test_title[] = "XSA-231: memory_op nodes, orders, counts";

static xen_pfn_t list[512] __aligned(PAGE_SIZE);

#define HUGE_ALIAS 1
static const u64 huge[] = {
	1UL << 28,	 (1UL << 28) - 1, 1UL << 36,  1UL << 40, HUGE_ALIAS,
	(1UL << 52) - 1, 1UL << 52,	  ~0UL >> 12, ~0UL,
};
static u8 victim[PAGE_SIZE] __aligned(PAGE_SIZE);

static long reservation(unsigned int op, u64 start, u64 nr, u32 order,
			u32 flags, domid_t dom, u64 *us)
{
	struct xen_memory_reservation r = {
		.nr_extents = nr,
		.extent_order = order,
		.mem_flags = flags,
		.domid = dom,
	};
	u64 t0 = uptime_us();
	long rc;

	r.extent_start.q = start;
	rc = HYPERVISOR_memory_op(op, &r);
	*us = uptime_us() - t0;
	return rc;
}

static void expect_bounded(const char *what, unsigned int op, u64 start, u64 nr,
			   u32 order, u32 flags, domid_t dom)
{
	u64 us;
	long rc = reservation(op, start, nr, order, flags, dom, &us);

	check(rc <= 0 || (u64)rc <= nr, "%s: %s (%lu us)", what, errname(rc),
	      us);
	check(us < 2000000, "%s: returned within 2 s", what);
}

void test_main(void)
{
	u64 ram_end = platform.ram_base + platform.ram_size;
	u64 beyond = ram_end >> PAGE_SHIFT; /* first frame past our RAM */
	u64 lst = (u64)(uintptr_t)list, us;
	static const unsigned int ops[] = {XENMEM_increase_reservation,
					   XENMEM_populate_physmap,
					   XENMEM_decrease_reservation};
	static const char *const opn[] = {"increase", "populate", "decrease"};
	unsigned int i, o, node;
	long rc;

	/* Frames past the end of RAM: populating them is harmless. */
	for (i = 0; i < ARRAY_SIZE(list); i++)
		list[i] = beyond + 0x1000 + i;

	report_set_verbose(false);
	for (o = 0; o < ARRAY_SIZE(ops); o++) {
		unsigned int bad_node = 0;

		for (node = 1; node < 256; node++) {
			u32 flags = XENMEMF_node(node) |
				    (node & 1 ? XENMEMF_exact_node_request : 0);

			rc = reservation(ops[o], lst, 1, 0, flags, DOMID_SELF,
					 &us);
			if (rc > 1 || us > 2000000)
				bad_node++;
			/* Put back what may have been populated. */
			if (rc == 1 && ops[o] == XENMEM_populate_physmap)
				reservation(XENMEM_decrease_reservation, lst, 1,
					    0, 0, DOMID_SELF, &us);
		}
		check_eq(bad_node, 0, "%s_reservation: nodes 1-255 (%s)",
			 opn[o], "no crash, no overrun");
	}
	report_set_verbose(true);

	for (o = 0; o < ARRAY_SIZE(ops); o++) {
		char what[64];

		for (i = 19; i < 64; i += 11) {
			snprintf(what, sizeof(what), "%s order %u", opn[o], i);
			expect_bounded(what, ops[o], lst, 1, i, 0, DOMID_SELF);
		}
		snprintf(what, sizeof(what), "%s order ~0", opn[o]);
		expect_bounded(what, ops[o], lst, 1, 0xffffffff, 0, DOMID_SELF);
		/* The list ends in unmapped memory after 512 entries. */
		snprintf(what, sizeof(what), "%s 2^63 extents", opn[o]);
		expect_bounded(what, ops[o], ram_end - 8 * 4, 1UL << 63, 0, 0,
			       DOMID_SELF);
		snprintf(what, sizeof(what), "%s 2^20 extents", opn[o]);
		expect_bounded(what, ops[o], lst, 1UL << 20, 0, 0, DOMID_SELF);
		snprintf(what, sizeof(what), "%s, list at an unmapped VA",
			 opn[o]);
		expect_bounded(what, ops[o], UNMAPPED_VA, 4, 0, 0, DOMID_SELF);
		snprintf(what, sizeof(what), "%s, list in the GICD", opn[o]);
		expect_bounded(what, ops[o], platform.gicd_base, 4, 0, 0,
			       DOMID_SELF);
		snprintf(what, sizeof(what), "%s for domain 0", opn[o]);
		expect_bounded(what, ops[o], lst, 1, 0, 0, 0);
		snprintf(what, sizeof(what), "%s for DOMID_XEN", opn[o]);
		expect_bounded(what, ops[o], lst, 1, 0, 0, DOMID_XEN);
	}
	/* Give back everything populated past the end of RAM. */
	reservation(XENMEM_decrease_reservation, lst, ARRAY_SIZE(list), 0, 0,
		    DOMID_SELF, &us);

	/* XSA-393: a page given back is gone. */
	memset(victim, 0x77, sizeof(victim));
	dcache_clean_inval_range((u64)(uintptr_t)victim,
				 (u64)(uintptr_t)victim + PAGE_SIZE);
	list[0] = (u64)(uintptr_t)victim >> PAGE_SHIFT;
	rc = reservation(XENMEM_decrease_reservation, lst, 1, 0, 0, DOMID_SELF,
			 &us);
	check_eq(rc, 1, "decrease_reservation of one of our pages");
	if (rc == 1) {
		u32 v = 0;

		__asm__ __volatile__("tlbi vmalle1\n\tdsb ish\n\tisb" ::
					     : "memory");
		check(!probe_read32((u64)(uintptr_t)victim, &v),
		      "the page is gone (a read faults; read 0x%x)", v);
		check(!probe_write32((u64)(uintptr_t)victim + 8, 1),
		      "a write faults too");
		rc = reservation(XENMEM_populate_physmap, lst, 1, 0, 0,
				 DOMID_SELF, &us);
		check_eq(rc, 1, "populate_physmap brings a page back");
		if (rc == 1) {
			unsigned int nz = 0, ours = 0;

			dcache_inval_range((u64)(uintptr_t)victim,
					   (u64)(uintptr_t)victim + PAGE_SIZE);
			for (i = 0; i < PAGE_SIZE; i++) {
				nz += victim[i] != 0;
				ours += victim[i] == 0x77;
			}
			/*
			 * Xen 4.17 does not scrub what a live domain gives
			 * back, so our own 0x77s may come back: only bytes
			 * that are neither zero nor ours would be someone
			 * else's.
			 */
			printk("the new page: %u zero bytes, %u of our old "
			       "bytes\n",
			       (unsigned int)PAGE_SIZE - nz, ours);
			check_eq(nz - ours, 0,
				 "the new page holds nothing but zeros or "
				 "our own old data");
		}
		/*
		 * XSA-301: with one page of room again, frame numbers past
		 * the IPA space, and one that aliases ours in its low bits.
		 * (Xen 4.17 keeps the page charged to the domain when the
		 * frame cannot be mapped, so this goes last; armvisor keeps
		 * it ballooned out, and tries every frame.)
		 */
		rc = reservation(XENMEM_decrease_reservation, lst, 1, 0, 0,
				 DOMID_SELF, &us);
		check_eq(rc, 1, "give the page back again");
		for (i = 0; rc == 1 && i < ARRAY_SIZE(huge); i++) {
			u64 g = huge[i] == HUGE_ALIAS ? (1UL << 40) | list[0]
						      : huge[i];
			xen_pfn_t keep = list[0];
			long r2;

			list[0] = g;
			r2 = reservation(XENMEM_populate_physmap, lst, 1, 0, 0,
					 DOMID_SELF, &us);
			if (r2 == 1)
				check_eq(reservation(
						 XENMEM_decrease_reservation,
						 lst, 1, 0, 0, DOMID_SELF, &us),
					 1,
					 "frame %#lx was populated: give it "
					 "back",
					 g);
			list[0] = keep;
			check(r2 == 0 || r2 == 1 || r2 < 0,
			      "populate frame %#lx: %s", g, errname(r2));
			check(!probe_read32((u64)(uintptr_t)victim, &v),
			      "our given-back page is still gone");
		}
	}
	check_eq(HYPERVISOR_xen_version(XENVER_version, NULL), 0x40011,
		 "the hypervisor still answers");
	test_success(NULL);
}
