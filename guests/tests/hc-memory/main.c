/* SPDX-License-Identifier: MIT */
/*
 * The memory_op hypercall of a domU (Xen 4.17: xen/common/memory.c,
 * arch_memory_op and xenmem_add_to_physmap_one in xen/arch/arm/mm.c, the
 * dummy XSM policy). Domain 2 (hc-peer-idle) is another live domain.
 *
 *  - current_reservation and maximum_reservation of DOMID_SELF and of our
 *    own id: the pages of the DT's memory (a dom0less domU's max_pages is
 *    its "memory" property); maximum_gpfn: at least the last RAM frame;
 *    of domain 2: -EPERM (dummy XSM: only oneself or a controller); of a
 *    missing domain: -ESRCH; a continuation index (cmd >> 6) on them:
 *    -EINVAL; an unreadable argument: -EFAULT (both when stage 1 has no
 *    mapping and when the IPA is outside our RAM);
 *  - decrease_reservation and populate_physmap requests Xen will not do
 *    are not errors: nothing is done and the result is the continuation
 *    index (0 for a fresh call): for domain 2, a missing domain, an
 *    unreadable argument, an extent order above a domU's 9, a
 *    continuation index past nr_extents (that index comes back);
 *  - operations Arm does not have, and numbers past the last one: -ENOSYS;
 *    but get_sharing_freed_pages/get_sharing_shared_pages return 0 on Arm
 *    (arch_memory_op's memory-sharing stubs);
 *  - add_to_physmap: shared_info at a gfn works; mapping it again, at the
 *    same gfn or another, is -EBUSY (Xen wants it removed first);
 *    shared_info idx 1 and gpfn INVALID_GFN are -EINVAL; gmfn_foreign is
 *    -ENOSYS (only via add_to_physmap_batch); dev_mmio is -EACCES (the
 *    hardware domain only); gmfn, gmfn_range and unknown spaces are
 *    -ENOSYS on Arm; domain 2 is -EPERM, a missing domain -ESRCH; a
 *    continuation index beyond 16 bits -EDOM; an unreadable argument
 *    -EFAULT.
 */
#include <test.h>

const char test_title[] =
	"memory_op: reservations, unknown ops, add_to_physmap";

#define PEER_DOMID 2
#define MISSING_DOMID 9
#define MEMOP_EXTENT_SHIFT 6
#define INVALID_GFN (~0UL)

static long reservation(unsigned int op, domid_t dom)
{
	struct xen_memory_domain d = {.domid = dom};

	return HYPERVISOR_memory_op(op, &d);
}

/* An IPA outside our RAM that stage 1 maps (Normal memory). */
static void *outside_ram(void)
{
	return (void *)(uintptr_t)(platform.ram_base + platform.ram_size +
				   MiB(1));
}

static void test_reservations(domid_t me)
{
	static const struct {
		domid_t dom;
		const char *name;
	} doms[] = {{DOMID_SELF, "DOMID_SELF"}, {0, "our own id"}};
	long pages = (long)(platform.ram_total >> PAGE_SHIFT);
	long cur, max, gpfn;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(doms); i++) {
		domid_t d = doms[i].dom ? doms[i].dom : me;

		cur = reservation(XENMEM_current_reservation, d);
		max = reservation(XENMEM_maximum_reservation, d);
		printk("%s: current %ld, maximum %ld pages\n", doms[i].name,
		       cur, max);
		check_eq(max, pages, "maximum_reservation(%s): the DT's memory",
			 doms[i].name);
		check_eq(cur, pages, "current_reservation(%s): all of it",
			 doms[i].name);
		gpfn = reservation(XENMEM_maximum_gpfn, d);
		printk("%s: maximum gpfn %#lx\n", doms[i].name, gpfn);
		check(gpfn >= (long)((platform.ram_base + platform.ram_size) >>
				     PAGE_SHIFT) -
				      1,
		      "maximum_gpfn(%s) covers our RAM (%#lx)", doms[i].name,
		      gpfn);
	}

	check_eq(reservation(XENMEM_current_reservation, PEER_DOMID),
		 -XEN_EPERM, "current_reservation of domain %u", PEER_DOMID);
	check_eq(reservation(XENMEM_maximum_reservation, PEER_DOMID),
		 -XEN_EPERM, "maximum_reservation of domain %u", PEER_DOMID);
	check_eq(reservation(XENMEM_maximum_gpfn, PEER_DOMID), -XEN_EPERM,
		 "maximum_gpfn of domain %u", PEER_DOMID);
	check_eq(reservation(XENMEM_current_reservation, MISSING_DOMID),
		 -XEN_ESRCH, "current_reservation of missing domain %u",
		 MISSING_DOMID);
	check_eq(reservation(XENMEM_maximum_reservation, DOMID_XEN), -XEN_ESRCH,
		 "maximum_reservation of DOMID_XEN");
	check_eq(reservation(XENMEM_current_reservation |
				     (1 << MEMOP_EXTENT_SHIFT),
			     DOMID_SELF),
		 -XEN_EINVAL, "current_reservation with a continuation index");

	check_eq(HYPERVISOR_memory_op(XENMEM_current_reservation,
				      (void *)UNMAPPED_VA),
		 -XEN_EFAULT, "current_reservation, argument not mapped");
	check_eq(
		HYPERVISOR_memory_op(XENMEM_maximum_reservation, outside_ram()),
		-XEN_EFAULT, "maximum_reservation, argument outside our RAM");
}

static long resv(unsigned long cmd, domid_t dom, xen_pfn_t *list, u64 nr,
		 u32 order)
{
	struct xen_memory_reservation r = {
		.nr_extents = nr, .extent_order = order, .domid = dom};

	set_xen_guest_handle(r.extent_start, list);
	return HYPERVISOR_memory_op(cmd, &r);
}

static void test_balloon_requests(void)
{
	static u8 page[PAGE_SIZE] __aligned(PAGE_SIZE);
	xen_pfn_t gfn = (u64)(uintptr_t)page >> PAGE_SHIFT;
	xen_pfn_t two[2] = {gfn, gfn};

	page[0] = 0x5a;
	check_eq(resv(XENMEM_decrease_reservation, PEER_DOMID, &gfn, 1, 0), 0,
		 "decrease_reservation for domain %u: nothing done",
		 PEER_DOMID);
	check_eq(resv(XENMEM_populate_physmap, MISSING_DOMID, &gfn, 1, 0), 0,
		 "populate_physmap for missing domain %u: nothing done",
		 MISSING_DOMID);
	check_eq(HYPERVISOR_memory_op(XENMEM_decrease_reservation,
				      (void *)UNMAPPED_VA),
		 0, "decrease_reservation, argument not mapped: 0");
	check_eq(resv(XENMEM_decrease_reservation, DOMID_SELF, &gfn, 1, 10), 0,
		 "decrease_reservation of order 10: nothing done");
	check_eq(resv(XENMEM_decrease_reservation | (5 << MEMOP_EXTENT_SHIFT),
		      DOMID_SELF, two, 2, 0),
		 5, "decrease_reservation, continuation index 5 of 2 extents");
	check(page[0] == 0x5a, "our page still there");
}

static void test_unknown_ops(void)
{
	/* x86 only, or past the last operation (28). */
	static const unsigned int nosys[] = {5,	 9,  10, 12, 13, 16,
					     17, 25, 29, 30, 40, 63};
	domid_t d = DOMID_SELF;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(nosys); i++)
		check_eq(HYPERVISOR_memory_op(nosys[i], &d), -XEN_ENOSYS,
			 "memory_op %u", nosys[i]);
	/* Arm's arch_memory_op: memory sharing "not working yet", 0. */
	check_eq(HYPERVISOR_memory_op(XENMEM_get_sharing_freed_pages, NULL), 0,
		 "get_sharing_freed_pages");
	check_eq(HYPERVISOR_memory_op(XENMEM_get_sharing_shared_pages, NULL), 0,
		 "get_sharing_shared_pages");
}

static long add_to_physmap(domid_t dom, unsigned int space, u64 idx, u64 gpfn,
			   u16 size)
{
	struct xen_add_to_physmap x = {
		.domid = dom,
		.size = size,
		.space = space,
		.idx = idx,
		.gpfn = gpfn,
	};

	return HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x);
}

static void test_add_to_physmap(void)
{
	static u8 other_page[PAGE_SIZE] __aligned(PAGE_SIZE);
	u64 gfn = xen_shared_info_gfn();
	u64 other = (u64)(uintptr_t)other_page >> PAGE_SHIFT;
	struct xen_add_to_physmap x = {.domid = DOMID_SELF,
				       .space = XENMAPSPACE_shared_info,
				       .gpfn = gfn};

	check_eq(add_to_physmap(PEER_DOMID, XENMAPSPACE_shared_info, 0, gfn, 0),
		 -XEN_EPERM, "shared_info of domain %u", PEER_DOMID);
	check_eq(add_to_physmap(MISSING_DOMID, XENMAPSPACE_shared_info, 0, gfn,
				0),
		 -XEN_ESRCH, "shared_info of missing domain %u", MISSING_DOMID);
	check_eq(HYPERVISOR_memory_op(XENMEM_add_to_physmap,
				      (void *)UNMAPPED_VA),
		 -XEN_EFAULT, "argument not mapped");
	check_eq(HYPERVISOR_memory_op(XENMEM_add_to_physmap |
					      (0x10000UL << MEMOP_EXTENT_SHIFT),
				      &x),
		 -XEN_EDOM, "continuation index beyond 16 bits");

	if (!check_eq(xen_map_shared_info(), 0, "map shared_info at %#lx", gfn))
		return;
	check_eq(add_to_physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, gfn, 0),
		 -XEN_EBUSY, "map shared_info again at the same gfn");
	check_eq(add_to_physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, other,
				0),
		 -XEN_EBUSY, "map shared_info again at another gfn");
	check_eq(add_to_physmap(DOMID_SELF, XENMAPSPACE_shared_info, 1, other,
				0),
		 -XEN_EINVAL, "shared_info idx 1");
	check_eq(add_to_physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0,
				INVALID_GFN, 0),
		 -XEN_EINVAL, "shared_info at INVALID_GFN");
	check_eq(add_to_physmap(DOMID_SELF, XENMAPSPACE_gmfn_foreign, 0, other,
				0),
		 -XEN_ENOSYS, "space gmfn_foreign (add_to_physmap_batch only)");
	check_eq(add_to_physmap(DOMID_SELF, XENMAPSPACE_dev_mmio,
				0x09000000 >> PAGE_SHIFT, other, 0),
		 -XEN_EACCES, "space dev_mmio (hardware domain only)");
	check_eq(add_to_physmap(DOMID_SELF, XENMAPSPACE_gmfn, gfn, other, 0),
		 -XEN_ENOSYS, "space gmfn (not on Arm)");
	check_eq(add_to_physmap(DOMID_SELF, XENMAPSPACE_gmfn_range, gfn, other,
				1),
		 -XEN_ENOSYS, "space gmfn_range (not on Arm)");
	check_eq(add_to_physmap(DOMID_SELF, 100, 0, other, 0), -XEN_ENOSYS,
		 "space 100");

	/* Still there, and still where we put it. */
	check(xen_shared_info->evtchn_mask[0] == 0 && other_page[0] == 0,
	      "shared_info untouched by the failed calls");
}

void test_main(void)
{
	domid_t me = 0;

	if (!check_eq(xen_own_domid(&me), 0, "find our domain id"))
		return;
	printk("running as domain %u; RAM %lu MiB\n", me,
	       platform.ram_total >> 20);
	test_reservations(me);
	test_balloon_requests();
	test_unknown_ops();
	test_add_to_physmap();
	test_success(NULL);
}
