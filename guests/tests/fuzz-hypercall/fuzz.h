/* SPDX-License-Identifier: MIT */
/*
 * Shared declarations of the hypercall / SMCCC / MMIO / system-register
 * fuzzer (see main.c for what it does and what counts as a pass).
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <test.h>

/* ---- configuration (main.c) ---- */

struct fuzz_config {
	u64 seed;
	u64 iterations;	 /* operations on vCPU 0 */
	u64 max_ms;	 /* stop earlier after this long (0: no limit) */
	u64 trace_from;	 /* print every operation from this index on */
	bool no_worker;	 /* no concurrent operations on vCPU 1 */
	bool no_partner; /* skip the domain 2 heartbeat check */
};
extern struct fuzz_config cfg;

/* ---- pseudo-random numbers (gen.c) ---- */

struct rng {
	u64 s;
};
u64 rng_next(struct rng *r);
/* Uniform in [0, n) (n > 0). */
u64 rng_below(struct rng *r, u64 n);
/* True with probability pct / 100. */
bool rng_pct(struct rng *r, unsigned int pct);

/* ---- the scratch area and values (gen.c) ---- */

/*
 * Every address or frame number the fuzzer hands the hypervisor points
 * into the scratch area (the last SCRATCH_PAGES of RAM), at nothing, at
 * MMIO, or is plain garbage: never at the fuzzer's own code, data or
 * stacks, so whatever the hypervisor writes there, the fuzzer survives.
 */
#define SCRATCH_PAGES 16
#define SCRATCH_SIZE (SCRATCH_PAGES * PAGE_SIZE)
extern u64 scratch_base, scratch_end;

void gen_init(void);
/* A value of any kind (integer, pointer, frame number), sanitized. */
u64 gen_val(struct rng *r);
u64 gen_int(struct rng *r);
/* A guest virtual address: scratch (often at page edges), MMIO, none. */
u64 gen_ptr(struct rng *r);
/* A scratch pointer with room for len bytes before the scratch end. */
u64 gen_scratch_ptr(struct rng *r, size_t len);
u64 gen_gfn(struct rng *r);
u64 gen_domid(struct rng *r);
u64 gen_port(struct rng *r);
/* Replace a RAM address / frame number outside scratch by a scratch one. */
u64 sanitize(u64 v);
/* Fill guest-visible bytes [p, p+len) of scratch with generated words. */
void gen_fill(struct rng *r, u64 p, size_t len);
/*
 * Make sure no 8-byte window starting at p + 8k (k < nwords) decodes as a
 * RAM address or frame number outside scratch (for misaligned pointers).
 */
void sanitize_windows(u64 p, unsigned int nwords);
/* Is [p, p+len) inside live scratch? */
bool in_scratch(u64 p, size_t len);
/*
 * After calls that may unmap guest RAM (memory_op, grant ops): find
 * scratch pages that went away, try to get them back, stop using the ones
 * that stay gone. Returns the number of usable pages.
 */
unsigned int scratch_check(void);
/* Safe byte writes to scratch (pages may be gone; faults are absorbed). */
void scratch_memset(u64 p, u8 c, size_t len);
void scratch_write64(u64 p, u64 v);

/* ---- operations (ops.c) ---- */

enum op_kind {
	OP_HYPERCALL,
	OP_MULTICALL,
	OP_SMCCC_HVC,
	OP_SMCCC_SMC,
	OP_MMIO,
	OP_SYSREG,
	OP_INSN,
	OP_BLOCK,
	NR_OP_KINDS,
};

/* One record of the ring of the last operations. */
struct op_rec {
	u64 iter;
	u32 kind;
	u32 cpu;
	u64 a[8];
	u64 ret;
	bool fault;
	u64 esr;
};

#define RING_SIZE 16
void ring_dump(void);

struct fuzz_stats {
	u64 ops[NR_OP_KINDS];
	u64 faults;	/* exceptions injected into the guest and caught */
	u64 blocking;	/* calls that may block, made with a wake-up armed */
	u64 pages_lost; /* scratch pages the hypervisor took away for good */
	u64 worker_ops;
	u64 gnt_frames; /* own grant-table frames mapped */
	u64 gnt_maps;	/* grant mappings made */
};
extern struct fuzz_stats stats;

/* Run one random operation on vCPU 0. */
void op_random(struct rng *r, u64 iter);
/* Run one random operation of the concurrent worker (vCPU 1). */
void op_worker(struct rng *r, u64 iter);
void ops_init(void);
/* Install the fuzzer's exception handler on the calling vCPU. */
void ops_install_handler(void);
/* Stop fuzzing after this operation: something unexpected happened. */
extern volatile bool fuzz_stop;
/* Report an unexpected result: failure message, ring dump, stop. */
void fuzz_unexpected(const char *fmt, ...) __printf(1, 2);

/* ---- known-good state (main.c) ---- */

/*
 * Before a call that may block the vCPU: pause the worker, put the GIC
 * back into a state where the virtual timer interrupt is delivered, and
 * arm the timer to fire in a few ms, so the call always returns.
 */
void block_prepare(void);
/* Arm the wake-up: call right before the blocking call itself. */
void block_arm(void);
void block_finish(void);

/* ---- access stubs (access.S) ---- */

/* MMIO accesses of every kind; a fault lands in fault_last(). */
enum mmio_kind {
	MK_LDRB,
	MK_LDRH,
	MK_LDRW,
	MK_LDRX,
	MK_LDRSB,
	MK_LDRSH,
	MK_LDRSW,
	MK_STRB,
	MK_STRH,
	MK_STRW,
	MK_STRX,
	MK_LDPW,
	MK_LDPX,
	MK_STPW,
	MK_STPX,
	MK_LDR_POST,
	MK_STR_PRE,
	MK_LDXRW,
	MK_LDARW,
	MK_STLRW,
	MK_DC_CIVAC,
	MK_DC_IVAC,
	NR_MMIO_KINDS,
};
u64 fz_mmio(u64 addr, u64 val, unsigned int kind);
/* SMCCC call: x0-x7 from regs[], results back into regs[]. */
void fz_smccc_hvc(u64 regs[8]);
void fz_smccc_smc(u64 regs[8]);
/* ICC_SGI1R_EL1 and CNTP_* accessors (trapped to the hypervisor). */
void fz_write_sgi1r(u64 v);
u64 fz_read_cntp(unsigned int which);
void fz_write_cntp(unsigned int which, u64 v);
u64 fz_read_actlr(void);
void fz_write_actlr(u64 v);
extern char fz_access_start[], fz_access_end[];

#endif
