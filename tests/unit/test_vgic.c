/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: the vGIC core (vdev/vgic.c, vgic-regs.c) on a GICv3 host:
 * setup errors and teardown orders, the maintenance interrupt, list
 * registers flushed by priority and synced back, level and edge
 * semantics, WFI wake-up conditions, kicks, changes while an interrupt
 * sits in a running vCPU's LR, linked (hw) interrupts. GICv3 registers
 * are in test_vgic_v3.c, GICv2 in test_vgic_v2.c.
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
	assert_int_equal(RD32(&t->v[0], TV_GICD + GICD_IGROUPR + 124),
			 0x0fffffff);
	vgic_inject(&t->d, NULL, 1019, true);
	assert_int_equal(RD32(&t->v[0], TV_GICD + GICD_ISPENDR + 124),
			 0x08000000);
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
	/* The guest handles something at 0x80: only better ones wake it. */
	v->vgic->hw.apr[1][0] = 1U << (0x80 >> 3);
	assert_false(vgic_vcpu_pending(v));
	vgic_write_prio(t->d.vgic, v, 27, 1, 0x78);
	assert_true(vgic_vcpu_pending(v));
	vgic_load(v);
	fg.apr = 1U << (0x70 >> 3);
	assert_false(vgic_vcpu_pending(v));
	fg.apr = 0;
	assert_true(vgic_vcpu_pending(v));
	vgic_save(v);
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
		T(test_init_errors),	     T(test_destroy_orders),
		T(test_init_maint),	     T(test_flush_priority_order),
		T(test_active_keeps_lr),     T(test_edge_semantics),
		T(test_level_semantics),     T(test_enable_gating),
		T(test_vcpu_pending_pmr),    T(test_kicks),
		T(test_changes_while_in_lr), T(test_hw_irq),
		T(test_flush_without_sync),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
