/* SPDX-License-Identifier: MIT */
/*
 * xl sched-credit2: a domain's credit2 weight and cap
 * (XEN_DOMCTL_scheduler_op getinfo/putinfo), printed as Xen's xl does:
 *
 *   xl sched-credit2                     every domain, under its pool
 *   xl sched-credit2 -d DOM              one domain
 *   xl sched-credit2 -d DOM [-w W] [-c C]  set weight (1..65535) and/or
 *                                        cap (percent of one pCPU, 0 none)
 *
 * The pool line shows the scheduler's rate limit from
 * XEN_SYSCTL_scheduler_op where the hypervisor has it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xl.h"

#define MAX_WEIGHT 65535

static int get_params(uint32_t domid, uint16_t *weight, uint16_t *cap)
{
	struct xen_domctl d = {.cmd = XEN_DOMCTL_scheduler_op,
			       .domain = (domid_t)domid};
	int rc;

	d.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT2;
	d.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_getinfo;
	rc = xc_domctl(xl_xc, &d);
	if (rc < 0)
		return rc;
	*weight = d.u.scheduler_op.u.credit2.weight;
	*cap = d.u.scheduler_op.u.credit2.cap;
	return 0;
}

static int set_params(uint32_t domid, uint16_t weight, uint16_t cap)
{
	struct xen_domctl d = {.cmd = XEN_DOMCTL_scheduler_op,
			       .domain = (domid_t)domid};

	d.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT2;
	d.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_putinfo;
	d.u.scheduler_op.u.credit2.weight = weight;
	d.u.scheduler_op.u.credit2.cap = cap;
	return xc_domctl(xl_xc, &d);
}

static void header(void)
{
	printf("%-33s %4s %6s %4s\n", "Name", "ID", "Weight", "Cap");
}

static int row(uint32_t domid)
{
	uint16_t weight, cap;
	char name[64];
	int rc = get_params(domid, &weight, &cap);

	if (rc < 0) {
		fprintf(stderr, "xl: scheduler parameters of domain %u: %s\n",
			domid, strerror(-rc));
		return -1;
	}
	xl_domname(domid, name, sizeof(name));
	printf("%-33s %4u %6u %4u\n", name, domid, weight, cap);
	return 0;
}

static void pool_line(void)
{
	struct xen_sysctl s = {.cmd = XEN_SYSCTL_scheduler_op};

	s.u.scheduler_op.cpupool_id = 0;
	s.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT2;
	s.u.scheduler_op.cmd = XEN_SYSCTL_SCHEDOP_getinfo;
	if (xc_sysctl(xl_xc, &s) < 0)
		printf("Cpupool Pool-0: [sched params unavailable]\n");
	else
		printf("Cpupool Pool-0: ratelimit=%uus\n",
		       s.u.scheduler_op.u.sched_credit2.ratelimit_us);
}

/* A number in [lo, hi] or -1. */
static long number(const char *s, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < lo || v > hi)
		return -1;
	return v;
}

static const char *opt_arg(int argc, char **argv, int *i, const char *a)
{
	/* -wVALUE, -w=VALUE, -w VALUE, --weight=VALUE, --weight VALUE */
	const char *eq = strchr(a, '=');

	if (a[1] != '-' && a[2])
		return a[2] == '=' ? a + 3 : a + 2;
	if (eq)
		return eq + 1;
	return *i + 1 < argc ? argv[++*i] : NULL;
}

int main_sched_credit2(int argc, char **argv)
{
	const char *dom = NULL, *ws = NULL, *cs = NULL;
	long weight = 0, cap = -1;
	struct xen_domctl_getdomaininfo info[64];
	uint32_t domid, next = 0;
	uint16_t cur_w, cur_c;
	int n, rc = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strncmp(a, "-d", 2) || !strncmp(a, "--domain", 8))
			dom = opt_arg(argc, argv, &i, a);
		else if (!strncmp(a, "-w", 2) || !strncmp(a, "--weight", 8))
			ws = opt_arg(argc, argv, &i, a);
		else if (!strncmp(a, "-c", 2) || !strncmp(a, "--cap", 5))
			cs = opt_arg(argc, argv, &i, a);
		else if (!strncmp(a, "-p", 2) || !strncmp(a, "--cpupool", 9)) {
			const char *p = opt_arg(argc, argv, &i, a);

			if (!p || strcmp(p, "Pool-0")) {
				fprintf(stderr, "xl: unknown cpupool '%s'\n",
					p ? p : "");
				return 1;
			}
		} else {
			fprintf(stderr,
				"Usage: xl sched-credit2 [-d <Domain> "
				"[-w[=WEIGHT]] [-c[=CAP]]] [-p <CPUPool>]\n");
			return 2;
		}
	}
	if ((ws || cs) && !dom) {
		fprintf(stderr, "Must specify a domain.\n");
		return 1;
	}
	if (ws && (weight = number(ws, 1, MAX_WEIGHT)) < 0) {
		fprintf(stderr, "xl: invalid weight '%s' (1..%d)\n", ws,
			MAX_WEIGHT);
		return 1;
	}
	if (cs && (cap = number(cs, 0, 65535)) < 0) {
		fprintf(stderr, "xl: invalid cap '%s'\n", cs);
		return 1;
	}
	if (dom) {
		if (xl_find_domain(dom, &domid))
			return 1;
		if (!ws && !cs) {
			header();
			return row(domid) ? 1 : 0;
		}
		/* Unnamed parameters stay as they are. */
		rc = get_params(domid, &cur_w, &cur_c);
		if (rc == 0)
			rc = set_params(domid, ws ? (uint16_t)weight : cur_w,
					cs ? (uint16_t)cap : cur_c);
		if (rc < 0) {
			fprintf(stderr,
				"xl: setting scheduler parameters of "
				"domain %u: %s\n",
				domid, strerror(-rc));
			return 1;
		}
		return 0;
	}
	pool_line();
	header();
	while ((n = xc_domain_getinfolist(xl_xc, next, 64, info)) > 0) {
		for (int i = 0; i < n; i++)
			rc |= row(info[i].domain);
		next = info[n - 1].domain + 1u;
	}
	return rc ? 1 : 0;
}
