/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: the GICv2 front end of the vGIC (vdev/vgic-v2.c) over the
 * shared core: distributor registers with banking, ITARGETSR routing,
 * GICD_SGIR filters, per-source SGI pending state, the GICV mapping.
 */
#include "vgic_test_util.h"

static int setup_v2(void **state)
{
	host_fake_guest_reset();
	tv_recorders_reset();
	tv_gic_reset(2, 4);
	return 0;
}

static int teardown(void **state)
{
	set_current_vcpu(NULL);
	return 0;
}

#define D(off) (TV_GICD + (off))

static void test_v2_init(void **state)
{
	struct tdom *t = tv_dom_alloc(9);
	struct vgic_config cfg = tv_config(2, 9, 64);

	/* GICv2 has eight CPU interfaces. */
	assert_int_equal(vgic_domain_init(&t->d, &cfg), -EINVAL);
	tv_dom_free(t);

	t = tv_dom_alloc(2);
	cfg = tv_config(2, 2, 64);
	cfg.cpu_size = 0x1000;
	assert_int_equal(vgic_domain_init(&t->d, &cfg), -EINVAL);
	cfg = tv_config(2, 2, 64);
	cfg.cpu_base += 0x100;
	assert_int_equal(vgic_domain_init(&t->d, &cfg), -EINVAL);
	/* No GICV on the host. */
	bootinfo.gic.vcpu_base = pa_init(0);
	cfg = tv_config(2, 2, 64);
	assert_int_equal(vgic_domain_init(&t->d, &cfg), -ENODEV);
	bootinfo.gic.vcpu_base = pa_init(TV_GICV_PA);
	/* Stage-2 mapping errors come back. */
	tv_p2m.rc = -ENOMEM;
	assert_int_equal(vgic_domain_init(&t->d, &cfg), -ENOMEM);
	assert_null(t->d.vgic);
	tv_nr_regions = 0; /* no unregistering: forget the GICD by hand */
	tv_p2m.rc = 0;

	/* The GICV frame lands where the guest expects its GICC. */
	tv_p2m.calls = 0;
	assert_int_equal(vgic_domain_init(&t->d, &cfg), 0);
	assert_int_equal(tv_p2m.calls, 1);
	assert_ptr_equal(tv_p2m.d, &t->d);
	assert_int_equal(tv_p2m.gfn, TV_GICC >> PAGE_SHIFT);
	assert_int_equal(tv_p2m.mfn, TV_GICV_PA >> PAGE_SHIFT);
	assert_int_equal(tv_p2m.nr, 2);
	assert_int_equal(tv_p2m.t, P2M_MMIO_DEV);
	assert_int_equal(tv_regions[0].base, TV_GICD);
	assert_int_equal(tv_regions[0].size, VGIC_V2_DIST_SIZE);
	tv_dom_free(t);
}

static void test_v2_dist_id(void **state)
{
	struct tdom *t = tv_dom(3, 64);
	struct vcpu *v = &t->v[2];
	u64 val;

	WR32(v, D(GICD_CTLR), 0xffffffff);
	assert_int_equal(RD32(v, D(GICD_CTLR)), 3);
	WR32(v, D(GICD_CTLR), 0);
	assert_int_equal(RD32(v, D(GICD_CTLR)), 0);
	/* ITLinesNumber 2 (96 lines), CPUNumber 2 (3 vCPUs), no security. */
	assert_int_equal(RD32(v, D(GICD_TYPER)), 0x42);
	assert_int_equal(RD32(v, D(GICD_IIDR)), VGIC_IIDR);
	assert_int_equal((RD32(v, D(0xfe8)) >> 4) & 0xf, 2);
	/* Group 0 only: IGROUPR RAZ/WI. */
	WR32(v, D(GICD_IGROUPR + 4), 0xffffffff);
	assert_int_equal(RD32(v, D(GICD_IGROUPR + 4)), 0);
	/* Reserved: RAZ/WI. */
	WR32(v, D(0xd00), 0xffffffff);
	assert_int_equal(RD32(v, D(0xd00)), 0);
	assert_int_equal(RD32(v, D(GICD_SGIR)), 0);
	/* Sizes: bytes only where the architecture has them. */
	assert_int_equal(tv_mmio(v, D(GICD_ISENABLER), 1, false, &val),
			 -EINVAL);
	assert_int_equal(tv_mmio(v, D(GICD_CTLR), 8, false, &val), -EINVAL);
	assert_int_equal(tv_mmio(v, D(GICD_IPRIORITYR + 1), 2, true, &val),
			 -EINVAL);
	tv_wr(v, D(GICD_SPENDSGIR + 3), 1, 0x1);
	assert_int_equal(tv_rd(v, D(GICD_SPENDSGIR + 3), 1), 0x1);
	/* Five priority bits whatever the hardware reports. */
	tv_wr(v, D(GICD_IPRIORITYR + 40), 1, 0xff);
	assert_int_equal(tv_rd(v, D(GICD_IPRIORITYR + 40), 1), 0xf8);
	tv_check(t);
	tv_dom_free(t);
}

static void test_v2_banked(void **state)
{
	struct tdom *t = tv_dom(2, 32);
	struct vcpu *v0 = &t->v[0], *v1 = &t->v[1];

	WR32(v1, D(GICD_ISENABLER), 0x08000000);
	assert_int_equal(RD32(v1, D(GICD_ISENABLER)), 0x0800ffff);
	assert_int_equal(RD32(v0, D(GICD_ISENABLER)), 0x0000ffff);
	tv_wr(v0, D(GICD_IPRIORITYR + 27), 1, 0x30);
	assert_int_equal(tv_rd(v0, D(GICD_IPRIORITYR + 27), 1), 0x30);
	assert_int_equal(tv_rd(v1, D(GICD_IPRIORITYR + 27), 1), 0);
	/* SGIs: always edge; PPIs configurable. */
	WR32(v0, D(GICD_ICFGR), 0);
	assert_int_equal(RD32(v0, D(GICD_ICFGR)), 0xaaaaaaaa);
	WR32(v0, D(GICD_ICFGR + 4), 0x00800000);
	assert_int_equal(RD32(v0, D(GICD_ICFGR + 4)), 0x00800000);
	assert_int_equal(RD32(v1, D(GICD_ICFGR + 4)), 0);

	/* SGI pending bits: read the state, writes ignored (SPENDSGIR). */
	WR32(v0, D(GICD_ISPENDR), 0x0001000f);
	assert_int_equal(RD32(v0, D(GICD_ISPENDR)), 0x00010000);
	tv_wr(v0, D(GICD_SPENDSGIR), 1, 0x2);
	assert_int_equal(RD32(v0, D(GICD_ISPENDR)), 0x00010001);
	WR32(v0, D(GICD_ICPENDR), 0xffffffff);
	assert_int_equal(RD32(v0, D(GICD_ISPENDR)), 0x1);
	tv_check(t);
	tv_dom_free(t);
}

static void test_v2_itargetsr(void **state)
{
	struct tdom *t = tv_dom(3, 64);
	struct vcpu *v = &t->v[0];
	struct vgic_irq *irq = tv_irq(t, NULL, 40);

	/* Banked, read-only: each reader sees its own bit. */
	assert_int_equal(RD32(&t->v[2], D(GICD_ITARGETSR)), 0x04040404);
	assert_int_equal(tv_rd(&t->v[1], D(GICD_ITARGETSR + 29), 1), 0x02);
	WR32(v, D(GICD_ITARGETSR + 28), 0);
	assert_int_equal(RD32(v, D(GICD_ITARGETSR + 28)), 0x01010101);

	/* SPIs reset to vCPU 0; bits for absent CPUs are RAZ/WI. */
	assert_int_equal(RD32(v, D(GICD_ITARGETSR + 40)), 0x01010101);
	tv_wr(v, D(GICD_ITARGETSR + 40), 1, 0xff);
	assert_int_equal(tv_rd(v, D(GICD_ITARGETSR + 40), 1), 0x07);
	WR32(v, D(GICD_ITARGETSR + 40), 0x00000006);
	assert_int_equal(irq->targets, 0x6);

	tv_dist_enable(t);
	tv_irq_setup(t, NULL, 40, 0x40);
	vgic_inject(&t->d, NULL, 40, true);
	/* The lowest-numbered targeted vCPU that is up. */
	assert_ptr_equal(irq->queued_on, &t->v[1]);
	vgic_inject(&t->d, NULL, 40, false);
	t->v[1].pause_flags = VPF_DOWN;
	vgic_inject(&t->d, NULL, 40, true);
	assert_ptr_equal(irq->queued_on, &t->v[2]);
	vgic_inject(&t->d, NULL, 40, false);
	/* All down: still queued on one of them. */
	t->v[2].pause_flags = VPF_DOWN;
	vgic_inject(&t->d, NULL, 40, true);
	assert_ptr_equal(irq->queued_on, &t->v[1]);
	/* No target: pending, on no list. */
	WR32(v, D(GICD_ITARGETSR + 40), 0);
	assert_null(irq->queued_on);
	assert_int_equal(RD32(v, D(GICD_ISPENDR + 4)), 0x100);
	tv_check(t);
	tv_dom_free(t);
}

static u8 sources(struct tdom *t, unsigned int vcpu, unsigned int sgi)
{
	return tv_irq(t, &t->v[vcpu], sgi)->sgi_src;
}

static void test_v2_sgir(void **state)
{
	struct tdom *t = tv_dom(3, 32);
	unsigned int i;

	/* Target list, with bits for absent CPUs. */
	WR32(&t->v[0], D(GICD_SGIR), 0x00fe0005);
	assert_int_equal(sources(t, 0, 5), 0);
	assert_int_equal(sources(t, 1, 5), 0x1);
	assert_int_equal(sources(t, 2, 5), 0x1);
	/* All but self. */
	WR32(&t->v[1], D(GICD_SGIR), 0x01000005);
	assert_int_equal(sources(t, 0, 5), 0x2);
	assert_int_equal(sources(t, 1, 5), 0x1);
	assert_int_equal(sources(t, 2, 5), 0x3);
	/* Self. */
	WR32(&t->v[2], D(GICD_SGIR), 0x02ff0007);
	assert_int_equal(sources(t, 2, 7), 0x4);
	assert_int_equal(sources(t, 0, 7) | sources(t, 1, 7), 0);
	/* Reserved filter: nothing. */
	WR32(&t->v[2], D(GICD_SGIR), 0x03ff0008);
	for (i = 0; i < 3; i++)
		assert_int_equal(sources(t, i, 8), 0);

	/* SPENDSGIR / CPENDSGIR: a byte per SGI, a bit per source. */
	assert_int_equal(RD32(&t->v[2], D(GICD_SPENDSGIR + 4)), 0x04000300);
	assert_int_equal(RD32(&t->v[2], D(GICD_CPENDSGIR + 4)), 0x04000300);
	tv_wr(&t->v[2], D(GICD_CPENDSGIR + 5), 1, 0x1);
	assert_int_equal(sources(t, 2, 5), 0x2);
	WR32(&t->v[2], D(GICD_SPENDSGIR + 12), 0xff000000);
	assert_int_equal(sources(t, 2, 15), 0x7);
	assert_int_equal(RD32(&t->v[2], D(GICD_ISPENDR)), 0x80a0);
	tv_check(t);
	tv_dom_free(t);
}

static void test_v2_sgi_sources_in_lrs(void **state)
{
	struct tdom *t = tv_dom(3, 32);
	struct vcpu *v = &t->v[0];
	int n;

	tv_dist_enable(t);
	v->vgic->hw.vmcr = tv_vmcr(true, 0xf8);
	/* SGI 3 to vCPU 0 from vCPUs 1 and 2. */
	WR32(&t->v[2], D(GICD_SGIR), 0x00010003);
	WR32(&t->v[1], D(GICD_SGIR), 0x00010003);
	assert_int_equal(sources(t, 0, 3), 0x6);
	assert_true(vgic_vcpu_pending(v));

	tv_enter(v);
	n = tv_find_lr(3);
	assert_true(n >= 0);
	assert_int_equal(fg.lr[n].source, 1);
	assert_true(fg.lr[n].eoi); /* another source waits */
	assert_false(fg.lr[n].group1);
	assert_int_equal(sources(t, 0, 3), 0x4);
	/* Both sources still read as pending. */
	assert_int_equal(tv_rd(&t->v[0], D(GICD_SPENDSGIR + 3), 1), 0x6);
	assert_int_equal(tv_guest_ack(), 3);
	tv_guest_eoi(3);
	tv_exit(v);

	tv_enter(v);
	n = tv_find_lr(3);
	assert_true(n >= 0);
	assert_int_equal(fg.lr[n].source, 2);
	assert_false(fg.lr[n].eoi);
	/* Not taken this time: the source comes back. */
	tv_exit(v);
	assert_int_equal(sources(t, 0, 3), 0x4);

	/* Cleared from outside while in the LR: gone after the sync. */
	tv_enter(v);
	tv_wr(&t->v[0], D(GICD_CPENDSGIR + 3), 1, 0x4);
	tv_exit(v);
	assert_int_equal(sources(t, 0, 3), 0);
	assert_false(vgic_vcpu_pending(v));
	tv_check(t);
	tv_dom_free(t);
}

static void test_v2_gating_and_pmr(void **state)
{
	struct tdom *t = tv_dom(1, 32);
	struct vcpu *v = &t->v[0];

	tv_irq_setup(t, v, 27, 0x80);
	vgic_inject(&t->d, v, 27, true);
	v->vgic->hw.vmcr = tv_vmcr(true, 0xf8);
	/* Group 1 enable is not ours on GICv2. */
	WR32(v, D(GICD_CTLR), 2);
	assert_false(vgic_vcpu_pending(v));
	WR32(v, D(GICD_CTLR), 1);
	assert_true(vgic_vcpu_pending(v));
	v->vgic->hw.vmcr = tv_vmcr(true, 0x80);
	assert_false(vgic_vcpu_pending(v));
	v->vgic->hw.vmcr = tv_vmcr(false, 0xf8);
	assert_false(vgic_vcpu_pending(v));
	tv_enter(v);
	assert_int_equal(tv_lrs_used(), 1);
	assert_int_equal(fg.lr[0].priority, 0x80);
	tv_exit(v);
	tv_check(t);
	tv_dom_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup_v2, teardown)
		T(test_v2_init),	   T(test_v2_dist_id),
		T(test_v2_banked),	   T(test_v2_itargetsr),
		T(test_v2_sgir),	   T(test_v2_sgi_sources_in_lrs),
		T(test_v2_gating_and_pmr),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
