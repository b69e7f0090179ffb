/* SPDX-License-Identifier: MIT */
/*
 * Console output and serial input switching. Output goes to one UART at a
 * time; the switch from the early fixmap UART to the device tree's UART
 * happens under the output lock so concurrent writers never see a half
 * initialised device.
 *
 * Lock order: rx_lock > the locks input targets take in their callbacks
 * (vpl011, console_io's ring, event channels, vGIC). printk's lock >
 * tx_lock. Nothing is printed with rx_lock held.
 */
/* First: glibc (host tests) also defines some of its names. */
#include <hyp/compiler.h>
#include <hyp/bootinfo.h>
#include <hyp/console.h>
#include <hyp/keyhandler.h>
#include <hyp/errno.h>
#include <hyp/fdt.h>
#include <hyp/irq.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/param.h>
#include <hyp/printk.h>
#include <hyp/spinlock.h>
#include <hyp/uart.h>

#define CTRL_A 0x01
#define SWITCH_PRESSES 3
#define MAX_INPUT_TARGETS 64 /* the hypervisor and 63 domains */
#define HYP_RX_RING 256	     /* power of two */
#define TARGET_NAME_MAX 32

static struct uart early_uart;
static struct uart dt_uart;
static struct uart *out_uart;
static DEFINE_SPINLOCK(tx_lock);
static bool panic_mode;

/* DT interrupt of dt_uart (INTID), 0 when unknown. */
static unsigned int uart_irq;

/* ---- command line ---- */

/* console=: Xen's comma-separated device list. */
static bool opt_con_dtuart = true;
static bool opt_con_none;
static char opt_con_unknown[64];

static bool list_item_is(const char *s, size_t len, const char *name)
{
	return strlen(name) == len && !strncmp(s, name, len);
}

static int parse_console(const char *val)
{
	const char *s = val, *e;
	size_t len;

	if (!val || !*val)
		return -EINVAL;
	opt_con_dtuart = false;
	opt_con_none = false;
	opt_con_unknown[0] = '\0';
	while (*s) {
		e = strchr(s, ',');
		len = e ? (size_t)(e - s) : strlen(s);
		if (list_item_is(s, len, "dtuart"))
			opt_con_dtuart = true;
		else if (list_item_is(s, len, "none"))
			opt_con_none = true;
		else if (len && !opt_con_unknown[0])
			/* Reported by console_init, once printk has a UART. */
			hyp_strlcpy(opt_con_unknown, s,
				    MIN(len + 1, sizeof(opt_con_unknown)));
		if (!e)
			break;
		s = e + 1;
	}
	return 0;
}
custom_param("console", parse_console);

/* dtuart=: a DT path or alias, optionally followed by ":options". */
static char opt_dtuart[BOOT_PATH_SIZE];
string_param("dtuart", opt_dtuart);

/* ---- output ---- */

void console_init_early(void *uart_va)
{
	unsigned long flags;

	/* Firmware (or QEMU) has set the line up; do not disturb it. */
	pl011_init(&early_uart, uart_va, false);
	flags = spin_lock_irqsave(&tx_lock);
	out_uart = &early_uart;
	spin_unlock_irqrestore(&tx_lock, flags);
}

static void put_all(struct uart *u, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\n')
			pl011_putc(u, '\r');
		pl011_putc(u, s[i]);
	}
}

void console_write(const char *s, size_t len)
{
	unsigned long flags;
	struct uart *u;

	if (READ_ONCE(panic_mode)) {
		u = READ_ONCE(out_uart);
		if (u)
			put_all(u, s, len);
		return;
	}
	flags = spin_lock_irqsave(&tx_lock);
	if (out_uart)
		put_all(out_uart, s, len);
	spin_unlock_irqrestore(&tx_lock, flags);
}

void console_panic_mode(void)
{
	WRITE_ONCE(panic_mode, true);
	/* printk's lock sits above ours: a dead holder would block us too. */
	printk_panic_mode();
}

static void set_output(struct uart *u)
{
	unsigned long flags = spin_lock_irqsave(&tx_lock);

	/* Let the old UART drain so the last early line is not cut off. */
	if (out_uart && out_uart != u)
		pl011_flush(out_uart);
	out_uart = u;
	spin_unlock_irqrestore(&tx_lock, flags);
}

/*
 * The UART's interrupt as an INTID, from a 3-cell GIC specifier
 * <type number flags> (type 0 SPI, 1 PPI); 0 if absent or another form.
 */
static unsigned int uart_dt_irq(const struct fdt *fdt, int node)
{
	const void *p;
	int len;
	u32 type, num;

	p = fdt_getprop(fdt, node, "interrupts", &len);
	if (!p || len < 12)
		return 0;
	type = fdt32_ld(p);
	num = fdt32_ld((const u8 *)p + 4);
	if (type == 0 && num < MAX_IRQS - 32)
		return num + 32;
	if (type == 1 && num < NR_PPIS)
		return num + 16;
	return 0;
}

/* Whether hypervisor-bound input goes to the debug keys (after boot). */
static bool debug_keys;

void console_enable_debug_keys(void)
{
	WRITE_ONCE(debug_keys, true);
}

/* DT offset of the UART the hypervisor owns, -1 when none. */
static int dt_uart_node = -1;

int console_uart_node(void)
{
	return dt_uart_node;
}

/* Map and set up the UART at the DT path or alias; 0 or -errno. */
static int open_dt_uart(const struct fdt *fdt, const char *path)
{
	paddr_t base;
	u64 size;
	void *va;
	int node;

	node = bootinfo_find_uart(fdt, path, &base, &size);
	if (node < 0) {
		printk(HYPLOG_WARNING
		       "console: no UART \"%s\" in the DT (%d)\n",
		       path, node);
		return node;
	}
	if (fdt_node_check_compatible(fdt, node, "arm,pl011")) {
		dt_uart.sbsa = false;
	} else if (fdt_node_check_compatible(fdt, node, "arm,sbsa-uart")) {
		dt_uart.sbsa = true;
	} else {
		printk(HYPLOG_WARNING
		       "console: \"%s\" is not a PL011 or SBSA UART\n",
		       path);
		return -ENODEV;
	}
	if (!fdt_node_is_available(fdt, node))
		printk(HYPLOG_WARNING "console: \"%s\" is disabled in the DT; "
				      "using it anyway\n",
		       path);
	va = ioremap(base, MAX(size, (u64)PAGE_SIZE));
	if (va)
		dt_uart_node = node;
	if (!va) {
		printk(HYPLOG_WARNING "console: cannot map UART at %#llx\n",
		       (unsigned long long)pa_val(base));
		return -ENOMEM;
	}
	pl011_init(&dt_uart, va, true);
	uart_irq = uart_dt_irq(fdt, node);
	set_output(&dt_uart);
	printk("console: %s UART \"%s\" at %#llx\n",
	       dt_uart.sbsa ? "SBSA" : "PL011", path,
	       (unsigned long long)pa_val(base));
	return 0;
}

void console_init(const struct fdt *fdt)
{
	char path[BOOT_PATH_SIZE];
	const char *src;
	char *colon;

	if (opt_con_unknown[0])
		printk(HYPLOG_WARNING
		       "console: ignoring unsupported console \"%s\"\n",
		       opt_con_unknown);
	if (opt_con_none && !opt_con_dtuart) {
		printk("console: console=none, no further output\n");
		set_output(NULL);
		return;
	}

	src = opt_dtuart[0] ? opt_dtuart : bootinfo.stdout_path;
	hyp_strlcpy(path, src, sizeof(path));
	colon = strchr(path, ':');
	if (colon)
		*colon = '\0'; /* line options: the firmware's settings stand */
	if (!path[0]) {
		printk(HYPLOG_WARNING "console: no dtuart= or stdout-path; "
				      "staying on the early UART\n");
		return;
	}
	if (open_dt_uart(fdt, path))
		printk(HYPLOG_WARNING "console: staying on the early UART\n");
}

/* ---- input ---- */

struct input_target {
	const char *name; /* NULL: free slot */
	unsigned int order;
	console_rx_fn fn;
	void *data;
};

/* Slot 0 is the hypervisor; the others are registered targets. */
static DEFINE_SPINLOCK(rx_lock);
static struct input_target targets[MAX_INPUT_TARGETS];
static unsigned int cur_target;
static unsigned int ctrl_a_held;
static bool input_switched; /* by Ctrl-A or endboot */

/* Bytes for the hypervisor itself (target 0), read by console_getc(). */
static char hyp_ring[HYP_RX_RING];
static unsigned int hyp_ring_prod, hyp_ring_cons;

static void hyp_rx(char c, void *data)
{
	if (hyp_ring_prod - hyp_ring_cons >= HYP_RX_RING)
		return; /* full: drop, nobody is reading */
	hyp_ring[hyp_ring_prod++ % HYP_RX_RING] = c;
}

static void deliver(char c)
{
	struct input_target *t = &targets[cur_target];

	if (cur_target == 0)
		hyp_rx(c, NULL);
	else
		t->fn(c, t->data);
}

/* Whether slot a comes before slot b in the switching cycle. */
static bool target_before(unsigned int a, unsigned int b)
{
	if (targets[a].order != targets[b].order)
		return targets[a].order < targets[b].order;
	return a < b;
}

/* With rx_lock: the target after cur in the cycle, 0 after the last. */
static unsigned int next_target(unsigned int cur)
{
	unsigned int i, best = 0;

	for (i = 1; i < MAX_INPUT_TARGETS; i++) {
		if (!targets[i].name || i == cur)
			continue;
		if (cur && target_before(i, cur))
			continue;
		if (!best || target_before(i, best))
			best = i;
	}
	return best;
}

static const char *target_name(unsigned int t)
{
	return t ? targets[t].name : "HYP";
}

/* Call without rx_lock: printk may be slow. */
static void print_switch(const char *name)
{
	printk("*** Serial input to %s "
	       "(type 'CTRL-a' three times to switch input)\n",
	       name);
}

/*
 * Ctrl-A is held back; three in a row switch the target, anything else
 * first replays the held ones so a single Ctrl-A still reaches the target.
 * Returns whether a switch happened.
 */
static bool rx_byte(char c)
{
	if (c == CTRL_A) {
		if (++ctrl_a_held < SWITCH_PRESSES)
			return false;
		ctrl_a_held = 0;
		cur_target = next_target(cur_target);
		input_switched = true;
		return true;
	}
	for (; ctrl_a_held; ctrl_a_held--)
		deliver(CTRL_A);
	deliver(c);
	return false;
}

void console_rx_poll(void)
{
	char name[TARGET_NAME_MAX];
	bool switched = false;
	unsigned long flags;
	struct uart *u;
	int c;

	flags = local_irq_save();
	/* Another CPU draining the FIFO already does our work. */
	if (!spin_trylock(&rx_lock)) {
		local_irq_restore(flags);
		return;
	}
	u = READ_ONCE(out_uart);
	while (u && (c = pl011_getc(u)) >= 0)
		switched |= rx_byte((char)c);
	/* A copy: the target may be gone by the time it is printed. */
	if (switched)
		hyp_strlcpy(name, target_name(cur_target), sizeof(name));
	spin_unlock_irqrestore(&rx_lock, flags);

	if (switched)
		print_switch(name);
	/* Keys for the hypervisor run outside the input lock. */
	while (debug_keys && (c = console_getc()) >= 0)
		handle_keypress((char)c);
}

int console_getc(void)
{
	unsigned long flags = spin_lock_irqsave(&rx_lock);
	int c = -1;

	if (hyp_ring_cons != hyp_ring_prod)
		c = (u8)hyp_ring[hyp_ring_cons++ % HYP_RX_RING];
	spin_unlock_irqrestore(&rx_lock, flags);
	return c;
}

int console_register_input_target(const char *name, unsigned int order,
				  console_rx_fn fn, void *data)
{
	unsigned long flags;
	unsigned int i;
	int handle = -ENOSPC;

	if (!name || !fn)
		return -EINVAL;
	flags = spin_lock_irqsave(&rx_lock);
	for (i = 1; i < MAX_INPUT_TARGETS; i++) {
		if (!targets[i].name) {
			targets[i] =
				(struct input_target){name, order, fn, data};
			handle = (int)i;
			break;
		}
	}
	spin_unlock_irqrestore(&rx_lock, flags);
	return handle;
}

void console_unregister_input_target(int handle)
{
	unsigned long flags;
	bool had_input = false;

	if (handle <= 0 || handle >= MAX_INPUT_TARGETS)
		return;
	/* rx_lock also waits out a delivery to this target in progress. */
	flags = spin_lock_irqsave(&rx_lock);
	if (cur_target == (unsigned int)handle) {
		cur_target = 0;
		had_input = true;
	}
	targets[handle] = (struct input_target){0};
	spin_unlock_irqrestore(&rx_lock, flags);
	if (had_input)
		print_switch(target_name(0));
}

unsigned int console_input_target(void)
{
	return READ_ONCE(cur_target);
}

void console_input_endboot(void)
{
	char name[TARGET_NAME_MAX];
	unsigned long flags;
	bool switched = false;

	flags = spin_lock_irqsave(&rx_lock);
	if (!input_switched && cur_target == 0) {
		cur_target = next_target(0);
		switched = cur_target != 0;
		if (switched)
			hyp_strlcpy(name, target_name(cur_target),
				    sizeof(name));
		input_switched = switched;
	}
	spin_unlock_irqrestore(&rx_lock, flags);
	if (switched)
		print_switch(name);
}

static void uart_irq_handler(unsigned int irq, void *data)
{
	/* Clear first: a byte landing after the drain raises a new IRQ. */
	pl011_ack_irq(&dt_uart);
	console_rx_poll();
}

void console_init_postirq(void)
{
	int rc;

	if (!uart_irq || out_uart != &dt_uart)
		return; /* stay polled */
	rc = request_irq(uart_irq, IRQ_TYPE_LEVEL, uart_irq_handler, NULL);
	if (rc) {
		printk(HYPLOG_WARNING "console: UART IRQ %u: error %d\n",
		       uart_irq, rc);
		return;
	}
	pl011_enable_rx_irq(&dt_uart);
}
