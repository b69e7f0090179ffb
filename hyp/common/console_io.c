/* SPDX-License-Identifier: MIT */
/*
 * The console_io hypercall and how domains' console output reaches the
 * hypervisor console, following Xen 4.17 (xen/drivers/char/console.c,
 * xsm_console_io in xen/include/xsm/dummy.h):
 *
 * - Only the control domain and domains with is_console (dom0less domUs)
 *   may call it; others get -EPERM, whatever the command.
 * - CONSOLEIO_write copies the buffer in 128-byte pieces. The control
 *   domain's bytes go to the console as they are; other domains' are
 *   stripped of unprintable bytes, line buffered, and printed at guest
 *   debug level as "(d<id>) <line>" (so guest_loglvl= applies). Returns 0,
 *   or -EFAULT when the buffer cannot be read (pieces before it are out).
 *   Unlike Xen, which preempts a long write, one call handles at most
 *   CONIO_WRITE_MAX bytes and ignores the rest, bounding the call.
 * - CONSOLEIO_read takes up to count bytes typed while the control domain
 *   had the serial input (VIRQ_CONSOLE signals each byte) and returns how
 *   many; -E2BIG when count exceeds INT_MAX; -EFAULT when the buffer
 *   cannot be written, after the CONIO_CHUNK-byte pieces before the fault
 *   (which are taken: the count of those is returned instead if any). As
 *   in Xen, every domain allowed to call console_io reads the same ring.
 * - cmd and count are 32-bit in Xen's prototype: upper bits are ignored.
 *
 * Lock order: console input lock (console.c) > conio_rx_lock >
 * event-channel locks; read_lock > conio_rx_lock; slots_lock > printk's
 * lock. Guest memory is accessed with none of them held except read_lock.
 */
#include <hyp/compiler.h>
#include <hyp/console.h>
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/event.h>
#include <hyp/guest_access.h>
#include <hyp/hypercall.h>
#include <hyp/lib.h>
#include <hyp/param.h>
#include <hyp/printk.h>
#include <hyp/spinlock.h>
#include <hyp/timer.h>
#include <public/xen.h>

#define CONIO_CHUNK 128	       /* bytes copied to or from the guest at once */
#define CONIO_WRITE_MAX 16384U /* bytes one CONSOLEIO_write handles */
/*
 * Input ring, a power of two. Xen's holds 128 bytes and drops the rest of
 * a longer burst before dom0 gets to read (QEMU feeds a pasted line to the
 * UART as fast as we drain it). This one holds a whole tty line (Linux's
 * N_TTY takes 4095 bytes), so only input dom0 never reads is dropped.
 */
#define CONIO_RX_SIZE 4096U
#define CONIO_INT_MAX 0x7fffffffU
#define CONIO_LINE_SLOTS 32 /* domains with a partial line at once */
#define CONIO_NAME_MAX 16

/* ---- output budget ---- */

/* Bytes per second (0: no limit) and burst of each domain's output. */
static unsigned int guest_console_rate = 8192;
static unsigned int guest_console_burst = 131072;
integer_param("guest_console_rate", guest_console_rate);
integer_param("guest_console_burst", guest_console_burst);

/* Take len bytes of credit from rl; false when it has not got them. */
static bool ratelimit_take(struct guest_ratelimit *rl, size_t len)
{
	u64 rate = READ_ONCE(guest_console_rate);
	u64 burst = MAX((u64)READ_ONCE(guest_console_burst), GUEST_LINE_MAX);
	s_time_t now = NOW();
	u64 elapsed;

	if (!rate)
		return true;
	if (!rl->started || now < rl->stamp) {
		rl->started = true;
		rl->stamp = now;
		rl->credit = burst;
	}
	elapsed = (u64)(now - rl->stamp);
	/* Past this the bucket is full anyway; below it nothing overflows. */
	if (elapsed >= (burst / rate + 1) * NSEC_PER_SEC) {
		rl->credit = burst;
		rl->stamp = now;
	} else {
		u64 add = elapsed * rate / NSEC_PER_SEC;

		/* Keep the stamp while less than a byte has accrued. */
		if (add) {
			rl->credit = MIN(burst, rl->credit + add);
			rl->stamp = now;
		}
	}
	if (rl->credit < len)
		return false;
	rl->credit -= len;
	return true;
}

void guest_console_puts(unsigned int domid, struct guest_ratelimit *rl,
			const char *s, size_t len, unsigned int flags)
{
	const char *eol = (flags & GCON_EOL) ? "\n" : "";
	char pfx[16] = "";
	int n = (int)MIN(len, (size_t)GUEST_LINE_MAX);

	if (rl && !ratelimit_take(rl, (size_t)n)) {
		rl->dropped += (u64)n;
		return;
	}
	if (!(flags & GCON_CONT)) {
		snprintf(pfx, sizeof(pfx), GUEST_CONSOLE_PREFIX, domid);
		/* Say what was lost before a line that gets through. */
		if (rl && rl->dropped) {
			if (flags & GCON_DEBUG)
				printk(HYPLOG_G_DEBUG "%s[%llu bytes of output "
						      "dropped: over "
						      "guest_console_rate]\n",
				       pfx, (unsigned long long)rl->dropped);
			else
				printk(HYPLOG_WARNING
				       "%s[%llu bytes of output dropped: over "
				       "guest_console_rate]\n",
				       pfx, (unsigned long long)rl->dropped);
			rl->dropped = 0;
		}
	}
	if (!n && !*pfx && !*eol)
		return;
	/* Xen prints vpl011 lines at its default (warning) level. */
	if (flags & GCON_DEBUG)
		printk(HYPLOG_G_DEBUG "%s%.*s%s", pfx, n, s, eol);
	else
		printk(HYPLOG_WARNING "%s%.*s%s", pfx, n, s, eol);
}

/* ---- line buffers of domains other than the control domain ---- */

struct line_slot {
	bool used;
	domid_t domid;
	unsigned int len;
	char buf[GUEST_LINE_MAX];
	struct guest_ratelimit rl;
};

static DEFINE_SPINLOCK(slots_lock);
static struct line_slot slots[CONIO_LINE_SLOTS];

/* With slots_lock: the domain's slot, a new one, or NULL when full. */
static struct line_slot *slot_get(domid_t domid)
{
	struct line_slot *free = NULL;
	unsigned int i;

	for (i = 0; i < CONIO_LINE_SLOTS; i++) {
		if (slots[i].used && slots[i].domid == domid)
			return &slots[i];
		if (!slots[i].used && !free)
			free = &slots[i];
	}
	if (free)
		*free = (struct line_slot){.used = true, .domid = domid};
	return free;
}

static void slot_flush(struct line_slot *sl)
{
	guest_console_puts(sl->domid, &sl->rl, sl->buf, sl->len,
			   GCON_EOL | GCON_DEBUG);
	sl->len = 0;
}

/* Xen keeps printable ASCII and tabs of other domains' output. */
static bool conio_printable(char c)
{
	return (c >= 0x20 && c < 0x7f) || c == '\t';
}

/* With slots_lock: add bytes, printing each completed or full line. */
static void slot_add(struct line_slot *sl, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\n') {
			slot_flush(sl);
			continue;
		}
		if (!conio_printable(s[i]))
			continue;
		sl->buf[sl->len++] = s[i];
		if (sl->len == GUEST_LINE_MAX)
			slot_flush(sl);
	}
}

static void domu_write(struct domain *d, const char *s, size_t len)
{
	struct line_slot tmp = {.used = true, .domid = d->domain_id};
	struct line_slot *sl;
	unsigned long flags;

	flags = spin_lock_irqsave(&slots_lock);
	sl = slot_get(d->domain_id);
	if (sl) {
		slot_add(sl, s, len);
	} else {
		/* No slot to keep a partial line in: end it here. */
		slot_add(&tmp, s, len);
		if (tmp.len)
			slot_flush(&tmp);
	}
	spin_unlock_irqrestore(&slots_lock, flags);
}

static long conio_write(struct domain *d, unsigned int count, u64 buffer)
{
	char kbuf[CONIO_CHUNK];
	unsigned int todo = MIN(count, CONIO_WRITE_MAX);

	if (count > CONIO_WRITE_MAX && printk_ratelimit())
		printk(HYPLOG_G_WARNING "d%u: console_io: write of %u bytes "
					"cut to %u\n",
		       d->domain_id, count, CONIO_WRITE_MAX);
	while (todo) {
		unsigned int n = MIN(todo, (unsigned int)sizeof(kbuf));

		if (copy_from_guest(kbuf, buffer, n))
			return -EFAULT;
		if (d->is_privileged)
			console_write(kbuf, n);
		else
			domu_write(d, kbuf, n);
		buffer += n;
		todo -= n;
	}
	return 0;
}

/* ---- input for the control domain ---- */

static DEFINE_SPINLOCK(conio_rx_lock);
static DEFINE_SPINLOCK(read_lock);
static char rx_ring[CONIO_RX_SIZE];
static unsigned int rx_prod, rx_cons;
static struct domain *rx_domain; /* registered as an input target */
static int rx_handle;
static char rx_name[CONIO_NAME_MAX];

/* Input target callback: console input lock held, IRQs off. */
static void conio_rx(char c, void *data)
{
	struct domain *d = data;

	spin_lock(&conio_rx_lock);
	if (rx_prod - rx_cons < CONIO_RX_SIZE)
		rx_ring[rx_prod++ & (CONIO_RX_SIZE - 1)] = c;
	spin_unlock(&conio_rx_lock);
	/* Always, even when full, so a reader never misses the ring. */
	send_guest_global_virq(d, VIRQ_CONSOLE);
}

/* Up to one CONIO_CHUNK of the ring to the guest; bytes taken or -EFAULT. */
static long conio_read_chunk(unsigned int count, u64 buffer)
{
	char kbuf[CONIO_CHUNK];
	unsigned long flags;
	unsigned int n, i, cons;

	flags = spin_lock_irqsave(&conio_rx_lock);
	cons = rx_cons;
	n = MIN(MIN(rx_prod - cons, count), (unsigned int)sizeof(kbuf));
	for (i = 0; i < n; i++)
		kbuf[i] = rx_ring[(cons + i) & (CONIO_RX_SIZE - 1)];
	spin_unlock_irqrestore(&conio_rx_lock, flags);
	if (n && copy_to_guest(buffer, kbuf, n))
		return -EFAULT;
	flags = spin_lock_irqsave(&conio_rx_lock);
	rx_cons = cons + n;
	spin_unlock_irqrestore(&conio_rx_lock, flags);
	return (long)n;
}

static long conio_read(unsigned int count, u64 buffer)
{
	unsigned int done = 0;
	long n;

	if (count > CONIO_INT_MAX)
		return -E2BIG;
	/* Readers in turn: bytes are taken only once they reached one. */
	spin_lock(&read_lock);
	do {
		n = conio_read_chunk(count - done, buffer + done);
		if (n > 0)
			done += (unsigned int)n;
	} while (n > 0 && done < count);
	spin_unlock(&read_lock);
	return n < 0 && !done ? n : (long)done;
}

int console_io_domain_init(struct domain *d)
{
	int handle;

	if (!d || !d->is_privileged)
		return 0;
	if (READ_ONCE(rx_domain))
		return -EEXIST;
	snprintf(rx_name, sizeof(rx_name), "DOM%u", d->domain_id);
	handle = console_register_input_target(rx_name, d->domain_id, conio_rx,
					       d);
	if (handle < 0)
		return handle;
	rx_handle = handle;
	WRITE_ONCE(rx_domain, d);
	return 0;
}

void console_io_domain_destroy(struct domain *d)
{
	unsigned long flags;
	unsigned int i;

	if (!d)
		return;
	if (d == READ_ONCE(rx_domain)) {
		console_unregister_input_target(rx_handle);
		flags = spin_lock_irqsave(&conio_rx_lock);
		rx_prod = rx_cons = 0;
		WRITE_ONCE(rx_domain, NULL);
		spin_unlock_irqrestore(&conio_rx_lock, flags);
	}
	flags = spin_lock_irqsave(&slots_lock);
	for (i = 0; i < CONIO_LINE_SLOTS; i++) {
		struct line_slot *sl = &slots[i];

		if (!sl->used || sl->domid != d->domain_id)
			continue;
		if (sl->len)
			slot_flush(sl);
		sl->used = false;
	}
	spin_unlock_irqrestore(&slots_lock, flags);
}

/* ---- the hypercall ---- */

long do_console_io(u64 cmd, u64 count, u64 buffer)
{
	struct vcpu *v = current;
	struct domain *d;

	if (!v)
		return -EPERM;
	d = v->domain;
	/* xsm_console_io: the control domain or an is_console domain. */
	if (!d->is_privileged && !d->is_console)
		return -EPERM;
	switch ((unsigned int)cmd) {
	case CONSOLEIO_write:
		return conio_write(d, (unsigned int)count, buffer);
	case CONSOLEIO_read:
		return conio_read((unsigned int)count, buffer);
	default:
		return -ENOSYS;
	}
}
