/* SPDX-License-Identifier: MIT */
/*
 * Shared peripheral interrupts raised by the guest itself (GICD_ISPENDR)
 * in a 2-vCPU domain, counted per vCPU:
 *
 *  - GICD_TYPER: ITLinesNumber gives 32 * (N + 1) lines and CPUNumber the
 *    domain's vCPUs; the last SPI that exists has working enable and
 *    priority fields, and the first INTID beyond reads as zero and
 *    ignores writes (ISENABLER, IPRIORITYR, ICFGR, IROUTER/ITARGETSR),
 *    as do GICD_IROUTER0-31 (GICv3); setting it pending delivers nothing;
 *  - ISENABLER/ICENABLER, IPRIORITYR (byte and word) and ICFGR (the
 *    edge/level bit of each SPI) read back what was written;
 *  - an edge and a level SPI routed to vCPU 0 (GICD_IROUTER on GICv3,
 *    GICD_ITARGETSR on GICv2, both read back) are delivered there once;
 *    routed to vCPU 1 they are delivered on vCPU 1 only, whichever vCPU
 *    sets them pending;
 *  - a disabled SPI set pending is not delivered and stays pending; once
 *    enabled it is delivered exactly once (on vCPU 0 and on vCPU 1);
 *  - GICD_ICPENDR clears the pending state of a disabled SPI, so enabling
 *    it delivers nothing.
 *
 * Xen 4.17's vGIC reads GICD_ISPENDR/ICPENDR as zero and ignores writes
 * to GICD_ICPENDR (xen/arch/arm/vgic-v{2,3}.c: "not supported"). That
 * is tolerated: if the first read of a pending SPI does not show it, the
 * pending bits are only checked to read as zero and an SPI cleared with
 * ICPENDR may still be delivered (once). A vGIC that shows the pending
 * state must show it exactly and must honour ICPENDR.
 */
#include <sgi_work.h>
#include <gic_regs.h>
#include <test.h>

const char test_title[] = "SPIs: GICD_TYPER lines, routing, pending, "
			  "enable, config";

#define NR_VCPUS 2

#define SPI_EDGE 33
#define SPI_LEVEL 34
#define SPI_HELD 35
#define SPI_CLEARED 36
#define SGI_KICK 15

#define AFF_MASK 0xff00ffffffUL

static volatile u32 hits[MAX_CPUS][64]; /* SPIs 32-95 */
static unsigned int nr_lines;

/* -1: unknown yet, 0: reads as zero (Xen 4.17), 1: shows the state. */
static int pending_readable = -1;

static u64 gicd(u32 reg)
{
	return platform.gicd_base + reg;
}

static u64 bit_reg(u32 reg, u32 intid)
{
	return gicd(reg + (intid / 32) * 4);
}

static u32 bit_of(u32 intid)
{
	return 1U << (intid % 32);
}

static void on_irq(u32 intid, void *arg)
{
	if (intid >= 32 && intid < 96)
		hits[smp_processor_id()][intid - 32]++;
}

/*
 * ---- work for vCPU 1 ----
 *
 * It waits in WFI with interrupts on (blocked: on one pCPU it leaves the
 * pCPU to vCPU 0) and is woken by SGI_KICK (sgi_work.h). Before it
 * serves, it enables the kick and unmasks interrupts.
 */
static void serve_setup(void)
{
	gic_enable_irq(SGI_KICK);
	local_irq_enable();
}

/* ---- SPI controls ---- */

static void spi_pend(void *arg)
{
	u32 intid = (u32)(u64)arg;

	writel(bit_of(intid), bit_reg(GICD_ISPENDR, intid));
}

static void spi_enable(u32 intid, bool on)
{
	writel(bit_of(intid),
	       bit_reg(on ? GICD_ISENABLER : GICD_ICENABLER, intid));
}

static void spi_set_edge(u32 intid, bool edge)
{
	u64 reg = gicd(GICD_ICFGR + (intid / 16) * 4);
	u32 shift = (intid % 16) * 2 + 1;
	u32 v = readl(reg);

	writel(edge ? v | 1U << shift : v & ~(1U << shift), reg);
}

/* Route, then read the routing register back. */
static void spi_route(u32 intid, unsigned int cpu)
{
	gic_route_spi(intid, cpu);
	if (gic_version() == 3) {
		u64 r = readq(gicd(GICD_IROUTER + intid * 8));

		check_eq(r & AFF_MASK, cpu_mpidr(cpu) & AFF_MASK,
			 "SPI %u: GICD_IROUTER reads vCPU %u's affinity", intid,
			 cpu);
	} else {
		u8 t = readb(gicd(GICD_ITARGETSR + intid));

		check_eq(t, BIT(cpu),
			 "SPI %u: GICD_ITARGETSR byte reads "
			 "vCPU %u",
			 intid, cpu);
	}
}

/* Check the ISPENDR bit of intid, as far as the vGIC shows it. */
static void check_pending(u32 intid, bool pending, const char *what)
{
	bool set = readl(bit_reg(GICD_ISPENDR, intid)) & bit_of(intid);
	bool cset = set;

	/*
	 * Xen 4.17 makes GICv3 GICD_ICPENDR1 and up abort (its read switch
	 * covers ICPENDR0 only): read ICPENDR on GICv2 alone.
	 */
	if (gic_version() == 2)
		cset = readl(bit_reg(GICD_ICPENDR, intid)) & bit_of(intid);

	if (pending_readable < 0 && pending) {
		pending_readable = set;
		if (!set)
			printk("NOTE: GICD_ISPENDR does not show a pending "
			       "SPI (Xen 4.17 reads it as zero): the "
			       "pending bits are only checked to stay zero\n");
	}
	if (pending_readable > 0) {
		check_eq(set, pending, "%s: ISPENDR bit of SPI %u", what,
			 intid);
		check_eq(cset, pending, "%s: ICPENDR bit of SPI %u", what,
			 intid);
	} else if (pending_readable == 0) {
		check(!set && !cset, "%s: I[SC]PENDR bit of SPI %u reads 0",
		      what, intid);
	}
}

/* ---- counting ---- */

static u32 expected[MAX_CPUS][64];

/* Wait (up to 3 s) for the expected deliveries, 20 ms more, compare. */
static void check_counts(const char *what)
{
	u64 start = uptime_us();
	unsigned int c, i;
	bool ok, reached;

	do {
		reached = true;
		for (c = 0; c < NR_VCPUS; c++)
			for (i = 0; i < 64; i++)
				reached &=
					READ_ONCE(hits[c][i]) >= expected[c][i];
	} while (!reached && uptime_us() - start < 3000000);
	udelay(20000);
	ok = true;
	for (c = 0; c < NR_VCPUS; c++) {
		for (i = 0; i < 64; i++) {
			if (READ_ONCE(hits[c][i]) == expected[c][i])
				continue;
			printk("  vCPU %u SPI %u: %u delivered, %u expected\n",
			       c, i + 32, hits[c][i], expected[c][i]);
			expected[c][i] = hits[c][i];
			ok = false;
		}
	}
	check(ok, "%s", what);
}

/* ---- the tests ---- */

static void test_typer(void)
{
	u32 typer = readl(gicd(GICD_TYPER));
	u32 last, beyond;
	u8 prio;

	nr_lines = MIN(32 * ((typer & 0x1f) + 1), 1020U);
	printk("GICD_TYPER %#x: %u lines\n", typer, nr_lines);
	check(nr_lines >= 64,
	      "GICD_TYPER.ITLinesNumber: at least one SPI "
	      "block (%u lines)",
	      nr_lines);
	check_eq((typer >> 5) & 7, NR_VCPUS - 1,
		 "GICD_TYPER.CPUNumber: %u vCPUs", NR_VCPUS);
	check_eq(nr_lines, gic_nr_lines(), "the runtime saw the same");

	/* The last SPI exists. */
	last = nr_lines - 1;
	writeb(0xa0, gicd(GICD_IPRIORITYR + last));
	prio = readb(gicd(GICD_IPRIORITYR + last));
	check_eq(prio, 0xa0, "last SPI %u: priority reads back", last);
	spi_enable(last, true);
	check(readl(bit_reg(GICD_ISENABLER, last)) & bit_of(last),
	      "last SPI %u: can be enabled", last);
	spi_enable(last, false);
	check(!(readl(bit_reg(GICD_ISENABLER, last)) & bit_of(last)),
	      "last SPI %u: can be disabled", last);

	if (nr_lines >= 1020)
		return;
	/* The first one beyond does not. */
	beyond = nr_lines;
	writel(bit_of(beyond), bit_reg(GICD_ISENABLER, beyond));
	check_eq(readl(bit_reg(GICD_ISENABLER, beyond)), 0,
		 "INTIDs %u-%u: ISENABLER reads as zero after a write", beyond,
		 beyond + 31);
	writel(0xa0a0a0a0, gicd(GICD_IPRIORITYR + beyond));
	check_eq(readl(gicd(GICD_IPRIORITYR + beyond)), 0,
		 "INTID %u: IPRIORITYR reads as zero after a write", beyond);
	writel(0xaaaaaaaa, gicd(GICD_ICFGR + (beyond / 16) * 4));
	check_eq(readl(gicd(GICD_ICFGR + (beyond / 16) * 4)), 0,
		 "INTID %u: ICFGR reads as zero after a write", beyond);
	if (gic_version() == 3) {
		writeq(cpu_mpidr(1) & AFF_MASK,
		       gicd(GICD_IROUTER + beyond * 8));
		check_eq(readq(gicd(GICD_IROUTER + beyond * 8)), 0,
			 "INTID %u: IROUTER reads as zero after a write",
			 beyond);
		writeq(cpu_mpidr(1) & AFF_MASK, gicd(GICD_IROUTER + 8 * 20));
		check_eq(readq(gicd(GICD_IROUTER + 8 * 20)), 0,
			 "GICD_IROUTER20 (a PPI: reserved) reads as zero");
	} else {
		writel(0x02020202, gicd(GICD_ITARGETSR + beyond));
		check_eq(readl(gicd(GICD_ITARGETSR + beyond)), 0,
			 "INTID %u: ITARGETSR reads as zero after a write",
			 beyond);
		writel(0x02020202, gicd(GICD_ITARGETSR + 28));
		check_eq(readl(gicd(GICD_ITARGETSR + 28)), 0x01010101,
			 "GICD_ITARGETSR7 (PPIs) is read-only: vCPU 0's bit");
	}
	/* Pending beyond the last line: nothing to deliver, no crash. */
	local_irq_enable();
	writel(bit_of(beyond), bit_reg(GICD_ISPENDR, beyond));
	udelay(10000);
	local_irq_disable();
	check_eq(irq_unhandled, 0, "ISPENDR beyond the lines delivers nothing");
}

static void test_registers(void)
{
	u32 v, want;
	u64 reg;

	/* Enable bits. */
	spi_enable(SPI_HELD, true);
	check(readl(bit_reg(GICD_ISENABLER, SPI_HELD)) & bit_of(SPI_HELD),
	      "SPI %u: ISENABLER reads enabled", SPI_HELD);
	check(readl(bit_reg(GICD_ICENABLER, SPI_HELD)) & bit_of(SPI_HELD),
	      "SPI %u: ICENABLER reads enabled", SPI_HELD);
	spi_enable(SPI_HELD, false);
	check(!(readl(bit_reg(GICD_ISENABLER, SPI_HELD)) & bit_of(SPI_HELD)),
	      "SPI %u: ISENABLER reads disabled after ICENABLER", SPI_HELD);

	/* Priorities: bytes and words. */
	reg = gicd(GICD_IPRIORITYR + 32);
	writel(0x40608090, reg);
	check_eq(readl(reg), 0x40608090, "IPRIORITYR8: word readback");
	writeb(0x20, reg + 2);
	check_eq(readl(reg), 0x40208090, "IPRIORITYR8: byte write");
	check_eq(readb(reg + 3), 0x40, "IPRIORITYR8: byte read");
	writel(GIC_PRIO_DEFAULT * 0x01010101U, reg);

	/* Edge/level: the odd bit of each 2-bit field (SPIs 32-47). */
	reg = gicd(GICD_ICFGR + 8);
	want = 2U << 2 | 2U << 10 | 2U << 28; /* 33, 37, 46 edge */
	writel(want, reg);
	v = readl(reg) & 0xaaaaaaaa;
	check_eq(v, want, "ICFGR2: edge bits of SPIs 33, 37, 46");
	writel(0, reg);
	check_eq(readl(reg) & 0xaaaaaaaa, 0, "ICFGR2: all level again");
}

static void test_routing(void)
{
	static const u32 spis[] = {SPI_EDGE, SPI_LEVEL};
	unsigned int i;
	u32 s;

	spi_set_edge(SPI_EDGE, true);
	spi_set_edge(SPI_LEVEL, false);
	for (i = 0; i < ARRAY_SIZE(spis); i++) {
		s = spis[i];
		printk("SPI %u (%s-triggered):\n", s,
		       s == SPI_EDGE ? "edge" : "level");
		spi_route(s, 0);
		spi_enable(s, true);
		spi_pend((void *)(u64)s);
		expected[0][s - 32]++;
		check_counts("set pending by vCPU 0: delivered once on "
			     "vCPU 0");

		spi_route(s, 1);
		spi_pend((void *)(u64)s);
		expected[1][s - 32]++;
		check_counts("routed to vCPU 1: delivered once there");
		sgi_work_run(1, spi_pend, (void *)(u64)s);
		expected[1][s - 32]++;
		check_counts("set pending by vCPU 1 itself: delivered there");

		spi_route(s, 0);
		sgi_work_run(1, spi_pend, (void *)(u64)s);
		expected[0][s - 32]++;
		check_counts("routed back, set pending by vCPU 1: delivered "
			     "on vCPU 0");
		spi_enable(s, false);
	}
	spi_set_edge(SPI_EDGE, false);
}

static void nothing(void *arg)
{
}

/*
 * Xen 4.17 queues an SPI enabled by vCPU 0 for another vCPU without
 * waking that vCPU (vgic_enable_irqs() calls gic_raise_guest_irq(), which
 * does not kick it): blocked in WFI, it takes the interrupt only when
 * something else wakes it. Tolerated with a warning: if the SPI has not
 * come in 500 ms, wake the vCPU with other work and look again.
 */
static void wait_remote_delivery(unsigned int cpu, u32 s)
{
	u64 start = uptime_us();

	while (READ_ONCE(hits[cpu][s - 32]) < expected[cpu][s - 32] &&
	       uptime_us() - start < 500000)
		cpu_relax();
	if (READ_ONCE(hits[cpu][s - 32]) >= expected[cpu][s - 32])
		return;
	sgi_work_run(cpu, nothing, NULL);
	udelay(10000);
	if (READ_ONCE(hits[cpu][s - 32]) >= expected[cpu][s - 32])
		test_warning("SPI %u, enabled while pending for vCPU %u, came "
			     "in only when vCPU %u was woken for something "
			     "else (Xen 4.17 does not kick the target of an "
			     "enabled pending SPI)",
			     s, cpu, cpu);
}

static void test_held(void)
{
	unsigned int cpu;
	u32 s = SPI_HELD;

	spi_set_edge(s, true);
	for (cpu = 0; cpu < NR_VCPUS; cpu++) {
		printk("SPI %u disabled, routed to vCPU %u:\n", s, cpu);
		spi_route(s, cpu);
		spi_enable(s, false);
		spi_pend((void *)(u64)s);
		check_counts("set pending while disabled: not delivered");
		check_pending(s, true, "disabled");
		spi_enable(s, true);
		expected[cpu][s - 32]++;
		if (cpu != 0)
			wait_remote_delivery(cpu, s);
		check_counts("enabled: delivered once");
		check_pending(s, false, "delivered");
	}
	spi_enable(s, false);
	spi_set_edge(s, false);
}

static void test_icpendr(void)
{
	u32 s = SPI_CLEARED;
	u32 before;

	spi_set_edge(s, true);
	spi_route(s, 0);
	spi_enable(s, false);
	spi_pend((void *)(u64)s);
	check_pending(s, true, "disabled, set pending");
	writel(bit_of(s), bit_reg(GICD_ICPENDR, s));
	check_pending(s, false, "after ICPENDR");
	before = hits[0][s - 32];
	spi_enable(s, true);
	udelay(20000);
	if (pending_readable == 0 && hits[0][s - 32] == before + 1) {
		printk("NOTE: SPI %u was delivered although ICPENDR cleared "
		       "it (Xen 4.17 ignores ICPENDR writes)\n",
		       s);
		expected[0][s - 32]++;
	}
	check_counts("ICPENDR: the cleared SPI is not delivered once "
		     "enabled");
	spi_enable(s, false);
}

void test_main(void)
{
	unsigned int i;

	if (!gic_version()) {
		test_error("no GIC");
		return;
	}
	if (nr_cpus() != NR_VCPUS) {
		test_error("the domain should have %u vCPUs", NR_VCPUS);
		return;
	}
	test_typer();
	test_registers();

	for (i = 32; i < 96 && i < nr_lines; i++)
		irq_register(i, on_irq, NULL);
	irq_register(SGI_KICK, on_irq, NULL);
	if (!check_eq(cpu_start(1), 0, "start vCPU 1"))
		return;
	sgi_work_start(1, SGI_KICK, serve_setup);
	local_irq_enable();

	test_routing();
	test_held();
	test_icpendr();
	check_eq(irq_unhandled, 0, "no unexpected interrupt");
	test_success(NULL);
}
