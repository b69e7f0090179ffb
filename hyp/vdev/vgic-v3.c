/* SPDX-License-Identifier: MIT */
/*
 * GICv3 front end of the virtual GIC: the distributor, one redistributor
 * per vCPU and SGIs from trapped ICC_SGI1R_EL1 writes. Registers are
 * described in IHI 0069 chapter 12, cited by name below.
 *
 * Affinity routing is always on (GICD_CTLR.ARE reads as one, as in Xen),
 * so the distributor's copies of the INTID 0-31 registers are RAZ/WI and
 * the redistributors' SGI_base frames hold them. Reserved and
 * unimplemented registers are RAZ/WI; only accesses of a size or
 * alignment the architecture does not allow make a data abort.
 */
#include <hyp/compiler.h>
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/lib.h>
#include <hyp/mmio.h>
#include <hyp/vgic.h>
#include "vgic-internal.h"

/* GICD_CTLR as seen with DS = 1: affinity routing, one security state. */
#define GICD_CTLR_ARE (1U << 4)
#define GICD_CTLR_DS (1U << 6)

/* GICD_TYPER */
#define GICD_TYPER_CPUS_SHIFT 5
#define GICD_TYPER_IDBITS_SHIFT 19
#define GICD_TYPER_NO1N (1U << 25)
/* Ten INTID bits: SPIs end at 1019 and there are no LPIs. */
#define VGIC_V3_IDBITS 9

/* GICD_PIDR2 / GICR_PIDR2: ArchRev 3 in [7:4], JEP106 bits of Arm. */
#define VGIC_V3_PIDR2 0x3b

/* Redistributor RD_base frame, then SGI_base 64 KiB in. */
#define GICR_CTLR 0x0000
#define GICR_IIDR 0x0004
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_PROPBASER 0x0070
#define GICR_PENDBASER 0x0078
#define GICR_PIDR2 0xffe8
#define GICR_SGI_BASE 0x10000

#define GICR_TYPER_LAST (1ULL << 4)
#define GICR_TYPER_PROC_SHIFT 8
#define GICR_TYPER_AFF_SHIFT 32
#define GICR_WAKER_PSLEEP (1U << 1)
#define GICR_WAKER_CASLEEP (1U << 2)

/* ICC_SGI1R_EL1 fields. */
#define SGI1R_TARGETS(v) ((unsigned int)((v)&0xffff))
#define SGI1R_AFF1(v) (((v) >> 16) & 0xff)
#define SGI1R_INTID(v) ((unsigned int)(((v) >> 24) & 0xf))
#define SGI1R_AFF2(v) (((v) >> 32) & 0xff)
#define SGI1R_IRM (1ULL << 40)
#define SGI1R_RS(v) (((v) >> 44) & 0xf)
#define SGI1R_AFF3(v) (((v) >> 48) & 0xff)

#define NR_IROUTER 1020

static bool is_irouter(u64 off)
{
	return off >= GICD_IROUTER && off < GICD_IROUTER + 8 * NR_IROUTER;
}

/* 8-bit fields (IPRIORITYR, ITARGETSR) take byte accesses too. */
static bool is_byte_reg(u64 off)
{
	return off >= GICD_IPRIORITYR && off < GICD_ICFGR;
}

/* One 32-bit half (or all) of a 64-bit register value. */
static u64 reg64_part(u64 r, u64 off, unsigned int size)
{
	return size == 8 ? r : (u32)(r >> ((off & 4) * 8));
}

/*
 * The INTID-indexed registers from IGROUPR to ICFGR: the distributor's
 * (owner NULL, SPIs only) or a redistributor's SGI_base frame (owner
 * set, INTIDs 0-31 only).
 */
static u32 range_read(struct vgic_dist *dist, struct vcpu *owner, u64 off,
		      unsigned int size)
{
	unsigned int lo = owner ? 0 : VGIC_NR_PRIVATE;
	unsigned int hi = owner ? VGIC_NR_PRIVATE : dist->nr_lines;
	unsigned int first;

	if (off >= GICD_IGROUPR && off < GICD_IPRIORITYR) {
		first = (off & 0x7f) * 8;
		if (first < lo || first >= hi)
			return 0;
		switch (off & ~0x7fULL) {
		case GICD_IGROUPR:
			/* All Group 1; INTIDs 1020-1023 do not exist. */
			return hi - first >= 32 ? ~0U
						: (1U << (hi - first)) - 1;
		case GICD_ISENABLER:
		case GICD_ICENABLER:
			return vgic_read_bits(dist, owner, first, VGIC_ENABLE);
		case GICD_ISPENDR:
		case GICD_ICPENDR:
			return vgic_read_bits(dist, owner, first, VGIC_PENDING);
		default:
			return vgic_read_bits(dist, owner, first, VGIC_ACTIVE);
		}
	}
	if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + GICD_BYTES_SIZE) {
		first = off - GICD_IPRIORITYR;
		if (first < lo || first >= hi)
			return 0;
		return vgic_read_prio(dist, owner, first, size);
	}
	if (off >= GICD_ICFGR && off < GICD_ICFGR + GICD_ICFGR_SIZE) {
		first = (off - GICD_ICFGR) * 4;
		if (first < lo || first >= hi)
			return 0;
		return vgic_read_cfg(dist, owner, first);
	}
	return 0;
}

static void range_write(struct vgic_dist *dist, struct vcpu *owner, u64 off,
			unsigned int size, u32 val)
{
	unsigned int lo = owner ? 0 : VGIC_NR_PRIVATE;
	unsigned int hi = owner ? VGIC_NR_PRIVATE : dist->nr_lines;
	unsigned int first;
	u64 reg;

	if (off >= GICD_ISENABLER && off < GICD_IPRIORITYR) {
		first = (off & 0x7f) * 8;
		if (first < lo || first >= hi)
			return;
		reg = off & ~0x7fULL;
		if (reg == GICD_ISENABLER || reg == GICD_ICENABLER)
			vgic_write_bits(dist, owner, first, val, VGIC_ENABLE,
					reg == GICD_ISENABLER);
		else if (reg == GICD_ISPENDR || reg == GICD_ICPENDR)
			vgic_write_bits(dist, owner, first, val, VGIC_PENDING,
					reg == GICD_ISPENDR);
		else
			vgic_write_bits(dist, owner, first, val, VGIC_ACTIVE,
					reg == GICD_ISACTIVER);
	} else if (off >= GICD_IPRIORITYR &&
		   off < GICD_IPRIORITYR + GICD_BYTES_SIZE) {
		first = off - GICD_IPRIORITYR;
		if (first >= lo && first < hi)
			vgic_write_prio(dist, owner, first, size, val);
	} else if (off >= GICD_ICFGR && off < GICD_ICFGR + GICD_ICFGR_SIZE) {
		first = (off - GICD_ICFGR) * 4;
		if (first >= lo && first < hi)
			vgic_write_cfg(dist, owner, first, val);
	}
	/* IGROUPR is RAO/WI; anything else here is reserved. */
}

/* ---- distributor ---- */

static u32 dist_typer(struct vgic_dist *dist)
{
	unsigned int cpus = MIN(dist->d->max_vcpus, 8U);

	return ((dist->nr_lines + 31) / 32 - 1) |
	       (cpus - 1) << GICD_TYPER_CPUS_SHIFT |
	       VGIC_V3_IDBITS << GICD_TYPER_IDBITS_SHIFT | GICD_TYPER_NO1N;
}

static bool dist_size_ok(u64 off, unsigned int size)
{
	unsigned int sizes = 4;

	if (is_irouter(off))
		sizes = 4 | 8;
	else if (is_byte_reg(off))
		sizes = 1 | 4;
	return vgic_size_ok(off, size, sizes);
}

static int dist_read(struct vcpu *v, u64 off, unsigned int size, u64 *val,
		     void *priv)
{
	struct vgic_dist *dist = priv;
	unsigned int n;

	*val = 0;
	if (!dist_size_ok(off, size))
		return vgic_bad_access(v, "GICD", off, size, false);
	if (is_irouter(off)) {
		n = (off - GICD_IROUTER) / 8;
		*val = reg64_part(vgic_read_irouter(dist, n), off, size);
		return 0;
	}
	switch (off) {
	case GICD_CTLR:
		*val = vgic_read_ctlr(dist) | GICD_CTLR_ARE | GICD_CTLR_DS;
		break;
	case GICD_TYPER:
		*val = dist_typer(dist);
		break;
	case GICD_IIDR:
		*val = VGIC_IIDR;
		break;
	case GICD_PIDR2:
		*val = VGIC_V3_PIDR2;
		break;
	default:
		/* ITARGETSR, SGIR, xPENDSGIR: RES0 with ARE set. */
		*val = range_read(dist, NULL, off, size);
		break;
	}
	return 0;
}

static int dist_write(struct vcpu *v, u64 off, unsigned int size, u64 val,
		      void *priv)
{
	struct vgic_dist *dist = priv;
	u64 mask;

	if (!dist_size_ok(off, size))
		return vgic_bad_access(v, "GICD", off, size, true);
	if (is_irouter(off)) {
		mask = size == 8 ? ~0ULL : 0xffffffffULL << ((off & 4) * 8);
		if (size == 4)
			val <<= (off & 4) * 8;
		vgic_write_irouter(dist, (off - GICD_IROUTER) / 8, val, mask);
		return 0;
	}
	if (off == GICD_CTLR)
		vgic_write_ctlr(dist, (u32)val);
	else
		range_write(dist, NULL, off, size, (u32)val);
	return 0;
}

static const struct mmio_ops dist_ops = {
	.read = dist_read,
	.write = dist_write,
};

/* ---- redistributors ---- */

/* The vCPU whose redistributor frames hold off, or NULL (RAZ/WI). */
static struct vcpu *rdist_vcpu(struct vgic_dist *dist, u64 off)
{
	struct domain *d = dist->d;
	u64 idx = off / VGIC_V3_REDIST_SIZE;
	struct vcpu *v;

	if (idx >= d->max_vcpus || !d->vcpus)
		return NULL;
	v = d->vcpus[idx];
	return v && v->vgic ? v : NULL;
}

static u64 rdist_typer(struct vgic_dist *dist, struct vcpu *t)
{
	u64 typer;

	/* Affinity_Value is Aff3.Aff2.Aff1.Aff0; we only use Aff1.Aff0. */
	typer = (vgic_vcpu_affinity(t->vcpu_id) & 0xffff)
		<< GICR_TYPER_AFF_SHIFT;
	typer |= (u64)t->vcpu_id << GICR_TYPER_PROC_SHIFT;
	/* Where a guest scanning the region must stop. */
	if (t->vcpu_id == dist->d->max_vcpus - 1)
		typer |= GICR_TYPER_LAST;
	return typer;
}

static bool rdist_size_ok(u64 fo, unsigned int size)
{
	unsigned int sizes = 4;

	if (fo >= GICR_SGI_BASE) {
		if (is_byte_reg(fo - GICR_SGI_BASE))
			sizes = 1 | 4;
	} else if ((fo & ~7ULL) == GICR_TYPER || fo == GICR_PROPBASER ||
		   fo == GICR_PENDBASER || fo == GICR_PROPBASER + 4 ||
		   fo == GICR_PENDBASER + 4) {
		sizes = 4 | 8;
	}
	return vgic_size_ok(fo, size, sizes);
}

static int rdist_read(struct vcpu *v, u64 off, unsigned int size, u64 *val,
		      void *priv)
{
	struct vgic_dist *dist = priv;
	u64 fo = off % VGIC_V3_REDIST_SIZE;
	struct vcpu *t;

	*val = 0;
	if (!rdist_size_ok(fo, size))
		return vgic_bad_access(v, "GICR", off, size, false);
	t = rdist_vcpu(dist, off);
	if (!t)
		return 0;
	if (fo >= GICR_SGI_BASE) {
		*val = range_read(dist, t, fo - GICR_SGI_BASE, size);
		return 0;
	}
	switch (fo) {
	case GICR_IIDR:
		*val = VGIC_IIDR;
		break;
	case GICR_TYPER:
	case GICR_TYPER + 4:
		*val = reg64_part(rdist_typer(dist, t), fo, size);
		break;
	case GICR_WAKER:
		/* We quiesce at once: ChildrenAsleep follows ProcessorSleep. */
		if (READ_ONCE(t->vgic->sleep))
			*val = GICR_WAKER_PSLEEP | GICR_WAKER_CASLEEP;
		break;
	case GICR_PIDR2:
		*val = VGIC_V3_PIDR2;
		break;
	}
	return 0;
}

static int rdist_write(struct vcpu *v, u64 off, unsigned int size, u64 val,
		       void *priv)
{
	struct vgic_dist *dist = priv;
	u64 fo = off % VGIC_V3_REDIST_SIZE;
	struct vcpu *t;

	if (!rdist_size_ok(fo, size))
		return vgic_bad_access(v, "GICR", off, size, true);
	t = rdist_vcpu(dist, off);
	if (!t)
		return 0;
	if (fo >= GICR_SGI_BASE)
		range_write(dist, t, fo - GICR_SGI_BASE, size, (u32)val);
	else if (fo == GICR_WAKER)
		WRITE_ONCE(t->vgic->sleep, !!(val & GICR_WAKER_PSLEEP));
	/* CTLR (no LPIs), PROPBASER, PENDBASER, read-only ones: WI. */
	return 0;
}

static const struct mmio_ops rdist_ops = {
	.read = rdist_read,
	.write = rdist_write,
};

/* ---- SGIs ---- */

int vgic_sgi1r_write(struct vcpu *v, u64 val)
{
	struct domain *d = v->domain;
	struct vgic_dist *dist = d->vgic;
	u64 targets[MAX_VIRT_CPUS / 64] = {0};
	unsigned int list, id;
	struct vcpu *t;
	u64 aff;

	if (!dist || dist->cfg.version != 3)
		return 0;
	if (val & SGI1R_IRM) {
		/* Every PE but the writer. */
		for (id = 0; id < d->max_vcpus; id++) {
			if (id != v->vcpu_id)
				targets[id / 64] |= 1ULL << (id % 64);
		}
	} else {
		/* TargetList bit n is Aff0 RS * 16 + n within Aff3.2.1. */
		for (list = SGI1R_TARGETS(val); list; list &= list - 1) {
			aff = SGI1R_AFF3(val) << 32 | SGI1R_AFF2(val) << 16 |
			      SGI1R_AFF1(val) << 8 |
			      (SGI1R_RS(val) * 16 + __builtin_ctz(list));
			t = vgic_vcpu_by_affinity(d, aff);
			if (t)
				targets[t->vcpu_id / 64] |=
					1ULL << (t->vcpu_id % 64);
		}
	}
	vgic_send_sgis(dist, v, SGI1R_INTID(val), targets);
	return 0;
}

int vgic_v3_domain_init(struct vgic_dist *dist)
{
	struct vgic_config *cfg = &dist->cfg;
	struct domain *d = dist->d;
	u64 need = (u64)d->max_vcpus * VGIC_V3_REDIST_SIZE;
	int rc;

	if (!cfg->redist_size)
		cfg->redist_size = need;
	if (cfg->redist_size < need || (cfg->dist_base & (PAGE_SIZE - 1)) ||
	    (cfg->redist_base & (PAGE_SIZE - 1)))
		return -EINVAL;
	rc = mmio_register(d, cfg->dist_base, VGIC_V3_DIST_SIZE, &dist_ops,
			   dist);
	if (rc)
		return rc;
	return mmio_register(d, cfg->redist_base, cfg->redist_size, &rdist_ops,
			     dist);
}
