/* SPDX-License-Identifier: MIT */
/*
 * XSA-327 regression test (Xen: "Missing alignment check in
 * VCPUOP_register_vcpu_info", Arm, 2020).
 *
 * Bad input: VCPUOP_register_vcpu_info with an offset that is not a
 * multiple of the vcpu_info alignment (8 on Arm64), one that puts the
 * structure across the end of the page, offsets beyond the page, the
 * a frame outside the domain's RAM or in MMIO space,
 * and a vCPU id that does not exist. Xen used the misaligned address for
 * atomic operations, which took a data abort in the hypervisor.
 *
 * What must happen: each is refused and nothing is registered: bad
 * offsets with -ENXIO (Xen 4.17's answer), bad frames with an error, a
 * missing vCPU with -ENOENT; a correct registration then succeeds, a
 * second one for the same vCPU is refused (-EINVAL, Xen 4.17), and the
 * registered vcpu_info is live: an event sent to ourselves sets its
 * evtchn_upcall_pending. (Xen 4.17 ignores the reserved field, which
 * Linux leaves uninitialised: so is it here.)
 */
#include <test.h>

const char test_title[] = "XSA-327: VCPUOP_register_vcpu_info offsets";

static u8 page[PAGE_SIZE] __aligned(PAGE_SIZE);

static long reg(u64 vcpu, u64 mfn, u64 offset, u32 rsvd)
{
	struct vcpu_register_vcpu_info info = {
		.mfn = mfn,
		.offset = (u32)offset,
		.rsvd = rsvd,
	};

	return hypercall3(__HYPERVISOR_vcpu_op, VCPUOP_register_vcpu_info, vcpu,
			  (u64)(uintptr_t)&info);
}

void test_main(void)
{
	static const u32 bad_offsets[] = {
		1,
		2,
		3,
		4,
		7,
		12,
		60,
		4031,
		PAGE_SIZE - sizeof(struct vcpu_info) + 1,
		PAGE_SIZE - sizeof(struct vcpu_info) + 8,
		PAGE_SIZE - 8,
		PAGE_SIZE - 1,
		PAGE_SIZE,
		PAGE_SIZE + 8,
		0x7ffffff8,
		0xfffffff8,
		0xffffffff,
	};
	u64 gfn = (u64)(uintptr_t)page >> PAGE_SHIFT;
	u64 ram_end_gfn = (platform.ram_base + platform.ram_size) >> PAGE_SHIFT;
	struct vcpu_info *vi;
	evtchn_port_t port;
	unsigned int i;
	long rc;

	for (i = 0; i < ARRAY_SIZE(bad_offsets); i++) {
		rc = reg(0, gfn, bad_offsets[i], 0);
		check_eq(rc, -XEN_ENXIO, "offset %#x is refused",
			 bad_offsets[i]);
	}
	check(reg(0, ram_end_gfn, 0, 0) < 0,
	      "a frame past the end of RAM is refused");
	check(reg(0, GUEST_GICD_BASE >> PAGE_SHIFT, 0, 0) < 0,
	      "a frame of the emulated GIC distributor is refused");
	check(reg(0, GUEST_MAGIC_BASE >> PAGE_SHIFT, 0, 0) < 0,
	      "an unpopulated magic-page frame is refused");
	check(reg(0, ~0UL, 0, 0) < 0, "frame ~0 is refused");
	check(reg(0, 1UL << 52, 0, 0) < 0, "frame 2^52 is refused");
	rc = reg(7, gfn, 0, 0);
	check(rc == -XEN_ENOENT || rc == -XEN_EINVAL,
	      "vCPU 7 (does not exist): %s", errname(rc));
	/* The correct registration, at an aligned offset near the end. */
	rc = reg(0, gfn, PAGE_SIZE - sizeof(struct vcpu_info), 0);
	check_eq(rc, 0, "a correct registration (last slot of the page)");
	if (rc)
		goto out;
	check_eq(reg(0, gfn, 64, 0), -XEN_EINVAL,
		 "a second registration is refused");
	check_eq(reg(0, gfn, 64, 1), -XEN_EINVAL,
		 "a second one with rsvd set too");
	/* Xen reads the vCPU id as 32 bits (vCPU 0 again), armvisor not. */
	rc = reg(0x100000000UL, gfn, 128, 0);
	check(rc == -XEN_EINVAL || rc == -XEN_ENOENT,
	      "vCPU id 0x100000000 is refused (%s)", errname(rc));

	/* The registered area is the live one. */
	check_eq(xen_map_shared_info(), 0, "map shared_info");
	vi = (struct vcpu_info *)(page + PAGE_SIZE - sizeof(struct vcpu_info));
	check_eq(evtchn_bind_ipi(0, &port), 0, "EVTCHNOP_bind_ipi");
	/* Registration marks everything pending: start from a clean slate. */
	WRITE_ONCE(vi->evtchn_upcall_pending, 0);
	WRITE_ONCE(vi->evtchn_pending_sel, 0);
	dmb(ish);
	check_eq(evtchn_send(port), 0, "send to our own IPI port");
	check(READ_ONCE(vi->evtchn_upcall_pending) != 0,
	      "evtchn_upcall_pending is set in the registered vcpu_info");
	evtchn_close(port);
out:
	test_success(NULL);
}
