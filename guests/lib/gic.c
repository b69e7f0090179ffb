/* SPDX-License-Identifier: MIT */
/* GICv2 and GICv3 (no ITS, no LPIs) for test guests. */
#include <arch.h>
#include <gic.h>
#include <gic_regs.h>
#include <lib.h>
#include <platform.h>
#include <smp.h>
#include <traps.h>

#define rd_icc(r) read_sysreg(r)
#define wr_icc(v, r) write_sysreg(v, r)

static unsigned int version;
static u64 gicd, gicc;
static u64 gicr_of[MAX_CPUS]; /* RD_base of each vCPU */
static u8 v2_cpu_mask[MAX_CPUS];
static unsigned int nr_lines;
static u32 cur_iar[MAX_CPUS] = {[0 ... MAX_CPUS - 1] = GIC_SPURIOUS};
volatile u32 irq_unhandled;

static struct {
	irq_handler_t fn;
	void *arg;
} handlers[1020];

unsigned int gic_version(void)
{
	return version;
}

unsigned int gic_nr_lines(void)
{
	return nr_lines;
}

u64 gic_rdist_base(unsigned int cpu)
{
	return version == 3 && cpu < MAX_CPUS ? gicr_of[cpu] : 0;
}

u32 gic_current_iar(void)
{
	return cur_iar[smp_processor_id()];
}

static void gicd_wait_rwp(void)
{
	unsigned int i;

	if (version != 3)
		return;
	for (i = 0; i < 1000000 && (readl(gicd + GICD_CTLR) & GICD_CTLR_RWP);
	     i++)
		cpu_relax();
}

/* Base for the banked (SGI/PPI) registers of intid < 32 on this CPU. */
static u64 banked_base(u32 intid)
{
	if (version == 3 && intid < 32)
		return gicr_of[smp_processor_id()] + GICR_SGI;
	return gicd;
}

static void irq_dispatch_gic(struct trap_frame *f)
{
	unsigned int cpu = smp_processor_id();

	for (;;) {
		u32 iar = gic_ack();
		u32 intid = gic_iar_intid(iar);
		u32 outer = cur_iar[cpu];

		if (intid >= 1020)
			break;
		if (handlers[intid].fn) {
			/* A handler may unmask IRQs: restore after nesting. */
			cur_iar[cpu] = iar;
			handlers[intid].fn(intid, handlers[intid].arg);
			cur_iar[cpu] = outer;
		} else {
			irq_unhandled++;
			printk("Unexpected interrupt %u on vCPU %u\n", intid,
			       smp_processor_id());
		}
		gic_eoi(iar);
	}
	(void)f;
}

static bool find_redistributor(void)
{
	u64 mpidr = read_sysreg(mpidr_el1);
	u64 aff = ((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff);
	u64 off;

	for (off = 0; off < platform.gicr_size;) {
		u64 rd = platform.gicr_base + off;
		u64 typer = readq(rd + GICR_TYPER);

		if ((typer >> 32) == aff) {
			gicr_of[smp_processor_id()] = rd;
			return true;
		}
		if (typer & GICR_TYPER_LAST)
			break;
		off += (typer & GICR_TYPER_VLPIS) ? 2 * GICR_STRIDE
						  : GICR_STRIDE;
	}
	return false;
}

void gic_init_cpu(void)
{
	unsigned int cpu = smp_processor_id();
	u64 base;
	unsigned int i;

	if (!version)
		return;
	if (version == 3) {
		if (!find_redistributor()) {
			printk("GICv3: no redistributor for vCPU %u\n", cpu);
			return;
		}
		base = gicr_of[cpu];
		/* Wake the redistributor up (RAZ/WI on some vGICs). */
		writel(readl(base + GICR_WAKER) & ~GICR_WAKER_SLEEP,
		       base + GICR_WAKER);
		for (i = 0; i < 1000000 &&
			    (readl(base + GICR_WAKER) & GICR_WAKER_ASLEEP);
		     i++)
			cpu_relax();
		base += GICR_SGI;
	} else {
		base = gicd;
		v2_cpu_mask[cpu] = readl(gicd + GICD_ITARGETSR) & 0xff;
	}
	/* SGIs and PPIs: group 1, disabled, not pending, default priority. */
	writel(~0U, base + GICD_IGROUPR);
	writel(~0U, base + GICD_ICENABLER);
	writel(~0U, base + GICD_ICPENDR);
	for (i = 0; i < 32; i += 4)
		writel(GIC_PRIO_DEFAULT * 0x01010101U,
		       base + GICD_IPRIORITYR + i);

	if (version == 3) {
		wr_icc(rd_icc(ICC_SRE_EL1) | 1, ICC_SRE_EL1);
		isb();
		wr_icc(0xff, ICC_PMR_EL1);
		wr_icc(0, ICC_BPR1_EL1);
		wr_icc(0, ICC_CTLR_EL1); /* EOImode 0: EOI also deactivates */
		wr_icc(1, ICC_IGRPEN1_EL1);
		isb();
	} else {
		writel(0xff, gicc + GICC_PMR);
		writel(0, gicc + GICC_BPR);
		writel(1, gicc + GICC_CTLR);
	}
}

bool gic_init(void)
{
	unsigned int i;

	version = platform.gic_version;
	gicd = platform.gicd_base;
	gicc = platform.gicc_base;
	if (!version || !gicd || (version == 2 && !gicc) ||
	    (version == 3 && !platform.gicr_base)) {
		version = 0;
		return false;
	}
	nr_lines = 32 * ((readl(gicd + GICD_TYPER) & 0x1f) + 1);
	if (nr_lines > 1020)
		nr_lines = 1020;

	writel(0, gicd + GICD_CTLR);
	gicd_wait_rwp();
	for (i = 32; i < nr_lines; i += 32) {
		writel(~0U, gicd + GICD_IGROUPR + i / 8);
		writel(~0U, gicd + GICD_ICENABLER + i / 8);
		writel(~0U, gicd + GICD_ICPENDR + i / 8);
	}
	for (i = 32; i < nr_lines; i += 4)
		writel(GIC_PRIO_DEFAULT * 0x01010101U,
		       gicd + GICD_IPRIORITYR + i);
	gicd_wait_rwp();
	if (version == 3)
		writel(GICD_CTLR_ARE_NS | GICD_CTLR_G1A | GICD_CTLR_G1,
		       gicd + GICD_CTLR);
	else
		writel(1, gicd + GICD_CTLR);
	gicd_wait_rwp();

	irq_dispatch = irq_dispatch_gic;
	secondary_init_hook = gic_init_cpu;
	gic_init_cpu();
	return true;
}

void gic_enable_irq(u32 intid)
{
	/* SPIs go to the vCPU that enables them. */
	if (intid >= 32)
		gic_route_spi(intid, smp_processor_id());
	writel(1U << (intid % 32),
	       banked_base(intid) + GICD_ISENABLER + (intid / 32) * 4);
	if (intid >= 32)
		gicd_wait_rwp();
}

void gic_disable_irq(u32 intid)
{
	writel(1U << (intid % 32),
	       banked_base(intid) + GICD_ICENABLER + (intid / 32) * 4);
	gicd_wait_rwp();
}

bool gic_irq_enabled(u32 intid)
{
	return readl(banked_base(intid) + GICD_ISENABLER + (intid / 32) * 4) &
	       (1U << (intid % 32));
}

void gic_set_priority(u32 intid, u8 prio)
{
	u64 reg = banked_base(intid) + GICD_IPRIORITYR + (intid & ~3U);
	unsigned int shift = (intid % 4) * 8;
	u32 v = readl(reg);

	v &= ~(0xffU << shift);
	v |= (u32)prio << shift;
	writel(v, reg);
}

bool gic_irq_pending(u32 intid)
{
	return readl(banked_base(intid) + GICD_ISPENDR + (intid / 32) * 4) &
	       (1U << (intid % 32));
}

void gic_set_pending(u32 intid)
{
	writel(1U << (intid % 32),
	       banked_base(intid) + GICD_ISPENDR + (intid / 32) * 4);
}

void gic_clear_pending(u32 intid)
{
	writel(1U << (intid % 32),
	       banked_base(intid) + GICD_ICPENDR + (intid / 32) * 4);
}

void gic_route_spi(u32 intid, unsigned int cpu)
{
	if (intid < 32 || cpu >= MAX_CPUS)
		return;
	if (version == 3) {
		u64 m = cpu_mpidr(cpu);

		writeq((m & 0xffffff) | ((m >> 32) & 0xff) << 32,
		       gicd + GICD_IROUTER + intid * 8);
	} else {
		u64 reg = gicd + GICD_ITARGETSR + (intid & ~3U);
		unsigned int shift = (intid % 4) * 8;
		u32 v = readl(reg);
		u8 mask = v2_cpu_mask[cpu] ? v2_cpu_mask[cpu] : (u8)(1 << cpu);

		v &= ~(0xffU << shift);
		v |= (u32)mask << shift;
		writel(v, reg);
	}
}

void gic_send_sgi(unsigned int cpu, u32 intid)
{
	dsb(ishst);
	if (version == 3) {
		u64 m = cpu_mpidr(cpu);
		u64 v = (1UL << (m & 0xf)) | ((m >> 8) & 0xff) << 16 |
			((u64)intid & 0xf) << 24 | ((m >> 16) & 0xff) << 32 |
			((m >> 32) & 0xff) << 48;

		write_sysreg(v, ICC_SGI1R_EL1);
		isb();
	} else {
		u8 mask = v2_cpu_mask[cpu] ? v2_cpu_mask[cpu] : (u8)(1 << cpu);

		writel((u32)mask << 16 | (intid & 0xf), gicd + GICD_SGIR);
	}
}

u32 gic_ack(void)
{
	u32 iar;

	if (version == 3) {
		iar = (u32)read_sysreg(ICC_IAR1_EL1);
		dsb(sy);
	} else {
		iar = readl(gicc + GICC_IAR);
	}
	return iar;
}

void gic_eoi(u32 iar)
{
	if (version == 3) {
		write_sysreg(iar, ICC_EOIR1_EL1);
		isb();
	} else {
		writel(iar, gicc + GICC_EOIR);
	}
}

u32 gic_iar_intid(u32 iar)
{
	return version == 3 ? iar & 0xffffff : iar & 0x3ff;
}

void irq_register(u32 intid, irq_handler_t fn, void *arg)
{
	if (intid >= ARRAY_SIZE(handlers))
		return;
	handlers[intid].arg = arg;
	barrier();
	handlers[intid].fn = fn;
}
