/* SPDX-License-Identifier: MIT */
/* What the runtime learnt from the DT it was booted with. */
#ifndef GUEST_PLATFORM_H
#define GUEST_PLATFORM_H

#include <arch.h>
#include <lib.h>

struct platform {
	const void *dtb;
	u32 dtb_size;
	u64 ram_base, ram_size; /* first bank of the memory node */
	u64 ram_total;		/* all banks */
	unsigned int nr_cpus;	/* cpu nodes (at most MAX_CPUS kept) */
	unsigned int nr_cpus_dt;
	u64 mpidr[MAX_CPUS];
	unsigned int gic_version; /* 0: none found */
	u64 gicd_base, gicd_size;
	u64 gicc_base, gicc_size; /* GICv2 */
	u64 gicr_base, gicr_size; /* GICv3: first redistributor region */
	u64 uart_base;		  /* SBSA/PL011 UART, 0: none */
	u32 uart_spi;
	bool psci_hvc;	      /* /psci method = "hvc" */
	bool hypervisor_node; /* /hypervisor compatible "xen,xen" */
	u64 gnttab_base, gnttab_size;
	u32 evtchn_ppi; /* INTID from /hypervisor, else 31 */
	u64 timer_freq;
};

extern struct platform platform;

/* Parse the DT. Returns false (and says why) if it is unusable. */
bool platform_init(const void *dtb);
void platform_print(void);

#endif /* GUEST_PLATFORM_H */
