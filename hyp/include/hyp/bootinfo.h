/* SPDX-License-Identifier: MIT */
/*
 * What the boot device tree tells the hypervisor, parsed once at boot by
 * common/bootinfo.c into plain data. Nothing here points into the DTB:
 * strings are copied, so the DTB may move or be freed later.
 */
#ifndef HYP_BOOTINFO_H
#define HYP_BOOTINFO_H

#include <hyp/types.h>

#define BOOT_MAX_MEM_BANKS 32
#define BOOT_MAX_RESERVED 64
#define BOOT_MAX_MODULES 32
#define BOOT_MAX_CPUS 128
#define BOOT_MAX_REDIST_REGIONS 8
#define BOOT_CMDLINE_SIZE 1024
#define BOOT_PATH_SIZE 256

struct membank {
	paddr_t start;
	u64 size;
};

struct meminfo {
	unsigned int nr;
	struct membank bank[BOOT_MAX_MEM_BANKS];
};

struct reserved_meminfo {
	unsigned int nr;
	struct membank bank[BOOT_MAX_RESERVED];
};

/* Module kinds, decided as Xen does (docs/misc/arm/device-tree/booting.txt). */
enum bootmod_kind {
	BOOTMOD_UNKNOWN = 0,
	BOOTMOD_KERNEL,
	BOOTMOD_RAMDISK,
	BOOTMOD_XSM,
	BOOTMOD_GUEST_DTB,
};

struct bootmodule {
	enum bootmod_kind kind;
	paddr_t start;
	u64 size;
	/* DT offset of the owning "xen,domain" node, or -1 for dom0's. */
	int domain_node;
	bool has_cmdline;
	char cmdline[BOOT_CMDLINE_SIZE];
};

enum psci_conduit {
	PSCI_CONDUIT_NONE = 0,
	PSCI_CONDUIT_SMC,
	PSCI_CONDUIT_HVC,
};

struct boot_gic {
	unsigned int version; /* 2 or 3; 0 when none was found */
	int node;	      /* DT offset, for building guest device trees */
	paddr_t dist_base;
	u64 dist_size;
	/* GICv2: CPU interface, hypervisor interface, virtual CPU interface. */
	paddr_t cpu_base;
	u64 cpu_size;
	paddr_t hyp_base;
	u64 hyp_size;
	paddr_t vcpu_base;
	u64 vcpu_size;
	/* GICv3: redistributor regions. */
	unsigned int nr_redist_regions;
	struct membank redist[BOOT_MAX_REDIST_REGIONS];
	u64 redist_stride; /* 0 when not given */
	/* Maintenance interrupt (INTID), 0 when not given. */
	unsigned int maintenance_irq;
};

/* Generic timer PPIs as INTIDs (Arm ARM D11; DT binding arm,armv8-timer). */
struct boot_timer {
	bool present;
	int node;
	unsigned int secure_phys_irq;
	unsigned int phys_irq;
	unsigned int virt_irq;
	unsigned int hyp_irq;
	u32 clock_frequency; /* 0 when the DT gives none */
};

struct bootinfo {
	struct meminfo mem;
	/* /reserved-memory regions and /memreserve/ entries. */
	struct reserved_meminfo reserved;
	unsigned int nr_modules;
	struct bootmodule modules[BOOT_MAX_MODULES];
	/* CPUs from /cpus in DT order; cpu[0] is not necessarily the boot CPU. */
	unsigned int nr_cpus;
	u64 cpu_mpidr[BOOT_MAX_CPUS];
	/* CPU nodes beyond BOOT_MAX_CPUS, left out of cpu_mpidr[]. */
	unsigned int nr_cpus_ignored;
	enum psci_conduit psci;
	u32 psci_cpu_on_id; /* PSCI 0.1 "cpu_on" function id, 0 if absent */
	bool psci_v02;	    /* compatible with arm,psci-0.2 or later */
	struct boot_gic gic;
	struct boot_timer timer;
	/* The hypervisor's command line (xen,xen-bootargs or bootargs). */
	char cmdline[BOOT_CMDLINE_SIZE];
	/* xen,dom0-bootargs when present. */
	bool has_dom0_bootargs;
	char dom0_bootargs[BOOT_CMDLINE_SIZE];
	/* /chosen/stdout-path without any ":options" suffix, "" if absent. */
	char stdout_path[BOOT_PATH_SIZE];
};

struct fdt;

/*
 * Parse everything above from a validated FDT. Returns 0, or a negative
 * errno with a one-line human readable reason in err.
 */
int bootinfo_parse(struct bootinfo *bi, const struct fdt *fdt, char *err,
		   size_t errlen);

/*
 * Checks across nodes, once everything is parsed: every memory bank within
 * the CPU's pa_bits, every module inside one RAM bank and clear of the
 * other modules, the hypervisor image, the DTB and reserved memory.
 * Returns 0, or -EINVAL with a one-line reason in err.
 */
int bootinfo_check_layout(const struct bootinfo *bi, paddr_t image,
			  u64 image_size, paddr_t fdt, u64 fdt_size,
			  unsigned int pa_bits, char *err, size_t errlen);

/*
 * Find a UART by DT path ("/pl011@9000000") or alias ("serial0"); the
 * "dtuart=" and stdout-path conventions. Fills the first reg region.
 * Returns the node offset or a negative errno.
 */
int bootinfo_find_uart(const struct fdt *fdt, const char *path_or_alias,
		       paddr_t *base, u64 *size);

const char *bootmod_kind_name(enum bootmod_kind kind);

extern struct bootinfo bootinfo;

#endif
