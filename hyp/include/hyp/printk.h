/* SPDX-License-Identifier: MIT */
/*
 * printk internals other code needs: the console history ring (for a
 * future `xl dmesg`), the level report for the boot banner, and the rate
 * limiter. printk() itself is declared in hyp/lib.h.
 */
#ifndef HYP_PRINTK_H
#define HYP_PRINTK_H

#include <hyp/types.h>

/* Bytes of console history kept; a power of two. */
#define CONSOLE_RING_SIZE 16384

/*
 * Copy up to len bytes of console history starting at byte *pos (counted
 * since boot; 0 = oldest still kept) and advance *pos. History already
 * overwritten is skipped. Returns the number of bytes copied.
 */
size_t console_ring_read(char *buf, size_t len, u64 *pos);

/* Print the loglvl=/guest_loglvl= thresholds in force (boot banner). */
void printk_show_levels(void);

/*
 * Token bucket shared by all rate-limited messages: true if one more may
 * be printed now (printk_ratelimit_ms / printk_ratelimit_burst).
 */
bool printk_ratelimit(void);

/*
 * From here on printk ignores its lock, as a holder may be dead; call it
 * with console_panic_mode() on the panic path.
 */
void printk_panic_mode(void);

#endif
