/* SPDX-License-Identifier: MIT */
/*
 * Test-facing side of the fake arch (hyp/arch/host): fake RAM for the
 * directmap, and catching panics.
 */
#ifndef HOST_FAKE_H
#define HOST_FAKE_H

#include <hyp/compiler.h>
#include <hyp/types.h>

#include <setjmp.h>
#include <stdbool.h>

/*
 * Fake RAM: host memory standing for physical ranges, so maddr_to_virt()
 * and virt_to_maddr() work. Translations outside every range abort.
 * Memory is reserved lazily (untouched pages cost nothing) and starts zeroed.
 */
#define HOST_FAKE_MAX_RAM 8
/* Drop all ranges, then map [base, base + size). */
void host_fake_ram_init(paddr_t base, u64 size);
/* Map one more range; it must not overlap the others. */
void host_fake_ram_add(paddr_t base, u64 size);
/* Unmap all ranges. */
void host_fake_ram_fini(void);
/* Set every byte of every range to c (e.g. garbage before a scrub test). */
void host_fake_ram_fill(int c);

/*
 * arch_clean_dcache_poc() records, per page cleaned whole, how often and
 * its contents at the time. current: cleaned after its last change.
 */
void host_fake_clean_reset(void);
unsigned int host_fake_clean_count(const void *va);
bool host_fake_clean_current(const void *va);

/* Armed by HOST_EXPECT_PANIC; panic() jumps here instead of aborting. */
extern jmp_buf *host_fake_panic_jmp;
/* The message of the last panic. */
extern char host_fake_panic_msg[512];

extern unsigned long host_fake_daif;

/*
 * Run the statement and fail the (cmocka) test unless it panics. Whatever
 * the panicking code left behind, such as a held lock, stays as it was:
 * reinitialise that state before using it again. The interrupt mask is
 * restored.
 */
#define HOST_EXPECT_PANIC(...)                                               \
	do {                                                                 \
		jmp_buf host_env_;                                           \
		jmp_buf *volatile host_prev_ = host_fake_panic_jmp;          \
		volatile unsigned long host_daif_ = host_fake_daif;          \
		volatile bool host_panicked_ = false;                        \
		host_fake_panic_jmp = &host_env_;                            \
		if (setjmp(host_env_) == 0) {                                \
			__VA_ARGS__;                                         \
		} else {                                                     \
			host_panicked_ = true;                               \
		}                                                            \
		host_fake_panic_jmp = host_prev_;                            \
		host_fake_daif = host_daif_;                                 \
		if (!host_panicked_)                                         \
			fail_msg("expected a panic from: %s", #__VA_ARGS__); \
	} while (0)

#endif
