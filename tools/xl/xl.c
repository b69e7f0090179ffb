/* SPDX-License-Identifier: MIT */
/* xl: command dispatch, help, and domain names (xl.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xl.h"

struct xc *xl_xc;

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;
	const char *help;
};

static int main_help(int argc, char **argv);

static const struct cmd cmds[] = {
	{"create", main_create,
	 "[-c] [-p] [-q] [-F] <ConfigFile> [options] [vars]",
	 "Create a domain from config file <filename>"},
	{"list", main_list, "[-l] [Domain...]",
	 "List information about all/some domains"},
	{"destroy", main_destroy, "<Domain>", "Terminate a domain immediately"},
	{"shutdown", main_shutdown, "[-w] <Domain>",
	 "Issue a shutdown signal to a domain"},
	{"reboot", main_reboot, "[-w] <Domain>",
	 "Issue a reboot signal to a domain"},
	{"pause", main_pause, "<Domain>", "Pause execution of a domain"},
	{"unpause", main_unpause, "<Domain>", "Unpause a paused domain"},
	{"console", main_console, "[-t <type>] [-n <number>] <Domain>",
	 "Attach to domain's console"},
	{"info", main_info, "", "Get information about Xen host"},
	{"dmesg", main_dmesg, "[-c]", "Read and/or clear dmesg buffer"},
	{"domid", main_domid, "<DomainName>",
	 "Convert a domain name to domain id"},
	{"domname", main_domname, "<DomainId>",
	 "Convert a domain id to domain name"},
	{"uptime", main_uptime, "[-s] [Domain...]",
	 "Print uptime for all/some domains"},
	{"vcpu-list", main_vcpulist, "[Domain...]",
	 "List the VCPUs for all/some domains"},
	{"vcpu-pin", main_vcpupin,
	 "<Domain> <VCPU|all> <Hard affinity|-|all> [Soft affinity]",
	 "Set which CPUs a VCPU can use"},
	{"vcpu-set", main_vcpuset, "<Domain> <vCPUs>",
	 "Set the number of active VCPUs allowed for the domain"},
	{"mem-set", main_memset, "<Domain> <MemMB['b'[bytes]|'k'|'m'|'g']>",
	 "Set the current memory usage for a domain"},
	{"mem-max", main_memmax, "<Domain> <MemMB['b'[bytes]|'k'|'m'|'g']>",
	 "Set the maximum amount reservation for a domain"},
	{"sched-credit2", main_sched_credit2,
	 "[-d <Domain> [-w[=WEIGHT]] [-c[=CAP]]] [-p <CPUPool>]",
	 "Get/set credit2 scheduler parameters"},
	{"debug-keys", main_debugkeys, "<Keys>", "Send debug keys to Xen"},
	{"block-list", main_blocklist, "<Domain(s)>",
	 "List virtual block devices for a domain"},
	{"network-list", main_networklist, "<Domain(s)>",
	 "List virtual network interfaces for a domain"},
	{"help", main_help, "[-v] [command]", "Print this help"},
};

#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

static const struct cmd *find_cmd(const char *name)
{
	for (size_t i = 0; i < NCMDS; i++) {
		if (!strcmp(cmds[i].name, name))
			return &cmds[i];
	}
	return NULL;
}

static int main_help(int argc, char **argv)
{
	const struct cmd *c = argc > 1 ? find_cmd(argv[argc - 1]) : NULL;

	if (c) {
		printf("Usage: xl %s %s\n\n%s.\n", c->name, c->usage, c->help);
		return 0;
	}
	printf("Usage xl [-vfNtT] <subcommand> [args]\n\n"
	       "xl full list of subcommands:\n\n");
	for (size_t i = 0; i < NCMDS; i++)
		printf(" %-19s %s\n\n", cmds[i].name, cmds[i].help);
	return argc > 1 ? 1 : 0;
}

static void state_path(uint32_t domid, char *out, size_t len)
{
	snprintf(out, len, XL_STATE_DIR "/dom.%u", domid);
}

int xl_state_read(uint32_t domid, struct xl_state *st)
{
	char path[64], line[1100];
	FILE *f;

	memset(st, 0, sizeof(*st));
	state_path(domid, path, sizeof(path));
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *v = strchr(line, '=');
		size_t n;

		if (!v)
			continue;
		*v++ = '\0';
		n = strlen(v);
		if (n && v[n - 1] == '\n')
			v[--n] = '\0';
		if (!strcmp(line, "name"))
			snprintf(st->name, sizeof(st->name), "%s", v);
		else if (!strcmp(line, "config"))
			snprintf(st->config, sizeof(st->config), "%s", v);
		else if (!strcmp(line, "start"))
			st->start_time = atoll(v);
		else if (!strcmp(line, "uuid"))
			xl_parse_uuid(v, st->uuid);
		else if (!strcmp(line, "set")) {
			size_t used = strlen(st->overrides);

			snprintf(st->overrides + used,
				 sizeof(st->overrides) - used, "%s\n", v);
		}
	}
	fclose(f);
	return 0;
}

int xl_state_write(uint32_t domid, const struct xl_state *st)
{
	char path[64], tmp[72], u[37];
	const char *p = st->overrides;
	FILE *f;

	mkdir("/run/xen", 0755);
	mkdir(XL_STATE_DIR, 0755);
	state_path(domid, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "we");
	if (!f)
		return -1;
	xl_format_uuid(st->uuid, u);
	fprintf(f, "name=%s\nconfig=%s\nuuid=%s\nstart=%lld\n", st->name,
		st->config, u, st->start_time);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		fprintf(f, "set=%.*s\n", (int)n, p);
		p += n + (nl ? 1 : 0);
	}
	if (fclose(f) || rename(tmp, path))
		return -1;
	return 0;
}

void xl_state_remove(uint32_t domid)
{
	char path[64];

	state_path(domid, path, sizeof(path));
	unlink(path);
}

void xl_domname(uint32_t domid, char *out, size_t len)
{
	struct xl_state st;
	char path[64];

	if (domid == 0) {
		snprintf(out, len, "Domain-0");
		return;
	}
	if (xl_state_read(domid, &st) == 0 && st.name[0]) {
		snprintf(out, len, "%s", st.name);
		return;
	}
	snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
	if (xl_xs_read(path, out, len) == 0 && out[0])
		return;
	snprintf(out, len, "(null)");
}

static int lookup(const char *s, uint32_t *domid, int verbose)
{
	struct xen_domctl_getdomaininfo info[64];
	char *end;
	unsigned long v = strtoul(s, &end, 10);
	uint32_t next = 0;
	int n;

	if (*s && !*end) {
		if (v >= DOMID_FIRST_RESERVED ||
		    xc_domain_getinfo(xl_xc, (uint32_t)v, &info[0]) < 0) {
			if (verbose)
				fprintf(stderr,
					"xl: domain %s does not exist\n", s);
			return -1;
		}
		*domid = (uint32_t)v;
		return 0;
	}
	while ((n = xc_domain_getinfolist(xl_xc, next, 64, info)) > 0) {
		for (int i = 0; i < n; i++) {
			char name[64];

			xl_domname(info[i].domain, name, sizeof(name));
			if (!strcmp(name, s)) {
				*domid = info[i].domain;
				return 0;
			}
		}
		next = info[n - 1].domain + 1u;
	}
	if (verbose)
		fprintf(stderr, "xl: domain '%s' does not exist\n", s);
	return -1;
}

int xl_find_domain(const char *s, uint32_t *domid)
{
	return lookup(s, domid, 1);
}

int xl_lookup_domain(const char *s, uint32_t *domid)
{
	return lookup(s, domid, 0);
}

int main(int argc, char **argv)
{
	const struct cmd *c;
	int i = 1;

	/* Global options of Xen's xl; accepted, mostly without effect. */
	while (i < argc && argv[i][0] == '-' && argv[i][1]) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return main_help(0, NULL);
		i++;
	}
	if (i >= argc) {
		main_help(0, NULL);
		return 1;
	}
	c = find_cmd(argv[i]);
	if (!c) {
		fprintf(stderr, "xl: command not implemented\n");
		return 1;
	}
	if (c->fn == main_help)
		return main_help(argc - i, argv + i);
	xl_xc = xc_open();
	if (!xl_xc) {
		fprintf(stderr,
			"xl: cannot open /dev/xen/privcmd: %s (not dom0, or "
			"xen-privcmd not loaded?)\n",
			strerror(errno));
		return 1;
	}
	i = c->fn(argc - i, argv + i);
	xc_close(xl_xc);
	return i;
}
