/* SPDX-License-Identifier: MIT */
/*
 * dom0's device tree, derived from the host's the way Xen 4.17 derives it
 * (docs abi.md section 2.4): the host tree minus what the hypervisor keeps
 * for itself, with the GIC, the timer, /hypervisor, /psci, /cpus and the
 * memory nodes written anew; and the list of host devices dom0 keeps, so
 * their MMIO can be mapped 1:1 and their SPIs routed to dom0.
 *
 * What dom0 does not get: nodes compatible with xen,xen, multiboot
 * modules, PSCI, CPU PMUs (Xen's list plus arm,cortex-*-pmu and
 * arm,neoverse-*-pmu) or the memory-mapped timer; /cpus and memory nodes;
 * the nodes in cfg->hidden (with their subtrees); IOMMUs when
 * cfg->hide_iommus (and the iommus / iommu-map properties pointing at
 * them); any node with a PPI in its interrupts; secondary GICs and
 * timers; root nodes whose names the generated nodes take. Nodes marked
 * xen,passthrough stay, with status "disabled".
 *
 * The GIC is found as bootinfo finds it (the first available interrupt
 * controller compatible with a GICv3 or GICv2 distributor), the timer as
 * the first available arm,armv8-timer or arm,armv7-timer node.
 */
#ifndef HYP_DOM0_DT_H
#define HYP_DOM0_DT_H

#include <hyp/bootinfo.h>
#include <hyp/types.h>

struct fdt;

/* What Xen 4.17 names itself in /hypervisor. */
#define DOM0_DT_XEN_COMPAT "xen,xen-4.17"
/* A GICv3 redistributor frame pair (RD_base + SGI_base), 2 x 64 KiB. */
#define DOM0_DT_GICR_FRAME_SIZE 0x20000ULL
/* GICv2 CPU interfaces can target at most 8 CPUs. */
#define DOM0_DT_GICV2_MAX_VCPUS 8

struct dom0_dt_config {
	/*
	 * dom0's RAM, 1:1 (guest physical == host physical): one memory node
	 * "memory@<banks[0] start>" with every bank as a reg entry.
	 */
	const struct membank *banks;
	unsigned int nr_banks;
	/*
	 * vCPUs: cpu@<vMPIDR> nodes, vMPIDR Aff0 = id & 0xf, Aff1 = id >> 4
	 * (as vgic_vcpu_affinity()).
	 */
	unsigned int nr_vcpus;
	/* /chosen/bootargs, already chosen by the caller; NULL for none. */
	const char *bootargs;
	/*
	 * /chosen/linux,initrd-start and -end as 64-bit values, unless both
	 * are 0. They may be patched later with dom0_dt_set_initrd().
	 */
	u64 initrd_start, initrd_end;
	/* The event-channel upcall PPI, an INTID in 16..31. */
	unsigned int evtchn_ppi;
	/* /hypervisor reg: the grant-table window, then extended regions. */
	struct membank gnttab;
	const struct membank *ext_regions;
	unsigned int nr_ext_regions;
	/*
	 * Host nodes (offsets in the host DT) the hypervisor uses itself,
	 * e.g. its console UART: left out of dom0's DT with their subtrees.
	 */
	const int *hidden;
	unsigned int nr_hidden;
	/* Leave out the IOMMUs the hypervisor drives (SMMUv1/v2/v3, IPMMU). */
	bool hide_iommus;
};

/*
 * Write dom0's device tree into buf[0..size), from the host DT host;
 * *len gets its size. Returns 0; -ENOSPC when buf is too small; -ENOENT
 * when the host DT lacks the GIC, the timer or a CPU node; -EINVAL for a
 * malformed host DT or a bad cfg; -ERANGE when a value does not fit the
 * root's #address-cells / #size-cells. On error err (when non-NULL) holds
 * a one-line reason and buf is no valid DTB.
 */
int dom0_build_dt(const struct fdt *host, const struct dom0_dt_config *cfg,
		  void *buf, size_t size, size_t *len, char *err,
		  size_t errlen);

/*
 * Set /chosen/linux,initrd-start and -end in a DTB built by
 * dom0_build_dt() with an initrd, once the initrd is placed.
 * 0, or -ENOENT when the DTB has no such properties, -EINVAL if malformed.
 */
int dom0_dt_set_initrd(void *dtb, size_t len, u64 start, u64 end);

/*
 * The GICv3 redistributor regions dom0's DT lists: the host's, in order,
 * up to the first that brings the count of DOM0_DT_GICR_FRAME_SIZE frames
 * to nr_vcpus (as Xen's vGIC does for the hardware domain). Up to max are
 * stored in regions[]. Returns how many dom0 gets, or a negative errno
 * (-ENODEV when the host GIC is not a GICv3) with the reason in err.
 */
int dom0_dt_redist_regions(const struct fdt *host, unsigned int nr_vcpus,
			   struct membank *regions, unsigned int max, char *err,
			   size_t errlen);

/* ---- extended regions (common/dom0_ext_regions.c) ---- */

/* Smaller holes are not worth a region (Xen 4.17's add_ext_regions). */
#define DOM0_EXT_REGION_MIN MB(64)

/*
 * The extended regions for /hypervisor reg: the holes of [lo, hi) left by
 * every reg of every host DT node (any status; translated to CPU addresses
 * where the parents' ranges allow, else as given), every PCI host bridge
 * window and extra[0..nr_extra) (RAM banks, the grant window), cut to
 * 2 MiB boundaries, at least DOM0_EXT_REGION_MIN each, in address order.
 * Up to max go to out. scratch[0..nr_scratch) holds the used ranges
 * meanwhile. Returns how many were stored, -E2BIG when the used ranges do
 * not fit scratch, -EINVAL for bad arguments or a malformed host DT.
 */
int dom0_dt_ext_regions(const struct fdt *host, const struct membank *extra,
			unsigned int nr_extra, u64 lo, u64 hi,
			struct membank *scratch, unsigned int nr_scratch,
			struct membank *out, unsigned int max);

/* ---- the devices dom0 keeps ---- */

enum dom0_dt_res_kind {
	DOM0_RES_MMIO,
	DOM0_RES_SPI,
};

/* MMIO: a window of a PCI host bridge's "ranges" (its children's space). */
#define DOM0_RES_PCI_WINDOW (1U << 0)
/* MMIO: a /reserved-memory region: RAM, to be mapped as normal memory. */
#define DOM0_RES_RESERVED_MEM (1U << 1)
/*
 * MMIO: a GICv2m MSI frame. Its SPIs are reported only when the host DT
 * gives arm,msi-base-spi and arm,msi-num-spis; otherwise they are the
 * frame's MSI_TYPER range, which the caller reads from the hardware.
 */
#define DOM0_RES_MSI_FRAME (1U << 2)
/* SPI: from a PCI host bridge's interrupt-map (legacy INTx). */
#define DOM0_RES_PCI_INTX (1U << 3)
/*
 * MMIO or SPI of an available xen,passthrough device: not dom0's to use,
 * but its to hand on to a guest (Xen grants dom0 the permission only).
 */
#define DOM0_RES_PASSTHROUGH (1U << 4)

struct dom0_dt_resource {
	int node; /* the device's offset in the host DT */
	enum dom0_dt_res_kind kind;
	unsigned int flags; /* DOM0_RES_* */
	/*
	 * MMIO: a CPU physical range as the DT gives it, not page aligned
	 * (virtio-mmio devices share pages), size > 0.
	 */
	u64 addr, size;
	/* SPI: INTID (32..1019, or 4096 + n for GICv3 extended SPI n). */
	unsigned int intid;
	/* SPI: the DT trigger flags: 1/2 edge rising/falling, 4/8 level. */
	unsigned int irq_type;
};

/*
 * Called for each resource; a non-zero return stops the walk and is
 * returned by dom0_dt_collect_devices().
 */
typedef int (*dom0_dt_res_fn)(const struct fdt *host,
			      const struct dom0_dt_resource *res, void *arg);

/*
 * Enumerate, in document order, the MMIO ranges (reg entries translated
 * through the parents' ranges; for PCI host bridges also their ranges
 * windows) and SPIs (interrupts, interrupts-extended and, for PCI host
 * bridges, interrupt-map entries on the GIC; each once per node) of the
 * host devices that stay in dom0's DT under cfg, a device's resources
 * consecutively. xen,passthrough nodes are reported with
 * DOM0_RES_PASSTHROUGH (not their subtrees). Left out: disabled nodes and
 * their subtrees, everything dom0_build_dt() drops, the GIC (but GICv2m frames
 * are reported) and the timer, children of PCI host bridges (inside the
 * windows), and reg entries that are not memory-mapped (e.g. I2C
 * addresses). Of cfg, only hidden, hide_iommus and banks (the name of
 * dom0's memory node) are used. Returns 0, a negative errno with the
 * reason in err, or fn's non-zero return.
 */
int dom0_dt_collect_devices(const struct fdt *host,
			    const struct dom0_dt_config *cfg, dom0_dt_res_fn fn,
			    void *arg, char *err, size_t errlen);

#endif
