/* SPDX-License-Identifier: MIT */
/*
 * Values used in the device trees that the hypervisor and the toolstack
 * build for guests.
 */
#ifndef PUBLIC_DEVICE_TREE_DEFS_H
#define PUBLIC_DEVICE_TREE_DEFS_H

/* phandle of the guest's GIC node (and "linux,phandle") */
#define GUEST_PHANDLE_GIC (65000)
#define GUEST_PHANDLE_IOMMU (GUEST_PHANDLE_GIC + 1)

/* #address-cells and #size-cells of a guest DT root */
#define GUEST_ROOT_ADDRESS_CELLS 2
#define GUEST_ROOT_SIZE_CELLS 2

/* Trigger types: the third cell of a GIC "interrupts" specifier (low bits) */
#define DT_IRQ_TYPE_NONE 0x00000000
#define DT_IRQ_TYPE_EDGE_RISING 0x00000001
#define DT_IRQ_TYPE_EDGE_FALLING 0x00000002
#define DT_IRQ_TYPE_EDGE_BOTH \
	(DT_IRQ_TYPE_EDGE_FALLING | DT_IRQ_TYPE_EDGE_RISING)
#define DT_IRQ_TYPE_LEVEL_HIGH 0x00000004
#define DT_IRQ_TYPE_LEVEL_LOW 0x00000008
#define DT_IRQ_TYPE_LEVEL_MASK (DT_IRQ_TYPE_LEVEL_LOW | DT_IRQ_TYPE_LEVEL_HIGH)
#define DT_IRQ_TYPE_SENSE_MASK 0x0000000f
#define DT_IRQ_TYPE_INVALID 0x00000010

#endif /* PUBLIC_DEVICE_TREE_DEFS_H */
