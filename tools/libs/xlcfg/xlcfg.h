/* SPDX-License-Identifier: MIT */
/*
 * xl.cfg(5) files: the syntax (xlcfg.c) and the domain keys armvisor's xl
 * understands (xlcfg_dom.c). docs/xl.cfg.5.md describes both.
 *
 * Syntax, as Xen's xl reads it: one setting per line, `KEY = VALUE`,
 * optionally ended by `;`; VALUE is a "double-" or 'single-quoted' string
 * (no escapes but \" \\ \n \t in double quotes), a number (decimal or 0x
 * hex), or a list `[ VALUE, ... ]` of strings and numbers that may span
 * lines and may end with a comma; `#` starts a comment to the end of the
 * line; a backslash at the end of a line continues it. `KEY += VALUE`
 * appends to a list. A key set twice keeps the last value.
 *
 * Messages (errors and warnings) are written to the err stream as
 * "FILE:LINE: ..." naming the key where there is one.
 */
#ifndef TOOLS_XLCFG_H
#define TOOLS_XLCFG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "xlcfg_dev.h"

enum xlcfg_type { XLCFG_STRING, XLCFG_NUMBER, XLCFG_LIST };

struct xlcfg_setting {
	char *key;
	int line;
	enum xlcfg_type type;
	char *str;     /* STRING: the text; NUMBER: the digits */
	uint64_t num;  /* NUMBER */
	char **items;  /* LIST: each element as text */
	size_t nitems; /* LIST */
	int used;      /* read by xlcfg_dom (unknown keys are not) */
};

struct xlcfg {
	const char *file; /* for messages */
	struct xlcfg_setting *s;
	size_t n;
};

#define XLCFG_MAX_SIZE (1U << 20) /* bigger files are refused */

void xlcfg_init(struct xlcfg *c, const char *file);
void xlcfg_free(struct xlcfg *c);
/* Parse text (len bytes, need not be NUL-terminated): 0 or -1. */
int xlcfg_parse(struct xlcfg *c, const char *text, size_t len, FILE *err);
/* One KEY=VALUE from the command line (line number 0): 0 or -1. */
int xlcfg_set(struct xlcfg *c, const char *assignment, FILE *err);
/* The last setting of key, or NULL. */
struct xlcfg_setting *xlcfg_get(struct xlcfg *c, const char *key);

/* ---- the domain keys ---- */
enum xl_action {
	XL_ACTION_DESTROY,
	XL_ACTION_RESTART,
	XL_ACTION_PRESERVE,
	XL_ACTION_RENAME_RESTART,
	XL_ACTION_COREDUMP_DESTROY,
	XL_ACTION_COREDUMP_RESTART,
	XL_ACTION_SOFT_RESET,
};

#define XL_MAX_LIST 16
#define XL_MAX_CPUS 128

struct xl_iomem {
	uint64_t gfn, mfn, nr;
};

struct xl_domcfg {
	char name[64];
	uint8_t uuid[16];
	int have_uuid;
	uint64_t memory_mb;
	uint64_t maxmem_mb;
	unsigned int vcpus;
	unsigned int maxvcpus;
	uint8_t cpus[XL_MAX_CPUS / 8]; /* hard affinity of every vCPU */
	int have_cpus;
	char kernel[256];
	char ramdisk[256];
	char cmdline[1024]; /* extra/cmdline with root= prepended */
	char device_tree[256];
	char *dtdev[XL_MAX_LIST];
	size_t ndtdev;
	struct xl_iomem iomem[XL_MAX_LIST];
	size_t niomem;
	uint32_t irqs[XL_MAX_LIST];
	size_t nirqs;
	char *disk[XL_MAX_LIST];
	size_t ndisk;
	char *vif[XL_MAX_LIST];
	size_t nvif;
	struct xl_disk disks[XL_MAX_LIST]; /* disk[i] parsed */
	struct xl_vif vifs[XL_MAX_LIST];   /* vif[i] parsed, devid set */
	int disk_line, vif_line;	   /* of the keys (0: command line) */
	enum xl_action on_poweroff, on_reboot, on_crash;
	int vuart;		  /* vuart = "sbsa_uart" */
	unsigned int gic_version; /* 0 native, 2, 3 */
	uint32_t nr_spis;
	int have_nr_spis;
};

/*
 * Fill d from c, checking every value; unknown keys warn. 0, or -1 after
 * printing every error found.
 */
int xlcfg_domain(struct xlcfg *c, struct xl_domcfg *d, FILE *err);
void xl_domcfg_free(struct xl_domcfg *d);
const char *xl_action_name(enum xl_action a);
/* "01234567-89ab-cdef-0123-456789abcdef" (or without dashes): 0 or -1. */
int xl_parse_uuid(const char *s, uint8_t out[16]);
void xl_format_uuid(const uint8_t u[16], char out[37]);
/* A cpu list "0-3,^2,5" or "all" into a bitmap of XL_MAX_CPUS: 0 or -1. */
int xl_parse_cpulist(const char *s, uint8_t *map);

#endif /* TOOLS_XLCFG_H */
