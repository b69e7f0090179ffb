/* SPDX-License-Identifier: MIT */
/*
 * GICv2 front end of the virtual GIC: the distributor (IHI 0048 4.3,
 * whose layout IHI 0069 chapter 12 keeps), where INTIDs 0-31 are banked
 * for the accessing vCPU, and the CPU interface, which is the host's
 * GICV frame mapped where the guest expects its GICC, so the guest's
 * acknowledge/EOI traffic never traps.
 *
 * Reserved and unimplemented registers are RAZ/WI; only accesses of a
 * size or alignment the architecture does not allow make a data abort.
 */
#include <hyp/bootinfo.h>
#include <hyp/compiler.h>
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/lib.h>
#include <hyp/mmio.h>
#include <hyp/p2m.h>
#include <hyp/vgic.h>
#include "vgic-internal.h"

#define GICD_TYPER_CPUS_SHIFT 5
/* GICv2 keeps its ID registers in the 4 KiB frame. */
#define GICD_V2_PIDR2 0x0fe8
/* ArchRev 2 in [7:4], JEP106 bits of Arm. */
#define VGIC_V2_PIDR2 0x2b

/* GICD_SGIR: TargetListFilter [25:24], CPUTargetList [23:16], INTID. */
#define SGIR_FILTER(v) (((v) >> 24) & 3)
#define SGIR_TARGETS(v) (((v) >> 16) & 0xff)
#define SGIR_INTID(v) ((v)&0xf)
#define SGIR_FILTER_LIST 0
#define SGIR_FILTER_OTHERS 1
#define SGIR_FILTER_SELF 2

static bool in_range(u64 off, u64 base, u64 size)
{
	return off >= base && off < base + size;
}

/* IPRIORITYR, ITARGETSR, CPENDSGIR and SPENDSGIR take bytes too. */
static bool size_ok(u64 off, unsigned int size)
{
	unsigned int sizes = 4;

	if (in_range(off, GICD_IPRIORITYR, GICD_ICFGR - GICD_IPRIORITYR) ||
	    in_range(off, GICD_CPENDSGIR, 0x20))
		sizes = 1 | 4;
	return vgic_size_ok(off, size, sizes);
}

static u32 dist_typer(struct vgic_dist *dist)
{
	return ((dist->nr_lines + 31) / 32 - 1) |
	       (dist->d->max_vcpus - 1) << GICD_TYPER_CPUS_SHIFT;
}

static enum vgic_bits bits_kind(u64 reg)
{
	if (reg == GICD_ISENABLER || reg == GICD_ICENABLER)
		return VGIC_ENABLE;
	if (reg == GICD_ISPENDR || reg == GICD_ICPENDR)
		return VGIC_PENDING;
	return VGIC_ACTIVE;
}

static int dist_read(struct vcpu *v, u64 off, unsigned int size, u64 *val,
		     void *priv)
{
	struct vgic_dist *dist = priv;
	unsigned int first, i;

	*val = 0;
	if (!size_ok(off, size))
		return vgic_bad_access(v, "GICD", off, size, false);
	if (in_range(off, GICD_ISENABLER, GICD_IPRIORITYR - GICD_ISENABLER)) {
		*val = vgic_read_bits(dist, v, (off & 0x7f) * 8,
				      bits_kind(off & ~0x7fULL));
	} else if (in_range(off, GICD_IPRIORITYR, GICD_BYTES_SIZE)) {
		*val = vgic_read_prio(dist, v, off - GICD_IPRIORITYR, size);
	} else if (in_range(off, GICD_ITARGETSR, GICD_BYTES_SIZE)) {
		first = off - GICD_ITARGETSR;
		if (first >= VGIC_NR_PRIVATE) {
			*val = vgic_read_targets(dist, first, size);
		} else {
			/* Banked, read-only: the reader's own CPU bit. */
			for (i = 0; i < size; i++)
				*val |= (u64)(1U << v->vcpu_id) << (8 * i);
		}
	} else if (in_range(off, GICD_ICFGR, GICD_ICFGR_SIZE)) {
		*val = vgic_read_cfg(dist, v, (off - GICD_ICFGR) * 4);
	} else if (in_range(off, GICD_CPENDSGIR, 0x20)) {
		*val = vgic_read_sgi_sources(dist, v, off & 0xf, size);
	} else if (off == GICD_CTLR) {
		*val = vgic_read_ctlr(dist);
	} else if (off == GICD_TYPER) {
		*val = dist_typer(dist);
	} else if (off == GICD_IIDR) {
		*val = VGIC_IIDR;
	} else if (off == GICD_V2_PIDR2) {
		*val = VGIC_V2_PIDR2;
	}
	/* IGROUPR reads as zero: everything is Group 0. */
	return 0;
}

static void sgir_write(struct vgic_dist *dist, struct vcpu *v, u32 val)
{
	u64 targets[MAX_VIRT_CPUS / 64] = {0};
	u64 all = (1ULL << dist->d->max_vcpus) - 1;

	switch (SGIR_FILTER(val)) {
	case SGIR_FILTER_LIST:
		targets[0] = SGIR_TARGETS(val) & all;
		break;
	case SGIR_FILTER_OTHERS:
		targets[0] = all & ~(1ULL << v->vcpu_id);
		break;
	case SGIR_FILTER_SELF:
		targets[0] = 1ULL << v->vcpu_id;
		break;
	default:
		return; /* reserved filter: ignored */
	}
	vgic_send_sgis(dist, v, SGIR_INTID(val), targets);
}

static int dist_write(struct vcpu *v, u64 off, unsigned int size, u64 val64,
		      void *priv)
{
	struct vgic_dist *dist = priv;
	u32 val = (u32)val64;
	unsigned int first;
	u64 reg = off & ~0x7fULL;

	if (!size_ok(off, size))
		return vgic_bad_access(v, "GICD", off, size, true);
	if (in_range(off, GICD_ISENABLER, GICD_IPRIORITYR - GICD_ISENABLER)) {
		vgic_write_bits(dist, v, (off & 0x7f) * 8, val, bits_kind(reg),
				reg == GICD_ISENABLER || reg == GICD_ISPENDR ||
					reg == GICD_ISACTIVER);
	} else if (in_range(off, GICD_IPRIORITYR, GICD_BYTES_SIZE)) {
		vgic_write_prio(dist, v, off - GICD_IPRIORITYR, size, val);
	} else if (in_range(off, GICD_ITARGETSR, GICD_BYTES_SIZE)) {
		first = off - GICD_ITARGETSR;
		if (first >= VGIC_NR_PRIVATE)
			vgic_write_targets(dist, first, size, val);
	} else if (in_range(off, GICD_ICFGR, GICD_ICFGR_SIZE)) {
		vgic_write_cfg(dist, v, (off - GICD_ICFGR) * 4, val);
	} else if (in_range(off, GICD_CPENDSGIR, 0x20)) {
		vgic_write_sgi_sources(dist, v, off & 0xf, size, val,
				       off >= GICD_SPENDSGIR);
	} else if (off == GICD_CTLR) {
		vgic_write_ctlr(dist, val);
	} else if (off == GICD_SGIR) {
		sgir_write(dist, v, val);
	}
	/* IGROUPR and the read-only registers: WI. */
	return 0;
}

static const struct mmio_ops dist_ops = {
	.read = dist_read,
	.write = dist_write,
};

int vgic_v2_domain_init(struct vgic_dist *dist)
{
	const struct boot_gic *bg = &bootinfo.gic;
	struct vgic_config *cfg = &dist->cfg;
	struct domain *d = dist->d;
	int rc;

	/* The guest's GICC is 8 KiB: GICC_DIR lives in the second page. */
	if (!pa_val(bg->vcpu_base) ||
	    (bg->vcpu_size && bg->vcpu_size < VGIC_V2_CPU_SIZE) ||
	    (pa_val(bg->vcpu_base) & (PAGE_SIZE - 1)))
		return -ENODEV;
	if (!cfg->cpu_size)
		cfg->cpu_size = VGIC_V2_CPU_SIZE;
	if (cfg->cpu_size < VGIC_V2_CPU_SIZE ||
	    (cfg->cpu_base & (PAGE_SIZE - 1)) ||
	    (cfg->dist_base & (PAGE_SIZE - 1)))
		return -EINVAL;
	rc = mmio_register(d, cfg->dist_base, VGIC_V2_DIST_SIZE, &dist_ops,
			   dist);
	if (rc)
		return rc;
	return p2m_map(d, gfn_init(cfg->cpu_base >> PAGE_SHIFT),
		       pa_to_mfn(bg->vcpu_base), VGIC_V2_CPU_SIZE >> PAGE_SHIFT,
		       P2M_MMIO_DEV);
}
