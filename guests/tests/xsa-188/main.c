/* SPDX-License-Identifier: MIT */
/*
 * FIFO event channels, regression test for:
 *  - XSA-107 ("Mishandling of uninitialised FIFO-based event channel
 *    control blocks", 2014): FIFO operations before a control block;
 *  - XSA-188 ("use after free in FIFO event channel code", 2016): a
 *    failed EVTCHNOP_init_control left a freed pointer that
 *    EVTCHNOP_expand_array then used;
 *  - XSA-358 ("FIFO event channels control block related ordering",
 *    2020): bad control block placement.
 *
 * Bad input: EVTCHNOP_expand_array and set_priority before any control
 * block; EVTCHNOP_init_control with frames outside RAM, in MMIO, ~0, with
 * misaligned offsets and offsets that put the 72-byte control block past
 * the end of the page, for vCPUs that do not exist; expand_array after
 * all those failures and with bad frames; set_priority out of range.
 *
 * What must happen: every bad call fails and changes nothing; after a
 * good init_control (link_bits 17) and expand_array, FIFO events work
 * (a sent IPI sets PENDING in the event word); EVTCHNOP_reset goes back to
 * 2-level event channels, which work again.
 */
#include <test.h>

const char test_title[] = "XSA-188: FIFO event channel control blocks";

#define FIFO_CB_SIZE 72 /* ready, reserved, head[16] */
#define FIFO_PENDING (1U << 31)

static u8 ctrl[PAGE_SIZE] __aligned(PAGE_SIZE);
static u8 array0[PAGE_SIZE] __aligned(PAGE_SIZE);

static u64 gfn_of(const void *p)
{
	return (u64)(uintptr_t)p >> PAGE_SHIFT;
}

void test_main(void)
{
	static const u32 bad_offsets[] = {1,
					  4,
					  7,
					  PAGE_SIZE - FIFO_CB_SIZE + 8,
					  PAGE_SIZE - 64,
					  PAGE_SIZE - 8,
					  PAGE_SIZE,
					  0x80000000,
					  0xfffffff8};
	u64 ram_end_gfn = (platform.ram_base + platform.ram_size) >> PAGE_SHIFT;
	const u64 bad_gfns[] = {ram_end_gfn,
				ram_end_gfn + 1000,
				GUEST_GICD_BASE >> PAGE_SHIFT,
				GUEST_MAGIC_BASE >> PAGE_SHIFT,
				0,
				~0UL,
				1UL << 40};
	evtchn_port_t port, port2;
	u8 link_bits = 0;
	unsigned int i;
	long rc;

	check_eq(xen_map_shared_info(), 0, "map shared_info");
	check_eq(evtchn_bind_ipi(0, &port), 0, "2-level: bind an IPI port");

	/* Nothing FIFO before a control block. */
	check(evtchn_expand_array(gfn_of(array0)) < 0,
	      "expand_array before init_control fails");
	check(evtchn_set_priority(port, 3) < 0,
	      "set_priority before init_control fails");

	/* Bad control blocks. */
	for (i = 0; i < ARRAY_SIZE(bad_gfns); i++)
		check(evtchn_init_control(bad_gfns[i], 0, 0, NULL) < 0,
		      "init_control at frame %#lx fails", bad_gfns[i]);
	for (i = 0; i < ARRAY_SIZE(bad_offsets); i++)
		check(evtchn_init_control(gfn_of(ctrl), bad_offsets[i], 0,
					  NULL) < 0,
		      "init_control at offset %#x fails", bad_offsets[i]);
	check(evtchn_init_control(gfn_of(ctrl), 0, 7, NULL) < 0,
	      "init_control for vCPU 7 (none) fails");
	check(evtchn_init_control(gfn_of(ctrl), 0, 0xffffffff, NULL) < 0,
	      "init_control for vCPU ~0 fails");

	/* XSA-188: after the failures, nothing may use a stale block. */
	check(evtchn_expand_array(gfn_of(array0)) < 0,
	      "expand_array after failed init_control calls fails");
	check(evtchn_set_priority(port, 3) < 0,
	      "set_priority after failed init_control calls fails");
	check_eq(evtchn_send(port), 0, "2-level events still work");
	check(evtchn_pending(port), "the IPI is pending (2-level)");
	evtchn_clear_pending(port);

	/* A good control block, at the last offset that fits. */
	rc = evtchn_init_control(gfn_of(ctrl),
				 PAGE_SIZE - FIFO_CB_SIZE -
					 ((PAGE_SIZE - FIFO_CB_SIZE) & 7),
				 0, &link_bits);
	check_eq(rc, 0, "init_control for vCPU 0 at the end of the page");
	if (rc) {
		test_failure("FIFO unavailable: stopping here");
		return;
	}
	check_eq(link_bits, 17, "link_bits");
	rc = evtchn_init_control(gfn_of(ctrl), 0, 0, NULL);
	printk("a second init_control for vCPU 0: %s\n", errname(rc));
	for (i = 0; i < ARRAY_SIZE(bad_gfns); i++)
		check(evtchn_expand_array(bad_gfns[i]) < 0,
		      "expand_array with frame %#lx fails", bad_gfns[i]);
	check_eq(evtchn_expand_array(gfn_of(array0)), 0,
		 "expand_array with a RAM page");

	rc = evtchn_bind_ipi(0, &port2);
	check_eq(rc, 0, "FIFO: bind an IPI port");
	if (!rc) {
		check(evtchn_set_priority(port2, 16) < 0,
		      "priority 16 is refused");
		check(evtchn_set_priority(port2, 0xffffffff) < 0,
		      "priority ~0 is refused");
		check_eq(evtchn_set_priority(port2, 0), 0,
			 "priority 0 is taken");
		memset(array0 + 4 * port2, 0, 4);
		check_eq(evtchn_send(port2), 0, "FIFO: send the IPI");
		check(READ_ONCE(((volatile u32 *)array0)[port2]) & FIFO_PENDING,
		      "PENDING is set in port %u's event word", port2);
	}
	check(evtchn_set_priority(0xffffffff, 0) < 0,
	      "set_priority of port ~0");
	check(evtchn_set_priority(4096, 0) < 0, "set_priority of port 4096");

	/* Back to 2-level. */
	{
		struct evtchn_reset r = {.dom = DOMID_SELF};

		check_eq(HYPERVISOR_event_channel_op(EVTCHNOP_reset, &r), 0,
			 "EVTCHNOP_reset");
	}
	check_eq(evtchn_bind_ipi(0, &port), 0, "2-level again: bind an IPI");
	evtchn_clear_pending(port);
	check_eq(evtchn_send(port), 0, "2-level again: send it");
	check(evtchn_pending(port), "the IPI is pending in shared_info");
	test_success(NULL);
}
