/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: random guest register traffic, injections, SGIs and
 * guest runs against the vGIC on both GIC versions. Every step must
 * return 0 or -EINVAL (never crash under ASan/UBSan), reads must fit the
 * access size, and the internal invariants (tv_check) must hold. At the
 * end every line is lowered and the guests take everything: no list may
 * keep anything, so nothing got stuck.
 */
#include "vgic_test_util.h"

static int setup(void **state)
{
	host_fake_guest_reset();
	tv_recorders_reset();
	return 0;
}

static int teardown(void **state)
{
	set_current_vcpu(NULL);
	return 0;
}

static u64 rand_val(void)
{
	switch (tv_rand_n(5)) {
	case 0:
		return ~0ULL;
	case 1:
		return 1ULL << tv_rand_n(64);
	case 2:
		return tv_rand() & 0xff;
	default:
		return tv_rand();
	}
}

static unsigned int rand_size(void)
{
	static const unsigned int sizes[] = {4, 4, 4, 1, 8, 2};

	return sizes[tv_rand_n(ARRAY_SIZE(sizes))];
}

/* An offset in a distributor-layout frame, mostly near real registers. */
static u64 rand_dist_off(u64 frame_size)
{
	u64 off;

	switch (tv_rand_n(8)) {
	case 0:
		off = tv_rand_n(0x20);
		break;
	case 1:
	case 2:
	case 3:
		off = 0x80 + tv_rand_n(0x400 - 0x80);
		break;
	case 4:
		off = 0x400 + tv_rand_n(0x900);
		break;
	case 5:
		off = 0xf00 + tv_rand_n(0x100);
		break;
	case 6:
		off = frame_size > 0x6000 ? 0x6000 + tv_rand_n(0x2000)
					  : tv_rand_n(frame_size);
		break;
	default:
		off = tv_rand_n(frame_size);
		break;
	}
	/* Mostly aligned to a word. */
	if (tv_rand_n(8))
		off &= ~3ULL;
	return off % frame_size;
}

static void rand_access(struct vcpu *v, u64 base, u64 off)
{
	unsigned int size = rand_size();
	bool write = tv_rand_n(2);
	u64 val = write ? rand_val() : 0;
	int rc = tv_mmio(v, base + off, size, write, &val);

	assert_true(rc == 0 || rc == -EINVAL);
	/* Aligned words are always fine. */
	if (rc == -EINVAL)
		assert_true(size != 4 || (off & 3));
	if (!rc && !write && size < 8)
		assert_true(val < (1ULL << (8 * size)));
}

static struct vcpu *rand_vcpu(struct tdom *t)
{
	return &t->v[tv_rand_n(t->d.max_vcpus)];
}

static unsigned int rand_intid(struct tdom *t)
{
	if (tv_rand_n(10) == 0)
		return tv_rand_n(2000);
	return tv_rand_n(t->d.vgic->nr_lines);
}

static void guest_step(void)
{
	unsigned int n = tv_rand_n(fg.ops.nr_lrs);

	switch (tv_rand_n(4)) {
	case 0:
		tv_guest_ack();
		break;
	case 1:
		if (fg.lr[n].state & GIC_LR_ACTIVE)
			tv_guest_eoi(fg.lr[n].virq);
		break;
	case 2:
		fg.vmcr = tv_vmcr(tv_rand_n(4) != 0, tv_rand() & 0xff);
		break;
	default:
		tv_guest_take_all(NULL, 0);
		break;
	}
}

/* Lower every line, then let the guests take everything. */
static void drain(struct tdom *t)
{
	struct vcpu *v;
	unsigned int i, j, round;
	bool busy = true;

	WR32(&t->v[0], TV_GICD + GICD_CTLR, 3);
	for (i = 0; i < t->d.max_vcpus; i++) {
		t->v[i].pause_flags = 0;
		for (j = 0; j < VGIC_NR_PRIVATE; j++)
			vgic_inject(&t->d, &t->v[i], j, false);
	}
	for (j = VGIC_NR_PRIVATE; j < t->d.vgic->nr_lines; j++)
		vgic_inject(&t->d, NULL, j, false);
	tv_check(t);

	for (round = 0; busy && round < 5000; round++) {
		busy = false;
		for (i = 0; i < t->d.max_vcpus; i++) {
			v = &t->v[i];
			if (list_empty(&v->vgic->ap_list))
				continue;
			busy = true;
			tv_enter(v);
			tv_guest_take_all(NULL, 0);
			for (j = 0; j < fg.ops.nr_lrs; j++)
				if (fg.lr[j].state & GIC_LR_ACTIVE)
					tv_guest_eoi(fg.lr[j].virq);
			tv_exit(v);
			tv_check(t);
		}
	}
	for (i = 0; i < t->d.max_vcpus; i++)
		assert_true(list_empty(&t->v[i].vgic->ap_list));
}

static void fuzz(unsigned int version, unsigned int nv, unsigned int nr_spis,
		 unsigned int steps, u64 seed)
{
	struct vcpu *running = NULL, *v;
	struct tdom *t;
	unsigned int step, i;
	u64 off, frames;
	int rc;

	tv_seed = seed;
	tv_gic_reset(version, 1 + tv_rand_n(TV_MAX_LRS));
	host_fake_guest_reset();
	tv_recorders_reset();
	t = tv_dom(nv, nr_spis);
	frames = (u64)nv * VGIC_V3_REDIST_SIZE;

	for (step = 0; step < steps; step++) {
		v = rand_vcpu(t);
		switch (tv_rand_n(14)) {
		case 0:
		case 1:
		case 2:
		case 3:
			rand_access(v, TV_GICD,
				    rand_dist_off(version == 3
							  ? VGIC_V3_DIST_SIZE
							  : VGIC_V2_DIST_SIZE));
			break;
		case 4:
		case 5:
			if (version == 3) {
				off = tv_rand_n(nv) * VGIC_V3_REDIST_SIZE +
				      (tv_rand_n(2) ? 0x10000 : 0) +
				      rand_dist_off(0x10000);
				rand_access(v, TV_GICR, off % frames);
			} else {
				WR32(v, TV_GICD + GICD_SGIR,
				     (u32)tv_rand() & 0x03ff800f);
			}
			break;
		case 6:
			if (version == 3)
				vgic_sgi1r_write(
					v,
					tv_rand() &
						(tv_rand_n(2)
							 ? 0x01ff00000f01ffffULL
							 : ~0ULL));
			else
				rand_access(v, TV_GICD,
					    0xf10 + tv_rand_n(0x20));
			break;
		case 7:
		case 8:
			i = rand_intid(t);
			if (tv_rand_n(4))
				vgic_inject(&t->d, tv_rand_n(8) ? v : NULL, i,
					    tv_rand_n(2));
			else
				vgic_pulse(&t->d, v, i);
			break;
		case 9:
			if (!running) {
				running = v;
				tv_enter(v);
			} else {
				guest_step();
			}
			break;
		case 10:
			if (running) {
				tv_exit(running);
				running->is_running = false;
				running = NULL;
			}
			break;
		case 11:
			vgic_vcpu_pending(v);
			break;
		case 12:
			rc = vgic_map_hw_irq(&t->d, rand_intid(t),
					     tv_rand_n(1100));
			assert_true(rc == 0 || rc == -EINVAL || rc == -EBUSY);
			break;
		default:
			v->pause_flags = tv_rand_n(3)
						 ? 0
						 : (tv_rand_n(2) ? VPF_DOWN
								 : VPF_BLOCKED);
			if (v != running)
				v->is_running = tv_rand_n(4) == 0;
			break;
		}
		tv_check(t);
	}
	if (running)
		tv_exit(running);
	tv_check(t);
	drain(t);
	tv_dom_free(t);
}

static void test_fuzz_v3(void **state)
{
	fuzz(3, 1, 32, 20000, 1);
	fuzz(3, 4, 64, 30000, 2);
	fuzz(3, 17, 96, 30000, 3);
	fuzz(3, 2, VGIC_MAX_SPIS, 20000, 4);
	fuzz(3, 20, 0, 20000, 5);
}

static void test_fuzz_v2(void **state)
{
	fuzz(2, 1, 32, 20000, 11);
	fuzz(2, 3, 64, 30000, 12);
	fuzz(2, 8, 96, 30000, 13);
	fuzz(2, 2, VGIC_MAX_SPIS, 20000, 14);
	fuzz(2, 8, 0, 20000, 15);
}

/* Whole-frame sweep: every offset at every size, both directions. */
static void sweep(unsigned int version, u64 base, u64 size)
{
	static const unsigned int sizes[] = {1, 2, 4, 8};
	struct tdom *t;
	unsigned int s;
	u64 off, val;
	int rc;

	tv_gic_reset(version, 4);
	tv_recorders_reset();
	t = tv_dom(2, 64);
	for (off = 0; off < size; off++) {
		for (s = 0; s < ARRAY_SIZE(sizes); s++) {
			val = ~0ULL;
			rc = tv_mmio(&t->v[off & 1], base + off, sizes[s], true,
				     &val);
			assert_true(rc == 0 || rc == -EINVAL);
			rc = tv_mmio(&t->v[off & 1], base + off, sizes[s],
				     false, &val);
			assert_true(rc == 0 || rc == -EINVAL);
			/* Unaligned accesses never succeed. */
			if (off & (sizes[s] - 1))
				assert_int_equal(rc, -EINVAL);
		}
	}
	tv_check(t);
	drain(t);
	tv_dom_free(t);
}

static void test_sweep(void **state)
{
	sweep(3, TV_GICD, VGIC_V3_DIST_SIZE);
	sweep(3, TV_GICR, 2 * VGIC_V3_REDIST_SIZE);
	sweep(2, TV_GICD, VGIC_V2_DIST_SIZE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fuzz_v3, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fuzz_v2, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sweep, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
