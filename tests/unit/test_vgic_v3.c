/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: the GICv3 front end of the vGIC (vdev/vgic-v3.c):
 * distributor and redistributor registers, IROUTER routing, ICC_SGI1R_EL1
 * decoding, out-of-range INTIDs. The core is in test_vgic.c.
 */
#include "vgic_test_util.h"

static int setup_v3(void **state)
{
	host_fake_guest_reset();
	tv_recorders_reset();
	tv_gic_reset(3, 4);
	return 0;
}

static int teardown(void **state)
{
	set_current_vcpu(NULL);
	return 0;
}

static u64 sgi1r(unsigned int intid, unsigned int aff1, unsigned int list,
		 unsigned int rs)
{
	return (u64)intid << 24 | (u64)aff1 << 16 | list | (u64)rs << 44;
}

static unsigned int sgi_pending_mask(struct tdom *t, unsigned int sgi)
{
	unsigned int i, m = 0;

	for (i = 0; i < t->d.max_vcpus; i++)
		if (tv_irq(t, &t->v[i], sgi)->latch)
			m |= 1U << i;
	return m;
}

static void clear_sgis(struct tdom *t)
{
	unsigned int i;

	for (i = 0; i < t->d.max_vcpus; i++)
		vgic_write_bits(t->d.vgic, &t->v[i], 0, 0xffff, VGIC_PENDING,
				false);
}

static void test_v3_dist_id(void **state)
{
	struct tdom *t = tv_dom(5, 64);
	struct vcpu *v = &t->v[1];
	u32 typer;
	u64 val;

	/* ARE and DS read as one, only the group enables stick. */
	assert_int_equal(RD32(v, TV_GICD + GICD_CTLR), 0x50);
	WR32(v, TV_GICD + GICD_CTLR, 0xffffffff);
	assert_int_equal(RD32(v, TV_GICD + GICD_CTLR), 0x53);
	WR32(v, TV_GICD + GICD_CTLR, 0);
	assert_int_equal(RD32(v, TV_GICD + GICD_CTLR), 0x50);

	typer = RD32(v, TV_GICD + GICD_TYPER);
	assert_int_equal(typer & 0x1f, 2);	   /* 96 lines */
	assert_int_equal((typer >> 5) & 7, 4);	   /* 5 vCPUs */
	assert_int_equal((typer >> 19) & 0x1f, 9); /* 10 INTID bits */
	assert_true(typer & (1U << 25));	   /* No1N */
	assert_false(typer & (1U << 17));	   /* no LPIs */
	assert_int_equal(RD32(v, TV_GICD + GICD_IIDR), VGIC_IIDR);
	assert_int_equal((RD32(v, TV_GICD + GICD_PIDR2) >> 4) & 0xf, 3);
	assert_int_equal(RD32(v, TV_GICD + GICD_TYPER2), 0);

	/* Reserved: RAZ/WI. */
	WR32(v, TV_GICD + 0x5000, 0xffffffff);
	assert_int_equal(RD32(v, TV_GICD + 0x5000), 0);
	assert_int_equal(RD32(v, TV_GICD + 0xfffc), 0);
	/* ITARGETSR, SGIR: RES0 with affinity routing. */
	WR32(v, TV_GICD + GICD_ITARGETSR + 32, 0x01010101);
	assert_int_equal(RD32(v, TV_GICD + GICD_ITARGETSR + 32), 0);
	WR32(v, TV_GICD + GICD_SGIR, 0x02000001);
	assert_int_equal(tv_nr_ipis, 0);
	assert_false(tv_irq(t, v, 1)->latch);

	/* Wrong sizes and alignment: aborts, logged. */
	tv_nr_logs = 0;
	assert_int_equal(tv_mmio(v, TV_GICD + GICD_CTLR, 1, false, &val),
			 -EINVAL);
	assert_int_equal(tv_mmio(v, TV_GICD + GICD_CTLR, 2, true, &val),
			 -EINVAL);
	assert_int_equal(tv_mmio(v, TV_GICD + GICD_CTLR, 8, false, &val),
			 -EINVAL);
	assert_int_equal(
		tv_mmio(v, TV_GICD + GICD_ISENABLER + 2, 4, false, &val),
		-EINVAL);
	assert_int_equal(
		tv_mmio(v, TV_GICD + GICD_IROUTER + 32 * 8 + 4, 8, false, &val),
		-EINVAL);
	assert_int_equal(tv_nr_logs, 5);
	assert_non_null(strstr(tv_last_log, "GICD"));
	tv_dom_free(t);
}

static void test_v3_dist_bits(void **state)
{
	struct tdom *t = tv_dom(2, 64);
	struct vcpu *v = &t->v[0];
	u64 base = TV_GICD;

	/* INTIDs 0-31 live in the redistributors: RAZ/WI here. */
	WR32(v, base + GICD_ISENABLER, 0xffffffff);
	assert_int_equal(RD32(v, base + GICD_ISENABLER), 0);
	assert_false(tv_irq(t, v, 20)->enabled);
	assert_true(tv_irq(t, v, 5)->enabled); /* SGIs reset enabled */

	/* Set/clear enable. */
	WR32(v, base + GICD_ISENABLER + 4, 0x80000001);
	assert_int_equal(RD32(v, base + GICD_ISENABLER + 4), 0x80000001);
	assert_int_equal(RD32(v, base + GICD_ICENABLER + 4), 0x80000001);
	WR32(v, base + GICD_ICENABLER + 4, 0x00000001);
	assert_int_equal(RD32(v, base + GICD_ISENABLER + 4), 0x80000000);
	WR32(v, base + GICD_ISENABLER + 4, 0);
	assert_int_equal(RD32(v, base + GICD_ISENABLER + 4), 0x80000000);

	/* Pending and active. */
	WR32(v, base + GICD_ISPENDR + 8, 0x3);
	assert_int_equal(RD32(v, base + GICD_ICPENDR + 8), 0x3);
	WR32(v, base + GICD_ICPENDR + 8, 0x1);
	assert_int_equal(RD32(v, base + GICD_ISPENDR + 8), 0x2);
	WR32(v, base + GICD_ISACTIVER + 4, 0x10);
	assert_int_equal(RD32(v, base + GICD_ICACTIVER + 4), 0x10);
	WR32(v, base + GICD_ICACTIVER + 4, 0xffffffff);
	assert_int_equal(RD32(v, base + GICD_ISACTIVER + 4), 0);

	/* Beyond the last line (96): RAZ/WI. */
	WR32(v, base + GICD_ISENABLER + 12, 0xffffffff);
	assert_int_equal(RD32(v, base + GICD_ISENABLER + 12), 0);
	WR32(v, base + GICD_ISPENDR + 0x7c, 0xffffffff);
	assert_int_equal(RD32(v, base + GICD_ISPENDR + 0x7c), 0);

	/* Group 1 for every implemented SPI, writes ignored. */
	assert_int_equal(RD32(v, base + GICD_IGROUPR), 0);
	assert_int_equal(RD32(v, base + GICD_IGROUPR + 4), 0xffffffff);
	WR32(v, base + GICD_IGROUPR + 4, 0);
	assert_int_equal(RD32(v, base + GICD_IGROUPR + 4), 0xffffffff);
	assert_int_equal(RD32(v, base + GICD_IGROUPR + 12), 0);
	tv_check(t);
	tv_dom_free(t);
}

static void test_v3_priority_cfg(void **state)
{
	struct tdom *t = tv_dom(2, 64);
	struct vcpu *v = &t->v[1];
	u64 p = TV_GICD + GICD_IPRIORITYR;

	/* Five implemented bits; byte and word accesses. */
	tv_wr(v, p + 33, 1, 0xff);
	assert_int_equal(tv_rd(v, p + 33, 1), 0xf8);
	assert_int_equal(RD32(v, p + 32), 0xf800);
	WR32(v, p + 36, 0x12345678);
	assert_int_equal(RD32(v, p + 36), 0x10305078);
	assert_int_equal(tv_rd(v, p + 39, 1), 0x10);
	assert_int_equal(tv_irq(t, NULL, 37)->priority, 0x50);
	/* Private INTIDs are not here. */
	WR32(v, p + 16, 0x80808080);
	assert_int_equal(RD32(v, p + 16), 0);

	/* ICFGR: two bits per INTID, only the upper (edge) one exists. */
	WR32(v, TV_GICD + GICD_ICFGR + 8, 0xffffffff);
	assert_int_equal(RD32(v, TV_GICD + GICD_ICFGR + 8), 0xaaaaaaaa);
	assert_true(tv_irq(t, NULL, 32)->edge);
	WR32(v, TV_GICD + GICD_ICFGR + 8, 0x8);
	assert_int_equal(RD32(v, TV_GICD + GICD_ICFGR + 8), 0x8);
	assert_false(tv_irq(t, NULL, 32)->edge);
	assert_true(tv_irq(t, NULL, 33)->edge);
	assert_int_equal(RD32(v, TV_GICD + GICD_ICFGR), 0);
	tv_dom_free(t);
}

static void test_v3_irouter(void **state)
{
	struct tdom *t = tv_dom(20, 64);
	struct vcpu *v = &t->v[0];
	u64 r40 = TV_GICD + GICD_IROUTER + 40 * 8;

	tv_dist_enable(t);
	tv_irq_setup(t, NULL, 40, 0x80);
	/* Reset: vCPU 0. */
	assert_int_equal(tv_rd(v, r40, 8), 0);
	vgic_inject(&t->d, NULL, 40, true);
	assert_ptr_equal(tv_irq(t, NULL, 40)->queued_on, &t->v[0]);

	/* 64-bit write: Aff1 = 1, Aff0 = 2 is vCPU 18; IRM ignored. */
	tv_wr(v, r40, 8, 0x80000102ULL);
	assert_int_equal(tv_rd(v, r40, 8), 0x102);
	assert_ptr_equal(tv_irq(t, NULL, 40)->queued_on, &t->v[18]);
	tv_check(t);

	/* Halves: Aff3 alone names no vCPU, the SPI waits unqueued. */
	tv_wr(v, r40 + 4, 4, 0x1);
	assert_int_equal(tv_rd(v, r40, 8), 0x100000102ULL);
	assert_int_equal(tv_rd(v, r40 + 4, 4), 1);
	assert_int_equal(tv_rd(v, r40, 4), 0x102);
	assert_null(tv_irq(t, NULL, 40)->queued_on);
	tv_check(t);
	tv_wr(v, r40 + 4, 4, 0);
	tv_wr(v, r40, 4, 0x0003);
	assert_ptr_equal(tv_irq(t, NULL, 40)->queued_on, &t->v[3]);
	/* Aff0 >= 16 and vCPUs beyond the last exist nowhere. */
	tv_wr(v, r40, 8, 0x10);
	assert_null(tv_irq(t, NULL, 40)->queued_on);
	tv_wr(v, r40, 8, 0x104);
	assert_null(tv_irq(t, NULL, 40)->queued_on);
	tv_wr(v, r40, 8, 0x103);
	assert_ptr_equal(tv_irq(t, NULL, 40)->queued_on, &t->v[19]);

	/* IROUTER<0..31> and beyond the last line: RAZ/WI. */
	tv_wr(v, TV_GICD + GICD_IROUTER + 8, 8, 0x3);
	assert_int_equal(tv_rd(v, TV_GICD + GICD_IROUTER + 8, 8), 0);
	tv_wr(v, TV_GICD + GICD_IROUTER + 100 * 8, 8, 0x3);
	assert_int_equal(tv_rd(v, TV_GICD + GICD_IROUTER + 100 * 8, 8), 0);
	tv_check(t);
	tv_dom_free(t);
}

static void test_v3_rdist(void **state)
{
	struct vgic_config cfg = tv_config(3, 20, 32);
	struct tdom *t = tv_dom_alloc(18);
	struct vcpu *v = &t->v[0];
	unsigned int i;
	u64 typer;

	/* Room for 20 redistributors, 18 vCPUs. */
	assert_int_equal(vgic_domain_init(&t->d, &cfg), 0);
	for (i = 0; i < 18; i++)
		assert_int_equal(vgic_vcpu_init(&t->v[i]), 0);

	typer = tv_rd(v, RDBASE(17) + 8, 8);
	assert_int_equal(typer >> 32, 0x101); /* Aff1 1, Aff0 1 */
	assert_int_equal((typer >> 8) & 0xffff, 17);
	assert_true(typer & 0x10); /* Last */
	assert_false(typer & 0x1); /* no physical LPIs */
	typer = tv_rd(v, RDBASE(5) + 8, 8);
	assert_int_equal(typer >> 32, 5);
	assert_false(typer & 0x10);
	assert_int_equal(tv_rd(v, RDBASE(5) + 12, 4), 5);
	assert_int_equal(tv_rd(v, RDBASE(5) + 8, 4), 5 << 8);
	tv_wr(v, RDBASE(5) + 8, 8, ~0ULL); /* read-only */
	assert_int_equal(tv_rd(v, RDBASE(5) + 8, 8) >> 32, 5);
	assert_int_equal(RD32(v, RDBASE(3) + 4), VGIC_IIDR);
	assert_int_equal((RD32(v, RDBASE(3) + 0xffe8) >> 4) & 0xf, 3);
	assert_int_equal(RD32(v, RDBASE(3)), 0); /* CTLR */
	WR32(v, RDBASE(3), 1);			 /* EnableLPIs: no LPIs, WI */
	assert_int_equal(RD32(v, RDBASE(3)), 0);

	/* WAKER: ChildrenAsleep follows ProcessorSleep. */
	assert_int_equal(RD32(v, RDBASE(2) + 0x14), 0);
	WR32(v, RDBASE(2) + 0x14, 0x2);
	assert_int_equal(RD32(v, RDBASE(2) + 0x14), 0x6);
	assert_int_equal(RD32(v, RDBASE(1) + 0x14), 0);
	WR32(v, RDBASE(2) + 0x14, 0x4);
	assert_int_equal(RD32(v, RDBASE(2) + 0x14), 0);

	/* Frames past the last vCPU: RAZ/WI. */
	assert_int_equal(RD32(v, RDBASE(18) + 8), 0);
	assert_int_equal(tv_mmio(v, RDBASE(18) + 8, 2, false, &typer), -EINVAL);
	tv_dom_free(t);
}

static void test_v3_rdist_sgi_frame(void **state)
{
	struct tdom *t = tv_dom(2, 32);
	struct vcpu *v0 = &t->v[0], *v1 = &t->v[1];
	u64 s1 = SGIBASE(1);

	/* Banked for the frame's vCPU, whoever accesses it. */
	WR32(v0, s1 + GICD_ISENABLER, 0x08000000);
	assert_true(tv_irq(t, v1, 27)->enabled);
	assert_false(tv_irq(t, v0, 27)->enabled);
	assert_int_equal(RD32(v0, s1 + GICD_ISENABLER), 0x0800ffff);
	WR32(v1, s1 + GICD_ICENABLER, 0x0000ffff);
	assert_int_equal(RD32(v1, s1 + GICD_ISENABLER), 0x08000000);
	/* Only the first word exists. */
	WR32(v0, s1 + GICD_ISENABLER + 4, 0xffffffff);
	assert_int_equal(RD32(v0, s1 + GICD_ISENABLER + 4), 0);

	WR32(v0, s1 + GICD_ISPENDR, 0x00010002);
	assert_int_equal(RD32(v0, s1 + GICD_ICPENDR), 0x00010002);
	WR32(v0, s1 + GICD_ICPENDR, 0x00010000);
	assert_int_equal(RD32(v0, s1 + GICD_ISPENDR), 0x2);
	WR32(v0, s1 + GICD_ISACTIVER, 0x80000000);
	assert_int_equal(RD32(v0, s1 + GICD_ICACTIVER), 0x80000000);
	WR32(v0, s1 + GICD_ICACTIVER, 0x80000000);
	assert_int_equal(RD32(v0, s1 + GICD_ISACTIVER), 0);

	tv_wr(v0, s1 + GICD_IPRIORITYR + 27, 1, 0xa7);
	assert_int_equal(RD32(v0, s1 + GICD_IPRIORITYR + 24), 0xa0000000);
	assert_int_equal(tv_rd(v0, s1 + GICD_IPRIORITYR + 27, 1), 0xa0);
	WR32(v0, s1 + GICD_IPRIORITYR + 32, 0xffffffff);
	assert_int_equal(RD32(v0, s1 + GICD_IPRIORITYR + 32), 0);

	/* ICFGR0: SGIs always edge; ICFGR1: PPIs configurable. */
	assert_int_equal(RD32(v0, s1 + GICD_ICFGR), 0xaaaaaaaa);
	WR32(v0, s1 + GICD_ICFGR, 0);
	assert_int_equal(RD32(v0, s1 + GICD_ICFGR), 0xaaaaaaaa);
	assert_int_equal(RD32(v0, s1 + GICD_ICFGR + 4), 0);
	WR32(v0, s1 + GICD_ICFGR + 4, 0x00800003);
	assert_int_equal(RD32(v0, s1 + GICD_ICFGR + 4), 0x00800002);
	assert_true(tv_irq(t, v1, 16)->edge);
	assert_true(tv_irq(t, v1, 27)->edge);
	assert_int_equal(RD32(v0, s1 + GICD_IGROUPR), 0xffffffff);

	/* Byte access only to priorities. */
	assert_int_equal(tv_mmio(v0, s1 + GICD_ISENABLER, 1, false, &(u64){0}),
			 -EINVAL);
	tv_check(t);
	tv_dom_free(t);
}

static void test_v3_sgi1r(void **state)
{
	struct tdom *t = tv_dom(20, 32);
	struct vcpu *v = &t->v[3];

	assert_int_equal(vgic_sgi1r_write(v, sgi1r(5, 0, 0x0006, 0)), 0);
	assert_int_equal(sgi_pending_mask(t, 5), 0x6);
	clear_sgis(t);

	/* Aff1 = 1: vCPUs 16-19; list bits beyond them name nobody. */
	vgic_sgi1r_write(v, sgi1r(7, 1, 0x8009, 0));
	assert_int_equal(sgi_pending_mask(t, 7), (1U << 16) | (1U << 19));
	clear_sgis(t);

	/* IRM: everybody but the sender, whatever the list says. */
	vgic_sgi1r_write(v, sgi1r(2, 0, 0x1, 0) | (1ULL << 40));
	assert_int_equal(sgi_pending_mask(t, 2), 0xfffff & ~(1U << 3));
	clear_sgis(t);

	/* RS selects Aff0 16 * RS + n: no vCPU has Aff0 >= 16. */
	vgic_sgi1r_write(v, sgi1r(1, 0, 0xffff, 1));
	assert_int_equal(sgi_pending_mask(t, 1), 0);
	/* Aff2 or Aff3 set: nobody. */
	vgic_sgi1r_write(v, sgi1r(1, 0, 0xffff, 0) | 1ULL << 32);
	vgic_sgi1r_write(v, sgi1r(1, 0, 0xffff, 0) | 1ULL << 48);
	assert_int_equal(sgi_pending_mask(t, 1), 0);
	/* Aff1 with no vCPUs. */
	vgic_sgi1r_write(v, sgi1r(1, 9, 0xffff, 0));
	assert_int_equal(sgi_pending_mask(t, 1), 0);
	/* Self. */
	vgic_sgi1r_write(v, sgi1r(15, 0, 0x8, 0));
	assert_int_equal(sgi_pending_mask(t, 15), 0x8);
	tv_check(t);
	tv_dom_free(t);
}

static void test_out_of_range(void **state)
{
	struct tdom *t = tv_dom(2, 32);
	struct tdom *o = tv_dom(1, 32);

	tv_dist_enable(t);
	vgic_inject(&t->d, NULL, 64, true);
	vgic_inject(&t->d, NULL, 1019, true);
	vgic_inject(&t->d, NULL, 5000, true);
	vgic_pulse(&t->d, NULL, ~0U);
	/* Private INTIDs need a vCPU of the domain. */
	tv_nr_logs = 0;
	vgic_inject(&t->d, NULL, 27, true);
	vgic_inject(&t->d, &o->v[0], 27, true);
	assert_int_equal(tv_nr_logs, 2);
	assert_false(tv_irq(t, &t->v[0], 27)->level);
	vgic_inject(NULL, NULL, 40, true);
	/* vCPU ids beyond the domain's never come back from SGIs. */
	vgic_sgi1r_write(&t->v[0], sgi1r(1, 0, 0xffff, 0));
	assert_int_equal(sgi_pending_mask(t, 1), 0x3);
	/* GICv2-only helpers on GICv3 state do nothing harmful. */
	assert_int_equal(vgic_read_sgi_sources(t->d.vgic, &t->v[0], 0, 4), 0);
	tv_check(t);
	tv_dom_free(o);
	tv_dom_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup_v3, teardown)
		T(test_v3_dist_id),	 T(test_v3_dist_bits),
		T(test_v3_priority_cfg), T(test_v3_irouter),
		T(test_v3_rdist),	 T(test_v3_rdist_sgi_frame),
		T(test_v3_sgi1r),	 T(test_out_of_range),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
