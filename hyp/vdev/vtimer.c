/* SPDX-License-Identifier: MIT */
/*
 * Virtual timers (Arm ARM D11, the generic timer).
 *
 * CNTV belongs to the guest while its vCPU runs: CNTVOFF_EL2 gives each
 * domain a counter starting near zero. When the vCPU is descheduled with
 * its timer armed, a hypervisor timer stands in and injects the PPI on
 * time. CNTP is trapped (CNTHCTL_EL2.EL1PCEN = 0) and emulated with a
 * hypervisor timer against the physical counter.
 */
#include <hyp/domain.h>
#include <hyp/irq.h>
#include <hyp/lib.h>
#include <hyp/timer.h>
#include <hyp/vcpu_arch.h>
#include <hyp/vgic.h>
#include <hyp/vtimer.h>

/* CNTx_CTL_EL0 bits (D11.2.4). */
#define CTL_ENABLE (1UL << 0)
#define CTL_IMASK (1UL << 1)
#define CTL_ISTATUS (1UL << 2)

static bool armed(u64 ctl)
{
	return (ctl & (CTL_ENABLE | CTL_IMASK)) == CTL_ENABLE;
}

/* System time (ns) at which a physical counter value is reached. */
static s_time_t counter_to_time(u64 count)
{
	u64 now = arch_counter_now();

	if (count <= now)
		return NOW();
	return NOW() + ticks_to_ns(count - now);
}

static void virt_timer_expired(void *data)
{
	struct vcpu *v = data;

	vgic_pulse(v->domain, v, v->arch.virt_timer.irq);
}

static void phys_timer_expired(void *data)
{
	struct vcpu *v = data;

	v->arch.phys_timer.ctl |= CTL_ISTATUS;
	if (armed(v->arch.phys_timer.ctl))
		vgic_pulse(v->domain, v, v->arch.phys_timer.irq);
}

/* The physical CNTV interrupt fired while a guest ran. */
static void virt_timer_irq(unsigned int irq, void *data)
{
	struct vcpu *v = current;

	if (v && arch_vtimer_take())
		vgic_pulse(v->domain, v, v->arch.virt_timer.irq);
}

void vtimer_init(void)
{
	request_irq(VTIMER_PPI_VIRT, IRQ_TYPE_LEVEL, virt_timer_irq, NULL);
}

void vtimer_cpu_init(void)
{
	enable_ppi(VTIMER_PPI_VIRT, IRQ_TYPE_LEVEL);
}

void vtimer_vcpu_init(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;

	a->virt_timer.irq = VTIMER_PPI_VIRT;
	a->phys_timer.irq = VTIMER_PPI_PHYS;
	init_timer(&a->virt_timer.timer, virt_timer_expired, v, 0);
	init_timer(&a->phys_timer.timer, phys_timer_expired, v, 0);
}

void vtimer_vcpu_destroy(struct vcpu *v)
{
	/* v is freed next: wait for a callback running elsewhere. */
	kill_timer(&v->arch.virt_timer.timer);
	kill_timer(&v->arch.phys_timer.timer);
}

void vtimer_descheduled(struct vcpu *v)
{
	struct vtimer *t = &v->arch.virt_timer;

	if (armed(t->ctl))
		set_timer(&t->timer,
			  counter_to_time(t->cval + v->domain->arch.cntvoff));
}

void vtimer_scheduled(struct vcpu *v)
{
	stop_timer(&v->arch.virt_timer.timer);
}

int vtimer_cntp_access(struct vcpu *v, enum cntp_reg reg, bool write, u64 *val)
{
	struct vtimer *t = &v->arch.phys_timer;
	u64 now = arch_counter_now();

	if (!write) {
		switch (reg) {
		case CNTP_CTL:
			*val = t->ctl & ~CTL_ISTATUS;
			if ((t->ctl & CTL_ENABLE) && now >= t->cval)
				*val |= CTL_ISTATUS;
			break;
		case CNTP_CVAL:
			*val = t->cval;
			break;
		case CNTP_TVAL:
			/* TVAL is a signed 32-bit view of cval - now. */
			*val = (u64)(u32)(t->cval - now);
			break;
		}
		return 0;
	}
	switch (reg) {
	case CNTP_CTL:
		t->ctl = *val & (CTL_ENABLE | CTL_IMASK);
		break;
	case CNTP_CVAL:
		t->cval = *val;
		break;
	case CNTP_TVAL:
		t->cval = now + (u64)(s64)(s32)*val;
		break;
	}
	stop_timer(&t->timer);
	if (t->ctl & CTL_ENABLE)
		set_timer(&t->timer, counter_to_time(t->cval));
	return 0;
}
