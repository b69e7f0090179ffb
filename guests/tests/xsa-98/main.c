/* SPDX-License-Identifier: MIT */
/*
 * XSA-98 regression test (Xen: "missing restrictions on ARM stage-1 page
 * table permissions when copying to guest", 2014: copy_to_guest only
 * translated the address, so the hypervisor wrote through mappings the
 * guest had made read-only for itself, e.g. of a read-only grant).
 *
 * Bad input: pointers to a page the guest maps read-only at stage 1 (its
 * own page tables: a 4 KiB page at VA 4 GiB, with a writable alias next
 * to it) as the output of XENVER_extraversion and XENVER_compile_info,
 * the IN/OUT struct of EVTCHNOP_alloc_unbound and EVTCHNOP_status, and as
 * the runstate area (VCPUOP_register_runstate_memory_area), which the
 * hypervisor writes at every context switch.
 *
 * What must happen: outputs fail with -EFAULT and the page is unchanged;
 * a hypercall that only reads its argument (XENMEM_current_reservation)
 * works through the read-only mapping; the runstate area is not updated
 * through it, and is updated through the writable alias.
 */
#include <test.h>

const char test_title[] = "XSA-98: no writes through read-only mappings";

extern u64 pgtable_l1[512];

#define RO_VA 0x100000000UL /* L1 slot 4: unused by the runtime */
#define RW_VA (RO_VA + PAGE_SIZE)
#define PTE_PAGE 3UL
#define PTE_TABLE 3UL
#define PTE_NORMAL (1UL << 2) /* AttrIndx 1: Normal WB */
#define PTE_SH_INNER (3UL << 8)
#define PTE_AF (1UL << 10)
#define PTE_AP_RO (2UL << 6) /* AP[2:1] = 0b10: EL1 read-only */

static u64 l2[512] __aligned(PAGE_SIZE);
static u64 l3[512] __aligned(PAGE_SIZE);
static u8 target[PAGE_SIZE] __aligned(PAGE_SIZE);

static void map_pages(void)
{
	u64 pa = (u64)(uintptr_t)target;
	u64 attrs = PTE_PAGE | PTE_NORMAL | PTE_SH_INNER | PTE_AF;

	l3[0] = pa | attrs | PTE_AP_RO;
	l3[1] = pa | attrs;
	l2[0] = (u64)(uintptr_t)l3 | PTE_TABLE;
	pgtable_l1[RO_VA >> 30] = (u64)(uintptr_t)l2 | PTE_TABLE;
	__asm__ __volatile__("dsb ishst\n\t"
			     "tlbi vmalle1\n\t"
			     "dsb ish\n\t"
			     "isb" ::
				     : "memory");
}

static bool unchanged(void)
{
	unsigned int i;

	for (i = 0; i < PAGE_SIZE; i++)
		if (target[i] != 0x5a)
			return false;
	return true;
}

static void refill(void)
{
	memset(target, 0x5a, sizeof(target));
}

void test_main(void)
{
	const struct fault_record *f;
	long rc;

	refill();
	map_pages();

	/* The mapping is what we think it is. */
	check(READ_ONCE(*(volatile u8 *)RO_VA) == 0x5a,
	      "the read-only alias reads the page");
	if (check(!probe_write32(RO_VA, 0), "a guest write to it faults")) {
		f = fault_last();
		printk("  (ESR 0x%lx: %s, FSC 0x%lx)\n", f->esr,
		       esr_class_name(f->esr), ESR_ISS(f->esr) & 0x3f);
	}
	check(probe_write32(RW_VA + 8, 0x5a5a5a5a),
	      "a guest write to the writable alias works");
	check(unchanged(), "the page is unchanged so far");

	rc = HYPERVISOR_xen_version(XENVER_extraversion, (void *)RO_VA);
	check_eq(rc, -XEN_EFAULT, "XENVER_extraversion into it");
	rc = HYPERVISOR_xen_version(XENVER_compile_info,
				    (void *)(RO_VA + PAGE_SIZE - 200));
	check_eq(rc, -XEN_EFAULT, "XENVER_compile_info into it");
	check(unchanged(), "xen_version wrote nothing");

	{
		struct evtchn_alloc_unbound *a = (void *)(RW_VA + 256);
		struct evtchn_status *s = (void *)(RW_VA + 512);

		a->dom = DOMID_SELF;
		a->remote_dom = DOMID_SELF;
		a->port = 0x5a5a5a5a;
		s->dom = DOMID_SELF;
		s->port = 0;
		rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound,
						 (void *)(RO_VA + 256));
		check_eq(rc, -XEN_EFAULT, "EVTCHNOP_alloc_unbound through it");
		check_eq(a->port, 0x5a5a5a5a, "its port field is untouched");
		rc = HYPERVISOR_event_channel_op(EVTCHNOP_status,
						 (void *)(RO_VA + 512));
		check_eq(rc, -XEN_EFAULT, "EVTCHNOP_status through it");
	}

	{
		domid_t *id = (void *)(RW_VA + 1024);

		*id = DOMID_SELF;
		rc = HYPERVISOR_memory_op(XENMEM_current_reservation,
					  (void *)(RO_VA + 1024));
		check(rc > 0,
		      "XENMEM_current_reservation reads through it: %ld", rc);
	}

	/* The runstate area: written at context switches. */
	refill();
	{
		struct vcpu_register_runstate_memory_area area;
		unsigned int i;

		area.addr.p = RO_VA + 2048;
		rc = HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0,
					&area);
		check_eq(rc, 0, "runstate area registered read-only");
		for (i = 0; i < 20; i++) {
			HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
			udelay(500);
		}
		check(unchanged(), "the runstate area was not written");

		area.addr.p = RW_VA + 2048;
		rc = HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0,
					&area);
		check_eq(rc, 0, "runstate area registered writable");
		for (i = 0; i < 20; i++) {
			HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
			udelay(500);
		}
		check(!unchanged(), "through the writable alias it is updated");

		area.addr.p = 0;
		HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0,
				   &area);
	}
	test_success(NULL);
}
