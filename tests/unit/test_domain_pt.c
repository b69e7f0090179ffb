/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: passthrough interrupt routing (common/domain_pt.c) over the
 * real vGIC (hyp/vdev) and a fake interrupt layer that models one owner
 * per physical SPI, as common/irq.c does: binding links the virtual SPI to
 * the physical one, nothing changes when a check fails, an SPI owned by
 * dom0 or another domain is refused, and unbinding or the domain's
 * teardown gives it back for a later domain.
 */
#include "vgic_test_util.h"

#include <hyp/domctl.h>

/* ---- fake irq layer: an owner (handler data) per SPI ---- */

static void *owner[MAX_IRQS];
static irq_handler_t handler[MAX_IRQS];
static unsigned int nr_released;
static unsigned int dt_type[MAX_IRQS];

int request_irq_forwarded(unsigned int irq, unsigned int type, irq_handler_t h,
			  void *data)
{
	assert_true(irq >= 32 && irq < MAX_IRQS);
	if (owner[irq])
		return -EBUSY;
	owner[irq] = data;
	handler[irq] = h;
	tv_req_type = type;
	return 0;
}

int release_irq(unsigned int irq, void *data)
{
	if (!owner[irq] || owner[irq] != data)
		return -ENOENT;
	owner[irq] = NULL;
	handler[irq] = NULL;
	nr_released++;
	return 0;
}

bool irq_in_use(unsigned int irq)
{
	return owner[irq] != NULL;
}

unsigned int irq_dt_type(unsigned int irq)
{
	return dt_type[irq];
}

/* The physical SPI fires: what do_irq does for a forwarded one. */
static void fire(unsigned int irq)
{
	assert_non_null(handler[irq]);
	handler[irq](irq, owner[irq]);
}

/* ---- test domains with toolstack state ---- */

static struct tdom *pt_dom(domid_t id)
{
	struct tdom *t = tv_dom(1, 64);

	t->d.domain_id = id;
	t->d.ctl = calloc(1, sizeof(*t->d.ctl));
	assert_non_null(t->d.ctl);
	return t;
}

static void pt_dom_free(struct tdom *t)
{
	free(t->d.ctl);
	t->d.ctl = NULL;
	tv_dom_free(t);
}

static int setup(void **state)
{
	(void)state;
	tv_gic_reset(3, 4);
	tv_recorders_reset();
	memset(owner, 0, sizeof(owner));
	memset(handler, 0, sizeof(handler));
	memset(dt_type, 0, sizeof(dt_type));
	nr_released = 0;
	return 0;
}

/* Checks fail without changing anything. */
static void test_bind_checks(void **state)
{
	struct tdom *a = pt_dom(1);
	static int dom0_token;

	(void)state;
	assert_int_equal(domain_pt_bind_irq(&a->d, 20), -EINVAL); /* PPI */
	assert_int_equal(domain_pt_bind_irq(&a->d, 96), -EINVAL); /* > vGIC */
	assert_int_equal(domain_pt_bind_irq(&a->d, 1020), -EINVAL);
	/* dom0 (or the hypervisor) has SPI 40. */
	owner[40] = &dom0_token;
	assert_int_equal(domain_pt_bind_irq(&a->d, 40), -EBUSY);
	assert_false(tv_irq(a, NULL, 40)->hw);
	assert_false(domain_pt_irq_bound(&a->d, 40));
	assert_ptr_equal(owner[40], &dom0_token);
	/* Not bound: nothing to unbind. */
	assert_int_equal(domain_pt_unbind_irq(&a->d, 40), -EINVAL);
	assert_int_equal(domain_pt_unbind_irq(&a->d, 41), -EINVAL);
	assert_int_equal(nr_released, 0);
	pt_dom_free(a);
}

/* A bound SPI reaches the guest linked, and its EOI completes it. */
static void test_bind_deliver(void **state)
{
	struct tdom *a = pt_dom(1), *b = pt_dom(2);
	struct vcpu *v = &a->v[0];
	int lr;

	(void)state;
	dt_type[48] = IRQ_TYPE_EDGE;
	assert_int_equal(domain_pt_bind_irq(&a->d, 48), 0);
	assert_true(domain_pt_irq_bound(&a->d, 48));
	assert_ptr_equal(owner[48], &a->d);
	assert_int_equal(tv_req_type, IRQ_TYPE_EDGE);
	assert_true(tv_irq(a, NULL, 48)->hw);
	assert_int_equal(tv_irq(a, NULL, 48)->pirq, 48);
	/* One owner: again, or another domain, is refused. */
	assert_int_equal(domain_pt_bind_irq(&a->d, 48), -EBUSY);
	assert_int_equal(domain_pt_bind_irq(&b->d, 48), -EBUSY);
	assert_false(tv_irq(b, NULL, 48)->hw);

	tv_dist_enable(a);
	tv_irq_setup(a, NULL, 48, 0x80);
	fire(48);
	tv_enter(v);
	lr = tv_find_lr(48);
	assert_true(lr >= 0);
	assert_true(fg.lr[lr].hw);
	assert_int_equal(fg.lr[lr].pirq, 48);
	assert_int_equal(tv_guest_ack(), 48);
	tv_guest_eoi(48);
	assert_int_equal(fg.nr_hw_deact, 1);
	assert_int_equal(fg.last_hw_deact, 48);
	tv_exit(v);
	pt_dom_free(b);
	pt_dom_free(a);
}

/* Unbind: refused while the live guest uses it, then released for good. */
static void test_unbind(void **state)
{
	struct tdom *a = pt_dom(1), *b = pt_dom(2);
	struct vgic_irq *irq;

	(void)state;
	assert_int_equal(domain_pt_bind_irq(&a->d, 50), 0);
	tv_dist_enable(a);
	tv_irq_setup(a, NULL, 50, 0x80);
	fire(50);
	assert_int_equal(domain_pt_unbind_irq(&a->d, 50), -EBUSY);
	assert_true(domain_pt_irq_bound(&a->d, 50));
	assert_ptr_equal(owner[50], &a->d);

	/* The guest disables it (GICD_ICENABLER): now it may go. */
	vgic_write_bits(a->d.vgic, NULL, 32, 1U << (50 - 32), VGIC_ENABLE,
			false);
	fg.nr_deact = 0;
	assert_int_equal(domain_pt_unbind_irq(&a->d, 50), 0);
	irq = tv_irq(a, NULL, 50);
	assert_false(irq->hw);
	assert_false(vgic_irq_pending(irq));
	assert_null(irq->queued_on);
	assert_false(domain_pt_irq_bound(&a->d, 50));
	assert_null(owner[50]);
	/* The physical side the guest never completed is completed. */
	assert_int_equal(fg.nr_deact, 1);
	assert_int_equal(fg.last_deact, 50);
	assert_int_equal(domain_pt_unbind_irq(&a->d, 50), -EINVAL);

	/* Another domain can take it now. */
	assert_int_equal(domain_pt_bind_irq(&b->d, 50), 0);
	assert_ptr_equal(owner[50], &b->d);
	pt_dom_free(b);
	pt_dom_free(a);
}

/* Teardown releases everything, even in use, for a later domain. */
static void test_release_all(void **state)
{
	struct tdom *a = pt_dom(1), *b = pt_dom(2);
	struct vcpu *v = &a->v[0];

	(void)state;
	assert_int_equal(domain_pt_bind_irq(&a->d, 48), 0);
	assert_int_equal(domain_pt_bind_irq(&a->d, 63), 0);
	tv_dist_enable(a);
	tv_irq_setup(a, NULL, 48, 0x80);
	fire(48);
	tv_enter(v);
	assert_int_equal(tv_guest_ack(), 48); /* active in the guest */
	tv_exit(v);
	assert_int_equal(domain_pt_unbind_irq(&a->d, 48), -EBUSY);

	a->d.state = DOMSTATE_DYING;
	fg.nr_deact = 0;
	domain_pt_release_all(&a->d);
	assert_int_equal(nr_released, 2);
	assert_null(owner[48]);
	assert_null(owner[63]);
	assert_false(tv_irq(a, NULL, 48)->hw);
	assert_false(tv_irq(a, NULL, 48)->active);
	assert_int_equal(fg.nr_deact, 2);
	assert_false(domain_pt_irq_bound(&a->d, 48));
	pt_dom_free(a);

	assert_int_equal(domain_pt_bind_irq(&b->d, 48), 0);
	assert_int_equal(domain_pt_bind_irq(&b->d, 63), 0);
	domain_pt_release_all(&b->d);
	pt_dom_free(b);
}

/* The vGIC side alone: check changes nothing, unmap of unlinked is inert. */
static void test_vgic_link_checks(void **state)
{
	struct tdom *a = pt_dom(1);

	(void)state;
	assert_int_equal(vgic_hw_irq_check(&a->d, 31, true), -EINVAL);
	assert_int_equal(vgic_hw_irq_check(&a->d, 96, true), -EINVAL);
	assert_int_equal(vgic_hw_irq_check(&a->d, 40, false), -EINVAL);
	tv_dist_enable(a);
	tv_irq_setup(a, NULL, 40, 0x80);
	/* Enabled by the guest before linking: refused, as Xen does. */
	assert_int_equal(vgic_hw_irq_check(&a->d, 40, true), -EBUSY);
	assert_int_equal(vgic_hw_irq_check(&a->d, 41, true), 0);
	assert_false(tv_irq(a, NULL, 41)->hw);
	fg.nr_deact = 0;
	vgic_unmap_hw_irq(&a->d, 41);
	assert_int_equal(fg.nr_deact, 0);
	pt_dom_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_bind_checks, setup),
		cmocka_unit_test_setup(test_bind_deliver, setup),
		cmocka_unit_test_setup(test_unbind, setup),
		cmocka_unit_test_setup(test_release_all, setup),
		cmocka_unit_test_setup(test_vgic_link_checks, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
