/* SPDX-License-Identifier: MIT */
/*
 * What a test guest provides and may use. A test is a directory under
 * guests/tests/ with a main.c defining:
 *
 *   const char test_title[] = "one line saying what it checks";
 *   void test_main(void) { ...; test_success(NULL); }
 *
 * and a test.mk with its metadata (see guests/Makefile). test_main runs on
 * vCPU 0 with the MMU on (identity map), the DT parsed into `platform`, the
 * console up and the GIC initialised (interrupts masked). When it returns,
 * the result is printed and the domain powered off.
 */
#ifndef GUEST_TEST_H
#define GUEST_TEST_H

#include <arch.h>
#include <console.h>
#include <fdt.h>
#include <gic.h>
#include <hypercall.h>
#include <lib.h>
#include <mmu.h>
#include <platform.h>
#include <psci.h>
#include <report.h>
#include <smp.h>
#include <traps.h>
#include <xen.h>
#include <xen/abi.h>

extern const char test_title[];
extern const char test_name[];
void test_main(void);

#endif /* GUEST_TEST_H */
