/* SPDX-License-Identifier: MIT */
/*
 * printk with Xen's log levels and thresholds. A message of level L (0 =
 * error .. 3 = debug) is printed when L < lower threshold, rate limited
 * when lower <= L < upper, and dropped when L >= upper. loglvl= and
 * guest_loglvl= set the two thresholds for hypervisor and guest-caused
 * (<G>) messages. Output is prefixed per line, kept in a history ring and
 * handed to console_write().
 */
#include <hyp/lib.h>
#include <hyp/console.h>
#include <hyp/errno.h>
#include <hyp/param.h>
#include <hyp/printk.h>
#include <hyp/spinlock.h>
#include <hyp/timer.h>

#define PRINTK_PREFIX "(HYP) "
#define PRINTK_BUF_SIZE 256
#define TRUNC_MARK "[...]"

enum { LVL_ERR, LVL_WARNING, LVL_INFO, LVL_DEBUG };

/* Threshold values, as in Xen: the number of levels let through. */
enum { THR_NONE, THR_ERROR, THR_WARNING, THR_INFO, THR_ALL };

/*
 * Xen's defaults (xen/drivers/char/console.c): a release build prints
 * everything up to info and rate limits guest errors and warnings
 * (loglvl=info, guest_loglvl=none/warning); a debug build prints all.
 */
#ifdef HYP_DEBUG
static int log_lower = THR_ALL, log_upper = THR_ALL;
static int guest_lower = THR_ALL, guest_upper = THR_ALL;
#else
static int log_lower = THR_INFO, log_upper = THR_INFO;
static int guest_lower = THR_NONE, guest_upper = THR_WARNING;
#endif

/* Xen's fixed values; options here so a noisy guest can be tamed. */
static unsigned int printk_ratelimit_ms = 5000;
static unsigned int printk_ratelimit_burst = 10;
integer_param("printk_ratelimit_ms", printk_ratelimit_ms);
integer_param("printk_ratelimit_burst", printk_ratelimit_burst);

/* ---- loglvl= / guest_loglvl= ---- */

static const struct {
	const char *name;
	int thr;
} lvl_names[] = {
	{"none", THR_NONE}, {"error", THR_ERROR}, {"warning", THR_WARNING},
	{"info", THR_INFO}, {"debug", THR_ALL},	  {"all", THR_ALL},
};

/* Xen matches a level name as a prefix and looks at what follows. */
static bool parse_one_level(const char **ps, int *thr)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(lvl_names); i++) {
		size_t n = strlen(lvl_names[i].name);

		if (!strncmp(*ps, lvl_names[i].name, n)) {
			*ps += n;
			*thr = lvl_names[i].thr;
			return true;
		}
	}
	return false;
}

/* <level>[/<rate-limited level>]; nothing changes unless all is valid. */
static int parse_levels(const char *s, int *lower, int *upper)
{
	int lo, up;

	if (!s || !parse_one_level(&s, &lo))
		return -EINVAL;
	up = lo;
	if (*s == '/') {
		s++;
		if (!parse_one_level(&s, &up))
			return -EINVAL;
	}
	if (*s)
		return -EINVAL;
	if (up < lo)
		up = lo;
	WRITE_ONCE(*lower, lo);
	WRITE_ONCE(*upper, up);
	return 0;
}

static int parse_loglvl(const char *s)
{
	return parse_levels(s, &log_lower, &log_upper);
}
custom_param("loglvl", parse_loglvl);

static int parse_guest_loglvl(const char *s)
{
	return parse_levels(s, &guest_lower, &guest_upper);
}
custom_param("guest_loglvl", parse_guest_loglvl);

/* ---- output and history ---- */

static DEFINE_SPINLOCK(printk_spinlock);
static bool panic_mode;
static bool at_line_start = true;

static char ring[CONSOLE_RING_SIZE];
static u64 ring_head; /* bytes ever written */

/* Returns whether the lock was taken: not in panic mode. */
static bool printk_lock(unsigned long *flags)
{
	if (READ_ONCE(panic_mode)) {
		*flags = local_irq_save();
		return false;
	}
	*flags = spin_lock_irqsave(&printk_spinlock);
	return true;
}

static void printk_unlock(bool locked, unsigned long flags)
{
	if (locked)
		spin_unlock_irqrestore(&printk_spinlock, flags);
	else
		local_irq_restore(flags);
}

void printk_panic_mode(void)
{
	WRITE_ONCE(panic_mode, true);
}

static void ring_put(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		ring[(ring_head + i) & (CONSOLE_RING_SIZE - 1)] = s[i];
	ring_head += len;
}

static void out(const char *s, size_t len)
{
	console_write(s, len);
	ring_put(s, len);
}

/* With printk_lock held: prefix every line start, including continuations. */
static void emit_locked(const char *s, size_t len)
{
	while (len) {
		const char *nl = memchr(s, '\n', len);
		size_t n = nl ? (size_t)(nl - s) + 1 : len;

		if (at_line_start)
			out(PRINTK_PREFIX, sizeof(PRINTK_PREFIX) - 1);
		out(s, n);
		at_line_start = nl != NULL;
		s += n;
		len -= n;
	}
}

static void emit_lost_locked(unsigned int lost)
{
	char msg[48];
	int n;

	if (!lost)
		return;
	if (!at_line_start)
		emit_locked("\n", 1);
	n = snprintf(msg, sizeof(msg), "printk: %u messages suppressed.\n",
		     lost);
	if (n > 0)
		emit_locked(msg, MIN((size_t)n, sizeof(msg) - 1));
}

size_t console_ring_read(char *buf, size_t len, u64 *pos)
{
	unsigned long flags;
	bool locked;
	u64 p = pos ? *pos : 0;
	size_t i, n;

	if (!buf)
		len = 0;
	locked = printk_lock(&flags);
	if (p > ring_head)
		p = ring_head;
	if (ring_head - p > CONSOLE_RING_SIZE)
		p = ring_head - CONSOLE_RING_SIZE;
	n = (size_t)MIN((u64)len, ring_head - p);
	for (i = 0; i < n; i++)
		buf[i] = ring[(p + i) & (CONSOLE_RING_SIZE - 1)];
	printk_unlock(locked, flags);
	if (pos)
		*pos = p + n;
	return n;
}

/* ---- rate limiting ---- */

static DEFINE_SPINLOCK(ratelimit_lock);
static bool rl_started;
static u64 rl_tokens; /* in ms of credit */
static u64 rl_last_ms;
static unsigned int rl_missed;

/* Takes a token if one is there; *lost returns the count dropped before. */
static bool ratelimit_take(unsigned int *lost)
{
	u64 ms = READ_ONCE(printk_ratelimit_ms);
	u64 cap = ms * READ_ONCE(printk_ratelimit_burst);
	s_time_t now = NOW();
	u64 now_ms = now > 0 ? (u64)now / 1000000 : 0;
	unsigned long flags;
	bool ok;

	flags = spin_lock_irqsave(&ratelimit_lock);
	if (!rl_started) {
		/* Start with a full bucket, as Xen does. */
		rl_started = true;
		rl_tokens = cap;
		rl_last_ms = now_ms;
	}
	if (now_ms > rl_last_ms) {
		u64 delta = now_ms - rl_last_ms;

		rl_tokens = delta > cap ? cap : rl_tokens + delta;
		rl_last_ms = now_ms;
	}
	if (rl_tokens > cap)
		rl_tokens = cap;

	ok = rl_tokens >= ms;
	*lost = 0;
	if (ok) {
		rl_tokens -= ms;
		*lost = rl_missed;
		rl_missed = 0;
	} else if (rl_missed != ~0U) {
		rl_missed++;
	}
	spin_unlock_irqrestore(&ratelimit_lock, flags);
	return ok;
}

bool printk_ratelimit(void)
{
	unsigned int lost;
	unsigned long flags;
	bool locked;
	bool ok = ratelimit_take(&lost);

	if (lost) {
		locked = printk_lock(&flags);
		emit_lost_locked(lost);
		printk_unlock(locked, flags);
	}
	return ok;
}

/* ---- printk ---- */

static bool fmt_ends_in_newline(const char *fmt)
{
	size_t n = strlen(fmt);

	return n && fmt[n - 1] == '\n';
}

void vprintk(const char *fmt, va_list ap)
{
	char buf[PRINTK_BUF_SIZE];
	int lvl = -1, lower, upper, n;
	unsigned int lost = 0;
	unsigned long flags;
	bool locked;
	bool guest = false;
	size_t len;

	if (!fmt)
		return;
	/* Prefixes like Xen's: any of <0>..<3> and <G>, in any order. */
	while (fmt[0] == '<' && fmt[1] && fmt[2] == '>') {
		if (fmt[1] == 'G') {
			guest = true;
		} else if (fmt[1] >= '0' && fmt[1] <= '3') {
			lvl = fmt[1] - '0';
		}
		fmt += 3;
	}
	if (lvl < 0)
		lvl = guest ? LVL_WARNING : LVL_INFO;
	lower = guest ? READ_ONCE(guest_lower) : READ_ONCE(log_lower);
	upper = guest ? READ_ONCE(guest_upper) : READ_ONCE(log_upper);

	if (lvl >= lower) {
		if (lvl >= upper || !ratelimit_take(&lost))
			return;
	}

	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n < 0)
		n = 0;
	len = (size_t)n;
	if (len >= sizeof(buf)) {
		/* Cut lines say so, and keep their newline. */
		const char *mark =
			fmt_ends_in_newline(fmt) ? TRUNC_MARK "\n" : TRUNC_MARK;
		size_t mlen = strlen(mark);

		len = sizeof(buf) - 1;
		memcpy(buf + len - mlen, mark, mlen);
	}

	locked = printk_lock(&flags);
	emit_lost_locked(lost);
	emit_locked(buf, len);
	printk_unlock(locked, flags);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

static const char *thr_name(int thr)
{
	static const char *const names[] = {"none", "error", "warning", "info",
					    "all"};

	return thr >= 0 && thr < (int)ARRAY_SIZE(names) ? names[thr] : "?";
}

void printk_show_levels(void)
{
	char msg[128];
	unsigned long flags;
	bool locked;
	int n;

	n = snprintf(msg, sizeof(msg),
		     "Log levels: loglvl=%s/%s guest_loglvl=%s/%s, "
		     "rate limit %u per %u ms\n",
		     thr_name(READ_ONCE(log_lower)),
		     thr_name(READ_ONCE(log_upper)),
		     thr_name(READ_ONCE(guest_lower)),
		     thr_name(READ_ONCE(guest_upper)),
		     READ_ONCE(printk_ratelimit_burst),
		     READ_ONCE(printk_ratelimit_ms));
	if (n <= 0)
		return;
	/* Always shown, whatever the thresholds. */
	locked = printk_lock(&flags);
	emit_locked(msg, MIN((size_t)n, sizeof(msg) - 1));
	printk_unlock(locked, flags);
}
