/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: the vGIC core (vdev/vgic.c, vgic-regs.c) and its GICv3
 * front end (vgic-v3.c): distributor and redistributor registers, SGI1R
 * decoding, list-register flush/sync against a fake GIC, level and edge
 * semantics, kicks, linked (hw) interrupts, setup errors.
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

/* ---- setup ---- */

static void test_init_errors(void **state)
{
	struct tdom *t = tv_dom_alloc(4);
	struct vgic_config cfg = tv_config(3, 4, 64);

	cfg.version = 2;
	assert_int_equal(vgic_domain_init(&t->d, &cfg), -EINVAL);
	cfg = tv_config(3, 4, 40);
	assert_int_equal(vgic_domain_init(&t->d, &cfg), -EINVAL);
	cfg = tv_config(3, 4, 1024);
	assert_int_equal(vgic_domain_init(&t->d, &cfg), -EINVAL);
	cfg = tv_config(3, 4, 64);
	cfg.redist_size = 3 * VGIC_V3_REDIST_SIZE;
	assert_int_equal(vgic_domain_init(&t->d, &cfg), -EINVAL);
	/* No vGIC: vCPUs cannot get one. */
	assert_int_equal(vgic_vcpu_init(&t->v[0]), -EINVAL);

	/* The second registration fails: error out, nothing kept. */
	cfg = tv_config(3, 4, 64);
	tv_mmio_fail = 2;
	assert_int_equal(vgic_domain_init(&t->d, &cfg), -ENOSPC);
	assert_null(t->d.vgic);
	/* There is no unregistering: forget the GICD region by hand. */
	assert_int_equal(tv_nr_regions, 1);
	tv_nr_regions = 0;

	/* No virtualisation interface. */
	fg.ops.nr_lrs = 0;
	assert_int_equal(vgic_domain_init(&t->d, &cfg), -ENODEV);
	fg.ops.nr_lrs = 4;

	assert_int_equal(vgic_domain_init(&t->d, &cfg), 0);
	assert_int_equal(vgic_domain_init(&t->d, &cfg), -EEXIST);
	assert_int_equal(vgic_vcpu_init(&t->v[0]), 0);
	assert_int_equal(vgic_vcpu_init(&t->v[0]), -EEXIST);
	tv_dom_free(t);

	/* The largest: 992 SPIs, lines stop at 1020. */
	t = tv_dom(1, VGIC_MAX_SPIS);
	assert_int_equal(t->d.vgic->nr_lines, 1020);
	assert_int_equal(RD32(&t->v[0], TV_GICD + GICD_TYPER) & 0x1f, 31);
	tv_dom_free(t);

	/* Redistributor size 0: just what the vCPUs need. */
	t = tv_dom_alloc(2);
	cfg = tv_config(3, 2, 32);
	cfg.redist_size = 0;
	assert_int_equal(vgic_domain_init(&t->d, &cfg), 0);
	assert_int_equal(tv_regions[tv_nr_regions - 1].size,
			 2 * VGIC_V3_REDIST_SIZE);
	tv_dom_free(t);
}

static void test_destroy_orders(void **state)
{
	struct tdom *t = tv_dom(2, 64);
	unsigned int i;

	tv_dist_enable(t);
	/* Interrupts on both lists, some in LRs. */
	for (i = 32; i < 40; i++) {
		tv_irq_setup(t, NULL, i, 0x80);
		vgic_inject(&t->d, NULL, i, true);
	}
	vgic_map_hw_irq(&t->d, 50, 70);
	tv_enter(&t->v[0]);
	/* Domain first, then vCPUs (tv_dom_free does the reverse). */
	vgic_domain_destroy(&t->d);
	assert_int_equal(fg.nr_deact, 1);
	assert_int_equal(fg.last_deact, 70);
	for (i = 0; i < 2; i++) {
		vgic_vcpu_destroy(&t->v[i]);
		assert_null(t->v[i].vgic);
	}
	/* Everything is gone: calls are harmless no-ops. */
	vgic_inject(&t->d, &t->v[0], 40, true);
	vgic_flush(&t->v[0]);
	vgic_sync(&t->v[0]);
	assert_false(vgic_vcpu_pending(&t->v[0]));
	tv_dom_free(t);
}

static void test_init_maint(void **state)
{
	vgic_init();
	assert_int_equal(tv_req_irq, VGIC_MAINT_IRQ_DEFAULT);
	assert_int_equal(tv_req_type, IRQ_TYPE_LEVEL);
	vgic_cpu_init();
	assert_int_equal(tv_ppi_enabled, VGIC_MAINT_IRQ_DEFAULT);

	bootinfo.gic.maintenance_irq = 24;
	vgic_init();
	assert_int_equal(tv_req_irq, 24);
	/* An SPI cannot be the maintenance interrupt. */
	bootinfo.gic.maintenance_irq = 40;
	vgic_init();
	assert_int_equal(tv_req_irq, VGIC_MAINT_IRQ_DEFAULT);

	/* The handler turns the interface off until the next flush. */
	fg.en = fg.uie = true;
	tv_req_handler(25, NULL);
	assert_false(fg.en);
	assert_false(fg.uie);
}

/* ---- GICv3 distributor ---- */

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

/* ---- GICv3 redistributors ---- */

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

/* ---- SGIs from ICC_SGI1R_EL1 ---- */

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

/* ---- list registers ---- */

static void test_flush_priority_order(void **state)
{
	struct tdom *t = tv_dom(1, 64);
	struct vcpu *v = &t->v[0];
	static const u8 prio[6] = {0xa0, 0x20, 0xf0, 0x20, 0x60, 0x10};
	unsigned int order[8], i;

	tv_dist_enable(t);
	WR32(v, TV_GICD + GICD_ICFGR + 8, 0xaaaaaaaa);
	for (i = 0; i < 6; i++) {
		tv_irq_setup(t, v, 40 + i, prio[i]);
		vgic_inject(&t->d, NULL, 40 + i, true);
	}
	tv_check(t);
	/* Four LRs: the best four, and underflow for the rest. */
	tv_enter(v);
	assert_int_equal(tv_lrs_used(), 4);
	assert_true(fg.uie);
	assert_true(fg.en);
	assert_true(tv_find_lr(45) >= 0);
	assert_true(tv_find_lr(41) >= 0);
	assert_true(tv_find_lr(43) >= 0);
	assert_true(tv_find_lr(44) >= 0);
	assert_int_equal(tv_find_lr(40), -1);
	assert_int_equal(fg.lr[tv_find_lr(45)].priority, 0x10);
	assert_true(fg.lr[0].group1);
	tv_check(t);

	/* The guest takes them in priority order. */
	assert_int_equal(tv_guest_take_all(order, 8), 4);
	assert_int_equal(order[0], 45);
	assert_int_equal(order[1], 41);
	assert_int_equal(order[2], 43);
	assert_int_equal(order[3], 44);
	tv_exit(v);
	assert_false(fg.uie);
	assert_int_equal(tv_lrs_used(), 0);
	tv_check(t);

	/* The rest go in; no underflow needed any more. */
	tv_enter(v);
	assert_int_equal(tv_lrs_used(), 2);
	assert_false(fg.uie);
	assert_int_equal(tv_guest_take_all(order, 8), 2);
	assert_int_equal(order[0], 40);
	assert_int_equal(order[1], 42);
	tv_exit(v);
	tv_enter(v);
	assert_int_equal(tv_lrs_used(), 0);
	tv_exit(v);
	assert_true(list_empty(&v->vgic->ap_list));
	tv_dom_free(t);
}

static void test_active_keeps_lr(void **state)
{
	struct tdom *t = tv_dom(1, 64);
	struct vcpu *v = &t->v[0];
	unsigned int i;

	fg.ops.nr_lrs = 2;
	tv_dist_enable(t);
	tv_irq_setup(t, v, 50, 0xf0);
	WR32(v, TV_GICD + GICD_ICFGR + 12, 0x20); /* 50 edge */
	vgic_inject(&t->d, NULL, 50, true);
	tv_enter(v);
	assert_int_equal(tv_guest_ack(), 50);
	tv_exit(v);
	assert_true(tv_irq(t, NULL, 50)->active);

	/* Better ones arrive; the active one keeps its LR. */
	for (i = 0; i < 3; i++) {
		tv_irq_setup(t, v, 40 + i, 0x10);
		vgic_pulse(&t->d, NULL, 40 + i);
	}
	tv_enter(v);
	assert_true(tv_find_lr(50) >= 0);
	assert_int_equal(fg.lr[tv_find_lr(50)].state, GIC_LR_ACTIVE);
	assert_true(tv_find_lr(40) >= 0);
	assert_true(fg.uie);
	tv_guest_eoi(50);
	tv_exit(v);
	assert_false(tv_irq(t, NULL, 50)->active);
	assert_null(tv_irq(t, NULL, 50)->queued_on);
	tv_check(t);
	tv_dom_free(t);
}

static void test_edge_semantics(void **state)
{
	struct tdom *t = tv_dom(1, 32);
	struct vcpu *v = &t->v[0];
	struct vgic_irq *irq = tv_irq(t, NULL, 33);

	tv_dist_enable(t);
	tv_irq_setup(t, v, 33, 0x40);
	WR32(v, TV_GICD + GICD_ICFGR + 8, 0x8); /* INTID 33 edge */
	assert_true(irq->edge);

	/* A lowered line does nothing to an edge interrupt. */
	vgic_inject(&t->d, NULL, 33, false);
	assert_false(irq->latch);
	vgic_inject(&t->d, NULL, 33, true);
	vgic_inject(&t->d, NULL, 33, false);
	assert_true(irq->latch);

	/* Not taken before the exit: still pending afterwards. */
	tv_enter(v);
	assert_false(irq->latch); /* moved into the LR */
	assert_int_equal(RD32(&t->v[0], TV_GICD + GICD_ISPENDR + 4), 0x2);
	tv_exit(v);
	assert_true(irq->latch);

	/* Re-raised while active: pending and active next time. */
	tv_enter(v);
	assert_int_equal(tv_guest_ack(), 33);
	vgic_inject(&t->d, NULL, 33, true);
	tv_exit(v);
	assert_true(irq->active && irq->latch);
	tv_enter(v);
	assert_int_equal(fg.lr[0].state, GIC_LR_PENDING | GIC_LR_ACTIVE);
	assert_false(fg.lr[0].eoi);
	tv_guest_eoi(33);
	assert_int_equal(tv_guest_ack(), 33);
	tv_guest_eoi(33);
	tv_exit(v);
	assert_false(irq->active || irq->latch);
	assert_null(irq->queued_on);

	/* Two edges before the guest runs are one interrupt. */
	vgic_inject(&t->d, NULL, 33, true);
	vgic_inject(&t->d, NULL, 33, true);
	tv_enter(v);
	assert_int_equal(tv_guest_take_all(NULL, 0), 1);
	tv_exit(v);
	tv_enter(v);
	assert_int_equal(tv_lrs_used(), 0);
	tv_exit(v);
	tv_check(t);
	tv_dom_free(t);
}

static void test_level_semantics(void **state)
{
	struct tdom *t = tv_dom(1, 32);
	struct vcpu *v = &t->v[0];
	struct vgic_irq *irq = tv_irq(t, NULL, 34);

	tv_dist_enable(t);
	tv_irq_setup(t, v, 34, 0x40);
	assert_false(irq->edge);

	vgic_inject(&t->d, NULL, 34, true);
	tv_enter(v);
	/* Level: the LR asks for a maintenance interrupt at EOI. */
	assert_true(fg.lr[0].eoi);
	assert_int_equal(tv_guest_ack(), 34);
	tv_guest_eoi(34);
	assert_int_equal(fg.nr_eoi_maint, 1);
	tv_exit(v);
	/* The line is still high: pending again. */
	assert_ptr_equal(irq->queued_on, v);
	tv_enter(v);
	assert_int_equal(tv_lrs_used(), 1);
	assert_int_equal(tv_guest_ack(), 34);
	/* The device lowers its line while the guest handles it. */
	vgic_inject(&t->d, NULL, 34, false);
	tv_guest_eoi(34);
	tv_exit(v);
	assert_null(irq->queued_on);
	assert_int_equal(RD32(v, TV_GICD + GICD_ISPENDR + 4), 0);

	/* ICPENDR does not clear a level interrupt whose line is high. */
	vgic_inject(&t->d, NULL, 34, true);
	WR32(v, TV_GICD + GICD_ICPENDR + 4, 0x4);
	assert_int_equal(RD32(v, TV_GICD + GICD_ISPENDR + 4), 0x4);
	vgic_inject(&t->d, NULL, 34, false);
	assert_int_equal(RD32(v, TV_GICD + GICD_ISPENDR + 4), 0);

	/* ISPENDR latches it until the guest takes it, line or not. */
	WR32(v, TV_GICD + GICD_ISPENDR + 4, 0x4);
	tv_enter(v);
	assert_false(fg.lr[0].eoi); /* nothing to resample */
	tv_exit(v);
	assert_true(irq->latch); /* not taken yet */
	tv_enter(v);
	assert_int_equal(tv_guest_take_all(NULL, 0), 1);
	tv_exit(v);
	assert_false(irq->latch);
	assert_null(irq->queued_on);

	/* A pulse works the same way for a level interrupt. */
	vgic_pulse(&t->d, NULL, 34);
	tv_enter(v);
	assert_int_equal(tv_guest_take_all(NULL, 0), 1);
	tv_exit(v);
	tv_enter(v);
	assert_int_equal(tv_lrs_used(), 0);
	tv_exit(v);
	tv_check(t);
	tv_dom_free(t);
}

static void test_enable_gating(void **state)
{
	struct tdom *t = tv_dom(1, 32);
	struct vcpu *v = &t->v[0];

	vgic_write_prio(t->d.vgic, v, 35, 1, 0x40);
	vgic_inject(&t->d, NULL, 35, true);
	/* Disabled, and the distributor off: nothing to deliver. */
	tv_enter(v);
	assert_int_equal(tv_lrs_used(), 0);
	tv_exit(v);
	tv_irq_setup(t, v, 35, 0x40);
	tv_enter(v);
	assert_int_equal(tv_lrs_used(), 0);
	tv_exit(v);
	/* Group 0 enable is not ours on GICv3. */
	WR32(v, TV_GICD + GICD_CTLR, 1);
	tv_enter(v);
	assert_int_equal(tv_lrs_used(), 0);
	tv_exit(v);
	WR32(v, TV_GICD + GICD_CTLR, 2);
	tv_enter(v);
	assert_int_equal(tv_lrs_used(), 1);
	tv_exit(v);
	/* Disabling takes it off the list but keeps it pending. */
	WR32(v, TV_GICD + GICD_ICENABLER + 4, 0x8);
	assert_null(tv_irq(t, NULL, 35)->queued_on);
	assert_int_equal(RD32(v, TV_GICD + GICD_ISPENDR + 4), 0x8);
	tv_check(t);
	tv_dom_free(t);
}

static void test_vcpu_pending_pmr(void **state)
{
	struct tdom *t = tv_dom(2, 32);
	struct vcpu *v = &t->v[1];

	tv_dist_enable(t);
	tv_irq_setup(t, v, 27, 0x80);
	assert_false(vgic_vcpu_pending(v));
	vgic_inject(&t->d, v, 27, true);
	/* Reset VMCR: group disabled, PMR 0. */
	assert_false(vgic_vcpu_pending(v));
	v->vgic->hw.vmcr = tv_vmcr(true, 0x80);
	assert_false(vgic_vcpu_pending(v)); /* not above the mask */
	v->vgic->hw.vmcr = tv_vmcr(true, 0x88);
	assert_true(vgic_vcpu_pending(v));
	v->vgic->hw.vmcr = tv_vmcr(false, 0xff);
	assert_false(vgic_vcpu_pending(v));
	/* Loaded on this CPU: the live VMCR counts. */
	v->vgic->hw.vmcr = tv_vmcr(true, 0xff);
	vgic_load(v);
	assert_int_equal(fg.restores, 1);
	fg.vmcr = tv_vmcr(true, 0x10);
	assert_false(vgic_vcpu_pending(v));
	fg.vmcr = tv_vmcr(true, 0xf0);
	assert_true(vgic_vcpu_pending(v));
	vgic_save(v);
	assert_int_equal(v->vgic->hw.vmcr, tv_vmcr(true, 0xf0));
	assert_false(fg.en);
	/* Active interrupts cannot be taken again. */
	vgic_write_bits(t->d.vgic, v, 0, 1U << 27, VGIC_ACTIVE, true);
	assert_false(vgic_vcpu_pending(v));
	/* Another vCPU's interrupts are not v's. */
	assert_false(vgic_vcpu_pending(&t->v[0]));
	tv_dom_free(t);
}

static void test_kicks(void **state)
{
	struct tdom *t = tv_dom(3, 32);
	struct vcpu *v0 = &t->v[0], *v1 = &t->v[1], *v2 = &t->v[2];

	tv_dist_enable(t);
	tv_irq_setup(t, v1, 27, 0x80);
	tv_irq_setup(t, v2, 27, 0x80);
	tv_irq_setup(t, v0, 27, 0x80);

	/* Blocked: woken. */
	v1->pause_flags = VPF_BLOCKED;
	vgic_inject(&t->d, v1, 27, true);
	assert_int_equal(host_fake_nr_wakes(v1), 1);
	assert_int_equal(v1->pause_flags, 0);
	assert_int_equal(tv_nr_ipis, 0);

	/* Running elsewhere: IPI_SCHED to its pCPU. */
	v2->is_running = true;
	v2->processor = 5;
	vgic_inject(&t->d, v2, 27, true);
	assert_int_equal(tv_ipis[5], 1);
	assert_int_equal(host_fake_nr_wakes(v2), 0);

	/* Current: flushes on the way back, nothing to send. */
	set_current_vcpu(v0);
	v0->is_running = true;
	vgic_inject(&t->d, v0, 27, true);
	assert_int_equal(tv_nr_ipis, 1);

	/* Nothing deliverable: no kick. */
	vgic_inject(&t->d, v2, 28, true);
	assert_int_equal(tv_nr_ipis, 1);

	/* A change to an interrupt in a running vCPU's LR kicks it. */
	set_current_vcpu(NULL);
	tv_irq_setup(t, v2, 40, 0x80);
	WR32(v0, TV_GICD + GICD_IROUTER + 40 * 8, 2);
	vgic_inject(&t->d, NULL, 40, true);
	assert_int_equal(tv_ipis[5], 2);
	vgic_flush(v2);
	assert_true(tv_irq(t, NULL, 40)->in_lr);
	WR32(v0, TV_GICD + GICD_ICENABLER + 4, 1U << 8);
	assert_int_equal(tv_ipis[5], 3);
	vgic_sync(v2);
	assert_null(tv_irq(t, NULL, 40)->queued_on);
	tv_check(t);
	tv_dom_free(t);
}

static void test_changes_while_in_lr(void **state)
{
	struct tdom *t = tv_dom(2, 32);
	struct vcpu *v0 = &t->v[0], *v1 = &t->v[1];
	struct vgic_irq *irq = tv_irq(t, NULL, 36);

	tv_dist_enable(t);
	tv_irq_setup(t, v0, 36, 0x80);
	WR32(v1, TV_GICD + GICD_ICFGR + 8, 0x200); /* 36 edge */
	vgic_inject(&t->d, NULL, 36, true);

	/* vCPU 1 clears it while it sits unacked in vCPU 0's LR. */
	tv_enter(v0);
	assert_true(irq->in_lr);
	assert_int_equal(RD32(v1, TV_GICD + GICD_ISPENDR + 4), 0x10);
	WR32(v1, TV_GICD + GICD_ICPENDR + 4, 0x10);
	tv_exit(v0);
	assert_false(irq->latch);
	assert_null(irq->queued_on);

	/* Active set from outside while in the LR sticks. */
	vgic_inject(&t->d, NULL, 36, true);
	tv_enter(v0);
	WR32(v1, TV_GICD + GICD_ISACTIVER + 4, 0x10);
	tv_exit(v0);
	assert_true(irq->active);
	assert_true(irq->latch);
	/* Re-routed while active: stays with vCPU 0 until deactivated. */
	WR32(v1, TV_GICD + GICD_IROUTER + 36 * 8, 1);
	assert_ptr_equal(irq->queued_on, v0);
	tv_enter(v0);
	tv_guest_eoi(36);
	tv_exit(v0);
	assert_ptr_equal(irq->queued_on, v1);
	tv_check(t);

	/* Priority changed while in an LR: re-sorted at sync. */
	tv_irq_setup(t, v1, 37, 0x90);
	vgic_pulse(&t->d, NULL, 37);
	WR32(v1, TV_GICD + GICD_IROUTER + 37 * 8, 1);
	tv_enter(v1);
	vgic_write_prio(t->d.vgic, NULL, 36, 1, 0xa0);
	vgic_write_prio(t->d.vgic, NULL, 37, 1, 0x10);
	tv_check(t);
	tv_exit(v1);
	tv_check(t);
	assert_ptr_equal(
		list_first_entry(&v1->vgic->ap_list, struct vgic_irq, link),
		tv_irq(t, NULL, 37));
	tv_dom_free(t);
}

static void test_hw_irq(void **state)
{
	struct tdom *t = tv_dom(1, 64);
	struct vcpu *v = &t->v[0];
	struct vgic_irq *irq = tv_irq(t, NULL, 48);

	assert_int_equal(vgic_map_hw_irq(&t->d, 20, 40), -EINVAL);
	assert_int_equal(vgic_map_hw_irq(&t->d, 96, 40), -EINVAL);
	assert_int_equal(vgic_map_hw_irq(&t->d, 48, 1020), -EINVAL);
	assert_int_equal(vgic_map_hw_irq(&t->d, 48, 16), -EINVAL);
	assert_int_equal(vgic_map_hw_irq(&t->d, 48, 80), 0);
	assert_int_equal(vgic_map_hw_irq(&t->d, 48, 81), -EBUSY);

	tv_dist_enable(t);
	tv_irq_setup(t, v, 48, 0x40);
	/* Level or not, a linked interrupt latches. */
	vgic_inject(&t->d, NULL, 48, true);
	assert_true(irq->latch);
	assert_false(irq->level);
	tv_enter(v);
	assert_true(fg.lr[0].hw);
	assert_int_equal(fg.lr[0].pirq, 80);
	assert_false(fg.lr[0].eoi);
	assert_int_equal(tv_guest_ack(), 48);
	/* A new edge while active: never pending+active with hw. */
	vgic_inject(&t->d, NULL, 48, true);
	tv_exit(v);
	tv_enter(v);
	assert_int_equal(fg.lr[0].state, GIC_LR_ACTIVE);
	tv_guest_eoi(48);
	assert_int_equal(fg.last_hw_deact, 80);
	tv_exit(v);
	tv_enter(v);
	assert_int_equal(fg.lr[0].state, GIC_LR_PENDING);
	tv_guest_ack();
	tv_exit(v);

	/* The guest clearing the active state deactivates the physical. */
	WR32(v, TV_GICD + GICD_ICACTIVER + 4, 1U << 16);
	assert_int_equal(fg.nr_deact, 1);
	assert_int_equal(fg.last_deact, 80);
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

static void test_flush_without_sync(void **state)
{
	struct tdom *t = tv_dom(1, 32);
	struct vcpu *v = &t->v[0];

	tv_dist_enable(t);
	tv_irq_setup(t, v, 40, 0x40);
	WR32(v, TV_GICD + GICD_ICFGR + 8, 0x20000); /* 40 edge */
	vgic_pulse(&t->d, NULL, 40);
	tv_enter(v);
	/* A second flush folds the first back: nothing lost or doubled. */
	vgic_flush(v);
	assert_int_equal(tv_lrs_used(), 1);
	/* Saving with LRs in use syncs first. */
	vgic_save(v);
	assert_int_equal(tv_lrs_used(), 0);
	assert_true(tv_irq(t, NULL, 40)->latch);
	tv_check(t);
	tv_dom_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup_v3, teardown)
		T(test_init_errors),
		T(test_destroy_orders),
		T(test_init_maint),
		T(test_v3_dist_id),
		T(test_v3_dist_bits),
		T(test_v3_priority_cfg),
		T(test_v3_irouter),
		T(test_v3_rdist),
		T(test_v3_rdist_sgi_frame),
		T(test_v3_sgi1r),
		T(test_flush_priority_order),
		T(test_active_keeps_lr),
		T(test_edge_semantics),
		T(test_level_semantics),
		T(test_enable_gating),
		T(test_vcpu_pending_pmr),
		T(test_kicks),
		T(test_changes_while_in_lr),
		T(test_hw_irq),
		T(test_out_of_range),
		T(test_flush_without_sync),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
