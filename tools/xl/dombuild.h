/* SPDX-License-Identifier: MIT */
/*
 * The domain builder: makes a domain from an xl_domcfg the way Xen's
 * libxl/libxc do on Arm, so that an unmodified Linux boots in it:
 *
 *  1. createdomain (hvm|hap, vCPUs, GIC version, nr_spis, UUID), max_mem,
 *     address size 64, the stage-2 page-table pool;
 *  2. RAM at GUEST_RAM0_BASE, past 3 GiB also at GUEST_RAM1_BASE (2 MiB
 *     extents where possible), the four
 *     "magic" pages at GUEST_MAGIC_BASE: console, xenstore, (memaccess),
 *     vuart ring;
 *  3. the kernel Image at RAM base + text_offset; the ramdisk and our own
 *     device tree at the end of RAM (below 128 MiB past its base when RAM
 *     is larger), as libxc places them; caches cleaned (cacheflush);
 *  4. console and xenstore event channels allocated in the domain for
 *     dom0 (alloc_unbound), the HVM params CONSOLE_PFN/EVTCHN and
 *     STORE_PFN/EVTCHN set; the vpl011 set up when asked (vuart_op);
 *  5. passthrough: iomem= (iomem_permission, memory_mapping), irqs=
 *     (irq_permission, bind_pt_irq, 1:1), device_tree= merged into the
 *     guest DT; dtdev= is refused (it needs an IOMMU);
 *  6. vCPU 0: pc = kernel entry, x0 = device tree, EL1h with DAIF masked,
 *     MMU off; hard affinity from cpus=.
 * The domain is left paused; the caller adds xenstore entries, tells the
 * console daemon and unpauses.
 */
#ifndef TOOLS_XL_DOMBUILD_H
#define TOOLS_XL_DOMBUILD_H

#include <stdint.h>
#include <stdio.h>

#include "xc.h"
#include "xlcfg.h"

#define MAGIC_CONSOLE 0
#define MAGIC_XENSTORE 1
#define MAGIC_MEMACCESS 2
#define MAGIC_VUART 3
#define NR_MAGIC_PAGES 4

struct dom_result {
	uint32_t domid;
	uint8_t uuid[16];
	unsigned int gic_version; /* 2 or 3 */
	xen_pfn_t console_gfn, store_gfn, vuart_gfn;
	uint32_t console_port, store_port, vuart_port;
	uint64_t kernel_addr, dtb_addr, ramdisk_addr, ramdisk_size;
};

/*
 * Xen's guest RAM banks (public/arch-arm.h) for memory_mb of RAM, as libxl
 * splits it: bank 0 at GUEST_RAM0_BASE up to its 3 GiB, the rest at
 * GUEST_RAM1_BASE. Returns how many banks are used (1 or 2; 0 if it does
 * not fit GUEST_RAM_MAX or is 0); base/size of unused banks are 0.
 */
unsigned int dombuild_ram_banks(uint64_t memory_mb,
				uint64_t base[GUEST_RAM_BANKS],
				uint64_t size[GUEST_RAM_BANKS]);
/* A device_tree= partial DT, checked (fdt_partial_check). */
struct dom_partial {
	const void *blob;
	size_t len;
};

/*
 * The domain's device tree (fdt malloc'd, *len bytes), or NULL. pfdt (may
 * be NULL): its /passthrough and /aliases are copied in, as libxl does.
 */
void *dombuild_dt(const struct xl_domcfg *cfg, const struct dom_result *r,
		  uint32_t clock_frequency, const struct dom_partial *pfdt,
		  size_t *len);
/* Build it; on failure the half-built domain is destroyed. 0 or -1. */
int dombuild(struct xc *xc, const struct xl_domcfg *cfg, struct dom_result *r,
	     FILE *log);

#endif /* TOOLS_XL_DOMBUILD_H */
