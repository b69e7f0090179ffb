/* SPDX-License-Identifier: MIT */
/*
 * Debug keys, as on Xen's console: switch input to the hypervisor with
 * Ctrl-A three times, then type a key. Output goes through printk.
 */
#include <hyp/arch.h>
#include <hyp/debug_dump.h>
#include <hyp/domain.h>
#include <hyp/keyhandler.h>
#include <hyp/lib.h>
#include <hyp/mm.h>
#include <hyp/percpu.h>
#include <hyp/vcpu_arch.h>
#include <asm/regs.h>

static const char *const state_names[] = {"running", "shutdown", "dying"};

static void dump_domains(void)
{
	unsigned long flags = spin_lock_irqsave(&domlist_lock);
	struct domain *d;
	unsigned int i;

	printk("'q' pressed -> dumping domain info\n");
	list_for_each_entry (d, &domain_list, domlist) {
		printk("Domain %u (%s): %s, %lu pages (max %lu), %u "
		       "vCPU(s)%s\n",
		       d->domain_id, d->name, state_names[d->state],
		       d->tot_pages, d->max_pages, d->max_vcpus,
		       d->is_privileged ? ", privileged" : "");
		for (i = 0; i < d->max_vcpus; i++) {
			struct vcpu *v = d->vcpus[i];

			printk("  vCPU %u: pCPU %u, flags %#x, %s, affinity "
			       "%#lx, ran %ld ms\n",
			       i, v->processor, v->pause_flags,
			       v->is_running ? "running" : "not running",
			       v->hard_affinity, v->run_time / 1000000);
		}
	}
	spin_unlock_irqrestore(&domlist_lock, flags);
}

static void dump_dom0_regs(void)
{
	struct domain *d = domain_find(0);
	const struct cpu_regs *r;
	unsigned int i;

	if (!d || !d->max_vcpus) {
		printk("No domain 0\n");
		return;
	}
	/* Saved state; a vCPU running elsewhere shows its last exit. */
	for (i = 0; i < d->max_vcpus; i++) {
		r = &d->vcpus[i]->arch.regs;
		printk("d0 v%u: pc %#lx pstate %#lx x0 %#lx x1 %#lx lr %#lx\n",
		       i, r->pc, r->pstate, r->x[0], r->x[1], r->x[30]);
	}
}

void memory_report(const char *when)
{
	struct page_alloc_stats st;

	xmalloc_release_free();
	page_alloc_get_stats(&st);
	printk("Memory: %lu of %lu pages free (%s)\n", st.free_pages,
	       st.total_pages, when);
}

static void dump_memory(void)
{
	memory_report("'m' pressed");
}

static void show_help(void);

static const struct {
	char key;
	void (*fn)(void);
	const char *desc;
} keys[] = {
	{'h', show_help, "show this help"},
	{'q', dump_domains, "dump domain (and vCPU) information"},
	{'r', sched_dump, "dump run queues"},
	{'e', dump_event_channels, "dump event-channel info"},
	{'g', dump_grant_tables, "dump grant table info"},
	{'m', dump_memory, "memory info"},
	{'0', dump_dom0_regs, "dump Dom0 registers"},
	{'R', arch_reset, "reboot machine"},
};

static void show_help(void)
{
	unsigned int i;

	printk("'h' pressed -> showing installed handlers\n");
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		printk(" key '%c': %s\n", keys[i].key, keys[i].desc);
}

void handle_keypress(char key)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (keys[i].key == key) {
			keys[i].fn();
			return;
		}
	printk("'%c' pressed: no handler (press 'h' for help)\n", key);
}
