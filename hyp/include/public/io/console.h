/* SPDX-License-Identifier: MIT */
/*
 * The PV console ring page shared by a guest and its console backend
 * (xenconsoled). Its guest frame and event channel are HVM_PARAM_CONSOLE_PFN
 * and HVM_PARAM_CONSOLE_EVTCHN.
 *
 * Two byte rings with free-running 32-bit indices, masked with the ring
 * size to find the slot. The guest produces into out[] (advancing out_prod
 * after writing the bytes) and consumes from in[] (advancing in_cons); the
 * backend does the opposite. After moving an index, the side notifies the
 * other through the event channel.
 */
#ifndef PUBLIC_IO_CONSOLE_H
#define PUBLIC_IO_CONSOLE_H

#include "../xen-abi.h"

typedef uint32_t XENCONS_RING_IDX;

/* Slot of free-running index idx in ring (an array member below). */
#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

struct xencons_interface {
	char in[1024];	/* backend -> guest */
	char out[2048]; /* guest -> backend */
	XENCONS_RING_IDX in_cons;
	XENCONS_RING_IDX in_prod;
	XENCONS_RING_IDX out_cons;
	XENCONS_RING_IDX out_prod;
};

XEN_ABI_SIZE(struct xencons_interface, 3088);
XEN_ABI_OFFSET(struct xencons_interface, in, 0);
XEN_ABI_OFFSET(struct xencons_interface, out, 1024);
XEN_ABI_OFFSET(struct xencons_interface, in_cons, 3072);
XEN_ABI_OFFSET(struct xencons_interface, in_prod, 3076);
XEN_ABI_OFFSET(struct xencons_interface, out_cons, 3080);
XEN_ABI_OFFSET(struct xencons_interface, out_prod, 3084);

#endif /* PUBLIC_IO_CONSOLE_H */
