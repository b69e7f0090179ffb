/* SPDX-License-Identifier: MIT */
/*
 * GICv2 host driver: distributor plus the memory-mapped CPU interface.
 * Offsets and bits: GICv2 architecture specification IHI 0048 (the GICD
 * layout is shared with IHI 0069 chapter 12, see gic.h), chapter 4.
 *
 * We may be the Non-secure side of a GIC with security extensions or own
 * a GIC without them (QEMU without EL3). Bit 0 of GICD_CTLR/GICC_CTLR is
 * then the enable of Group 1 or Group 0 respectively, which is where the
 * interrupts are in either case, and bit 9 is EOImodeNS or EOImodeS, the
 * mode for the same group: so one value works for both and we leave the
 * interrupt groups as firmware or reset left them.
 */
#include <hyp/bootinfo.h>
#include <hyp/errno.h>
#include <hyp/irq.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/percpu.h>
#include <asm/sysregs.h>
#include "gic.h"
#include "mmio.h"

#define GICD_CTLR_ENABLE (1U << 0)

/* GICD_SGIR: TargetListFilter, CPUTargetList, SGIINTID. */
#define SGIR_FILTER_LIST (0U << 24)
#define SGIR_FILTER_SELF (2U << 24)
#define SGIR_TARGETS_SHIFT 16

/* CPU interface registers. */
#define GICC_CTLR 0x0000
#define GICC_PMR 0x0004
#define GICC_BPR 0x0008
#define GICC_IAR 0x000c
#define GICC_EOIR 0x0010
#define GICC_DIR 0x1000
/* The CPU interface spans two 4 KiB pages: DIR lives in the second. */
#define GICC_MIN_SIZE 0x2000

#define GICC_CTLR_ENABLE (1U << 0)
#define GICC_CTLR_EOIMODE (1U << 9)

/* GICC_IAR: InterruptID [9:0]; for SGIs the source CPUID [12:10]. */
#define GICC_IAR_INTID(v) ((v)&0x3ff)
#define GICC_IAR_CPUID(v) (((v) >> 10) & 0x7)
#define GICC_IAR_CPUID_SHIFT 10

/*
 * Virtual interface control (GICH, IHI 0048 chapter 5): banked per
 * CPU at one address, so one mapping serves every CPU.
 */
#define GICH_HCR 0x0000
#define GICH_VTR 0x0004
#define GICH_VMCR 0x0008
#define GICH_MISR 0x0010
#define GICH_APR 0x00f0
#define GICH_LR0 0x0100
#define GICH_SIZE 0x1000

#define GICH_HCR_EN (1U << 0)
#define GICH_HCR_UIE (1U << 1)
#define GICH_VTR_LISTREGS(v) (((v)&0x3f) + 1)
#define GICH_VMCR_GRP0 (1U << 0)
#define GICH_VMCR_PMR(v) ((((v) >> 27) & 0x1f) << 3)
#define GICH_MISR_EOI (1U << 0)
#define GICH_MISR_U (1U << 1)

/* GICH_LR<n>: five priority bits, 10-bit INTIDs, CPUID for SGIs. */
#define GICH_LR_VIRQ_MASK 0x3ffU
#define GICH_LR_PIRQ_SHIFT 10
#define GICH_LR_CPUID_SHIFT 10
#define GICH_LR_CPUID_MASK 0x7U
#define GICH_LR_EOI (1U << 19)
#define GICH_LR_PRIO_SHIFT 23
#define GICH_LR_PRIO_MASK 0x1fU
#define GICH_LR_STATE_SHIFT 28
#define GICH_LR_GRP1 (1U << 30)
#define GICH_LR_HW (1U << 31)

#define GICH_MAX_LRS 16

static void *dist;
static void *cpuif;
static void *hyp_if; /* GICH; NULL without virtualisation support */
/* GIC CPU-interface mask of each logical CPU, 0 before its cpu_init. */
static u8 cpu_mask[NR_CPUS];
/* Source CPUID of each SGI last acknowledged here: EOIR wants it back. */
static u8 sgi_source[NR_CPUS][NR_SGIS];
static struct gic_ops gicv2_ops;

static inline u32 rd32(void *base, unsigned int off)
{
	return mmio_read32((char *)base + off);
}

static inline void wr32(void *base, unsigned int off, u32 v)
{
	mmio_write32(v, (char *)base + off);
}

/*
 * GICD_ITARGETSR0-7 are banked and read-only: each byte holds the
 * calling CPU's own mask (or 0 for an unimplemented INTID, and all of
 * them read as zero on a uniprocessor GIC).
 */
static u8 this_cpu_mask(void)
{
	u32 v = 0;
	unsigned int i;

	for (i = 0; i < 32; i += 4)
		v |= rd32(dist, GICD_ITARGETSR + i);
	return (u8)(v | v >> 8 | v >> 16 | v >> 24);
}

static void dist_init(void)
{
	unsigned int nr = gicv2_ops.nr_lines;
	u8 boot = this_cpu_mask();
	unsigned int i;

	wr32(dist, GICD_CTLR, 0);
	gic_dist_spi_init(dist, nr);
	/* Every SPI to the boot CPU; read-as-zero on uniprocessors. */
	for (i = 32; i < nr; i += 4)
		wr32(dist, GICD_ITARGETSR + i, GIC_X4(boot));
	wr32(dist, GICD_CTLR, GICD_CTLR_ENABLE);
}

/* ---- virtualisation interface ---- */

/* A clean virtual interface: off, no list register or APR in use. */
static void gich_reset(void)
{
	unsigned int i;

	if (!hyp_if)
		return;
	wr32(hyp_if, GICH_HCR, 0);
	wr32(hyp_if, GICH_VMCR, 0);
	wr32(hyp_if, GICH_APR, 0);
	for (i = 0; i < gicv2_ops.nr_lrs; i++)
		wr32(hyp_if, GICH_LR0 + i * 4, 0);
}

static void gicv2_read_lr(unsigned int n, struct gic_lr *lr)
{
	u32 v = rd32(hyp_if, GICH_LR0 + n * 4);

	*lr = (struct gic_lr){
		.virq = v & GICH_LR_VIRQ_MASK,
		.priority = ((v >> GICH_LR_PRIO_SHIFT) & GICH_LR_PRIO_MASK)
			    << 3,
		.state = (v >> GICH_LR_STATE_SHIFT) & 3,
		.hw = v & GICH_LR_HW,
		.group1 = v & GICH_LR_GRP1,
	};
	if (lr->hw) {
		lr->pirq = (v >> GICH_LR_PIRQ_SHIFT) & GICH_LR_VIRQ_MASK;
	} else {
		lr->eoi = v & GICH_LR_EOI;
		if (lr->virq < NR_SGIS)
			lr->source =
				(v >> GICH_LR_CPUID_SHIFT) & GICH_LR_CPUID_MASK;
	}
}

static void gicv2_write_lr(unsigned int n, const struct gic_lr *lr)
{
	u32 v = 0;

	if (lr->state) {
		v = (lr->virq & GICH_LR_VIRQ_MASK) |
		    (u32)(lr->priority >> 3) << GICH_LR_PRIO_SHIFT |
		    (u32)(lr->state & 3) << GICH_LR_STATE_SHIFT;
		if (lr->group1)
			v |= GICH_LR_GRP1;
		/* PhysicalID shares bits with EOI and CPUID. */
		if (lr->hw) {
			v |= GICH_LR_HW | (lr->pirq & GICH_LR_VIRQ_MASK)
						  << GICH_LR_PIRQ_SHIFT;
		} else {
			if (lr->eoi)
				v |= GICH_LR_EOI;
			if (lr->virq < NR_SGIS)
				v |= (lr->source & GICH_LR_CPUID_MASK)
				     << GICH_LR_CPUID_SHIFT;
		}
	}
	wr32(hyp_if, GICH_LR0 + n * 4, v);
}

static void gicv2_vcpu_restore(const struct gic_vcpu_state *st)
{
	wr32(hyp_if, GICH_APR, st->apr[0][0]);
	wr32(hyp_if, GICH_VMCR, (u32)st->vmcr);
	wr32(hyp_if, GICH_HCR, GICH_HCR_EN);
}

static void gicv2_vcpu_save(struct gic_vcpu_state *st)
{
	st->vmcr = rd32(hyp_if, GICH_VMCR);
	st->apr[0][0] = rd32(hyp_if, GICH_APR);
	wr32(hyp_if, GICH_HCR, 0);
}

static void gicv2_set_hcr(bool enable, bool underflow)
{
	wr32(hyp_if, GICH_HCR,
	     (enable ? GICH_HCR_EN : 0) | (underflow ? GICH_HCR_UIE : 0));
}

static u64 gicv2_read_vmcr(void)
{
	return rd32(hyp_if, GICH_VMCR);
}

/* Our list registers are Group 0: VMGrp0En and the priority mask decide. */
static bool gicv2_vmcr_allows(u64 vmcr, u8 priority)
{
	return (vmcr & GICH_VMCR_GRP0) && priority < GICH_VMCR_PMR(vmcr);
}

/* GICH_APR: one bit per group priority, 32 of them. */
static u8 gicv2_running_priority(const struct gic_vcpu_state *st)
{
	u32 apr = st ? st->apr[0][0] : rd32(hyp_if, GICH_APR);

	return gic_apr_priority(&apr, 1, 5);
}

static unsigned int gicv2_maint_status(void)
{
	u32 misr = rd32(hyp_if, GICH_MISR);

	return (misr & GICH_MISR_EOI ? GIC_MAINT_EOI : 0) |
	       (misr & GICH_MISR_U ? GIC_MAINT_UNDERFLOW : 0);
}

/* With EOImode set, EOIR only drops the running priority. */
static void gicv2_drop(unsigned int irq)
{
	wr32(cpuif, GICC_EOIR, irq);
}

static void gicv2_deactivate(unsigned int irq)
{
	wr32(dist, GICD_ICACTIVER + (irq / 32) * 4, 1U << (irq % 32));
}

static void gich_probe(void)
{
	const struct boot_gic *bg = &bootinfo.gic;

	if (!pa_val(bg->hyp_base))
		return;
	hyp_if = ioremap(bg->hyp_base, MAX(bg->hyp_size, (u64)GICH_SIZE));
	if (!hyp_if) {
		printk(HYPLOG_ERR "GICv2: cannot map GICH: no guests\n");
		return;
	}
	gicv2_ops.nr_lrs =
		MIN(GICH_VTR_LISTREGS(rd32(hyp_if, GICH_VTR)), GICH_MAX_LRS);
	/* GICH_LR keeps five priority bits. */
	gicv2_ops.vpri_mask = 0xf8;
}

static int gicv2_cpu_init(void)
{
	unsigned int cpu = smp_processor_id();
	u8 mask = this_cpu_mask();

	/* Once per CPU: a second run would disable PPIs already in use. */
	if (cpu_mask[cpu])
		return 0;

	gic_banked_init(dist);
	wr32(cpuif, GICC_PMR, GIC_PRI_LOWEST);
	wr32(cpuif, GICC_BPR, 0);
	/* Split drop/deactivate: lets us forward interrupts to guests. */
	wr32(cpuif, GICC_CTLR, GICC_CTLR_ENABLE | GICC_CTLR_EOIMODE);

	/* A uniprocessor GIC reports no mask; we then only target ourself. */
	cpu_mask[cpu] = mask ? mask : 1;
	gich_reset();
	return 0;
}

static unsigned int gicv2_ack(void)
{
	u32 v = rd32(cpuif, GICC_IAR);
	unsigned int irq = GICC_IAR_INTID(v);

	if (irq < NR_SGIS)
		sgi_source[smp_processor_id()][irq] = GICC_IAR_CPUID(v);
	return irq;
}

static void gicv2_eoi(unsigned int irq)
{
	u32 v = irq;

	if (irq < NR_SGIS)
		v |= (u32)sgi_source[smp_processor_id()][irq]
		     << GICC_IAR_CPUID_SHIFT;
	wr32(cpuif, GICC_EOIR, v);
	wr32(cpuif, GICC_DIR, v);
}

static void gicv2_disable(unsigned int irq)
{
	gic_set_enable(dist, irq, false);
}

static void gicv2_enable(unsigned int irq, unsigned int type)
{
	if (!gic_config_matches(dist, irq, type)) {
		gic_set_enable(dist, irq, false);
		gic_config_irq(dist, irq, type);
	}
	gic_set_enable(dist, irq, true);
}

static void gicv2_route(unsigned int irq, unsigned int cpu)
{
	if (irq < 32 || irq >= gicv2_ops.nr_lines || cpu >= NR_CPUS)
		return;
	/* GICD_ITARGETSR is byte-accessible (IHI 0048B 4.3.12). */
	mmio_write8(cpu_mask[cpu], (char *)dist + GICD_ITARGETSR + irq);
}

static void gicv2_send_sgi(unsigned int sgi, unsigned int cpu)
{
	u32 v;

	if (cpu == smp_processor_id())
		v = SGIR_FILTER_SELF | sgi;
	else
		v = SGIR_FILTER_LIST |
		    (u32)cpu_mask[cpu] << SGIR_TARGETS_SHIFT | sgi;
	/* The target must see our memory writes once the SGI arrives. */
	dsb(ishst);
	wr32(dist, GICD_SGIR, v);
}

static void gicv2_dump(void)
{
	unsigned int cpu = smp_processor_id();

	printk("GICv2: GICD_CTLR %#x TYPER %#x\n", rd32(dist, GICD_CTLR),
	       rd32(dist, GICD_TYPER));
	gic_dump_bits(dist, 32, gicv2_ops.nr_lines - 32);
	printk("GICv2: CPU%u mask %#x GICC_CTLR %#x PMR %#x\n", cpu,
	       cpu_mask[cpu], rd32(cpuif, GICC_CTLR), rd32(cpuif, GICC_PMR));
	gic_dump_bits(dist, 0, 32);
}

static struct gic_ops gicv2_ops = {
	.name = "GICv2",
	.version = 2,
	.cpu_init = gicv2_cpu_init,
	.ack = gicv2_ack,
	.eoi = gicv2_eoi,
	.enable = gicv2_enable,
	.disable = gicv2_disable,
	.send_sgi = gicv2_send_sgi,
	.dump = gicv2_dump,
	.drop = gicv2_drop,
	.deactivate = gicv2_deactivate,
	.route = gicv2_route,
	.read_lr = gicv2_read_lr,
	.write_lr = gicv2_write_lr,
	.vcpu_restore = gicv2_vcpu_restore,
	.vcpu_save = gicv2_vcpu_save,
	.set_hcr = gicv2_set_hcr,
	.read_vmcr = gicv2_read_vmcr,
	.vmcr_allows = gicv2_vmcr_allows,
	.running_priority = gicv2_running_priority,
	.maint_status = gicv2_maint_status,
};

const struct gic_ops *gicv2_probe(void)
{
	const struct boot_gic *bg = &bootinfo.gic;

	if (!pa_val(bg->cpu_base))
		panic("GICv2: no CPU interface in the device tree");
	dist = ioremap(bg->dist_base, bg->dist_size ?: 0x1000);
	cpuif = ioremap(bg->cpu_base, MAX(bg->cpu_size, (u64)GICC_MIN_SIZE));
	if (!dist || !cpuif)
		panic("GICv2: cannot map the distributor or CPU interface");

	gicv2_ops.nr_lines = gic_dist_lines(dist);
	dist_init();
	gich_probe();
	return &gicv2_ops;
}
