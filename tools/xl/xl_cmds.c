/* SPDX-License-Identifier: MIT */
/*
 * xl commands that read or adjust running domains and the host: list,
 * pause, unpause, info, dmesg, domid, domname, uptime, vcpu-list,
 * vcpu-pin, vcpu-set, mem-set, mem-max, debug-keys. Output formats follow
 * Xen 4.17's xl (tools/xl/xl_list.c, xl_info.c, xl_vcpu.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include <public/version.h>

#include "xl.h"

#define MAX_DOMS 1024

static int all_domains(struct xen_domctl_getdomaininfo *info, int max)
{
	int total = 0, n;
	uint32_t next = 0;

	while (total < max &&
	       (n = xc_domain_getinfolist(xl_xc, next, (unsigned)(max - total),
					  info + total)) > 0) {
		total += n;
		next = info[total - 1].domain + 1u;
	}
	return total;
}

/* The domains named in argv[first..], or all of them: count or -1. */
static int selected(int argc, char **argv, int first,
		    struct xen_domctl_getdomaininfo *info, int max)
{
	int n = 0;

	if (first >= argc)
		return all_domains(info, max);
	for (int i = first; i < argc && n < max; i++) {
		uint32_t domid;

		if (xl_find_domain(argv[i], &domid) ||
		    xc_domain_getinfo(xl_xc, domid, &info[n]) < 0)
			return -1;
		n++;
	}
	return n;
}

static char state_char(uint32_t flags, uint32_t bit, char c)
{
	return (flags & bit) ? c : '-';
}

int main_list(int argc, char **argv)
{
	static struct xen_domctl_getdomaininfo info[MAX_DOMS];
	int verbose = 0, first = 1, n;

	if (argc > 1 &&
	    (!strcmp(argv[1], "-l") || !strcmp(argv[1], "--long"))) {
		verbose = 1;
		first = 2;
	}
	n = selected(argc, argv, first, info, MAX_DOMS);
	if (n < 0)
		return 1;
	if (verbose) {
		printf("[\n");
		for (int i = 0; i < n; i++) {
			char name[64], u[37];

			xl_domname(info[i].domain, name, sizeof(name));
			xl_format_uuid(info[i].handle, u);
			printf("    {\n        \"domid\": %u,\n"
			       "        \"config\": {\n"
			       "            \"c_info\": {\n"
			       "                \"type\": \"pvh\",\n"
			       "                \"name\": \"%s\",\n"
			       "                \"uuid\": \"%s\"\n"
			       "            },\n"
			       "            \"b_info\": {\n"
			       "                \"max_vcpus\": %u,\n"
			       "                \"max_memkb\": %llu,\n"
			       "                \"target_memkb\": %llu\n"
			       "            }\n        }\n    }%s\n",
			       info[i].domain, name, u, info[i].max_vcpu_id + 1,
			       (unsigned long long)info[i].max_pages * 4,
			       (unsigned long long)info[i].tot_pages * 4,
			       i + 1 < n ? "," : "");
		}
		printf("]\n");
		return 0;
	}
	printf("Name                                        ID   Mem VCPUs\t"
	       "State\tTime(s)\n");
	for (int i = 0; i < n; i++) {
		uint32_t f = info[i].flags;
		unsigned reason = (f >> XEN_DOMINF_shutdownshift) &
				  XEN_DOMINF_shutdownmask;
		char name[64];

		xl_domname(info[i].domain, name, sizeof(name));
		printf("%-40s %5u %5llu %5u     %c%c%c%c%c%c  %8.1f\n", name,
		       info[i].domain,
		       (unsigned long long)((info[i].tot_pages * 4 +
					     info[i].outstanding_pages * 4) /
					    1024),
		       info[i].nr_online_vcpus,
		       state_char(f, XEN_DOMINF_running, 'r'),
		       state_char(f, XEN_DOMINF_blocked, 'b'),
		       state_char(f, XEN_DOMINF_paused, 'p'),
		       state_char(f, XEN_DOMINF_shutdown, 's'),
		       (f & XEN_DOMINF_shutdown) && reason == 3 ? 'c' : '-',
		       state_char(f, XEN_DOMINF_dying, 'd'),
		       (double)info[i].cpu_time / 1e9);
	}
	return 0;
}

static int one_domain_op(int argc, char **argv, const char *usage,
			 int (*op)(struct xc *, uint32_t))
{
	uint32_t domid;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "Usage: xl %s\n", usage);
		return 2;
	}
	if (xl_find_domain(argv[1], &domid))
		return 1;
	rc = op(xl_xc, domid);
	if (rc < 0) {
		fprintf(stderr, "xl: %s: %s\n", argv[0], strerror(-rc));
		return 1;
	}
	return 0;
}

int main_pause(int argc, char **argv)
{
	return one_domain_op(argc, argv, "pause <Domain>", xc_domain_pause);
}

int main_unpause(int argc, char **argv)
{
	return one_domain_op(argc, argv, "unpause <Domain>", xc_domain_unpause);
}

static const char *sched_name(uint32_t id)
{
	switch (id) {
	case XEN_SCHEDULER_CREDIT:
		return "credit";
	case XEN_SCHEDULER_CREDIT2:
		return "credit2";
	case XEN_SCHEDULER_ARINC653:
		return "arinc653";
	case XEN_SCHEDULER_RTDS:
		return "rtds";
	case XEN_SCHEDULER_NULL:
		return "null";
	default:
		return "unknown";
	}
}

static void ver_string(unsigned cmd, char *out, size_t len)
{
	char buf[1024];

	memset(buf, 0, sizeof(buf));
	if (xc_version(xl_xc, cmd, buf, sizeof(buf)) < 0)
		buf[0] = '\0';
	buf[sizeof(buf) - 1] = '\0';
	snprintf(out, len, "%s", buf);
}

int main_info(int argc, char **argv)
{
	struct xen_sysctl_physinfo pi;
	struct utsname u;
	char extra[64], caps[1024], cmdline[1024], cs[128];
	uint32_t sched = 0;
	long ver;
	int rc;

	(void)argc;
	(void)argv;
	rc = xc_physinfo(xl_xc, &pi);
	if (rc < 0) {
		fprintf(stderr, "xl: physinfo: %s\n", strerror(-rc));
		return 1;
	}
	uname(&u);
	ver = xc_version(xl_xc, XENVER_version, NULL, 0);
	ver_string(XENVER_extraversion, extra, sizeof(extra));
	ver_string(XENVER_capabilities, caps, sizeof(caps));
	ver_string(XENVER_commandline, cmdline, sizeof(cmdline));
	ver_string(XENVER_changeset, cs, sizeof(cs));
	xc_sched_id(xl_xc, &sched);
#define LINE(k, fmt, ...) printf("%-23s: " fmt "\n", k, __VA_ARGS__)
	LINE("host", "%s", u.nodename);
	LINE("release", "%s", u.release);
	LINE("version", "%s", u.version);
	LINE("machine", "%s", u.machine);
	LINE("nr_cpus", "%u", pi.nr_cpus);
	LINE("max_cpu_id", "%u", pi.max_cpu_id);
	LINE("nr_nodes", "%u", pi.nr_nodes);
	LINE("cores_per_socket", "%u", pi.cores_per_socket);
	LINE("threads_per_core", "%u", pi.threads_per_core);
	LINE("cpu_mhz", "%u.%03u", pi.cpu_khz / 1000, pi.cpu_khz % 1000);
	LINE("hw_caps", "%08x:%08x:%08x:%08x:%08x:%08x:%08x:%08x", pi.hw_cap[0],
	     pi.hw_cap[1], pi.hw_cap[2], pi.hw_cap[3], pi.hw_cap[4],
	     pi.hw_cap[5], pi.hw_cap[6], pi.hw_cap[7]);
	LINE("virt_caps", "%s%s%s",
	     (pi.capabilities & XEN_SYSCTL_PHYSCAP_hvm) ? " hvm" : "",
	     (pi.capabilities & XEN_SYSCTL_PHYSCAP_hap) ? " hap" : "",
	     (pi.capabilities & XEN_SYSCTL_PHYSCAP_gnttab_v1) ? " gnttab-v1"
							      : "");
	LINE("total_memory", "%llu", (unsigned long long)pi.total_pages / 256);
	LINE("free_memory", "%llu", (unsigned long long)pi.free_pages / 256);
	LINE("sharing_freed_memory", "%u", 0);
	LINE("sharing_used_memory", "%u", 0);
	LINE("outstanding_claims", "%llu",
	     (unsigned long long)pi.outstanding_pages / 256);
	LINE("free_cpus", "%u", 0);
	LINE("xen_major", "%ld", ver >> 16);
	LINE("xen_minor", "%ld", ver & 0xffff);
	LINE("xen_extra", "%s", extra);
	LINE("xen_version", "%ld.%ld%s", ver >> 16, ver & 0xffff, extra);
	LINE("xen_caps", "%s", caps);
	LINE("xen_scheduler", "%s", sched_name(sched));
	LINE("xen_pagesize", "%ld",
	     xc_version(xl_xc, XENVER_pagesize, NULL, 0));
	LINE("platform_params", "%s", "virt_start=0x0");
	LINE("xen_changeset", "%s", cs);
	LINE("xen_commandline", "%s", cmdline);
	LINE("cc_compiler", "%s", "");
	LINE("xend_config_format", "%d", 4);
#undef LINE
	return 0;
}

int main_dmesg(int argc, char **argv)
{
	static char buf[64 * 1024];
	uint32_t len = sizeof(buf);
	int clear = argc > 1 && !strcmp(argv[1], "-c");
	int rc = xc_readconsole(xl_xc, buf, &len, clear);

	if (rc < 0) {
		fprintf(stderr, "xl: readconsole: %s\n", strerror(-rc));
		return 1;
	}
	fwrite(buf, 1, len, stdout);
	return 0;
}

int main_domid(int argc, char **argv)
{
	uint32_t domid;

	if (argc != 2) {
		fprintf(stderr, "Usage: xl domid <DomainName>\n");
		return 2;
	}
	if (xl_lookup_domain(argv[1], &domid) || !strcmp(argv[1], "")) {
		fprintf(stderr,
			"Can't get domid of domain name '%s', maybe "
			"this domain does not exist.\n",
			argv[1]);
		return 1;
	}
	printf("%u\n", domid);
	return 0;
}

int main_domname(int argc, char **argv)
{
	struct xen_domctl_getdomaininfo info;
	char name[64], *end;
	unsigned long domid;

	if (argc != 2) {
		fprintf(stderr, "Usage: xl domname <DomainId>\n");
		return 2;
	}
	domid = strtoul(argv[1], &end, 10);
	if (*end || !argv[1][0] ||
	    xc_domain_getinfo(xl_xc, (uint32_t)domid, &info) < 0) {
		fprintf(stderr,
			"Can't get domain name of domain id '%s', "
			"maybe this domain does not exist.\n",
			argv[1]);
		return 1;
	}
	xl_domname((uint32_t)domid, name, sizeof(name));
	printf("%s\n", name);
	return 0;
}

static long long dom_uptime(uint32_t domid)
{
	struct xl_state st;
	double up = 0;
	FILE *f;

	if (domid == 0) {
		f = fopen("/proc/uptime", "re");
		if (f) {
			if (fscanf(f, "%lf", &up) != 1)
				up = 0;
			fclose(f);
		}
		return (long long)up;
	}
	if (xl_state_read(domid, &st) || !st.start_time)
		return 0;
	return (long long)time(NULL) - st.start_time;
}

int main_uptime(int argc, char **argv)
{
	static struct xen_domctl_getdomaininfo info[MAX_DOMS];
	int first = 1, secs = 0, n;

	if (argc > 1 && !strcmp(argv[1], "-s")) {
		secs = 1;
		first = 2;
	}
	n = selected(argc, argv, first, info, MAX_DOMS);
	if (n < 0)
		return 1;
	if (!secs)
		printf("%-33s %4s %s\n", "Name", "ID", "Uptime");
	for (int i = 0; i < n; i++) {
		long long t = dom_uptime(info[i].domain);
		char name[64], up[64];

		xl_domname(info[i].domain, name, sizeof(name));
		if (secs) {
			printf("%-33s %4u %lld\n", name, info[i].domain, t);
			continue;
		}
		if (t >= 86400)
			snprintf(up, sizeof(up),
				 "%lld days, %2lld:%02lld:%02lld", t / 86400,
				 t / 3600 % 24, t / 60 % 60, t % 60);
		else
			snprintf(up, sizeof(up), "%2lld:%02lld:%02lld",
				 t / 3600, t / 60 % 60, t % 60);
		printf("%-33s %4u %s\n", name, info[i].domain, up);
	}
	return 0;
}

/* "all", or a cpu list like "0-2,5", from a bitmap of nr cpus. */
static void format_cpumap(const uint8_t *map, unsigned nr, char *out,
			  size_t len)
{
	size_t used = 0;
	unsigned count = 0;

	out[0] = '\0';
	for (unsigned i = 0; i < nr; i++)
		count += (map[i / 8] >> (i % 8)) & 1;
	if (count == nr) {
		snprintf(out, len, "all");
		return;
	}
	for (unsigned i = 0; i < nr; i++) {
		unsigned j = i;

		if (!((map[i / 8] >> (i % 8)) & 1))
			continue;
		while (j + 1 < nr && ((map[(j + 1) / 8] >> ((j + 1) % 8)) & 1))
			j++;
		used += (size_t)snprintf(out + used, len - used, "%s%u",
					 used ? "," : "", i);
		if (j > i)
			used += (size_t)snprintf(out + used, len - used, "-%u",
						 j);
		if (used >= len)
			break;
		i = j;
	}
	if (!out[0])
		snprintf(out, len, "none");
}

int main_vcpulist(int argc, char **argv)
{
	static struct xen_domctl_getdomaininfo info[MAX_DOMS];
	struct xen_sysctl_physinfo pi;
	unsigned nr_cpus;
	int n = selected(argc, argv, 1, info, MAX_DOMS);

	if (n < 0 || xc_physinfo(xl_xc, &pi) < 0)
		return 1;
	nr_cpus = pi.max_cpu_id + 1;
	if (nr_cpus > XL_MAX_CPUS)
		nr_cpus = XL_MAX_CPUS;
	printf("%-32s %5s %5s %5s %5s %9s %s\n", "Name", "ID", "VCPU", "CPU",
	       "State", "Time(s)", "Affinity (Hard / Soft)");
	for (int i = 0; i < n; i++) {
		char name[64];

		if (info[i].max_vcpu_id == XEN_INVALID_MAX_VCPU_ID)
			continue;
		xl_domname(info[i].domain, name, sizeof(name));
		for (uint32_t v = 0; v <= info[i].max_vcpu_id; v++) {
			struct xen_domctl_getvcpuinfo vi;
			uint8_t map[XL_MAX_CPUS / 8] = {0};
			char aff[256];

			if (xc_vcpu_getinfo(xl_xc, info[i].domain, v, &vi) < 0)
				continue;
			if (xc_vcpu_getaffinity(xl_xc, info[i].domain, v, map,
						nr_cpus) < 0)
				snprintf(aff, sizeof(aff), "?");
			else
				format_cpumap(map, nr_cpus, aff, sizeof(aff));
			printf("%-32s %5u %5u ", name, info[i].domain, v);
			if (vi.online)
				printf("%5u", vi.cpu);
			else
				printf("%5s", "-");
			printf("   %c%c%c  %9.1f  %s / all\n",
			       vi.running ? 'r' : '-', vi.blocked ? 'b' : '-',
			       vi.online ? '-' : 'p', (double)vi.cpu_time / 1e9,
			       aff);
		}
	}
	return 0;
}

int main_vcpupin(int argc, char **argv)
{
	struct xen_domctl_getdomaininfo info;
	struct xen_sysctl_physinfo pi;
	uint8_t map[XL_MAX_CPUS / 8];
	uint32_t domid, first, last;
	unsigned nr_cpus;

	if (argc < 4) {
		fprintf(stderr, "Usage: xl vcpu-pin <Domain> <VCPU|all> "
				"<Hard affinity|-|all> [Soft affinity]\n");
		return 2;
	}
	if (xl_find_domain(argv[1], &domid) ||
	    xc_domain_getinfo(xl_xc, domid, &info) < 0 ||
	    xc_physinfo(xl_xc, &pi) < 0)
		return 1;
	nr_cpus = pi.max_cpu_id + 1;
	if (nr_cpus > XL_MAX_CPUS)
		nr_cpus = XL_MAX_CPUS;
	if (!strcmp(argv[2], "all")) {
		first = 0;
		last = info.max_vcpu_id;
	} else {
		char *end;

		first = last = (uint32_t)strtoul(argv[2], &end, 10);
		if (*end || !argv[2][0] || first > info.max_vcpu_id) {
			fprintf(stderr, "xl: invalid vCPU '%s'\n", argv[2]);
			return 1;
		}
	}
	if (!strcmp(argv[3], "-"))
		return 0; /* hard affinity unchanged */
	if (xl_parse_cpulist(argv[3], map)) {
		fprintf(stderr, "xl: invalid CPU list '%s'\n", argv[3]);
		return 1;
	}
	for (uint32_t v = first; v <= last; v++) {
		int rc = xc_vcpu_setaffinity(xl_xc, domid, v, map, nr_cpus);

		if (rc < 0) {
			fprintf(stderr,
				"xl: setting vCPU %u affinity failed: %s\n", v,
				strerror(-rc));
			return 1;
		}
	}
	return 0;
}

int main_vcpuset(int argc, char **argv)
{
	struct xen_domctl_getdomaininfo info;
	uint32_t domid;
	unsigned long n;
	char *end;

	if (argc != 3) {
		fprintf(stderr, "Usage: xl vcpu-set <Domain> <vCPUs>\n");
		return 2;
	}
	if (xl_find_domain(argv[1], &domid) ||
	    xc_domain_getinfo(xl_xc, domid, &info) < 0)
		return 1;
	n = strtoul(argv[2], &end, 10);
	if (*end || n == 0 || n > info.max_vcpu_id + 1UL) {
		fprintf(stderr, "xl: invalid number of vCPUs '%s' (1..%u)\n",
			argv[2], info.max_vcpu_id + 1);
		return 1;
	}
	/* The guest onlines/offlines them when it sees cpu/N/availability. */
	for (uint32_t v = 0; v <= info.max_vcpu_id; v++) {
		char path[96];

		snprintf(path, sizeof(path),
			 "/local/domain/%u/cpu/%u/availability", domid, v);
		if (xl_xs_write(path, v < n ? "online" : "offline")) {
			fprintf(stderr, "xl: vcpu-set needs xenstored\n");
			return 1;
		}
	}
	return 0;
}

/* "<N>[bkmg]", MiB by default, into KiB: 0 or -1. */
static int parse_mem_kb(const char *s, uint64_t *kb)
{
	char *end;
	uint64_t v = strtoull(s, &end, 10);

	if (end == s)
		return -1;
	switch (*end) {
	case 'b':
	case 'B':
		v /= 1024;
		break;
	case 'k':
	case 'K':
		break;
	case '\0':
	case 'm':
	case 'M':
		v *= 1024;
		break;
	case 'g':
	case 'G':
		v *= 1024 * 1024;
		break;
	default:
		return -1;
	}
	if (*end && end[1])
		return -1;
	*kb = v;
	return 0;
}

int main_memmax(int argc, char **argv)
{
	uint32_t domid;
	uint64_t kb;
	int rc;

	if (argc != 3 || parse_mem_kb(argv[2], &kb)) {
		fprintf(stderr, "Usage: xl mem-max <Domain> <MemMB['b'|'k'|"
				"'m'|'g']>\n");
		return 2;
	}
	if (xl_find_domain(argv[1], &domid))
		return 1;
	rc = xc_domain_max_mem(xl_xc, domid, kb);
	if (rc < 0) {
		fprintf(stderr, "xl: mem-max: %s\n", strerror(-rc));
		return 1;
	}
	return 0;
}

int main_memset(int argc, char **argv)
{
	uint32_t domid;
	uint64_t kb;
	char path[64], val[32];

	if (argc != 3 || parse_mem_kb(argv[2], &kb)) {
		fprintf(stderr, "Usage: xl mem-set <Domain> <MemMB['b'|'k'|"
				"'m'|'g']>\n");
		return 2;
	}
	if (xl_find_domain(argv[1], &domid))
		return 1;
	/* The guest's balloon driver follows memory/target. */
	snprintf(path, sizeof(path), "/local/domain/%u/memory/target", domid);
	snprintf(val, sizeof(val), "%llu", (unsigned long long)kb);
	if (xl_xs_write(path, val)) {
		fprintf(stderr, "xl: mem-set needs xenstored\n");
		return 1;
	}
	return 0;
}

int main_debugkeys(int argc, char **argv)
{
	int rc;

	if (argc != 2) {
		fprintf(stderr, "Usage: xl debug-keys <Keys>\n");
		return 2;
	}
	rc = xc_debug_keys(xl_xc, argv[1]);
	if (rc < 0) {
		fprintf(stderr, "xl: debug-keys: %s\n", strerror(-rc));
		return 1;
	}
	return 0;
}
