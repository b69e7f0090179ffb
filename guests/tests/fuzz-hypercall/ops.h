/* SPDX-License-Identifier: MIT */
/*
 * What the operation files share (ops.c: recording and dispatch;
 * ops_hypercall.c: hypercalls and multicalls; ops_gnttab.c: grant-table
 * calls; ops_arch.c: SMCCC, MMIO, system registers, instructions).
 */
#ifndef OPS_H
#define OPS_H

#include "fuzz.h"

/* ---- recording (ops.c) ---- */

struct op_rec *rec_begin(u32 kind, u64 iter, const u64 *a, int n);
void rec_end(struct op_rec *rec, u64 ret);

/* ---- building structures in scratch (ops.c) ---- */

#define BUF_WORDS 32

void buf_random(struct rng *r, u64 *b);
void buf_put(u64 p, const u64 *b);
u64 struct_ptr(struct rng *r);
u64 list_ptr(struct rng *r, u64 (*gen)(struct rng *), unsigned int n,
	     unsigned int size);
u64 now_ns(void);

/* ---- hypercalls (ops_hypercall.c, ops_gnttab.c) ---- */

struct call {
	u64 nr;
	u64 a[5];
	unsigned int flags;
	u64 gnt_idx, gnt_gfn; /* CF_GNTFRAME */
};
#define CF_BLOCKING 1	 /* may block: needs a wake-up armed */
#define CF_MEMORY 2	 /* may change the p2m: check scratch afterwards */
#define CF_WATCHDOG 4	 /* created a watchdog: destroy it */
#define CF_ENOSYS 8	 /* must return -ENOSYS */
#define CF_NO_SUCCESS 16 /* must fail (a domU may not do this) */
#define CF_SKIP 32	 /* nothing to run */
#define CF_GNTFRAME 64	 /* maps a grant-table frame of ours somewhere */

bool nr_is_enosys(u64 nr);
u64 gen_cmd(struct rng *r, unsigned int nr_cmds);
void op_hypercall(struct rng *r, u64 iter);
void op_multicall(struct rng *r, u64 iter);
void gen_grant_table_op(struct rng *r, struct call *c);
/* After a map_grant_ref of n entries at p: remember the handles. */
void gnt_after_map(u64 p, unsigned int n);
/* Our grant-table frame idx is now mapped at gfn. */
void gnt_frame_mapped(u64 idx, u64 gfn);

/* ---- SMCCC, MMIO, system registers (ops_arch.c) ---- */

#define FN_CPU_SUSPEND 0x84000001U
#define FN_CPU_OFF 0x84000002U
#define FN_CPU_ON 0x84000003U
#define FN_AFFINITY_INFO 0x84000004U
#define FN_SYSTEM_OFF 0x84000008U
#define FN_SYSTEM_RESET 0x84000009U
#define FN_PSCI_FEATURES 0x8400000aU
#define FN_CPU_FREEZE 0x8400000bU
#define FN_CPU_DEFAULT_SUSPEND 0x8400000cU
#define FN_SYSTEM_SUSPEND 0x8400000eU
#define FN_SYSTEM_RESET2 0x84000012U
#define FN_64 0x40000000U

u32 gen_fn(struct rng *r);
u64 gen_mpidr(struct rng *r);
u64 gicr_span(void);
void op_smccc(struct rng *r, u64 iter, bool smc);
void op_mmio(struct rng *r, u64 iter);
void op_sysreg(struct rng *r, u64 iter);
void op_insn(struct rng *r, u64 iter);

#endif
