/* SPDX-License-Identifier: MIT */
/*
 * Exceptions taken by the guest.
 *
 * An exception nobody expects ends the test with ERROR and a decoded
 * description. A test that wants to provoke one has two ways to say so:
 *
 *  - an exception-table entry (EXTABLE() in inline assembly, or the probe_*
 *    helpers below): a synchronous exception whose ELR lies in [from, to]
 *    resumes at `fixup`, and the fault is recorded in this CPU's
 *    struct fault_record (fault_clear() / fault_last());
 *  - a per-CPU handler (set_sync_handler()): called for every synchronous
 *    exception first; returning true means "handled, resume" (it may edit
 *    the frame, e.g. advance ELR).
 *
 * Synchronous exceptions from EL0 (vector slots VEC_EL0_64_SYNC and
 * VEC_EL0_32_SYNC) go to the per-CPU handler set with
 * set_lower_sync_handler(), or end the test with ERROR.
 */
#ifndef GUEST_TRAPS_H
#define GUEST_TRAPS_H

#include <lib.h>

struct trap_frame {
	u64 x[31];
	u64 sp; /* SP at the time of the exception */
	u64 elr;
	u64 spsr;
	u64 esr;
	u64 far;
};

/* ESR_ELx fields and exception classes. */
#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define ESR_IL (1UL << 25)
#define ESR_ISS(esr) ((esr)&0x1ffffff)
#define EC_UNKNOWN 0x00
#define EC_CP15_32 0x03
#define EC_CP15_64 0x04
#define EC_WFX 0x01
#define EC_FP 0x07
#define EC_ILLEGAL 0x0e
#define EC_SVC32 0x11
#define EC_SVC64 0x15
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_SYSREG 0x18
#define EC_IABT_LOW 0x20
#define EC_IABT_CUR 0x21
#define EC_PC_ALIGN 0x22
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25
#define EC_SP_ALIGN 0x26
#define EC_SERROR 0x2f
#define EC_BRK64 0x3c
/* Data/instruction abort ISS. */
#define ISS_FSC(iss) ((iss)&0x3f)
#define ISS_WNR (1UL << 6)
#define ISS_ISV (1UL << 24)

struct fault_record {
	bool taken;
	unsigned int slot; /* vector slot (VEC_*) */
	u64 esr, far, elr;
};

/* Clear this CPU's fault record. */
void fault_clear(void);
/* This CPU's fault record (taken == false if nothing was caught). */
const struct fault_record *fault_last(void);

typedef bool (*sync_handler_t)(struct trap_frame *frame);
/* Install (or remove with NULL) this CPU's synchronous-exception handler. */
void set_sync_handler(sync_handler_t fn);

typedef bool (*lower_sync_handler_t)(struct trap_frame *frame,
				     unsigned int slot);
/* Install (or remove with NULL) this CPU's handler of exceptions from EL0. */
void set_lower_sync_handler(lower_sync_handler_t fn);

/* IRQ dispatch hook (gic.c installs it). */
extern void (*irq_dispatch)(struct trap_frame *frame);

/*
 * Exception-table entry for inline assembly: a synchronous exception with
 * ELR in [from, to] (labels) resumes at fixup.
 */
#define EXTABLE(from, to, fixup)                                            \
	".pushsection .ex_table, \"a\"\n\t.balign 8\n\t.quad " from ", " to \
	", " fixup "\n\t.popsection\n\t"

/*
 * Probes: single accesses that may fault. They return true when the access
 * completed (*val filled for reads) and false when it faulted; the fault is
 * then in fault_last().
 */
bool probe_read8(u64 va, u8 *val);
bool probe_read32(u64 va, u32 *val);
bool probe_read64(u64 va, u64 *val);
bool probe_write32(u64 va, u32 val);
bool probe_write64(u64 va, u64 val);
/* Fetch and run the instruction(s) at va: a `ret` there returns true. */
bool probe_exec(u64 va);

/* Human-readable names, for messages. */
const char *esr_class_name(u64 esr);
const char *fsc_name(unsigned int fsc);
const char *vector_slot_name(unsigned int slot);
/* Print a full decoded description of an exception frame. */
void dump_frame(const struct trap_frame *f, unsigned int slot);

#endif /* GUEST_TRAPS_H */
