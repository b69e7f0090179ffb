/* SPDX-License-Identifier: MIT */
/*
 * Emulated SBSA generic UART ("vpl011"), backed by the hypervisor console.
 *
 * Register facts: PrimeCell UART (PL011) TRM, ARM DDI 0183 (r1p5), 3.2
 * and 3.3; the SBSA generic UART is its DR, RSR/ECR, FR, IMSC, RIS, MIS
 * and ICR. The FIFO and interrupt model is Xen 4.17's vpl011 with its
 * backend in Xen (xen/arch/arm/vpl011.c), which Linux's sbsa-uart driver
 * runs on:
 * - transmit never fills: each byte is taken at once, so FR shows TXFE
 *   and never TXFF or BUSY; every write sets the TX interrupt, which
 *   only UARTICR clears;
 * - receive: a 32-byte FIFO; the RX interrupt is set at half full or
 *   more and cleared when reads take it below that, the receive timeout
 *   interrupt is set by every byte received and cleared when the FIFO
 *   empties; UARTICR clears either;
 * - the SPI is raised when a status bit becomes set while unmasked, and
 *   lowered when no unmasked bit is left.
 *
 *
 * Ring back end (vpl011_init_ring, XEN_DOMCTL_vuart_op from a toolstack):
 * as Xen's vpl011 with its back end in a domain, the bytes go through a
 * struct xencons_interface page in the guest's memory (out[]: transmit,
 * in[]: receive) served by dom0's console daemon, each side notifying the
 * other on one event channel (the hypervisor's end is a consumer port).
 * FR and the interrupts then follow the ring levels: TXFF when out[] is
 * full, the TX interrupt while out[] has room for half a FIFO or more (a
 * driver may write that many bytes per interrupt without checking TXFF),
 * RXFE/RXFF and the RX/RT interrupts from in[]'s level. The ring page is
 * the guest's own, so its indices are read once and checked: a guest
 * writing to it garbles only its own console.
 *
 * Lock order: console input lock (console.c, around vpl011_rx), and the
 * domain's event-channel lock (around vpl011_ring_notified) >
 * vpl011->lock > printk's lock and the vGIC's locks. Event channels are
 * only signalled with vpl011->lock released.
 */
#include <hyp/barrier.h>
#include <hyp/compiler.h>
#include <hyp/console.h>
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/event.h>
#include <hyp/guest_access.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/mmio.h>
#include <hyp/printk.h>
#include <hyp/spinlock.h>
#include <hyp/timer.h>
#include <hyp/vgic.h>
#include <hyp/vpl011.h>
#include <public/io/console.h>

#define VPL011_SIZE 0x1000
#define VPL011_FIFO_SIZE 32 /* a power of two */
#define VPL011_RX_LEVEL (VPL011_FIFO_SIZE / 2)
/* Output is shown as it comes for this long after a key was typed. */
#define VPL011_LIVE_WINDOW SECONDS(5)

/* Registers (DDI 0183 3.2). */
#define UARTDR 0x000
#define UARTRSR 0x004 /* UARTECR on write */
#define UARTFR 0x018
#define UARTIMSC 0x038
#define UARTRIS 0x03c
#define UARTMIS 0x040
#define UARTICR 0x044
#define UARTPERIPHID0 0xfe0 /* ..UARTPCELLID3 at 0xffc */

/* UARTFR bits (3.3.3). */
#define FR_BUSY (1U << 3)
#define FR_RXFE (1U << 4)
#define FR_TXFF (1U << 5)
#define FR_RXFF (1U << 6)
#define FR_TXFE (1U << 7)

/* Interrupt bits of IMSC, RIS, MIS and ICR (3.3.10-3.3.13). */
#define INT_RX (1U << 4)
#define INT_TX (1U << 5)
#define INT_RT (1U << 6)
#define INT_ALL 0x7ffU

/* PeriphID0-3 (part 0x011, ARM, r1p5) then PCellID0-3. */
static const u8 vpl011_id[8] = {0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

struct vpl011 {
	struct domain *d;
	spinlock_t lock;
	unsigned int spi;
	int input;     /* console input target handle, or -errno */
	char name[16]; /* "DOM<id>", the input target's name */

	u32 ris;  /* raw interrupt status */
	u32 imsc; /* interrupt mask set/clear: 1 = enabled */
	u32 mis;  /* ris & imsc as last signalled to the vGIC */

	char rx[VPL011_FIFO_SIZE];
	unsigned int rx_prod, rx_cons;
	bool typed;	   /* a byte was received ... */
	s_time_t typed_at; /* ... last at this time */

	char line[GUEST_LINE_MAX]; /* output not printed yet */
	unsigned int line_len;
	bool mid_line; /* a line is partly on the console */
	struct guest_ratelimit rl;

	/* Ring back end (NULL: the hypervisor console is the back end). */
	struct xencons_interface *ring;
	u32 port; /* the hypervisor's end of the event channel */
};

/* ---- ring back end (levels from indices read once) ---- */

static u32 ring_level(XENCONS_RING_IDX prod, XENCONS_RING_IDX cons, u32 size,
		      u32 bogus)
{
	u32 level = prod - cons;

	return level > size ? bogus : level;
}

/* Bogus indices: nothing to receive ... */
static u32 ring_in_level(struct vpl011 *vp)
{
	return ring_level(READ_ONCE(vp->ring->in_prod),
			  READ_ONCE(vp->ring->in_cons), sizeof(vp->ring->in),
			  0);
}

/* ... and no room to transmit. */
static u32 ring_out_level(struct vpl011 *vp)
{
	return ring_level(READ_ONCE(vp->ring->out_prod),
			  READ_ONCE(vp->ring->out_cons), sizeof(vp->ring->out),
			  sizeof(vp->ring->out));
}

static void update_irq(struct vpl011 *vp);

/* Interrupt status from the ring levels. Lock held. */
static void ring_update(struct vpl011 *vp)
{
	u32 in = ring_in_level(vp), out = ring_out_level(vp);

	vp->ris &= ~(INT_RX | INT_RT | INT_TX);
	if (in)
		vp->ris |= INT_RT;
	if (in >= VPL011_RX_LEVEL)
		vp->ris |= INT_RX;
	if (out + VPL011_FIFO_SIZE <= sizeof(vp->ring->out))
		vp->ris |= INT_TX;
	update_irq(vp);
}

/* One byte into out[]; false when full (the byte is lost). Lock held. */
static bool ring_tx(struct vpl011 *vp, char c)
{
	struct xencons_interface *r = vp->ring;
	XENCONS_RING_IDX prod = READ_ONCE(r->out_prod);

	if (ring_level(prod, READ_ONCE(r->out_cons), sizeof(r->out),
		       sizeof(r->out)) >= sizeof(r->out))
		return false;
	r->out[MASK_XENCONS_IDX(prod, r->out)] = c;
	smp_wmb(); /* the byte before the index that publishes it */
	WRITE_ONCE(r->out_prod, prod + 1);
	return true;
}

/* One byte from in[], or 0 when empty. Lock held. */
static u8 ring_rx(struct vpl011 *vp, bool *took)
{
	struct xencons_interface *r = vp->ring;
	XENCONS_RING_IDX cons = READ_ONCE(r->in_cons);
	u8 c;

	*took = false;
	if (!ring_level(READ_ONCE(r->in_prod), cons, sizeof(r->in), 0))
		return 0;
	smp_rmb(); /* the index before the byte it covers */
	c = (u8)r->in[MASK_XENCONS_IDX(cons, r->in)];
	smp_mb(); /* the byte read before its slot is given back */
	WRITE_ONCE(r->in_cons, cons + 1);
	*took = true;
	return c;
}

/* The back end moved an index (consumer port callback). */
static void vpl011_ring_notified(void *data)
{
	struct vpl011 *vp = data;
	unsigned long flags = spin_lock_irqsave(&vp->lock);

	ring_update(vp);
	spin_unlock_irqrestore(&vp->lock, flags);
}

/* ---- interrupts ---- */

static void update_irq(struct vpl011 *vp)
{
	u32 mis = vp->ris & vp->imsc;

	if (mis & ~vp->mis)
		vgic_inject(vp->d, NULL, vp->spi, true);
	else if (!mis && vp->mis)
		vgic_inject(vp->d, NULL, vp->spi, false);
	vp->mis = mis;
}

/* ---- transmit ---- */

static void print_line(struct vpl011 *vp, bool eol)
{
	unsigned int flags = eol ? GCON_EOL : 0;

	if (!eol && !vp->line_len)
		return;
	if (vp->mid_line)
		flags |= GCON_CONT;
	guest_console_puts(vp->d->domain_id, &vp->rl, vp->line, vp->line_len,
			   flags);
	vp->line_len = 0;
	vp->mid_line = !eol;
}

/* The domain has the input and someone typed at it lately. */
static bool output_live(struct vpl011 *vp)
{
	return vp->input > 0 && vp->typed &&
	       console_input_target() == (unsigned int)vp->input &&
	       NOW() - vp->typed_at < VPL011_LIVE_WINDOW;
}

static void tx_byte(struct vpl011 *vp, char c)
{
	if (c == '\n') {
		/* Linux sends "\r\n"; the console adds its own '\r'. */
		if (vp->line_len && vp->line[vp->line_len - 1] == '\r')
			vp->line_len--;
		print_line(vp, true);
		return;
	}
	if (!c)
		return; /* would end the printed string early */
	vp->line[vp->line_len++] = c;
	if (output_live(vp))
		print_line(vp, false);
	else if (vp->line_len == GUEST_LINE_MAX)
		print_line(vp, true);
}

/* ---- receive ---- */

static unsigned int rx_level(struct vpl011 *vp)
{
	return vp->rx_prod - vp->rx_cons;
}

static void rx_push(struct vpl011 *vp, char c)
{
	unsigned long flags = spin_lock_irqsave(&vp->lock);

	vp->typed = true;
	vp->typed_at = NOW();
	if (rx_level(vp) < VPL011_FIFO_SIZE) {
		vp->rx[vp->rx_prod++ & (VPL011_FIFO_SIZE - 1)] = c;
		vp->ris |= INT_RT;
		if (rx_level(vp) >= VPL011_RX_LEVEL)
			vp->ris |= INT_RX;
		update_irq(vp);
	}
	spin_unlock_irqrestore(&vp->lock, flags);
}

/* With the lock: the next received byte, 0 when there is none. */
static u8 rx_pop(struct vpl011 *vp)
{
	u8 c;

	if (!rx_level(vp))
		return 0;
	c = (u8)vp->rx[vp->rx_cons++ & (VPL011_FIFO_SIZE - 1)];
	if (!rx_level(vp))
		vp->ris &= ~INT_RT;
	if (rx_level(vp) < VPL011_RX_LEVEL)
		vp->ris &= ~INT_RX;
	update_irq(vp);
	return c;
}

/* Console input target callback: console input lock held, IRQs off. */
static void vpl011_rx(char c, void *data)
{
	rx_push(data, c);
}

void vpl011_rx_char(struct domain *d, char c)
{
	if (d && d->vpl011)
		rx_push(d->vpl011, c);
}

/* ---- registers ---- */

static u32 size_mask(unsigned int size)
{
	return size == 4 ? ~0U : (1U << (size * 8)) - 1;
}

/* 8, 16 or 32 bits, naturally aligned: a 32-bit register or part of it. */
static bool access_ok(u64 offset, unsigned int size)
{
	return (size == 1 || size == 2 || size == 4) &&
	       !(offset & (size - 1)) && offset < VPL011_SIZE;
}

static int bad_access(struct vpl011 *vp, u64 offset, unsigned int size,
		      bool write)
{
	if (printk_ratelimit())
		printk(HYPLOG_G_ERR "d%u: vpl011: bad %u-byte %s at offset "
				    "%#llx\n",
		       vp->d->domain_id, size, write ? "write" : "read",
		       (unsigned long long)offset);
	return -EINVAL;
}

static u32 read_fr(struct vpl011 *vp)
{
	u32 fr = FR_TXFE;

	if (vp->ring) {
		u32 in = ring_in_level(vp), out = ring_out_level(vp);

		fr = 0;
		if (!out)
			fr |= FR_TXFE;
		if (out >= sizeof(vp->ring->out))
			fr |= FR_TXFF;
		if (!in)
			fr |= FR_RXFE;
		if (in >= sizeof(vp->ring->in))
			fr |= FR_RXFF;
		return fr;
	}

	if (!rx_level(vp))
		fr |= FR_RXFE;
	if (rx_level(vp) == VPL011_FIFO_SIZE)
		fr |= FR_RXFF;
	return fr;
}

static int vpl011_read(struct vcpu *v, u64 offset, unsigned int size, u64 *val,
		       void *priv)
{
	struct vpl011 *vp = priv;
	unsigned int shift = (unsigned int)(offset & 3) * 8;
	u64 reg_off = offset & ~3ULL;
	unsigned long flags;
	bool notify = false;
	u32 reg;
	int rc = 0;

	if (!access_ok(offset, size))
		return bad_access(vp, offset, size, false);
	flags = spin_lock_irqsave(&vp->lock);
	switch (reg_off) {
	case UARTDR:
		/* Only an access to the data byte takes it from the FIFO. */
		if (shift) {
			reg = 0;
		} else if (vp->ring) {
			reg = ring_rx(vp, &notify);
			ring_update(vp);
		} else {
			reg = rx_pop(vp);
		}
		break;
	case UARTRSR:
		reg = 0; /* no framing, parity, break or overrun errors */
		break;
	case UARTFR:
		reg = read_fr(vp);
		break;
	case UARTIMSC:
		reg = vp->imsc;
		break;
	case UARTRIS:
		reg = vp->ris;
		break;
	case UARTMIS:
		reg = vp->ris & vp->imsc;
		break;
	default:
		if (reg_off >= UARTPERIPHID0) {
			reg = vpl011_id[(reg_off - UARTPERIPHID0) / 4];
			break;
		}
		reg = 0;
		rc = -EINVAL; /* UARTICR is write-only; the rest is absent */
		break;
	}
	spin_unlock_irqrestore(&vp->lock, flags);
	if (notify)
		evtchn_notify_remote(vp->d, vp->port);
	if (rc)
		return bad_access(vp, offset, size, false);
	*val = (reg >> shift) & size_mask(size);
	return 0;
}

static int vpl011_write(struct vcpu *v, u64 offset, unsigned int size, u64 val,
			void *priv)
{
	struct vpl011 *vp = priv;
	unsigned int shift = (unsigned int)(offset & 3) * 8;
	u64 reg_off = offset & ~3ULL;
	unsigned long flags;
	bool notify = false;
	u32 mask, bits;
	int rc = 0;

	if (!access_ok(offset, size))
		return bad_access(vp, offset, size, true);
	mask = size_mask(size) << shift;
	bits = ((u32)val & size_mask(size)) << shift;
	flags = spin_lock_irqsave(&vp->lock);
	switch (reg_off) {
	case UARTDR:
		if (shift)
			break; /* no data byte written */
		if (vp->ring) {
			notify = ring_tx(vp, (char)(bits & 0xff));
			ring_update(vp);
			break;
		}
		tx_byte(vp, (char)(bits & 0xff));
		vp->ris |= INT_TX;
		update_irq(vp);
		break;
	case UARTIMSC:
		vp->imsc = ((vp->imsc & ~mask) | bits) & INT_ALL;
		update_irq(vp);
		break;
	case UARTICR:
		vp->ris &= ~bits;
		/* With a ring, what is still true is raised again. */
		if (vp->ring)
			ring_update(vp);
		else
			update_irq(vp);
		break;
	case UARTRSR: /* UARTECR: there are no errors to clear */
	case UARTFR:
	case UARTRIS:
	case UARTMIS:
		break; /* read-only: writes are ignored, as on Xen */
	default:
		if (reg_off < UARTPERIPHID0)
			rc = -EINVAL;
		break; /* the ID registers are read-only */
	}
	spin_unlock_irqrestore(&vp->lock, flags);
	if (notify)
		evtchn_notify_remote(vp->d, vp->port);
	return rc ? bad_access(vp, offset, size, true) : 0;
}

static const struct mmio_ops vpl011_ops = {
	.read = vpl011_read,
	.write = vpl011_write,
};

/* ---- life cycle ---- */

/* The UART without a back end yet: d->vpl011 set, or an error. */
static int vpl011_create(struct domain *d, u64 base, unsigned int spi,
			 struct xencons_interface *ring)
{
	struct vpl011 *vp;
	int rc;

	if (!d || (base & (VPL011_SIZE - 1)) || spi < 32 || spi >= 1020)
		return -EINVAL;
	if (d->vpl011)
		return -EEXIST;
	vp = xzalloc(struct vpl011);
	if (!vp)
		return -ENOMEM;
	vp->d = d;
	spin_lock_init(&vp->lock);
	vp->spi = spi;
	vp->input = -ENOENT;
	vp->ring = ring;
	snprintf(vp->name, sizeof(vp->name), "DOM%u", d->domain_id);
	rc = mmio_register(d, base, VPL011_SIZE, &vpl011_ops, vp);
	if (rc) {
		xfree(vp);
		return rc;
	}
	d->vpl011 = vp;
	return 0;
}

int vpl011_init_ring(struct domain *d, u64 base, unsigned int spi, gfn_t gfn,
		     domid_t backend, u32 *port)
{
	mfn_t mfn;
	int rc;

	if (!d)
		return -EINVAL;
	mfn = gfn_to_mfn_ram(d, gfn);
	if (mfn_val(mfn) == mfn_val(INVALID_MFN))
		return -EINVAL;
	/* The domain's pages stay until it is destroyed, after the UART. */
	rc = vpl011_create(d, base, spi, maddr_to_virt(mfn_to_pa(mfn)));
	if (rc)
		return rc;
	/* Last: once it exists the back end may call in. */
	rc = evtchn_alloc_consumer_port(d, backend, vpl011_ring_notified,
					d->vpl011);
	if (rc < 0)
		return rc; /* the UART goes with the domain */
	d->vpl011->port = (u32)rc;
	*port = (u32)rc;
	return 0;
}

int vpl011_init(struct domain *d, u64 base, unsigned int spi)
{
	struct vpl011 *vp;
	int rc;

	rc = vpl011_create(d, base, spi, NULL);
	if (rc)
		return rc;
	vp = d->vpl011;
	rc = console_register_input_target(vp->name, d->domain_id, vpl011_rx,
					   vp);
	if (rc < 0)
		printk(HYPLOG_WARNING "d%u: vpl011: no console input (%d)\n",
		       d->domain_id, rc);
	vp->input = rc;
	return 0;
}

void vpl011_flush(struct domain *d)
{
	struct vpl011 *vp = d ? d->vpl011 : NULL;
	unsigned long flags;

	if (!vp)
		return;
	flags = spin_lock_irqsave(&vp->lock);
	if (vp->line_len || vp->mid_line)
		print_line(vp, true);
	spin_unlock_irqrestore(&vp->lock, flags);
}

void vpl011_destroy(struct domain *d)
{
	struct vpl011 *vp = d ? d->vpl011 : NULL;

	if (!vp)
		return;
	/* After this no input callback runs or starts. */
	if (vp->input > 0)
		console_unregister_input_target(vp->input);
	vpl011_flush(d);
	d->vpl011 = NULL;
	xfree(vp);
}
