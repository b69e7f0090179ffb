/* SPDX-License-Identifier: MIT */
/*
 * XSA-295 ("Unlimited Arm Atomics Operations", 2019): the hypervisor does
 * atomic read-modify-writes on memory the guest can write (event bits in
 * shared_info and vcpu_info, grant entry flags). On Armv8.0 those are
 * LDXR/STXR loops, and a guest storing to the same word from another pCPU
 * can make the store-exclusive fail again and again, so an unbounded loop
 * spins in the hypervisor forever. Fixed hypervisors bound the loop (Xen
 * pauses the domain and finishes the operation; armvisor crashes the
 * domain, hyp/guest_atomic.h).
 *
 * vCPU 1 hammers, for HAMMER_US, the upper half of the shared_info pending
 * word holding our loopback port (plain stores of alternating values, then
 * an LDXR/STXR toggle) and the flags of our own grant entry (alternating
 * GTF_readonly, both ways). Meanwhile vCPU 0 makes the hypervisor operate
 * on exactly those words: EVTCHNOP_send on a loopback channel, mask /
 * send / EVTCHNOP_unmask (selector and upcall flag in vcpu_info), and
 * GNTTABOP_copy from the grant.
 *
 * What must happen: the hypervisor stays alive and answers every call;
 * each send leaves our port pending, each unmask sets the selector and
 * upcall flag; each copy is GNTST_okay with the right bytes or
 * GNTST_general_error (Xen and armvisor give up after the entry changed a
 * few times under them: "unstable"). After vCPU 1 stops, a send and a copy
 * work and leave no GTF_reading behind. QEMU's TCG makes a store-exclusive
 * fail only when the value changed in its short window, so neither
 * hypervisor is expected to hit its bound here: the result is SUCCESS on
 * both (a crash by armvisor would end without a result line, a hang with a
 * timeout).
 */
#include <test.h>
#include <public/grant_table.h>

const char test_title[] =
	"XSA-295: hypervisor atomics on words a guest vCPU hammers";

#define HAMMER_US 1500000ULL
#define REF 8
#define FLAGS_A GTF_permit_access
#define FLAGS_B (GTF_permit_access | GTF_readonly)

static u8 gframe[PAGE_SIZE] __aligned(PAGE_SIZE);
static u8 src[PAGE_SIZE] __aligned(PAGE_SIZE);
static u8 dst[PAGE_SIZE] __aligned(PAGE_SIZE);

static struct grant_entry_v1 *ent;
static u32 *pend_hi; /* upper half of our port's pending word */
static volatile bool stop;
static volatile u64 hammer_rounds;

static u64 gfn_of(const void *p)
{
	return (u64)(uintptr_t)p >> PAGE_SHIFT;
}

/* An exclusive-monitor read-modify-write, as a guest's own atomics do. */
static void excl_xor32(u32 *p, u32 x)
{
	u32 v, fail;

	__asm__ __volatile__("1: ldxr %w0, %2\n"
			     "   eor %w0, %w0, %w3\n"
			     "   stxr %w1, %w0, %2\n"
			     "   cbnz %w1, 1b\n"
			     : "=&r"(v), "=&r"(fail), "+Q"(*p)
			     : "r"(x)
			     : "memory");
}

static void excl_xor16(u16 *p, u32 x)
{
	u32 v, fail;

	__asm__ __volatile__("1: ldxrh %w0, %2\n"
			     "   eor %w0, %w0, %w3\n"
			     "   stxrh %w1, %w0, %2\n"
			     "   cbnz %w1, 1b\n"
			     : "=&r"(v), "=&r"(fail), "+Q"(*p)
			     : "r"(x)
			     : "memory");
}

static void hammer(void *arg)
{
	unsigned int i;
	u64 n = 0;

	(void)arg;
	while (!READ_ONCE(stop)) {
		for (i = 0; i < 64; i++) {
			WRITE_ONCE(*pend_hi, (i & 1) ? 0xa5a5a5a5 : 0x5a5a5a5a);
			WRITE_ONCE(ent->flags, (i & 1) ? FLAGS_B : FLAGS_A);
		}
		excl_xor32(pend_hi, 0x80000000);
		excl_xor16(&ent->flags, GTF_readonly);
		n++;
	}
	WRITE_ONCE(*pend_hi, 0);
	WRITE_ONCE(ent->flags, FLAGS_B);
	hammer_rounds = n;
}

static s16 copy_once(void)
{
	struct gnttab_copy c;

	memset(&c, 0, sizeof(c));
	c.source.u.ref = REF;
	c.source.domid = DOMID_SELF;
	c.source.offset = 8;
	c.dest.u.gmfn = gfn_of(dst);
	c.dest.domid = DOMID_SELF;
	c.len = 64;
	c.flags = GNTCOPY_source_gref;
	c.status = 0x7777;
	if (HYPERVISOR_grant_table_op(GNTTABOP_copy, &c, 1))
		return 0x7776;
	return c.status;
}

static void clear_upcall(struct vcpu_info *vi)
{
	__atomic_store_n(&vi->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
}

void test_main(void)
{
	struct xen_add_to_physmap x = {.domid = DOMID_SELF,
				       .space = XENMAPSPACE_grant_table,
				       .idx = 0,
				       .gpfn = gfn_of(gframe)};
	u64 iters = 0, bad_send = 0, bad_unmask = 0, copies_ok = 0;
	u64 unstable = 0, bad_copy = 0, t0;
	struct vcpu_info *vi;
	evtchn_port_t pa, pb;
	domid_t me = 0;
	unsigned int i;
	s16 st;

	if (nr_cpus() < 2) {
		test_error("the domain should have 2 vCPUs");
		return;
	}
	if (!check_eq(xen_map_shared_info(), 0, "map shared_info") ||
	    !check_eq(xen_own_domid(&me), 0, "find our domain id") ||
	    !check_eq(HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x), 0,
		      "map grant frame 0"))
		return;
	vi = xen_vcpu_info(0);

	/* A loopback channel: sending on pa raises pb. */
	if (!check_eq(evtchn_alloc_unbound(me, &pb), 0, "alloc_unbound") ||
	    !check_eq(evtchn_bind_interdomain(me, pb, &pa), 0,
		      "bind_interdomain to ourselves"))
		return;
	if (!check(pb < 32, "port %u is in the low half of its word", pb))
		return;
	pend_hi = (u32 *)&xen_shared_info->evtchn_pending[pb / 64] + 1;

	for (i = 0; i < sizeof(src); i++)
		src[i] = (u8)(i * 13 + 5);
	ent = (struct grant_entry_v1 *)gframe + REF;
	ent->domid = me;
	ent->frame = (u32)gfn_of(src);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	WRITE_ONCE(ent->flags, FLAGS_B);
	if (!check_eq(copy_once(), GNTST_okay, "copy from our grant, alone"))
		return;

	if (!check_eq(cpu_start(1), 0, "start vCPU 1"))
		return;
	on_cpu_async(1, hammer, NULL);

	t0 = uptime_us();
	while (uptime_us() - t0 < HAMMER_US) {
		iters++;
		/* Plain send: pending set (port unmasked). */
		if (evtchn_send(pa) || !evtchn_pending(pb))
			bad_send++;
		evtchn_clear_pending(pb);
		clear_upcall(vi);

		/* Masked send, then unmask: selector and upcall flag. */
		evtchn_mask(pb);
		if (evtchn_send(pa) || !evtchn_pending(pb))
			bad_send++;
		if (evtchn_unmask(pb) || evtchn_masked(pb) ||
		    !(READ_ONCE(vi->evtchn_pending_sel) & (1UL << (pb / 64))) ||
		    !READ_ONCE(vi->evtchn_upcall_pending))
			bad_unmask++;
		evtchn_clear_pending(pb);
		clear_upcall(vi);

		/* Copy from the grant vCPU 1 keeps rewriting. */
		memset(dst, 0, 64);
		st = copy_once();
		if (st == GNTST_okay && !memcmp(dst, src + 8, 64))
			copies_ok++;
		else if (st == GNTST_general_error)
			unstable++;
		else
			bad_copy++;
	}
	WRITE_ONCE(stop, true);
	if (!check(cpu_wait_idle(1, 5000000), "vCPU 1 stopped hammering"))
		return;
	printk("%lu rounds: %lu copies okay, %lu unstable; vCPU 1 did %lu "
	       "hammer rounds\n",
	       iters, copies_ok, unstable, hammer_rounds);

	check(iters > 0 && hammer_rounds > 0, "both vCPUs ran");
	check_eq(bad_send, 0, "every send left the port pending");
	check_eq(bad_unmask, 0, "every unmask raised selector and upcall");
	check_eq(bad_copy, 0,
		 "every copy was okay with the right bytes, or unstable");

	/* Quiet again: everything works and nothing is left set. */
	check(evtchn_send(pa) == 0 && evtchn_pending(pb),
	      "send after the hammering");
	evtchn_clear_pending(pb);
	memset(dst, 0, 64);
	check(copy_once() == GNTST_okay && !memcmp(dst, src + 8, 64),
	      "copy after the hammering");
	check_eq(READ_ONCE(ent->flags), FLAGS_B,
		 "grant flags back to ours (no GTF_reading left)");
	WRITE_ONCE(ent->flags, 0);
	test_success(NULL);
}
