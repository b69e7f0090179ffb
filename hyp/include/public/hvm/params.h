/* SPDX-License-Identifier: MIT */
/*
 * Per-domain parameters read and written with HVMOP_get_param and
 * HVMOP_set_param. The toolstack sets them when it builds a domain; the
 * guest reads the ones it needs (console and xenstore rings).
 *
 * On Arm the guest may read CALLBACK_IRQ, STORE_PFN, STORE_EVTCHN,
 * CONSOLE_PFN and CONSOLE_EVTCHN of itself; it may set none of its own
 * parameters. Another (control) domain may set those five and
 * MONITOR_RING_PFN. Any other index fails with -XEN_EINVAL.
 */
#ifndef PUBLIC_HVM_PARAMS_H
#define PUBLIC_HVM_PARAMS_H

#include "hvm_op.h"

/*
 * How event-channel upcalls are delivered. 0 means not at all; otherwise
 * bits 63:56 hold the delivery type (HVM_PARAM_CALLBACK_TYPE_*) and the
 * low bits depend on the type.
 */
#define HVM_PARAM_CALLBACK_IRQ 0
#define HVM_PARAM_CALLBACK_IRQ_TYPE_MASK xen_mk_ullong(0xFF00000000000000)
#define HVM_PARAM_CALLBACK_IRQ_TYPE_SHIFT 56

/* x86: bits 55:0 are a GSI */
#define HVM_PARAM_CALLBACK_TYPE_GSI 0
/* x86: bits 47:32 domain, 31:16 bus, 15:8 devfn, 1:0 INTx pin */
#define HVM_PARAM_CALLBACK_TYPE_PCI_INTX 1
/* x86: bits 7:0 are an IDT vector */
#define HVM_PARAM_CALLBACK_TYPE_VECTOR 2
/*
 * Arm: bits 7:0 are the PPI (INTID) of the event-channel interrupt, bits
 * 15:8 its flags: bit 8 set means edge-triggered (clear: level), bit 9 set
 * means active-low (clear: active-high). Bits 55:16 are zero. A domU gets
 * (2 << 56) | (HVM_PARAM_CALLBACK_TYPE_PPI_FLAG_LOW_LEVEL << 8) | 31.
 */
#define HVM_PARAM_CALLBACK_TYPE_PPI 2
#define HVM_PARAM_CALLBACK_TYPE_PPI_FLAG_MASK 0xFF00
#define HVM_PARAM_CALLBACK_TYPE_PPI_FLAG_LOW_LEVEL 2

/* Build an Arm CALLBACK_IRQ value from a PPI and its 8 flag bits. */
#define HVM_PARAM_CALLBACK_PPI(ppi, flags)        \
	(((uint64_t)HVM_PARAM_CALLBACK_TYPE_PPI   \
	  << HVM_PARAM_CALLBACK_IRQ_TYPE_SHIFT) | \
	 ((uint64_t)(flags) << 8) | (uint64_t)(ppi))

/* xenstore ring: its guest frame and event channel */
#define HVM_PARAM_STORE_PFN 1
#define HVM_PARAM_STORE_EVTCHN 2

/* Device-model parameters (x86 HVM) */
#define HVM_PARAM_IOREQ_PFN 5
#define HVM_PARAM_BUFIOREQ_PFN 6
#define HVM_PARAM_PAE_ENABLED 4
#define HVM_PARAM_VIRIDIAN 9
#define HVM_PARAM_TIMER_MODE 10
#define HVM_PARAM_HPET_ENABLED 11
#define HVM_PARAM_IDENT_PT 12
#define HVM_PARAM_DM_DOMAIN 13
#define HVM_PARAM_ACPI_S_STATE 14
#define HVM_PARAM_VM86_TSS 15
#define HVM_PARAM_VPT_ALIGN 16

/* PV console ring: its guest frame and event channel */
#define HVM_PARAM_CONSOLE_PFN 17
#define HVM_PARAM_CONSOLE_EVTCHN 18

#define HVM_PARAM_ACPI_IOPORTS_LOCATION 19
#define HVM_PARAM_MEMORY_EVENT_CR0 20
#define HVM_PARAM_MEMORY_EVENT_CR3 21
#define HVM_PARAM_MEMORY_EVENT_CR4 22
#define HVM_PARAM_MEMORY_EVENT_INT3 23
#define HVM_PARAM_NESTEDHVM 24
#define HVM_PARAM_MEMORY_EVENT_SINGLE_STEP 25
#define HVM_PARAM_BUFIOREQ_EVTCHN 26
#define HVM_PARAM_PAGING_RING_PFN 27

/* vm_event monitor ring: its guest frame */
#define HVM_PARAM_MONITOR_RING_PFN 28

#define HVM_PARAM_SHARING_RING_PFN 29
#define HVM_PARAM_MEMORY_EVENT_MSR 30
#define HVM_PARAM_TRIPLE_FAULT_REASON 31
#define HVM_PARAM_IOREQ_SERVER_PFN 32
#define HVM_PARAM_NR_IOREQ_SERVER_PAGES 33
#define HVM_PARAM_VM_GENERATION_ID_ADDR 34
#define HVM_PARAM_ALTP2M 35
#define HVM_PARAM_X87_FIP_WIDTH 36
#define HVM_PARAM_VM86_TSS_SIZED 37
#define HVM_PARAM_MCA_CAP 38

#define HVM_NR_PARAMS 39

#endif /* PUBLIC_HVM_PARAMS_H */
