/* SPDX-License-Identifier: MIT */
/*
 * Xen command-line options whose users (dom0 builder, scheduler) read them
 * through boot_params; kept in one place so every option a Xen user passes
 * is recognised and echoed at boot even before its feature lands.
 */
#include <hyp/boot_params.h>
#include <hyp/errno.h>
#include <hyp/lib.h>
#include <hyp/param.h>

struct boot_params boot_params = {
	.dom0_mem = 0,
	.dom0_max_vcpus = 0,
	.sched = "credit2",
};

/* dom0_mem=<size>: Xen on Arm takes a plain size (no min:/max: forms). */
static int parse_dom0_mem(const char *s)
{
	const char *end;
	u64 v = parse_size_and_unit(s, &end);

	if (end == s || *end || !v)
		return -EINVAL;
	boot_params.dom0_mem = v;
	return 0;
}
custom_param("dom0_mem", parse_dom0_mem);

/* dom0_max_vcpus=<n> or <min>-<max> (Xen's forms); we use the maximum. */
static int parse_dom0_max_vcpus(const char *s)
{
	const char *end;
	bool ovf = false;
	u64 v = hyp_strtoull(s, &end, 10, &ovf);

	if (*end == '-') {
		s = end + 1;
		v = hyp_strtoull(s, &end, 10, &ovf);
	}
	if (end == s || *end || ovf || !v || v > 128)
		return -EINVAL;
	boot_params.dom0_max_vcpus = (unsigned int)v;
	return 0;
}
custom_param("dom0_max_vcpus", parse_dom0_max_vcpus);

bool opt_dom0_vcpus_pin;
boolean_param("dom0_vcpus_pin", opt_dom0_vcpus_pin);
bool opt_hmp_unsafe;
boolean_param("hmp-unsafe", opt_hmp_unsafe);
bool opt_ext_regions = true;
boolean_param("ext_regions", opt_ext_regions);

/* sched=<name>: the schedulers Xen knows; armvisor runs its own. */
static int parse_sched(const char *s)
{
	static const char *const known[] = {"credit", "credit2", "null", "rtds",
					    "arinc653"};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(known); i++)
		if (!strcmp(s, known[i])) {
			hyp_strlcpy(boot_params.sched, s,
				    sizeof(boot_params.sched));
			return 0;
		}
	return -EINVAL;
}
custom_param("sched", parse_sched);

/* xsm=<dummy|flask|silo>: no XSM here; we behave like xsm=dummy. */
static int parse_xsm(const char *s)
{
	if (strcmp(s, "dummy") && strcmp(s, "flask") && strcmp(s, "silo"))
		return -EINVAL;
	return 0;
}
custom_param("xsm", parse_xsm);
