/* SPDX-License-Identifier: MIT */
/*
 * xl create, destroy, shutdown, reboot, and the per-domain monitor.
 *
 * Life-cycle design (as Xen's xl): `xl create` builds the domain, then
 * forks a monitor process that stays with the domain for its life. The
 * monitor polls the domain's state (getdomaininfo, 4 times a second) and,
 * when the domain has shut down, applies on_poweroff / on_reboot /
 * on_crash from its config: destroy, restart (destroy, then build a new
 * domain from the same config file and overrides, and keep watching
 * that one), or preserve (leave it for `xl destroy`). It exits when the
 * domain is gone. Polling rather than VIRQ_DOM_EXC: that VIRQ can be bound
 * by one process in dom0 only, and xenstored owns it (it turns it into
 * @releaseDomain watches).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <public/sched.h>

#include "dombuild.h"
#include "xl.h"

#define MONITOR_PERIOD_MS 250
#define LOG_DIR "/var/log/xen"

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return NULL;
	for (;;) {
		size_t got;

		if (n + 4096 > cap) {
			char *p;

			cap = cap ? cap * 2 : 8192;
			if (cap > XLCFG_MAX_SIZE + 8192) {
				errno = EFBIG;
				break;
			}
			p = realloc(buf, cap);
			if (!p)
				break;
			buf = p;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0) {
			fclose(f);
			*len = n;
			return buf;
		}
	}
	fclose(f);
	free(buf);
	return NULL;
}

/* Parse the config and the overrides ('\n'-separated): 0 or -1. */
static int load_config(const char *file, const char *overrides,
		       struct xl_domcfg *d)
{
	struct xlcfg c;
	size_t len;
	char *text = slurp(file, &len);
	const char *p = overrides;
	int rc = -1;

	if (!text) {
		fprintf(stderr, "Failed to read config file: %s: %s\n", file,
			strerror(errno));
		return -1;
	}
	xlcfg_init(&c, file);
	if (xlcfg_parse(&c, text, len, stderr))
		goto out;
	while (*p) {
		char one[1024];
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		snprintf(one, sizeof(one), "%.*s", (int)n, p);
		if (one[0] && xlcfg_set(&c, one, stderr))
			goto out;
		p += n + (nl ? 1 : 0);
	}
	rc = xlcfg_domain(&c, d, stderr);
out:
	xlcfg_free(&c);
	free(text);
	return rc;
}

static int name_in_use(const char *name)
{
	uint32_t domid;

	return xl_lookup_domain(name, &domid) == 0;
}

/* Build, register and (unless paused) start; returns the domid or -1. */
static int create_domain(const char *file, const char *overrides, int paused,
			 int quiet)
{
	struct xl_domcfg cfg;
	struct dom_result r;
	struct xl_state st;
	char line[160];

	if (!quiet)
		fprintf(stderr, "Parsing config from %s\n", file);
	if (load_config(file, overrides, &cfg))
		return -1;
	if (name_in_use(cfg.name)) {
		fprintf(stderr, "xl: domain with name \"%s\" already exists.\n",
			cfg.name);
		xl_domcfg_free(&cfg);
		return -1;
	}
	if (dombuild(xl_xc, &cfg, &r, stderr)) {
		fprintf(stderr, "xl: unable to create domain %s\n", cfg.name);
		xl_domcfg_free(&cfg);
		return -1;
	}
	memset(&st, 0, sizeof(st));
	snprintf(st.name, sizeof(st.name), "%s", cfg.name);
	if (file[0] == '/' || !getcwd(st.config, sizeof(st.config) - 1))
		snprintf(st.config, sizeof(st.config), "%s", file);
	else
		snprintf(st.config + strlen(st.config),
			 sizeof(st.config) - strlen(st.config), "/%s", file);
	snprintf(st.overrides, sizeof(st.overrides), "%s", overrides);
	memcpy(st.uuid, r.uuid, 16);
	st.start_time = (long long)time(NULL);
	if (xl_state_write(r.domid, &st))
		fprintf(stderr, "xl: warning: cannot write %s/dom.%u\n",
			XL_STATE_DIR, r.domid);
	if (xl_xs_available() &&
	    xl_xs_domain_entries(r.domid, &cfg, r.uuid, r.store_gfn,
				 r.store_port, r.console_gfn, r.console_port))
		fprintf(stderr,
			"xl: warning: xenstore entries for domain %u "
			"incomplete\n",
			r.domid);
	if (xl_devices_add(r.domid, &cfg, file)) {
		fprintf(stderr, "xl: unable to create domain %s\n", cfg.name);
		xl_destroy_domain(r.domid);
		xl_domcfg_free(&cfg);
		return -1;
	}
	snprintf(line, sizeof(line), "add %u %s %llu %u", r.domid, cfg.name,
		 (unsigned long long)r.console_gfn, r.console_port);
	if (xl_consoled_request(line))
		fprintf(stderr,
			"xl: warning: the console daemon did not take "
			"domain %u's console\n",
			r.domid);
	if (cfg.vuart) {
		snprintf(line, sizeof(line), "vuart %u %s %llu %u", r.domid,
			 cfg.name, (unsigned long long)r.vuart_gfn,
			 r.vuart_port);
		if ((xl_xs_available() &&
		     xl_xs_vuart_entries(r.domid, r.vuart_gfn, r.vuart_port)) ||
		    xl_consoled_request(line))
			fprintf(stderr,
				"xl: warning: domain %u's vuart is not "
				"served\n",
				r.domid);
	}
	if (!paused) {
		int rc = xc_domain_unpause(xl_xc, r.domid);

		if (rc < 0) {
			fprintf(stderr, "xl: unpause: %s\n", strerror(-rc));
			xl_destroy_domain(r.domid);
			xl_domcfg_free(&cfg);
			return -1;
		}
	}
	xl_domcfg_free(&cfg);
	return (int)r.domid;
}

int xl_destroy_domain(uint32_t domid)
{
	struct xl_state st;
	char line[32];
	int have = xl_state_read(domid, &st) == 0;
	int rc;

	/* Foreign mappings of its pages go first, or it lingers dying. */
	snprintf(line, sizeof(line), "del %u", domid);
	xl_consoled_request(line);
	/* The backends let go of its grants before it goes (libxl pauses
	 * it first, so that it does not fight the removal). */
	xc_domain_pause(xl_xc, domid);
	xl_devices_remove(domid);
	xl_xs_remove_domain(domid, have ? st.uuid : NULL);
	rc = xc_domain_destroy(xl_xc, domid);
	if (rc < 0 && rc != -ESRCH) {
		fprintf(stderr, "xl: destroying domain %u: %s\n", domid,
			strerror(-rc));
		return -1;
	}
	xl_state_remove(domid);
	return 0;
}

static enum xl_action action_for(const struct xl_domcfg *cfg, unsigned reason)
{
	switch (reason) {
	case SHUTDOWN_poweroff:
		return cfg->on_poweroff;
	case SHUTDOWN_reboot:
		return cfg->on_reboot;
	default:
		return cfg->on_crash;
	}
}

/* The monitor's loop (see the top of the file). Never returns. */
static void monitor(uint32_t domid)
{
	for (;;) {
		struct xen_domctl_getdomaininfo info;
		struct xl_state st;
		struct xl_domcfg cfg;
		unsigned reason;
		enum xl_action act;
		int rc = xc_domain_getinfo(xl_xc, domid, &info);

		if (rc == -ESRCH)
			break;
		if (rc < 0 || !(info.flags & XEN_DOMINF_shutdown) ||
		    (info.flags & XEN_DOMINF_dying)) {
			sleep_ms(MONITOR_PERIOD_MS);
			continue;
		}
		reason = (info.flags >> XEN_DOMINF_shutdownshift) &
			 XEN_DOMINF_shutdownmask;
		if (xl_state_read(domid, &st) ||
		    load_config(st.config, st.overrides, &cfg)) {
			fprintf(stderr,
				"xl: domain %u shut down (reason %u); "
				"its config is gone: destroying it\n",
				domid, reason);
			xl_destroy_domain(domid);
			break;
		}
		act = action_for(&cfg, reason);
		fprintf(stderr,
			"Domain %u has shut down, reason code %u; "
			"action %s\n",
			domid, reason, xl_action_name(act));
		xl_domcfg_free(&cfg);
		if (act == XL_ACTION_PRESERVE)
			break;
		if (xl_destroy_domain(domid))
			break;
		if (act != XL_ACTION_RESTART &&
		    act != XL_ACTION_RENAME_RESTART &&
		    act != XL_ACTION_COREDUMP_RESTART)
			break;
		rc = create_domain(st.config, st.overrides, 0, 1);
		if (rc < 0)
			break;
		domid = (uint32_t)rc;
		fprintf(stderr, "Domain %s restarted as domid %u\n", st.name,
			domid);
	}
	exit(0);
}

static void start_monitor(uint32_t domid, const char *name, int quiet)
{
	char path[160];
	pid_t pid = fork();
	int fd;

	if (pid != 0) {
		if (pid < 0)
			fprintf(stderr, "xl: fork: %s\n", strerror(errno));
		return;
	}
	setsid();
	if (!quiet)
		fprintf(stderr,
			"Waiting for domain %s (domid %u) to die [pid %ld]\n",
			name, domid, (long)getpid());
	mkdir(LOG_DIR, 0755);
	snprintf(path, sizeof(path), LOG_DIR "/xl-%s.log", name);
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd >= 0) {
		dup2(fd, 1);
		dup2(fd, 2);
		close(fd);
	}
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, 0);
		close(fd);
	}
	signal(SIGHUP, SIG_IGN);
	monitor(domid);
}

int main_create(int argc, char **argv)
{
	int console = 0, paused = 0, quiet = 0, foreground = 0;
	const char *file = NULL;
	char overrides[1024] = "";
	int domid;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-c"))
			console = 1;
		else if (!strcmp(a, "-p"))
			paused = 1;
		else if (!strcmp(a, "-q"))
			quiet = 1;
		else if (!strcmp(a, "-F"))
			foreground = 1;
		else if (!strcmp(a, "-e") || !strcmp(a, "-V") ||
			 !strcmp(a, "-d"))
			; /* accepted for compatibility */
		else if (!strcmp(a, "-f") && i + 1 < argc)
			file = argv[++i];
		else if (!strncmp(a, "-f=", 3))
			file = a + 3;
		else if (a[0] == '-') {
			fprintf(stderr, "xl create: unknown option %s\n", a);
			return 1;
		} else if (!file && !strchr(a, '='))
			file = a;
		else {
			size_t used = strlen(overrides);

			if (used + strlen(a) + 2 > sizeof(overrides)) {
				fprintf(stderr,
					"xl create: too many options\n");
				return 1;
			}
			snprintf(overrides + used, sizeof(overrides) - used,
				 "%s\n", a);
		}
	}
	if (!file) {
		fprintf(stderr, "Usage: xl create [-c] [-p] [-q] [-F] "
				"<ConfigFile> [key=value ...]\n");
		return 2;
	}
	domid = create_domain(file, overrides, paused, quiet);
	if (domid < 0)
		return 1;
	{
		char name[64];

		xl_domname((uint32_t)domid, name, sizeof(name));
		if (foreground) {
			if (console && fork() == 0)
				return xl_console_attach((uint32_t)domid);
			if (!quiet)
				fprintf(stderr,
					"Waiting for domain %s (domid %d) "
					"to die [pid %ld]\n",
					name, domid, (long)getpid());
			monitor((uint32_t)domid);
		}
		fflush(stderr);
		start_monitor((uint32_t)domid, name, quiet);
	}
	if (console)
		return xl_console_attach((uint32_t)domid);
	return 0;
}

int main_destroy(int argc, char **argv)
{
	uint32_t domid;

	if (argc != 2) {
		fprintf(stderr, "Usage: xl destroy <Domain>\n");
		return 2;
	}
	if (xl_find_domain(argv[1], &domid))
		return 1;
	if (domid == 0) {
		fprintf(stderr, "xl: cannot destroy privileged domain 0.\n");
		return 1;
	}
	return xl_destroy_domain(domid) ? 1 : 0;
}

/* Ask the guest (xenstore control/shutdown), else shut it down. */
static int shutdown_or_reboot(int argc, char **argv, const char *what,
			      unsigned reason)
{
	int wait = 0;
	const char *dom = NULL;
	uint32_t domid;
	char path[64];
	int rc;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-w"))
			wait = 1;
		else if (!strcmp(argv[i], "-F") || !strcmp(argv[i], "-a"))
			;
		else
			dom = argv[i];
	}
	if (!dom) {
		fprintf(stderr, "Usage: xl %s [-w] <Domain>\n", what);
		return 2;
	}
	if (xl_find_domain(dom, &domid))
		return 1;
	snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown",
		 domid);
	if (domid == 0 || xl_xs_write(path, what)) {
		rc = xc_domain_remote_shutdown(xl_xc, domid, reason);
		if (rc < 0) {
			fprintf(stderr, "xl: %s of domain %u failed: %s\n",
				what, domid, strerror(-rc));
			return 1;
		}
	}
	if (wait) {
		struct xen_domctl_getdomaininfo info;

		fprintf(stderr, "Waiting for 1 domains\n");
		while (xc_domain_getinfo(xl_xc, domid, &info) == 0)
			sleep_ms(MONITOR_PERIOD_MS);
		fprintf(stderr, "Domain %u has been destroyed.\n", domid);
		fprintf(stderr, "All domains have been destroyed\n");
	}
	return 0;
}

int main_shutdown(int argc, char **argv)
{
	return shutdown_or_reboot(argc, argv, "poweroff", SHUTDOWN_poweroff);
}

int main_reboot(int argc, char **argv)
{
	return shutdown_or_reboot(argc, argv, "reboot", SHUTDOWN_reboot);
}
