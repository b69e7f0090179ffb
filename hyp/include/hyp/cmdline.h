/* SPDX-License-Identifier: MIT */
/*
 * What cmdline_parse() (hyp/param.h) keeps of the command line after
 * parsing it.
 */
#ifndef HYP_CMDLINE_H
#define HYP_CMDLINE_H

/* Xen's xen_commandline_t size: what XENVER_commandline returns. */
#define CMDLINE_SAVED_SIZE 1024

/* The hypervisor's part of the last command line parsed ("" if none). */
const char *cmdline_saved(void);

/*
 * The text after a " -- " separator, which Xen passes on to dom0's kernel
 * command line; "" when there was none.
 */
const char *cmdline_dom0_args(void);

#endif
