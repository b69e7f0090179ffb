/* SPDX-License-Identifier: MIT */
/*
 * multicall and hvm_op of a domU (Xen 4.17: xen/common/multicall.c with
 * arch_do_multicall_call in xen/arch/arm/traps.c; xen/arch/arm/hvm.c and
 * the dummy XSM policy). Domain 2 (hc-peer-idle) is another live domain.
 *
 * multicall:
 *  - each entry's result is written back: xen_version values, -EFAULT for
 *    an entry whose own buffer is unreadable, -ENOSYS for a hypercall Arm
 *    does not have and for a number past the table; the other entries
 *    still run, and the multicall itself returns 0;
 *  - a multicall entry inside a multicall is -EINVAL (re-entry is refused)
 *    and its own list is left alone; the entries around it run;
 *  - an unreadable list is -EFAULT (the entries before the unreadable one
 *    have run and have their results); no entries is 0, whatever the list;
 *  - 600 entries all run (Xen has no limit; it preempts long lists); the
 *    count is 32-bit: its upper half is ignored.
 * hvm_op:
 *  - get_param of CALLBACK_IRQ, STORE_PFN/EVTCHN and CONSOLE_PFN/EVTCHN by
 *    the domain itself (DOMID_SELF or its id): 0, and 0 as the value on a
 *    dom0less domU without xenstore (nobody set them);
 *  - get_param of MONITOR_RING_PFN and set_param of all six: -EPERM (the
 *    toolstack's); any other index, including past HVM_NR_PARAMS: -EINVAL;
 *  - domain 2's params: -EPERM; a missing domain or DOMID_XEN: -ESRCH; an
 *    unreadable argument: -EFAULT;
 *  - HVMOP_guest_request_vm_event with no argument: 0 (a monitor request,
 *    ignored with no monitor), with one: -EINVAL; other ops: -ENOSYS.
 */
#include <test.h>

const char test_title[] = "multicall and hvm_op";

#define PEER_DOMID 2
#define MISSING_DOMID 9
#define BIG 600
#define SENTINEL 0x5e5e5e5eUL

static struct multicall_entry calls[BIG] __aligned(64);
static struct multicall_entry inner[2] __aligned(64);

static long multicall(void *list, u64 nr)
{
	return hypercall2(__HYPERVISOR_multicall, (u64)(uintptr_t)list, nr);
}

static void set_entry(struct multicall_entry *e, u64 op, u64 a0, u64 a1)
{
	memset(e, 0, sizeof(*e));
	e->op = op;
	e->result = SENTINEL;
	e->args[0] = a0;
	e->args[1] = a1;
}

static void test_results(void)
{
	static char extra[XEN_EXTRAVERSION_LEN], direct[XEN_EXTRAVERSION_LEN];
	static const char msg[] = "(console_io from a multicall)\n";
	long rc;

	set_entry(&calls[0], __HYPERVISOR_xen_version, XENVER_version, 0);
	set_entry(&calls[1], __HYPERVISOR_xen_version, XENVER_extraversion,
		  (u64)(uintptr_t)extra);
	set_entry(&calls[2], __HYPERVISOR_set_trap_table, 0, 0);
	set_entry(&calls[3], __HYPERVISOR_xen_version, XENVER_extraversion,
		  UNMAPPED_VA);
	set_entry(&calls[4], 100, 0, 0);
	set_entry(&calls[5], __HYPERVISOR_console_io, CONSOLEIO_write,
		  sizeof(msg) - 1);
	calls[5].args[2] = (u64)(uintptr_t)msg;
	set_entry(&calls[6], __HYPERVISOR_sched_op, SCHEDOP_yield, 0);
	set_entry(&calls[7], __HYPERVISOR_xen_version, XENVER_pagesize, 0);

	rc = multicall(calls, 8);
	check_eq(rc, 0, "multicall of 8 entries");
	check_eq(calls[0].result, 0x40011, "entry 0: XENVER_version");
	check_eq(calls[1].result, 0, "entry 1: XENVER_extraversion");
	HYPERVISOR_xen_version(XENVER_extraversion, direct);
	check(!memcmp(extra, direct, sizeof(extra)) && extra[0],
	      "... filled in its buffer (\"%s\")", extra);
	check_eq(calls[2].result, -XEN_ENOSYS,
		 "entry 2: set_trap_table (x86 PV only)");
	check_eq(calls[3].result, -XEN_EFAULT,
		 "entry 3: XENVER_extraversion into an unmapped buffer");
	check_eq(calls[4].result, -XEN_ENOSYS, "entry 4: hypercall 100");
	check_eq(calls[5].result, 0, "entry 5: console_io write");
	check_eq(calls[6].result, 0, "entry 6: SCHEDOP_yield");
	check_eq(calls[7].result, PAGE_SIZE, "entry 7: XENVER_pagesize");
}

static void test_nested(void)
{
	set_entry(&inner[0], __HYPERVISOR_xen_version, XENVER_version, 0);
	set_entry(&calls[0], __HYPERVISOR_xen_version, XENVER_version, 0);
	set_entry(&calls[1], __HYPERVISOR_multicall, (u64)(uintptr_t)inner, 1);
	set_entry(&calls[2], __HYPERVISOR_xen_version, XENVER_pagesize, 0);
	check_eq(multicall(calls, 3), 0, "multicall with a nested multicall");
	check_eq(calls[0].result, 0x40011, "entry 0 ran");
	check_eq(calls[1].result, -XEN_EINVAL,
		 "entry 1, a multicall: refused (re-entry)");
	check_eq(inner[0].result, SENTINEL, "... its list was not run");
	check_eq(calls[2].result, PAGE_SIZE, "entry 2 ran");
}

static void test_bad_lists(void)
{
	struct multicall_entry *top =
		(struct multicall_entry *)(uintptr_t)(platform.ram_base +
						      platform.ram_size -
						      2 * sizeof(*top));

	set_entry(&calls[0], __HYPERVISOR_xen_version, XENVER_version, 0);
	check_eq(multicall(calls, 0), 0, "no entries");
	check_eq(calls[0].result, SENTINEL, "... nothing ran");
	check_eq(multicall((void *)UNMAPPED_VA, 0), 0,
		 "no entries, unmapped list");
	check_eq(multicall((void *)UNMAPPED_VA, 1), -XEN_EFAULT,
		 "unmapped list");
	check_eq(multicall(top + 2, 1), -XEN_EFAULT, "list outside our RAM");

	/* The last two entries of RAM, then a third past its end. */
	set_entry(&top[0], __HYPERVISOR_xen_version, XENVER_version, 0);
	set_entry(&top[1], __HYPERVISOR_xen_version, XENVER_pagesize, 0);
	check_eq(multicall(top, 3), -XEN_EFAULT,
		 "list running off the end of RAM");
	check_eq(top[0].result, 0x40011, "... entry 0 ran");
	check_eq(top[1].result, PAGE_SIZE, "... entry 1 ran");
}

static void test_counts(void)
{
	unsigned int i, good = 0;

	for (i = 0; i < BIG; i++)
		set_entry(&calls[i], __HYPERVISOR_xen_version, XENVER_version,
			  0);
	check_eq(multicall(calls, BIG), 0, "multicall of %u entries", BIG);
	for (i = 0; i < BIG; i++)
		good += calls[i].result == 0x40011;
	check_eq(good, BIG, "... every entry ran");

	for (i = 0; i < 3; i++)
		set_entry(&calls[i], __HYPERVISOR_xen_version, XENVER_version,
			  0);
	check_eq(multicall(calls, (1UL << 32) | 2), 0,
		 "count 0x100000002 (a uint32_t: 2)");
	check(calls[0].result == 0x40011 && calls[1].result == 0x40011,
	      "... entries 0 and 1 ran");
	check_eq(calls[2].result, SENTINEL, "... entry 2 did not");
}

static long hvm_param(int op, domid_t dom, u32 index, u64 *value)
{
	struct xen_hvm_param p = {.domid = dom, .index = index};
	long rc;

	if (value)
		p.value = *value;
	rc = HYPERVISOR_hvm_op(op, &p);
	if (value && op == HVMOP_get_param)
		*value = p.value;
	return rc;
}

static void test_hvm_params(domid_t me)
{
	static const struct {
		u32 index;
		const char *name;
	} readable[] = {
		{HVM_PARAM_CALLBACK_IRQ, "CALLBACK_IRQ"},
		{HVM_PARAM_STORE_PFN, "STORE_PFN"},
		{HVM_PARAM_STORE_EVTCHN, "STORE_EVTCHN"},
		{HVM_PARAM_CONSOLE_PFN, "CONSOLE_PFN"},
		{HVM_PARAM_CONSOLE_EVTCHN, "CONSOLE_EVTCHN"},
	};
	static const u32 bad_index[] = {
		3,  HVM_PARAM_PAE_ENABLED, 16,	 27,
		38, HVM_NR_PARAMS,	   1000, 0xffffffff};
	unsigned int i;
	u64 v;

	for (i = 0; i < ARRAY_SIZE(readable); i++) {
		v = SENTINEL;
		check_eq(hvm_param(HVMOP_get_param, DOMID_SELF,
				   readable[i].index, &v),
			 0, "get_param(%s)", readable[i].name);
		check_eq(v, 0, "... is 0 (dom0less, no xenstore)");
		v = SENTINEL;
		check_eq(hvm_param(HVMOP_get_param, me, readable[i].index, &v),
			 0, "get_param(%s) by our id", readable[i].name);
		check_eq(v, 0, "... is 0");
		v = 1;
		check_eq(hvm_param(HVMOP_set_param, DOMID_SELF,
				   readable[i].index, &v),
			 -XEN_EPERM, "set_param(%s) of ourselves",
			 readable[i].name);
		check_eq(hvm_param(HVMOP_get_param, PEER_DOMID,
				   readable[i].index, &v),
			 -XEN_EPERM, "get_param(%s) of domain %u",
			 readable[i].name, PEER_DOMID);
	}
	v = 0;
	check_eq(hvm_param(HVMOP_get_param, DOMID_SELF,
			   HVM_PARAM_MONITOR_RING_PFN, &v),
		 -XEN_EPERM, "get_param(MONITOR_RING_PFN): toolstack only");
	check_eq(hvm_param(HVMOP_set_param, DOMID_SELF,
			   HVM_PARAM_MONITOR_RING_PFN, &v),
		 -XEN_EPERM, "set_param(MONITOR_RING_PFN)");
	for (i = 0; i < ARRAY_SIZE(bad_index); i++) {
		check_eq(hvm_param(HVMOP_get_param, DOMID_SELF, bad_index[i],
				   &v),
			 -XEN_EINVAL, "get_param(%u)", bad_index[i]);
		check_eq(hvm_param(HVMOP_set_param, DOMID_SELF, bad_index[i],
				   &v),
			 -XEN_EINVAL, "set_param(%u)", bad_index[i]);
	}
	check_eq(hvm_param(HVMOP_set_param, PEER_DOMID, HVM_PARAM_CALLBACK_IRQ,
			   &v),
		 -XEN_EPERM, "set_param of domain %u", PEER_DOMID);
	check_eq(hvm_param(HVMOP_get_param, PEER_DOMID, 1000, &v), -XEN_EPERM,
		 "get_param(1000) of domain %u: permission first", PEER_DOMID);
	check_eq(hvm_param(HVMOP_get_param, MISSING_DOMID,
			   HVM_PARAM_CALLBACK_IRQ, &v),
		 -XEN_ESRCH, "get_param of missing domain %u", MISSING_DOMID);
	check_eq(hvm_param(HVMOP_get_param, DOMID_XEN, HVM_PARAM_CALLBACK_IRQ,
			   &v),
		 -XEN_ESRCH, "get_param of DOMID_XEN");
	check_eq(HYPERVISOR_hvm_op(HVMOP_get_param, (void *)UNMAPPED_VA),
		 -XEN_EFAULT, "get_param, argument not mapped");
	check_eq(HYPERVISOR_hvm_op(HVMOP_set_param, (void *)UNMAPPED_VA),
		 -XEN_EFAULT, "set_param, argument not mapped");
}

static void test_hvm_ops(void)
{
	static const int nosys[] = {2,
				    3,
				    4,
				    HVMOP_flush_tlbs,
				    HVMOP_pagetable_dying,
				    HVMOP_get_time,
				    HVMOP_xentrace,
				    HVMOP_set_mem_access,
				    HVMOP_get_mem_access,
				    HVMOP_get_mem_type,
				    HVMOP_set_evtchn_upcall_vector,
				    HVMOP_altp2m,
				    26,
				    100,
				    -1};
	static u8 buf[64] __aligned(8);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(nosys); i++)
		check_eq(HYPERVISOR_hvm_op(nosys[i], buf), -XEN_ENOSYS,
			 "hvm_op %d", nosys[i]);
	check_eq(HYPERVISOR_hvm_op(HVMOP_guest_request_vm_event, NULL), 0,
		 "guest_request_vm_event (no monitor: ignored)");
	check_eq(HYPERVISOR_hvm_op(HVMOP_guest_request_vm_event, buf),
		 -XEN_EINVAL, "guest_request_vm_event with an argument");
}

void test_main(void)
{
	domid_t me = 0;

	if (!check_eq(xen_own_domid(&me), 0, "find our domain id"))
		return;
	test_results();
	test_nested();
	test_bad_lists();
	test_counts();
	test_hvm_params(me);
	test_hvm_ops();
	test_success(NULL);
}
