/* SPDX-License-Identifier: MIT */
/*
 * Grant-table frames of a domU (Xen 4.17: gnttab_map_frame and
 * gnttab_query_size in xen/common/grant_table.c, add_to_physmap with
 * XENMAPSPACE_grant_table in xen/arch/arm/mm.c):
 *
 *  - GNTTABOP_query_size of DOMID_SELF: GNTST_okay, fewer than 4 frames
 *    in use at first and a maximum of at least 4;
 *  - add_to_physmap of frame 0 and then frame 3 works (mapped over two of
 *    our RAM pages) and grows the table to 4 frames;
 *  - the hypervisor reads entries written there: a GTF_permit_access entry
 *    in frame 3 is seen by GNTTABOP_copy (our own grant, copied into a
 *    local buffer by gfn);
 *  - frame max_nr_frames is -EINVAL; query_size with a count of 2 is
 *    -EINVAL.
 */
#include <test.h>
#include <public/grant_table.h>

const char test_title[] = "Grant-table frames";

#define ENTRIES_PER_FRAME (PAGE_SIZE / sizeof(struct grant_entry_v1))
#define TEST_REF ((u32)(3 * ENTRIES_PER_FRAME + 5))

static u8 frame0[PAGE_SIZE] __aligned(PAGE_SIZE);
static u8 frame3[PAGE_SIZE] __aligned(PAGE_SIZE);
static u8 src[PAGE_SIZE] __aligned(PAGE_SIZE);
static u8 dst[PAGE_SIZE] __aligned(PAGE_SIZE);

static u64 gfn_of(const void *p)
{
	return (u64)(uintptr_t)p >> PAGE_SHIFT;
}

static long map_frame(u64 idx, u64 gfn)
{
	struct xen_add_to_physmap x = {.domid = DOMID_SELF,
				       .space = XENMAPSPACE_grant_table,
				       .idx = idx,
				       .gpfn = gfn};

	return HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x);
}

static long query(struct gnttab_query_size *q, unsigned int count)
{
	memset(q, 0, sizeof(*q));
	q->dom = DOMID_SELF;
	q->status = 99;
	return HYPERVISOR_grant_table_op(GNTTABOP_query_size, q, count);
}

static void test_copy(domid_t me)
{
	struct grant_entry_v1 *e = (struct grant_entry_v1 *)frame3 +
				   (TEST_REF % ENTRIES_PER_FRAME);
	struct gnttab_copy c;
	unsigned int i;

	for (i = 0; i < sizeof(src); i++)
		src[i] = (u8)(i * 7 + 3);
	memset(dst, 0, sizeof(dst));
	e->domid = me;
	e->frame = (u32)gfn_of(src);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	WRITE_ONCE(e->flags, GTF_permit_access);

	memset(&c, 0, sizeof(c));
	c.source.u.ref = TEST_REF;
	c.source.domid = DOMID_SELF;
	c.source.offset = 16;
	c.dest.u.gmfn = gfn_of(dst);
	c.dest.domid = DOMID_SELF;
	c.dest.offset = 32;
	c.len = 100;
	c.flags = GNTCOPY_source_gref;
	check_eq(HYPERVISOR_grant_table_op(GNTTABOP_copy, &c, 1), 0,
		 "GNTTABOP_copy from our grant %u (in frame 3)", TEST_REF);
	check_eq(c.status, GNTST_okay, "... status okay");
	check(!memcmp(dst + 32, src + 16, 100) && dst[31] == 0 && dst[132] == 0,
	      "... copied exactly the 100 bytes");
	WRITE_ONCE(e->flags, 0);
}

void test_main(void)
{
	struct gnttab_query_size q;
	domid_t me = 0;
	u32 max;

	if (!check_eq(xen_own_domid(&me), 0, "find our domain id"))
		return;
	if (!check_eq(query(&q, 1), 0, "query_size") ||
	    !check_eq(q.status, GNTST_okay, "... status okay"))
		return;
	printk("grant table: %u frame(s), at most %u\n", q.nr_frames,
	       q.max_nr_frames);
	check(q.nr_frames < 4, "fewer than 4 frames at first (%u)",
	      q.nr_frames);
	max = q.max_nr_frames;
	if (!check(max >= 4, "at least 4 frames allowed (%u)", max))
		return;
	check_eq(query(&q, 2), -XEN_EINVAL, "query_size with count 2");

	if (!check_eq(map_frame(0, gfn_of(frame0)), 0, "map frame 0") ||
	    !check_eq(map_frame(3, gfn_of(frame3)), 0, "map frame 3"))
		return;
	check_eq(query(&q, 1), 0, "query_size again");
	check_eq(q.nr_frames, 4, "... 4 frames now");
	check_eq(map_frame(max, gfn_of(dst)), -XEN_EINVAL,
		 "map frame %u (the maximum)", max);
	test_copy(me);
	test_success(NULL);
}
