/* SPDX-License-Identifier: MIT */
/*
 * Test-facing side of hyp/arch/host/fake_guest.c: a fake current vCPU,
 * guest memory access, domain lookup, and recorders for the vGIC and the
 * scheduler, for unit tests of hypercall code.
 *
 * Every fake there is a weak symbol: a test that links the real
 * implementation (common/domain.c, vdev/vgic.c, ...) gets the real one.
 *
 * Guest virtual addresses (copy_from_guest / copy_to_guest) are host
 * pointers: a test passes (u64)(uintptr_t)&its_struct. Addresses below
 * HOST_FAKE_GVA_FAULT_BELOW fault (-EFAULT), and a test can make the next
 * copies fail on purpose.
 *
 * xmalloc/xzalloc/xfree are the host's calloc/free (weak too), and a test
 * can make one of the next allocations fail.
 *
 * Guest frames: gfn_to_mfn_ram() looks up ranges registered with
 * host_fake_gfn_map(); the frames should be fake RAM (host_fake.h) so that
 * maddr_to_virt() works on them.
 */
#ifndef HOST_FAKE_GUEST_H
#define HOST_FAKE_GUEST_H

#include <hyp/domain.h>
#include <hyp/types.h>

#define HOST_FAKE_GVA_FAULT_BELOW 0x10000ULL

/* Forget domains, frame maps, failure injections and recorded calls. */
void host_fake_guest_reset(void);

/* domain_find() answers for registered domains (at most 64). */
void host_fake_domain_register(struct domain *d);
void host_fake_domain_unregister(struct domain *d);

/* Guest frames [gfn, gfn + nr) of d are host frames [mfn, mfn + nr). */
void host_fake_gfn_map(struct domain *d, u64 gfn, u64 mfn, u64 nr);

/* Make the next n copy_from_guest / copy_to_guest calls fail. */
void host_fake_fail_copy_from_guest(unsigned int n);
void host_fake_fail_copy_to_guest(unsigned int n);

/* Make the n-th xmalloc-family allocation from now (1: the next) fail. */
void host_fake_fail_alloc(unsigned int n);

/* vgic_inject() calls: how many, the last one, and the line per vCPU. */
struct host_fake_inject {
	struct domain *d;
	struct vcpu *v;
	unsigned int intid;
	bool level;
};
unsigned long host_fake_nr_injects(void);
struct host_fake_inject host_fake_last_inject(void);
/* Last level given for (v, intid); false if never injected. */
bool host_fake_vgic_level(struct vcpu *v, unsigned int intid);
/* vgic_inject(level = true) calls for (v, intid). */
unsigned long host_fake_nr_raises(struct vcpu *v, unsigned int intid);

/* vcpu_wake() calls: it clears the flag in v->pause_flags. */
unsigned long host_fake_nr_wakes(struct vcpu *v);

/*
 * Guest atomics (asm/guest_atomic.h of the fake arch): after letting
 * host_fake_stxr_ok_first through, make the next host_fake_stxr_fail
 * store-exclusives fail (~0UL: all), count the attempts, and see the
 * domains domain_crash_deferred() was asked to crash (it sets
 * d->crash_deferred). host_fake_guest_atomic_reset() clears all of it.
 */
extern unsigned long host_fake_stxr_ok_first;
extern unsigned long host_fake_stxr_fail;
extern unsigned long host_fake_stxr_attempts;
void host_fake_guest_atomic_reset(void);
unsigned long host_fake_nr_crash_deferred(void);
struct domain *host_fake_last_crash_deferred(void);

#endif
