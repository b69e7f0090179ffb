/* SPDX-License-Identifier: MIT */
/*
 * GICv3 (and GICv4, used as a v3) host driver: distributor with affinity
 * routing, one redistributor per CPU, and the system register CPU
 * interface. References are to the GICv3/v4 architecture specification
 * IHI 0069, chapter 12 (register descriptions, by register name).
 *
 * Works both with one security state (GICD_CTLR.DS=1, QEMU without
 * EL3) and as the Non-secure side of a GIC with two, where the firmware
 * has already put everything in Non-secure Group 1: the register bits we
 * set mean "Group 1 / affinity routing" in either view.
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

/* GICD_CTLR: EnableGrp1(NS)/EnableGrp0, EnableGrp1A/EnableGrp1, ARE. */
#define GICD_CTLR_ENABLE_G1 (1U << 0)
#define GICD_CTLR_ENABLE_G1A (1U << 1)
#define GICD_CTLR_ARE_NS (1U << 4)
#define GICD_CTLR_RWP (1U << 31)

/* Redistributor RD_base frame registers. */
#define GICR_CTLR 0x0000
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_PIDR2 0xffe8
/* The SGI_base frame follows RD_base. */
#define GICR_SGI_BASE 0x10000

#define GICR_CTLR_RWP (1U << 3)
#define GICR_TYPER_VLPIS (1ULL << 1)
#define GICR_TYPER_LAST (1ULL << 4)
#define GICR_TYPER_AFF_SHIFT 32
#define GICR_WAKER_PROCESSOR_SLEEP (1U << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1U << 2)
/* RD_base + SGI_base frames; GICv4 adds VLPI_base and a reserved frame. */
#define GICR_STRIDE_V3 0x20000
#define GICR_STRIDE_V4 0x40000

/* ICC_SRE_EL2: SRE, DFB, DIB, Enable (lower ELs may set their SRE). */
#define ICC_SRE_SRE (1UL << 0)
#define ICC_SRE_DFB (1UL << 1)
#define ICC_SRE_DIB (1UL << 2)
#define ICC_SRE_ENABLE (1UL << 3)
/* ICC_CTLR_EL1.EOImode: EOIR only drops priority, DIR deactivates. */
#define ICC_CTLR_EOIMODE (1UL << 1)
#define ICC_IAR_INTID_MASK 0xffffffUL

/* ICC_SGI1R_EL1 fields. */
#define SGI1R_TARGETS_MASK 0xffffUL
#define SGI1R_AFF1_SHIFT 16
#define SGI1R_INTID_SHIFT 24
#define SGI1R_AFF2_SHIFT 32
#define SGI1R_RS_SHIFT 44
#define SGI1R_AFF3_SHIFT 48

/*
 * Virtualisation interface (IHI 0069 chapter 12, ICH_* registers), by
 * encoding. List registers are numbered in the instruction, so reaching
 * LR n takes a switch.
 */
#define ICH_MISR_EL2 S3_4_C12_C11_2
#define ICH_VMCR_EL2 S3_4_C12_C11_7

#define ICH_HCR_EN (1UL << 0)
#define ICH_HCR_UIE (1UL << 1)
#define ICH_VTR_LISTREGS(v) ((unsigned int)((v)&0x1f) + 1)
#define ICH_VTR_PREBITS(v) ((unsigned int)(((v) >> 26) & 7) + 1)
#define ICH_VTR_PRIBITS(v) ((unsigned int)(((v) >> 29) & 7) + 1)
#define ICH_VMCR_VENG1 (1UL << 1)
#define ICH_VMCR_VPMR(v) (((v) >> 24) & 0xff)
#define ICH_MISR_EOI (1UL << 0)
#define ICH_MISR_U (1UL << 1)

/* ICH_LR<n>_EL2 fields. */
#define ICH_LR_VINTID_MASK 0xffffffffULL
#define ICH_LR_PINTID_SHIFT 32
#define ICH_LR_PINTID_MASK 0x1fffULL
#define ICH_LR_EOI (1ULL << 41)
#define ICH_LR_PRIO_SHIFT 48
#define ICH_LR_GROUP (1ULL << 60)
#define ICH_LR_HW (1ULL << 61)
#define ICH_LR_STATE_SHIFT 62

#define ICH_MAX_LRS 16

/* MPIDR_EL1 affinity fields (Arm ARM, MPIDR_EL1). */
#define MPIDR_AFF0(m) ((m)&0xff)
#define MPIDR_AFF1(m) (((m) >> 8) & 0xff)
#define MPIDR_AFF2(m) (((m) >> 16) & 0xff)
#define MPIDR_AFF3(m) (((m) >> 32) & 0xff)
/* GICD_IROUTER takes Aff3 at [39:32] and Aff2-0 at [23:0], like MPIDR. */
#define MPIDR_AFF_MASK 0xff00ffffffULL

struct rdist_region {
	void *base;
	u64 size;
};

static void *dist;
static struct rdist_region rdist_regions[BOOT_MAX_REDIST_REGIONS];
static unsigned int nr_rdist_regions;
/* RD_base of each logical CPU's redistributor, set by cpu_init. */
static void *rdist_of[NR_CPUS];
static struct gic_ops gicv3_ops;
/* ICH_AP0R<n>/ICH_AP1R<n> implemented: 1, 2 or 4 (from PREbits). */
static unsigned int nr_aprs;
static unsigned int pre_bits; /* ICH_VTR_EL2.PREbits + 1: 5, 6 or 7 */

static inline u32 rd32(void *base, unsigned int off)
{
	return mmio_read32((char *)base + off);
}

static inline void wr32(void *base, unsigned int off, u32 v)
{
	mmio_write32(v, (char *)base + off);
}

static void *this_rdist(void)
{
	return rdist_of[smp_processor_id()];
}

static void *sgi_frame(void *rd)
{
	return (char *)rd + GICR_SGI_BASE;
}

/* GICD_CTLR.RWP: distributor writes (CTLR, ICENABLER) have taken effect. */
static void dist_wait_rwp(void)
{
	unsigned int n;

	for (n = 0; n < GIC_POLL_LIMIT; n++)
		if (!(rd32(dist, GICD_CTLR) & GICD_CTLR_RWP))
			return;
	printk(HYPLOG_WARNING "GICv3: distributor write still pending\n");
}

/* GICR_CTLR.RWP: the same for GICR_ICENABLER0. */
static void rdist_wait_rwp(void *rd)
{
	unsigned int n;

	for (n = 0; n < GIC_POLL_LIMIT; n++)
		if (!(rd32(rd, GICR_CTLR) & GICR_CTLR_RWP))
			return;
	printk(HYPLOG_WARNING "GICv3: redistributor write still pending\n");
}

static void dist_init(void)
{
	u64 route = READ_SYSREG(mpidr_el1) & MPIDR_AFF_MASK;
	unsigned int nr = gicv3_ops.nr_lines;
	unsigned int i;

	wr32(dist, GICD_CTLR, 0);
	dist_wait_rwp();

	gic_dist_spi_init(dist, nr);
	/* Group 1 (Non-secure when two security states exist). */
	for (i = 32; i < nr; i += 32) {
		wr32(dist, GICD_IGROUPR + (i / 32) * 4, ~0U);
		wr32(dist, GICD_IGRPMODR + (i / 32) * 4, 0);
	}
	dist_wait_rwp();

	wr32(dist, GICD_CTLR,
	     GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1A | GICD_CTLR_ENABLE_G1);
	dist_wait_rwp();

	/* IROUTER only holds affinities once ARE is set; all SPIs to us. */
	for (i = 32; i < nr; i++)
		mmio_write64(route, (char *)dist + GICD_IROUTER + i * 8);
}

/* Aff3.Aff2.Aff1.Aff0 as GICR_TYPER[63:32] reports it. */
static u32 mpidr_to_typer_aff(u64 mpidr)
{
	return (u32)(MPIDR_AFF3(mpidr) << 24 | MPIDR_AFF2(mpidr) << 16 |
		     MPIDR_AFF1(mpidr) << 8 | MPIDR_AFF0(mpidr));
}

/* Walk every region until GICR_TYPER.Last, looking for aff. */
static void *find_rdist(u32 aff)
{
	unsigned int r;
	u64 typer, stride = GICR_STRIDE_V3, off;
	char *rd;

	for (r = 0; r < nr_rdist_regions; r++) {
		rd = rdist_regions[r].base;
		for (off = 0; off + GICR_STRIDE_V3 <= rdist_regions[r].size;
		     off += stride) {
			typer = mmio_read64(rd + off + GICR_TYPER);
			if ((u32)(typer >> GICR_TYPER_AFF_SHIFT) == aff)
				return rd + off;
			if (typer & GICR_TYPER_LAST)
				break;
			stride = bootinfo.gic.redist_stride;
			if (!stride)
				stride = (typer & GICR_TYPER_VLPIS)
						 ? GICR_STRIDE_V4
						 : GICR_STRIDE_V3;
		}
	}
	return NULL;
}

static int rdist_wake(void *rd)
{
	unsigned int n;

	wr32(rd, GICR_WAKER,
	     rd32(rd, GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
	for (n = 0; n < GIC_POLL_LIMIT; n++)
		if (!(rd32(rd, GICR_WAKER) & GICR_WAKER_CHILDREN_ASLEEP))
			return 0;
	return -ETIMEDOUT;
}

/* ---- virtualisation interface ---- */

#define LR_R(n, crm, op2) \
	case n:           \
		return READ_SYSREG(S3_4_C12_##crm##_##op2)
#define LR_W(n, crm, op2)                                \
	case n:                                          \
		WRITE_SYSREG(v, S3_4_C12_##crm##_##op2); \
		break

static u64 ich_lr_read(unsigned int n)
{
	switch (n) {
		LR_R(0, C12, 0);
		LR_R(1, C12, 1);
		LR_R(2, C12, 2);
		LR_R(3, C12, 3);
		LR_R(4, C12, 4);
		LR_R(5, C12, 5);
		LR_R(6, C12, 6);
		LR_R(7, C12, 7);
		LR_R(8, C13, 0);
		LR_R(9, C13, 1);
		LR_R(10, C13, 2);
		LR_R(11, C13, 3);
		LR_R(12, C13, 4);
		LR_R(13, C13, 5);
		LR_R(14, C13, 6);
		LR_R(15, C13, 7);
	}
	return 0;
}

static void ich_lr_write(unsigned int n, u64 v)
{
	switch (n) {
		LR_W(0, C12, 0);
		LR_W(1, C12, 1);
		LR_W(2, C12, 2);
		LR_W(3, C12, 3);
		LR_W(4, C12, 4);
		LR_W(5, C12, 5);
		LR_W(6, C12, 6);
		LR_W(7, C12, 7);
		LR_W(8, C13, 0);
		LR_W(9, C13, 1);
		LR_W(10, C13, 2);
		LR_W(11, C13, 3);
		LR_W(12, C13, 4);
		LR_W(13, C13, 5);
		LR_W(14, C13, 6);
		LR_W(15, C13, 7);
	}
}

/* ICH_AP0R<n>_EL2 are C8, ICH_AP1R<n>_EL2 C9; n is op2. */
static u32 ich_apr_read(unsigned int grp, unsigned int n)
{
	switch (grp * 4 + n) {
		LR_R(0, C8, 0);
		LR_R(1, C8, 1);
		LR_R(2, C8, 2);
		LR_R(3, C8, 3);
		LR_R(4, C9, 0);
		LR_R(5, C9, 1);
		LR_R(6, C9, 2);
		LR_R(7, C9, 3);
	}
	return 0;
}

static void ich_apr_write(unsigned int grp, unsigned int n, u64 v)
{
	switch (grp * 4 + n) {
		LR_W(0, C8, 0);
		LR_W(1, C8, 1);
		LR_W(2, C8, 2);
		LR_W(3, C8, 3);
		LR_W(4, C9, 0);
		LR_W(5, C9, 1);
		LR_W(6, C9, 2);
		LR_W(7, C9, 3);
	}
}

#undef LR_R
#undef LR_W

/* A clean virtual interface: off, no list register or APR in use. */
static void ich_reset(void)
{
	unsigned int i;

	WRITE_SYSREG(0, ICH_HCR_EL2);
	WRITE_SYSREG(0, ICH_VMCR_EL2);
	for (i = 0; i < gicv3_ops.nr_lrs; i++)
		ich_lr_write(i, 0);
	for (i = 0; i < nr_aprs; i++) {
		ich_apr_write(0, i, 0);
		ich_apr_write(1, i, 0);
	}
	isb();
}

static void gicv3_read_lr(unsigned int n, struct gic_lr *lr)
{
	u64 v = ich_lr_read(n);

	*lr = (struct gic_lr){
		.virq = (u32)(v & ICH_LR_VINTID_MASK),
		.priority = (v >> ICH_LR_PRIO_SHIFT) & 0xff,
		.state = (v >> ICH_LR_STATE_SHIFT) & 3,
		.hw = v & ICH_LR_HW,
		.group1 = v & ICH_LR_GROUP,
	};
	if (lr->hw)
		lr->pirq = (v >> ICH_LR_PINTID_SHIFT) & ICH_LR_PINTID_MASK;
	else
		lr->eoi = v & ICH_LR_EOI;
}

static void gicv3_write_lr(unsigned int n, const struct gic_lr *lr)
{
	u64 v = 0;

	if (lr->state) {
		v = lr->virq | (u64)lr->priority << ICH_LR_PRIO_SHIFT |
		    (u64)(lr->state & 3) << ICH_LR_STATE_SHIFT;
		if (lr->group1)
			v |= ICH_LR_GROUP;
		/* With HW, bit 41 is part of pINTID and EOI does not exist. */
		if (lr->hw)
			v |= ICH_LR_HW | (lr->pirq & ICH_LR_PINTID_MASK)
						 << ICH_LR_PINTID_SHIFT;
		else if (lr->eoi)
			v |= ICH_LR_EOI;
	}
	ich_lr_write(n, v);
}

static void gicv3_vcpu_restore(const struct gic_vcpu_state *st)
{
	unsigned int i;

	for (i = 0; i < nr_aprs && i < ARRAY_SIZE(st->apr[0]); i++) {
		ich_apr_write(0, i, st->apr[0][i]);
		ich_apr_write(1, i, st->apr[1][i]);
	}
	WRITE_SYSREG(st->vmcr, ICH_VMCR_EL2);
	WRITE_SYSREG(ICH_HCR_EN, ICH_HCR_EL2);
	isb();
}

static void gicv3_vcpu_save(struct gic_vcpu_state *st)
{
	unsigned int i;

	st->vmcr = READ_SYSREG(ICH_VMCR_EL2);
	for (i = 0; i < nr_aprs && i < ARRAY_SIZE(st->apr[0]); i++) {
		st->apr[0][i] = ich_apr_read(0, i);
		st->apr[1][i] = ich_apr_read(1, i);
	}
	WRITE_SYSREG(0, ICH_HCR_EL2);
	isb();
}

static void gicv3_set_hcr(bool enable, bool underflow)
{
	WRITE_SYSREG((enable ? ICH_HCR_EN : 0) | (underflow ? ICH_HCR_UIE : 0),
		     ICH_HCR_EL2);
	isb();
}

static u64 gicv3_read_vmcr(void)
{
	return READ_SYSREG(ICH_VMCR_EL2);
}

/* Our list registers are Group 1: VENG1 and the virtual PMR decide. */
static bool gicv3_vmcr_allows(u64 vmcr, u8 priority)
{
	return (vmcr & ICH_VMCR_VENG1) && priority < ICH_VMCR_VPMR(vmcr);
}

static u8 gicv3_running_priority(const struct gic_vcpu_state *st)
{
	struct gic_vcpu_state live;
	unsigned int i;

	if (!st) {
		for (i = 0; i < nr_aprs && i < ARRAY_SIZE(live.apr[0]); i++) {
			live.apr[0][i] = ich_apr_read(0, i);
			live.apr[1][i] = ich_apr_read(1, i);
		}
		st = &live;
	}
	return MIN(gic_apr_priority(st->apr[0], nr_aprs, pre_bits),
		   gic_apr_priority(st->apr[1], nr_aprs, pre_bits));
}

static unsigned int gicv3_maint_status(void)
{
	u64 misr = READ_SYSREG(ICH_MISR_EL2);

	return (misr & ICH_MISR_EOI ? GIC_MAINT_EOI : 0) |
	       (misr & ICH_MISR_U ? GIC_MAINT_UNDERFLOW : 0);
}

static void gicv3_drop(unsigned int irq)
{
	WRITE_SYSREG(irq, ICC_EOIR1_EL1);
	isb();
}

static void ich_probe(void)
{
	u64 vtr = READ_SYSREG(ICH_VTR_EL2);
	unsigned int pri = ICH_VTR_PRIBITS(vtr);

	gicv3_ops.nr_lrs = MIN(ICH_VTR_LISTREGS(vtr), ICH_MAX_LRS);
	gicv3_ops.vpri_mask = (u8)(0xff00U >> pri);
	/* 32, 64 or 128 preemption levels: 1, 2 or 4 APRs per group. */
	pre_bits = MIN(MAX(ICH_VTR_PREBITS(vtr), 5U), 7U);
	nr_aprs = 1U << (pre_bits - 5);
}

static int gicv3_cpu_init(void)
{
	unsigned int cpu = smp_processor_id();
	u64 mpidr = READ_SYSREG(mpidr_el1);
	void *rd, *sgi;
	u64 sre;

	/* Once per CPU: a second run would disable PPIs already in use. */
	if (rdist_of[cpu])
		return 0;

	rd = find_rdist(mpidr_to_typer_aff(mpidr));
	if (!rd) {
		printk(HYPLOG_ERR "GICv3: no redistributor for MPIDR %#llx\n",
		       (unsigned long long)mpidr);
		return -ENODEV;
	}
	if (rdist_wake(rd)) {
		printk(HYPLOG_ERR "GICv3: CPU%u redistributor stays asleep\n",
		       cpu);
		return -ETIMEDOUT;
	}

	sgi = sgi_frame(rd);
	wr32(sgi, GICD_IGROUPR, ~0U);
	wr32(sgi, GICD_IGRPMODR, 0);
	gic_banked_init(sgi);
	rdist_wait_rwp(rd);

	/* System register interface at EL2, and allow it at EL1 too. */
	sre = READ_SYSREG(ICC_SRE_EL2);
	WRITE_SYSREG(sre | ICC_SRE_SRE | ICC_SRE_DFB | ICC_SRE_DIB |
			     ICC_SRE_ENABLE,
		     ICC_SRE_EL2);
	isb();
	if (!(READ_SYSREG(ICC_SRE_EL2) & ICC_SRE_SRE)) {
		printk(HYPLOG_ERR "GICv3: CPU%u: ICC_SRE_EL2.SRE stuck at 0\n",
		       cpu);
		return -ENODEV;
	}

	WRITE_SYSREG(GIC_PRI_LOWEST, ICC_PMR_EL1);
	WRITE_SYSREG(0, ICC_BPR1_EL1);
	/* Split drop/deactivate: lets us forward interrupts to guests. */
	WRITE_SYSREG(READ_SYSREG(ICC_CTLR_EL1) | ICC_CTLR_EOIMODE,
		     ICC_CTLR_EL1);
	isb();
	WRITE_SYSREG(1, ICC_IGRPEN1_EL1);
	isb();

	ich_reset();
	rdist_of[cpu] = rd;
	return 0;
}

static unsigned int gicv3_ack(void)
{
	unsigned int irq = READ_SYSREG(ICC_IAR1_EL1) & ICC_IAR_INTID_MASK;

	/* Order the acknowledge before the handler's device accesses. */
	dsb(sy);
	return irq;
}

static void gicv3_eoi(unsigned int irq)
{
	WRITE_SYSREG(irq, ICC_EOIR1_EL1);
	isb();
	WRITE_SYSREG(irq, ICC_DIR_EL1);
	isb();
}

/* The frame holding irq's enable/config bits, and its RWP waiter. */
static void *irq_frame(unsigned int irq, void **rd)
{
	if (irq < 32) {
		*rd = this_rdist();
		return sgi_frame(*rd);
	}
	*rd = NULL;
	return dist;
}

static void wait_rwp_for(void *rd)
{
	if (rd)
		rdist_wait_rwp(rd);
	else
		dist_wait_rwp();
}

/* Any CPU may deactivate an SPI; PPIs are this CPU's own. */
static void gicv3_route(unsigned int irq, unsigned int cpu)
{
	if (irq < 32 || irq >= 1020 || cpu >= NR_CPUS)
		return;
	/* GICD_IROUTER<n>, Interrupt_Routing_Mode 0 (IHI 0069 12.9.22). */
	mmio_write64(cpu_info[cpu].mpidr & MPIDR_AFF_MASK,
		     (char *)dist + GICD_IROUTER + irq * 8);
}

static void gicv3_deactivate(unsigned int irq)
{
	void *rd, *base = irq_frame(irq, &rd);

	wr32(base, GICD_ICACTIVER + (irq / 32) * 4, 1U << (irq % 32));
}

static void gicv3_disable(unsigned int irq)
{
	void *rd, *base = irq_frame(irq, &rd);

	gic_set_enable(base, irq, false);
	wait_rwp_for(rd);
}

static void gicv3_enable(unsigned int irq, unsigned int type)
{
	void *rd, *base = irq_frame(irq, &rd);

	if (!gic_config_matches(base, irq, type)) {
		gic_set_enable(base, irq, false);
		wait_rwp_for(rd);
		gic_config_irq(base, irq, type);
	}
	gic_set_enable(base, irq, true);
}

static void gicv3_send_sgi(unsigned int sgi, unsigned int cpu)
{
	u64 mpidr = cpu_info[cpu].mpidr;
	u64 v;

	v = (u64)sgi << SGI1R_INTID_SHIFT |
	    MPIDR_AFF3(mpidr) << SGI1R_AFF3_SHIFT |
	    MPIDR_AFF2(mpidr) << SGI1R_AFF2_SHIFT |
	    MPIDR_AFF1(mpidr) << SGI1R_AFF1_SHIFT |
	    (MPIDR_AFF0(mpidr) / 16) << SGI1R_RS_SHIFT |
	    (1UL << (MPIDR_AFF0(mpidr) % 16));
	/* The target must see our memory writes once the SGI arrives. */
	dsb(ishst);
	WRITE_SYSREG(v, ICC_SGI1R_EL1);
	isb();
}

static void gicv3_dump(void)
{
	unsigned int cpu = smp_processor_id();
	void *rd = rdist_of[cpu];

	printk("GICv3: GICD_CTLR %#x TYPER %#x\n", rd32(dist, GICD_CTLR),
	       rd32(dist, GICD_TYPER));
	gic_dump_bits(dist, 32, gicv3_ops.nr_lines - 32);
	printk("GICv3: CPU%u ICC_SRE_EL2 %#llx CTLR %#llx PMR %#llx "
	       "IGRPEN1 %#llx\n",
	       cpu, (unsigned long long)READ_SYSREG(ICC_SRE_EL2),
	       (unsigned long long)READ_SYSREG(ICC_CTLR_EL1),
	       (unsigned long long)READ_SYSREG(ICC_PMR_EL1),
	       (unsigned long long)READ_SYSREG(ICC_IGRPEN1_EL1));
	if (!rd)
		return;
	printk("GICv3: CPU%u GICR_TYPER %#llx WAKER %#x\n", cpu,
	       (unsigned long long)mmio_read64((char *)rd + GICR_TYPER),
	       rd32(rd, GICR_WAKER));
	gic_dump_bits(sgi_frame(rd), 0, 32);
}

static struct gic_ops gicv3_ops = {
	.name = "GICv3",
	.version = 3,
	.cpu_init = gicv3_cpu_init,
	.ack = gicv3_ack,
	.eoi = gicv3_eoi,
	.enable = gicv3_enable,
	.disable = gicv3_disable,
	.send_sgi = gicv3_send_sgi,
	.dump = gicv3_dump,
	.drop = gicv3_drop,
	.deactivate = gicv3_deactivate,
	.route = gicv3_route,
	.read_lr = gicv3_read_lr,
	.write_lr = gicv3_write_lr,
	.vcpu_restore = gicv3_vcpu_restore,
	.vcpu_save = gicv3_vcpu_save,
	.set_hcr = gicv3_set_hcr,
	.read_vmcr = gicv3_read_vmcr,
	.vmcr_allows = gicv3_vmcr_allows,
	.running_priority = gicv3_running_priority,
	.maint_status = gicv3_maint_status,
};

const struct gic_ops *gicv3_probe(void)
{
	const struct boot_gic *bg = &bootinfo.gic;
	unsigned int i, arch;

	if (!bg->nr_redist_regions)
		panic("GICv3: no redistributor regions in the device tree");
	dist = ioremap(bg->dist_base, bg->dist_size ?: 0x10000);
	if (!dist)
		panic("GICv3: cannot map the distributor");
	arch = GIC_PIDR2_ARCH(rd32(dist, GICD_PIDR2));
	if (arch != 3 && arch != 4)
		panic("GICv3: distributor reports architecture %u", arch);

	for (i = 0; i < bg->nr_redist_regions && i < ARRAY_SIZE(rdist_regions);
	     i++) {
		rdist_regions[i].size = bg->redist[i].size;
		rdist_regions[i].base =
			ioremap(bg->redist[i].start, bg->redist[i].size);
		if (!rdist_regions[i].base)
			panic("GICv3: cannot map redistributor region %u", i);
	}
	nr_rdist_regions = i;

	gicv3_ops.nr_lines = gic_dist_lines(dist);
	dist_init();
	ich_probe();
	return &gicv3_ops;
}
