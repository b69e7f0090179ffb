/* SPDX-License-Identifier: MIT */
/*
 * A minimal GICv2/GICv3 driver: distributor, CPU interface (GICC MMIO or
 * ICC system registers) and redistributors, all interrupts in group 1 at
 * one priority. IRQ handlers run with interrupts masked.
 */
#ifndef GUEST_GIC_H
#define GUEST_GIC_H

#include <lib.h>

#define GIC_SPURIOUS 1023
#define GIC_PRIO_DEFAULT 0xa0

typedef void (*irq_handler_t)(u32 intid, void *arg);

/* Set up the distributor and this CPU's interface; false if no GIC. */
bool gic_init(void);
/* Set up the calling CPU's interface (secondaries do it on start). */
void gic_init_cpu(void);
unsigned int gic_version(void);
/* Number of interrupt lines (GICD_TYPER.ITLinesNumber). */
unsigned int gic_nr_lines(void);

void gic_enable_irq(u32 intid);
void gic_disable_irq(u32 intid);
bool gic_irq_enabled(u32 intid);
void gic_set_priority(u32 intid, u8 prio);
bool gic_irq_pending(u32 intid);
void gic_set_pending(u32 intid);
void gic_clear_pending(u32 intid);
/* Route an SPI to a vCPU. */
void gic_route_spi(u32 intid, unsigned int cpu);
/* Send SGI intid (0-15) to one vCPU. */
void gic_send_sgi(unsigned int cpu, u32 intid);

/*
 * GICv3: RD_base of a started vCPU's redistributor (SGI_base is 64 KiB
 * further), 0 if unknown or on GICv2.
 */
u64 gic_rdist_base(unsigned int cpu);

/*
 * Inside a handler: the raw IAR value of the interrupt being handled on
 * this vCPU (GICv2 SGIs carry the sender in bits [12:10]); GIC_SPURIOUS
 * outside of any handler.
 */
u32 gic_current_iar(void);

/* Acknowledge the highest pending interrupt (raw IAR) / end it. */
u32 gic_ack(void);
void gic_eoi(u32 iar);
u32 gic_iar_intid(u32 iar);

/* Handler for intid (SGI/PPI handlers are shared by all vCPUs). */
void irq_register(u32 intid, irq_handler_t fn, void *arg);
/* Interrupts taken that had no handler. */
extern volatile u32 irq_unhandled;

#endif /* GUEST_GIC_H */
