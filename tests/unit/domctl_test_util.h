/* SPDX-License-Identifier: MIT */
/* test_domctl's fakes (domctl_fakes.c): what they record for the tests. */
#ifndef DOMCTL_TEST_UTIL_H
#define DOMCTL_TEST_UTIL_H

#include <hyp/domain.h>

#define MAX_TEST_DOMS 4
extern struct domain *doms[MAX_TEST_DOMS];
/* The last domain_create's config and the lifecycle calls counted. */
extern struct domain_config last_cfg;
extern unsigned int nr_creates, nr_pauses, nr_unpauses, nr_kills;
/* domain_pt_bind_irq / unbind calls and the last IRQ. */
extern unsigned int nr_pt_binds, nr_pt_unbinds, last_pt_irq;
/* vpl011_init_ring's arguments. */
extern u64 vuart_gfn, vuart_base;
extern unsigned int vuart_spi, vuart_backend;

/* A domain with vcpus vCPUs in doms[id], privileged or not. */
struct domain *new_domain(domid_t id, unsigned int vcpus, bool priv,
			  const struct domain_config *cfg);
void free_domain(struct domain *d);

/* hyp/arch/host/fake_gnttab.c's stage 2. */
void host_fake_p2m_reset(void);
unsigned int host_fake_p2m_count(struct domain *d);

#endif
