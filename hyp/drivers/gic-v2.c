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

static void *dist;
static void *cpuif;
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
	return &gicv2_ops;
}
