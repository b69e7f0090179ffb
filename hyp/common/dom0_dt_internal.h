/* SPDX-License-Identifier: MIT */
/*
 * Shared by the files building dom0's device tree (common/dom0_dt.c: the
 * writing pass; dom0_dt_host.c: reading and classifying host nodes;
 * dom0_dt_irq.c: interrupts, GIC and timer; dom0_dt_devices.c: the devices
 * dom0 keeps). Not for other users: see hyp/dom0_dt.h.
 */
#ifndef HYP_COMMON_DOM0_DT_INTERNAL_H
#define HYP_COMMON_DOM0_DT_INTERNAL_H

#include <hyp/compiler.h>
#include <hyp/dom0_dt.h>
#include <hyp/types.h>

struct fdt;

/* GIC interrupt specifier (bindings arm,gic and arm,gic-v3): type cell. */
#define GIC_TYPE_SPI 0
#define GIC_TYPE_PPI 1
#define GIC_TYPE_ESPI 2
#define GIC_TYPE_EPPI 3
#define GIC_ESPI_BASE 4096
#define GIC_EPPI_BASE 1056
/* Flags of every PPI Xen writes: all 4 CPUs (0xf << 8), level low (8). */
#define PPI_FLAGS 0xf08
/* DT trigger flags: edge rising, and the mask of all four. */
#define IRQ_EDGE_RISING 1
#define IRQ_TYPE_MASK 0xf

/*
 * PSCI 0.2 CPU_OFF (SMC32) and CPU_ON (SMC64) function ids. Xen writes
 * the PSCI 0.1 ids 1 and 2 here; a PSCI 0.2 guest ignores both
 * properties, and our vPSCI only answers the standard ids.
 */
#define PSCI_CPU_OFF_ID 0x84000002U
#define PSCI_CPU_ON_ID 0xc4000003U

/* Bounds against malformed trees. */
#define MAX_INTERRUPT_CELLS 16
#define MAX_IRQ_PARENT_HOPS 32
#define MAX_VCPUS 4096 /* Aff1 = id >> 4 must fit its 8 bits */
/* INTIDs tracked for de-duplication: 0..1023 and extended SPIs. */
#define SEEN_BITS 2048
#define V2M_COMPAT "arm,gic-v2m-frame"

enum verdict { V_KEEP, V_DROP, V_GIC, V_TIMER };

struct ctx {
	const struct fdt *host;
	const struct dom0_dt_config *cfg;
	char *err;
	size_t errlen;
	int rc; /* first error, recorded by fail() */
	int root;
	int chosen; /* host /chosen, or negative */
	int resv;   /* host /reserved-memory, or negative */
	int gic;
	unsigned int gic_version;
	u32 gic_phandle;
	u32 gic_icells;
	int timer; /* negative in dom0_dt_collect_devices() without one */
	unsigned int timer_ppi[3];
	unsigned int nr_redist; /* GICv3 regions dom0 gets */
	int cpu;		/* first host CPU node */
	int root_ac, root_sc;
	int nr_resv; /* /reserved-memory regions */
	char mem_name[32];
	char resv_name[32];
	char path[160];
};

struct gic_irq {
	unsigned int intid;
	unsigned int flags; /* DT trigger flags */
	bool ppi;	    /* PPI or extended PPI */
};

typedef int (*irq_fn)(struct ctx *c, int node, const struct gic_irq *irq,
		      void *arg);

/* dom0_dt_host.c */
int dt0_fail(struct ctx *c, int rc, const char *fmt, ...) __printf(3, 4);
void dt0_ctx_init(struct ctx *c, const struct fdt *host,
		  const struct dom0_dt_config *cfg, char *err, size_t errlen);
const char *dt0_path(struct ctx *c, int node);
bool dt0_prop_is_string(const struct ctx *c, int node, const char *name,
			const char *want);
void dt0_put_cells(u8 *p, int cells, u64 v);
int dt0_find_gic(struct ctx *c);
int dt0_find_timer_node(struct ctx *c);
int dt0_find_cpu(struct ctx *c);
int dt0_resv_regions(struct ctx *c, u8 *out, u64 *first);
int dt0_prepare_common(struct ctx *c);
int dt0_prepare_names(struct ctx *c);
int dt0_check_config(struct ctx *c);
int dt0_classify(struct ctx *c, int node);
bool dt0_is_passthrough(const struct ctx *c, int node);
bool dt0_iommu_prop(const struct ctx *c, int node, const char *name);
bool dt0_chosen_dropped(const char *name);

/* dom0_dt_irq.c */
int dt0_by_phandle(const struct ctx *c, u32 ph);
int dt0_irq_cells(struct ctx *c, int ctrl, int node, u32 *cells);
int dt0_gic_decode(struct ctx *c, int node, const u8 *spec,
		   struct gic_irq *irq);
int dt0_walk_irqs(struct ctx *c, int node, irq_fn fn, void *arg);
int dt0_find_ppi(struct ctx *c, int node, const struct gic_irq *irq, void *arg);
const u8 *dt0_gic_reg(struct ctx *c, int *len, int *ac, int *sc, int *n);
int dt0_gicv3_regions(struct ctx *c, unsigned int nr_vcpus, struct membank *out,
		      unsigned int max);
int dt0_find_timer(struct ctx *c);
int dt0_check_gic(struct ctx *c);

#endif
