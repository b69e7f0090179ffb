/* SPDX-License-Identifier: MIT */
/* The boot sequence shared by all architectures (common/setup.c). */
#ifndef HYP_SETUP_H
#define HYP_SETUP_H

#include <hyp/types.h>

struct fdt;

/* Give bootmem all RAM except the image, the DT, modules and reservations. */
void bootmem_setup(paddr_t image, u64 image_size, paddr_t fdt, u64 fdt_size);
/* Everything after memory management is up; does not return. */
__attribute__((noreturn)) void hyp_boot(const struct fdt *fdt);
/* A secondary CPU after its MMU is on; does not return. */
__attribute__((noreturn)) void secondary_cpu_main(unsigned int cpu);
/* Let panic() stop the other CPUs (needs the GIC). */
void panic_init_ipi(void);

#endif
