/* SPDX-License-Identifier: MIT */
/*
 * Physical interrupts taken at EL2: registration and dispatch. INTIDs
 * follow the GIC numbering: 0-15 SGI, 16-31 PPI, 32-1019 SPI.
 */
#ifndef HYP_IRQ_H
#define HYP_IRQ_H

#include <hyp/types.h>

#define NR_SGIS 16
#define NR_PPIS 16
#define MAX_IRQS 1020

/* SGIs the hypervisor uses between physical CPUs. */
enum ipi_kind {
	IPI_PING = 0,  /* boot self-test */
	IPI_STOP = 1,  /* panic: stop this CPU */
	IPI_CALL = 2,  /* run a function on another CPU */
	IPI_SCHED = 3, /* reschedule */
	IPI_TIMER = 4, /* rescan this CPU's timers (common/timer.c) */
};

typedef void (*irq_handler_t)(unsigned int irq, void *data);

/* Level- or edge-triggered configuration for request_irq. */
#define IRQ_TYPE_LEVEL 0
#define IRQ_TYPE_EDGE 1

/*
 * Install a handler for an interrupt and enable it. For PPIs and SGIs
 * the handler is shared by all CPUs; enable_ppi() must be called on each.
 */
int request_irq(unsigned int irq, unsigned int type, irq_handler_t h,
		void *data);
void enable_ppi(unsigned int irq, unsigned int type);
/*
 * An SPI handed to a guest through a hardware-linked list register: the
 * handler injects it, the layer only drops priority and the guest's
 * deactivation completes it (vgic_map_hw_irq).
 */
int request_irq_forwarded(unsigned int irq, unsigned int type, irq_handler_t h,
			  void *data);

/*
 * Undo request_irq*() of an SPI whose handler data is data: disable it,
 * remove the handler and wait until no CPU runs it any more (so data may
 * go). Not from interrupt context. -ENOENT if data does not own it.
 */
int release_irq(unsigned int irq, void *data);
/* Whether irq has a handler (is owned by the hypervisor or a guest). */
bool irq_in_use(unsigned int irq);
/*
 * The trigger type (IRQ_TYPE_*) the host DT gives an SPI that is not
 * routed at boot (a xen,passthrough device's), for a later routing to a
 * guest; level when none was recorded.
 */
void irq_set_dt_type(unsigned int irq, unsigned int type);
unsigned int irq_dt_type(unsigned int irq);

/* Called from the IRQ vector: acknowledges, dispatches and completes. */
struct cpu_regs;
void do_irq(struct cpu_regs *regs);

void send_ipi(unsigned int cpu, enum ipi_kind kind);
void send_ipi_allbutself(enum ipi_kind kind);

/* Interrupts taken with no handler, since boot, all CPUs. */
u64 irq_unhandled_count(void);

/*
 * One list register of the virtualisation interface, independent of the
 * GIC version (IHI 0069 chapter 12 ICH_LR<n>_EL2, IHI 0048 GICH_LR<n>): the
 * driver encodes and decodes it.
 */
#define GIC_LR_PENDING 0x1
#define GIC_LR_ACTIVE 0x2
struct gic_lr {
	u32 virq;    /* virtual INTID */
	u32 pirq;    /* physical INTID, when hw */
	u8 priority; /* 8-bit; the hardware keeps the top bits only */
	u8 state;    /* GIC_LR_PENDING | GIC_LR_ACTIVE, 0 = invalid */
	u8 source;   /* GICv2 SGIs: the sending vCPU (GICH_LR.CPUID) */
	bool hw;     /* deactivation also deactivates pirq */
	bool group1;
	bool eoi; /* maintenance interrupt when deactivated (not with hw) */
};

/* What the virtual CPU interface keeps for a vCPU while it is off-CPU. */
struct gic_vcpu_state {
	u64 vmcr; /* ICH_VMCR_EL2 / GICH_VMCR */
	/* v3: ICH_AP0R<n>_EL2, ICH_AP1R<n>_EL2; v2: GICH_APR in apr[0][0] */
	u32 apr[2][4];
};

/* gic_ops.maint_status: why the maintenance interrupt is asserted. */
#define GIC_MAINT_EOI (1U << 0)
#define GIC_MAINT_UNDERFLOW (1U << 1)

/*
 * The GIC driver behind the interrupt layer (drivers/gic*.c). SGIs and
 * PPIs act on the calling CPU's interface/redistributor; SPIs are routed
 * to the boot CPU. All calls but send_sgi expect IRQs masked.
 */
struct gic_ops {
	const char *name;
	unsigned int version;
	unsigned int nr_lines; /* SPIs + 32 */
	/*
	 * Per CPU, including the boot CPU, after gic_init() and once
	 * arch_this_cpu() works: 0 or a negative errno.
	 */
	int (*cpu_init)(void);
	/* returns the INTID, or >= 1020 for spurious */
	unsigned int (*ack)(void);
	void (*eoi)(unsigned int irq); /* priority drop and deactivate */
	/* Set the trigger (SPIs, and PPIs where configurable), then enable. */
	void (*enable)(unsigned int irq, unsigned int type);
	void (*disable)(unsigned int irq);
	/* To logical CPU cpu (cpu_info[cpu].mpidr; GICv2: its CPU mask). */
	void (*send_sgi)(unsigned int sgi, unsigned int cpu);
	/* Print distributor and this CPU's state (debugging). */
	void (*dump)(void);

	/*
	 * Interrupts handed to a guest through a hw list register: drop
	 * the running priority only; the guest's deactivation (or ours,
	 * with deactivate) completes them.
	 */
	void (*drop)(unsigned int irq);
	void (*deactivate)(unsigned int irq);
	/*
	 * Route SPI irq to logical CPU cpu (may be NULL: stays with the boot
	 * CPU). A guest's linked SPI follows its vCPU's pCPU, so the
	 * deactivation through the vCPU's list register happens on the CPU
	 * interface that acknowledged it (QEMU's GICv2 needs that).
	 */
	void (*route)(unsigned int irq, unsigned int cpu);

	/*
	 * Virtualisation interface (vdev/vgic.c), this CPU, IRQs masked.
	 * nr_lrs is 0 when the GIC has none; vpri_mask has the priority
	 * bits a list register keeps (0xf8 for five).
	 */
	unsigned int nr_lrs;
	u8 vpri_mask;
	void (*read_lr)(unsigned int n, struct gic_lr *lr);
	void (*write_lr)(unsigned int n, const struct gic_lr *lr);
	/* Restore VMCR and APRs, then enable the virtual interface. */
	void (*vcpu_restore)(const struct gic_vcpu_state *s);
	/* Save VMCR and APRs, then disable the virtual interface. */
	void (*vcpu_save)(struct gic_vcpu_state *s);
	/* ICH_HCR_EL2 / GICH_HCR: En, and UIE (maintenance on underflow). */
	void (*set_hcr)(bool enable, bool underflow);
	u64 (*read_vmcr)(void);
	/* Whether a VMCR lets through a pending interrupt at priority. */
	bool (*vmcr_allows)(u64 vmcr, u8 priority);
	/*
	 * The running priority saved APRs give (NULL: the live ones): only
	 * interrupts of higher priority (lower value) can be taken.
	 */
	u8 (*running_priority)(const struct gic_vcpu_state *s);
	unsigned int (*maint_status)(void); /* GIC_MAINT_* */
};

/*
 * Probe the GIC described by bootinfo and set up its distributor; panics
 * with a message if none. Each CPU, the boot CPU included, then calls
 * gic->cpu_init() (a repeated call on a CPU is a no-op).
 */
void gic_init(void);
extern const struct gic_ops *gic;
/* gic->dump() when a GIC is up, else a one-line note. */
void gic_dump(void);

#endif
