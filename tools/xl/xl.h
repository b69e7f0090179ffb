/* SPDX-License-Identifier: MIT */
/*
 * xl: armvisor's toolstack command (Xen's xl command names, options and
 * output formats). Shared declarations of its source files.
 *
 * Where things live:
 *  - /run/xen/xl/dom.<domid>: what xl knows of a domain it created (its
 *    name, config file and command-line overrides), one "key=value" per
 *    line; removed when the domain goes. Domain-0 has no file.
 *  - /run/xen/consoled.sock: the console daemon (tools/consoled).
 *  - xenstore (when xenstored runs): the entries libxl writes.
 */
#ifndef TOOLS_XL_H
#define TOOLS_XL_H

#include <stdint.h>

#include "xc.h"
#include "xlcfg.h"

#define XL_STATE_DIR "/run/xen/xl"
#define CONSOLED_SOCKET "/run/xen/consoled.sock"

extern struct xc *xl_xc;

struct xl_state {
	char name[64];
	char config[256];
	char overrides[1024]; /* key=value ..., separated by '\n' */
	uint8_t uuid[16];
	long long start_time; /* time(NULL) when built */
};

/* Commands: argc/argv start at the command name. Return exit status. */
int main_create(int argc, char **argv);
int main_console(int argc, char **argv);
int main_list(int argc, char **argv);
int main_destroy(int argc, char **argv);
int main_shutdown(int argc, char **argv);
int main_reboot(int argc, char **argv);
int main_pause(int argc, char **argv);
int main_unpause(int argc, char **argv);
int main_info(int argc, char **argv);
int main_dmesg(int argc, char **argv);
int main_domid(int argc, char **argv);
int main_domname(int argc, char **argv);
int main_uptime(int argc, char **argv);
int main_vcpulist(int argc, char **argv);
int main_vcpupin(int argc, char **argv);
int main_vcpuset(int argc, char **argv);
int main_memset(int argc, char **argv);
int main_memmax(int argc, char **argv);
int main_debugkeys(int argc, char **argv);
int main_sched_credit2(int argc, char **argv);

/* Domain names and ids. */
int xl_state_read(uint32_t domid, struct xl_state *st);
int xl_state_write(uint32_t domid, const struct xl_state *st);
void xl_state_remove(uint32_t domid);
/* The name of domid ("Domain-0" for 0, "(null)" if unknown). */
void xl_domname(uint32_t domid, char *out, size_t len);
/* A domain id from a name or a number: 0 or -1 (message printed). */
int xl_find_domain(const char *s, uint32_t *domid);
/* The same without messages: 0 or -1. */
int xl_lookup_domain(const char *s, uint32_t *domid);

/* Full teardown of a domain: destroy, console, xenstore, state. */
int xl_destroy_domain(uint32_t domid);
/* Tell the console daemon: line is "add ..." or "del ...". 0 or -1. */
int xl_consoled_request(const char *line);
/* Attach this terminal to domid's console until Ctrl-] or the end. */
int xl_console_attach(uint32_t domid);
/* The same for a console type: "pv" or "vuart". */
int xl_console_attach_type(uint32_t domid, const char *type);

/* xenstore (xs_client.c): all return 0 or -1; no-ops without xenstored. */
int xl_xs_available(void);
int xl_xs_domain_entries(uint32_t domid, const struct xl_domcfg *cfg,
			 const uint8_t uuid[16], xen_pfn_t store_gfn,
			 uint32_t store_port, xen_pfn_t console_gfn,
			 uint32_t console_port);
int xl_xs_vuart_entries(uint32_t domid, xen_pfn_t gfn, uint32_t port);
int xl_xs_remove_domain(uint32_t domid, const uint8_t uuid[16]);
int xl_xs_write(const char *path, const char *value);
int xl_xs_read(const char *path, char *out, size_t len);
int xl_xs_rm(const char *path);
/* Make path owned by owner, readable by reader. */
int xl_xs_mkdir_perms(const char *path, uint32_t owner, uint32_t reader);
/* Children of path, NUL-separated, *outlen bytes in all. */
int xl_xs_directory(const char *path, char *out, size_t len, size_t *outlen);

/* Virtual devices (xl_dev.c): disk and vif backends in dom0 and their
 * frontends, with the hotplug step (loop devices, bridges). */
/* Add cfg's devices to domid (paused, its xenstore dir written): 0 or -1
 * (message printed naming file's disk/vif line). */
int xl_devices_add(uint32_t domid, const struct xl_domcfg *cfg,
		   const char *file);
/* Remove every backend of domid and undo its hotplug step. */
void xl_devices_remove(uint32_t domid);
int main_blocklist(int argc, char **argv);
int main_networklist(int argc, char **argv);

#endif /* TOOLS_XL_H */
