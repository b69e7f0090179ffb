/* SPDX-License-Identifier: MIT */
/* arm64 memory-management internals used by the boot sequence. */
#ifndef ASM_MM_H
#define ASM_MM_H

#include <hyp/bootinfo.h>
#include <hyp/types.h>

void mm_early_init(paddr_t load_pa);
void mm_init_final(paddr_t fdt_pa, u64 fdt_size, const struct meminfo *mem);
void mm_page_alloc_ready(void);
paddr_t arch_load_address(void);
void *boot_fdt_virt(paddr_t fdt_pa);
void *early_uart_virt(void);

#endif
