/* SPDX-License-Identifier: MIT */
/*
 * GIC probing and the register handling GICv2 and GICv3 share. Register
 * layout: IHI 0069 chapter 12 (GICD_*), see gic.h.
 */
#include <hyp/bootinfo.h>
#include <hyp/irq.h>
#include <hyp/lib.h>
#include "gic.h"
#include "mmio.h"

const struct gic_ops *gic;

static inline u32 rd32(void *base, unsigned int off)
{
	return mmio_read32((char *)base + off);
}

static inline void wr32(void *base, unsigned int off, u32 v)
{
	mmio_write32(v, (char *)base + off);
}

/* Word offset of the 1-bit-per-INTID register holding irq. */
static inline unsigned int bit_reg(unsigned int reg, unsigned int irq)
{
	return reg + (irq / 32) * 4;
}

unsigned int gic_dist_lines(void *dist)
{
	unsigned int n = GICD_TYPER_LINES(rd32(dist, GICD_TYPER));

	/* 1020-1023 are special INTIDs, never real lines. */
	return MIN(n, (unsigned int)MAX_IRQS);
}

void gic_dist_spi_init(void *dist, unsigned int nr_lines)
{
	unsigned int i;

	for (i = 32; i < nr_lines; i += 32) {
		wr32(dist, bit_reg(GICD_ICENABLER, i), ~0U);
		wr32(dist, bit_reg(GICD_ICPENDR, i), ~0U);
		wr32(dist, bit_reg(GICD_ICACTIVER, i), ~0U);
	}
	/* Four 8-bit priority fields per word, sixteen 2-bit configs. */
	for (i = 32; i < nr_lines; i += 4)
		wr32(dist, GICD_IPRIORITYR + i, GIC_X4(GIC_PRI_IRQ));
	for (i = 32; i < nr_lines; i += 16)
		wr32(dist, GICD_ICFGR + (i / 16) * 4, 0);
}

void gic_banked_init(void *base)
{
	unsigned int i;

	wr32(base, GICD_ICACTIVER, ~0U);
	wr32(base, GICD_ICPENDR, ~0U);
	wr32(base, GICD_ICENABLER, 0xffff0000U);
	wr32(base, GICD_ISENABLER, 0x0000ffffU);
	for (i = 0; i < NR_SGIS; i += 4)
		wr32(base, GICD_IPRIORITYR + i, GIC_X4(GIC_PRI_IPI));
	for (i = NR_SGIS; i < 32; i += 4)
		wr32(base, GICD_IPRIORITYR + i, GIC_X4(GIC_PRI_IRQ));
}

bool gic_config_matches(void *base, unsigned int irq, unsigned int type)
{
	unsigned int off = GICD_ICFGR + (irq / 16) * 4;
	unsigned int shift = (irq % 16) * 2;
	bool edge = rd32(base, off) & (GIC_ICFGR_EDGE << shift);

	return irq < NR_SGIS || edge == (type == IRQ_TYPE_EDGE);
}

void gic_config_irq(void *base, unsigned int irq, unsigned int type)
{
	unsigned int off = GICD_ICFGR + (irq / 16) * 4;
	unsigned int shift = (irq % 16) * 2;
	u32 v;

	if (irq < NR_SGIS)
		return;
	v = rd32(base, off);
	if (type == IRQ_TYPE_EDGE)
		v |= GIC_ICFGR_EDGE << shift;
	else
		v &= ~(GIC_ICFGR_EDGE << shift);
	/* Fixed-configuration PPIs ignore the write; that is fine. */
	wr32(base, off, v);
}

void gic_set_enable(void *base, unsigned int irq, bool enable)
{
	unsigned int reg = enable ? GICD_ISENABLER : GICD_ICENABLER;

	wr32(base, bit_reg(reg, irq), 1U << (irq % 32));
}

void gic_dump_bits(void *base, unsigned int first, unsigned int nr)
{
	unsigned int i;
	u32 en, pend, act;

	for (i = first; i < first + nr; i += 32) {
		en = rd32(base, bit_reg(GICD_ISENABLER, i));
		pend = rd32(base, bit_reg(GICD_ISPENDR, i));
		act = rd32(base, bit_reg(GICD_ISACTIVER, i));
		if (en | pend | act)
			printk("  INTID %4u-%4u: enabled %08x pending %08x "
			       "active %08x\n",
			       i, i + 31, en, pend, act);
	}
}

void gic_init(void)
{
	switch (bootinfo.gic.version) {
	case 2:
		gic = gicv2_probe();
		break;
	case 3:
		gic = gicv3_probe();
		break;
	default:
		panic("GIC: no GICv2 or GICv3 in the device tree (version %u)",
		      bootinfo.gic.version);
	}
}

void gic_dump(void)
{
	if (!gic) {
		printk("GIC: not initialised\n");
		return;
	}
	gic->dump();
}
