/* SPDX-License-Identifier: MIT */
/*
 * Domains and virtual CPUs.
 *
 * Each subsystem owns its own per-domain and per-vCPU state behind a
 * pointer (vgic, event channels, vpl011), so this header stays small and
 * subsystems can be built and tested alone.
 *
 * Lock order (outermost first): domlist_lock > domain->lock >
 * per-subsystem locks (evtchn, vgic) > scheduler runqueue locks.
 */
#ifndef HYP_DOMAIN_H
#define HYP_DOMAIN_H

#include <hyp/list.h>
#include <hyp/quiesce.h>
#include <hyp/sched_credit.h>
#include <hyp/spinlock.h>
#include <hyp/timer.h>
#include <hyp/types.h>
#include <asm/domain.h>
#include <public/vcpu.h>
#include <public/xen.h>

#define MAX_VIRT_CPUS 128
#define POLL_ANY_PORT 0xffffffffU
#define NR_HVM_PARAMS 39

struct vgic_dist;
struct vgic_cpu;
struct evtchn_domain;
struct grant_table;
struct vpl011;
struct shared_info;
struct vcpu_info;
struct domctl_state;

/* Why a vCPU may not run; it runs when none is set (pause_flags). */
#define VPF_DOWN (1U << 0)    /* not brought up (PSCI CPU_OFF / never on) */
#define VPF_BLOCKED (1U << 1) /* waiting in WFI / SCHEDOP_block / poll */
#define VPF_PAUSED (1U << 2)  /* domain paused, shut down or dying */

struct vcpu {
	unsigned int vcpu_id;
	struct domain *domain;

	/* Scheduling: common/sched.c owns these, under the runqueue lock. */
	unsigned int processor;	  /* pCPU it runs on or is queued on */
	u64 hard_affinity;	  /* bitmap of pCPUs it may run on */
	unsigned int pause_flags; /* VPF_*, atomically updated */
	bool is_running;
	bool on_runq;
	struct list_head runq_elem;
	s_time_t slice_start;
	s_time_t run_time;		 /* total ns spent running */
	struct sched_credit_vcpu credit; /* weight/cap accounting */

	/* Xen ABI state. */
	struct vcpu_info *vcpu_info; /* hypervisor mapping, never NULL */
	mfn_t vcpu_info_mfn;	     /* guest page holding it, or INVALID_MFN */
	u64 runstate_gva; /* VCPUOP_register_runstate_memory_area, 0 = none */
	struct vcpu_runstate_info runstate;
	u32 runstate_seq; /* odd while runstate is being changed */
	bool initialised; /* has had an entry point (builder or CPU_ON) */
	/* SCHEDOP_poll: 0 = not polling, port + 1, or POLL_ANY_PORT */
	u32 poll_evtchn;
	struct timer poll_timer;

	struct vgic_cpu *vgic;
	struct arch_vcpu arch; /* registers, system registers, timers */
};

enum { REAP_NONE, REAP_WAITING, REAP_DESTROYING };

enum domain_state {
	DOMSTATE_RUNNING,
	DOMSTATE_SHUTDOWN, /* guest asked to stop; shutdown_code says why */
	DOMSTATE_DYING,	   /* being destroyed */
};

struct domain {
	domid_t domain_id;
	char name[64];
	spinlock_t lock;
	struct list_head domlist;

	unsigned int max_vcpus;
	struct vcpu **vcpus;

	bool is_privileged; /* the control domain */
	bool is_console;    /* may use console_io write (dom0less domUs) */
	bool direct_map;    /* guest physical == host physical (dom0) */
	enum domain_state state;
	u8 shutdown_code; /* SHUTDOWN_* */
	unsigned int pause_count;
	/*
	 * Shut down with no control domain: destroyed from the idle loop.
	 * REAP_WAITING, then REAP_DESTROYING while a pCPU destroys it.
	 */
	u8 reap;
	/* domain_crash_deferred(): vCPUs stopped, crash still to be done */
	bool crash_deferred;
	/* domain_shutdown_deferred(): SHUTDOWN_* + 1 to do, 0 if none */
	u8 shutdown_deferred;

	/* Memory: pages owned by the domain (common/domain_mem.c). */
	struct list_head page_list;
	u64 tot_pages;
	u64 nr_ballooned; /* PGF_BALLOONED pages in page_list, under lock */
	u64 max_pages;
	bool max_pages_strict; /* else max_pages 0 means no limit */

	struct shared_info *shared_info; /* hypervisor mapping */
	mfn_t shared_info_mfn;
	gfn_t shared_info_gfn; /* where the guest mapped it, or INVALID_GFN */
	/* SCHEDOP_watchdog (common/watchdog.c), under lock: bit i = id i + 1 */
#define NR_WATCHDOGS 2
	struct timer watchdog[NR_WATCHDOGS];
	unsigned int watchdog_inuse;
	u64 hvm_params[NR_HVM_PARAMS];
	unsigned long vm_assist; /* VMASST_TYPE_* bits enabled */
	u8 handle[16];		 /* xen_domain_handle_t (UUID) */

	/* Toolstack state (common/domctl*.c). */
	struct domctl_state *ctl;
	/* XEN_DOMCTL_destroydomain: when the last lookup of d was possible */
	struct quiesce_snap kill_snap;

	struct evtchn_domain *evtchn;
	struct grant_table *grant_table; /* common/grant_table.c */
	struct vgic_dist *vgic;
	struct vpl011 *vpl011;
	struct sched_credit_dom sched; /* weight, cap (sched_credit.c) */
	struct arch_domain arch;       /* stage-2 tables, VMID, MMIO handlers */
};

/* Parameters for domain_create. */
struct domain_config {
	const char *name;
	unsigned int max_vcpus;
	u64 max_pages;
	/*
	 * Built by the toolstack (XEN_DOMCTL_createdomain): a guest vGIC with
	 * nr_spis SPIs, created paused, no RAM beyond max_pages (0 = none).
	 */
	bool toolstack;
	unsigned int nr_spis; /* SPIs of the virtual GIC beyond 32 */
	bool is_privileged;
	bool is_console;
	bool direct_map;
	bool vpl011;
	unsigned int max_evtchn_port;  /* 0: 1023 */
	unsigned int max_grant_frames; /* 0: the default */
};

struct domain *domain_create(domid_t id, const struct domain_config *cfg,
			     int *err);
void domain_destroy(struct domain *d);
/*
 * Destroying in steps, for XEN_DOMCTL_destroydomain (no waiting inside a
 * hypercall): domain_kill_start() marks d dying (lookups stop finding it)
 * and stops its vCPUs, false if it already was dying; domain_kill_ready()
 * says whether its vCPUs have left their pCPUs and every other pCPU has
 * passed a quiescent state since; domain_kill_finish() then frees it.
 */
bool domain_kill_start(struct domain *d);
bool domain_kill_ready(struct domain *d);
void domain_kill_finish(struct domain *d);
/* Like domain_find(), also returning dying domains (the caller must not
 * keep the pointer past its hypercall). */
struct domain *domain_find_any(domid_t id);
struct domain *domain_find(domid_t id);
/* The domain a hypercall names: DOMID_SELF or its own id. */
struct domain *domain_from_id_self(domid_t id);
void domain_shutdown(struct domain *d, u8 reason);
/* Give a new domain the wall clock dom0 set (common/platform.c). */
void domain_set_wallclock(struct domain *d);
/*
 * After a shutdown: tell the control domain. Without one (dom0less, no
 * dom0) nobody can reap the domain, so a domain that powered off is
 * destroyed by armvisor itself (domain_reap); once no domain runs, the
 * machine powers off.
 */
void domain_shutdown_notify(struct domain *d);
/*
 * Destroy the domains waiting to be reaped. Called from the idle loop: no
 * vCPU is current on this pCPU, so waiting for d's vCPUs cannot deadlock.
 */
void domain_reap(void);
/*
 * Allocate and map zeroed RAM at [gpa, gpa + size) (page aligned)
 * (common/domain_mem.c). At runtime the pages are also cleaned to the
 * Point of Coherency; a domain being built (building) has all its RAM
 * cleaned by domain_clean_ram() once its images are loaded.
 */
int domain_populate_ram(struct domain *d, u64 gpa, u64 size, bool building);
/* Clean all of d's RAM to the Point of Coherency (end of a build). */
void domain_clean_ram(struct domain *d);
/*
 * One extent of decrease_reservation / populate_physmap of d's own RAM
 * (common/balloon.c); 0 or an errno, the extent then not (fully) done.
 */
int balloon_decrease(struct domain *d, gfn_t gfn, unsigned int order);
int balloon_populate(struct domain *d, gfn_t gfn, unsigned int order);
void domain_crash(struct domain *d, const char *why);
/*
 * domain_shutdown(d, reason) from where it cannot run: a timer callback
 * (interrupt context, maybe interrupting a holder of d->lock) or with
 * locks held that it takes (common/domain_deferred.c). Takes no lock;
 * done by the next flush on any pCPU. The first reason asked for wins.
 */
void domain_shutdown_deferred(struct domain *d, u8 reason);
/*
 * Crash the domains domain_crash_deferred() (hyp/guest_atomic.h) marked,
 * shut down those domain_shutdown_deferred() marked.
 * Called with no lock held where domain pointers are safe: a trap before
 * quiesce_leave(), or the idle loop inside quiesce_enter/leave. Both run
 * on the pCPU of a timer callback right after its interrupt (guest entry,
 * or the idle loop's next pass), so deferring from a callback is prompt.
 */
void domain_crash_deferred_flush_slow(void);
/* Some domain may have crash_deferred set: checked on every guest entry. */
extern bool domain_crash_deferred_pending;
static inline void domain_crash_deferred_flush(void)
{
	if (unlikely(__atomic_load_n(&domain_crash_deferred_pending,
				     __ATOMIC_ACQUIRE)))
		domain_crash_deferred_flush_slow();
}
/*
 * SCHEDOP_watchdog (common/watchdog.c): id 0 takes a free watchdog armed
 * for timeout seconds and returns its id, timeout 0 frees id, else re-arms
 * it; -ENOSPC / -EINVAL. Expiry shuts d down with SHUTDOWN_watchdog.
 * init at creation; destroy (kill_timer: no lock held) before d is freed.
 */
long domain_watchdog(struct domain *d, u32 id, u32 timeout);
void domain_watchdog_init(struct domain *d);
void domain_watchdog_destroy(struct domain *d);
void domain_pause(struct domain *d);
void domain_unpause(struct domain *d);
extern struct list_head domain_list;
extern spinlock_t domlist_lock;

/* The vCPU running on this pCPU, or NULL in the idle loop. */
struct vcpu *current_vcpu(void);
void set_current_vcpu(struct vcpu *v);
#define current (current_vcpu())

/* ---- scheduler (common/sched.c) ---- */
void sched_init(void);
void sched_vcpu_init(struct vcpu *v, unsigned int cpu);
void sched_vcpu_destroy(struct vcpu *v);
/* Clear a pause flag and make the vCPU runnable if no flag remains. */
void vcpu_wake(struct vcpu *v, unsigned int flag);
/* Set a pause flag; the vCPU stops at its next exit if running. */
void vcpu_sleep(struct vcpu *v, unsigned int flag);
/* Block the current vCPU unless an event or interrupt is pending. */
void vcpu_block(void);
void vcpu_yield(void);
int vcpu_set_affinity(struct vcpu *v, u64 cpumask);
/* Called on the way back to a guest: run the scheduler if needed. */
void sched_maybe_switch(void);
/* Enter the scheduler loop on this pCPU; never returns. */
__attribute__((noreturn)) void sched_start(void);
void sched_dump(void);
/*
 * A consistent copy of v's runstate; for a vCPU other than the caller the
 * time spent so far in its current state is included (Xen's
 * vcpu_runstate_get).
 */
void vcpu_runstate_get(struct vcpu *v, struct vcpu_runstate_info *out);
/* Nanoseconds pCPU cpu has spent idle since boot (sysctl getcpuinfo). */
u64 sched_cpu_idle_ns(unsigned int cpu);

/* Whether the vCPU has an interrupt or event that should wake it. */
bool vcpu_has_pending_work(struct vcpu *v);

#endif
