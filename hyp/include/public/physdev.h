/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_physdev_op(cmd, arg): physical device management by dom0.
 *
 * On Arm, Linux dom0 uses it only to report the PCI devices it finds
 * (PHYSDEVOP_pci_device_add first, falling back to the older
 * manage_pci_* calls on -XEN_ENOSYS). Xen 4.17 on Arm without PCI support
 * returns -XEN_ENOSYS for all of them, which Linux tolerates.
 */
#ifndef PUBLIC_PHYSDEV_H
#define PUBLIC_PHYSDEV_H

#include "xen.h"

/* Interrupt commands (x86), listed so the numbers are never reused */
#define PHYSDEVOP_IRQ_UNMASK_NOTIFY 4
#define PHYSDEVOP_irq_status_query 5
#define PHYSDEVOP_set_iopl 6
#define PHYSDEVOP_set_iobitmap 7
#define PHYSDEVOP_apic_read 8
#define PHYSDEVOP_apic_write 9
#define PHYSDEVOP_alloc_irq_vector 10
#define PHYSDEVOP_free_irq_vector 11
#define PHYSDEVOP_eoi 12
#define PHYSDEVOP_map_pirq 13
#define PHYSDEVOP_unmap_pirq 14
#define PHYSDEVOP_pirq_eoi_gmfn_v1 17
#define PHYSDEVOP_restore_msi 19
#define PHYSDEVOP_setup_gsi 21
#define PHYSDEVOP_get_free_pirq 23
#define PHYSDEVOP_pirq_eoi_gmfn_v2 28
#define PHYSDEVOP_dbgp_op 29

/* Older way to report a PCI device on segment 0; arg is physdev_manage_pci */
#define PHYSDEVOP_manage_pci_add 15
#define PHYSDEVOP_manage_pci_remove 16
struct physdev_manage_pci {
	uint8_t bus;
	uint8_t devfn;
};
typedef struct physdev_manage_pci physdev_manage_pci_t;
DEFINE_XEN_GUEST_HANDLE(physdev_manage_pci_t);

XEN_ABI_SIZE(struct physdev_manage_pci, 2);
XEN_ABI_OFFSET(struct physdev_manage_pci, devfn, 1);

/* As manage_pci_add, for SR-IOV and ARI functions */
#define PHYSDEVOP_manage_pci_add_ext 20
struct physdev_manage_pci_ext {
	uint8_t bus;
	uint8_t devfn;
	uint32_t is_extfn;
	uint32_t is_virtfn;
	struct {
		uint8_t bus;
		uint8_t devfn;
	} physfn; /* the physical function, if is_virtfn */
};
typedef struct physdev_manage_pci_ext physdev_manage_pci_ext_t;
DEFINE_XEN_GUEST_HANDLE(physdev_manage_pci_ext_t);

XEN_ABI_SIZE(struct physdev_manage_pci_ext, 16);
XEN_ABI_OFFSET(struct physdev_manage_pci_ext, bus, 0);
XEN_ABI_OFFSET(struct physdev_manage_pci_ext, devfn, 1);
XEN_ABI_OFFSET(struct physdev_manage_pci_ext, is_extfn, 4);
XEN_ABI_OFFSET(struct physdev_manage_pci_ext, is_virtfn, 8);
XEN_ABI_OFFSET(struct physdev_manage_pci_ext, physfn, 12);

/* Tell the hypervisor an MMCONFIG (ECAM) area is reserved (x86). */
#define PHYSDEVOP_pci_mmcfg_reserved 24
#define XEN_PCI_MMCFG_RESERVED 0x1
struct physdev_pci_mmcfg_reserved {
	uint64_t address;
	uint16_t segment;
	uint8_t start_bus;
	uint8_t end_bus;
	uint32_t flags; /* XEN_PCI_MMCFG_* */
};
typedef struct physdev_pci_mmcfg_reserved physdev_pci_mmcfg_reserved_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_mmcfg_reserved_t);

XEN_ABI_SIZE(struct physdev_pci_mmcfg_reserved, 16);
XEN_ABI_OFFSET(struct physdev_pci_mmcfg_reserved, address, 0);
XEN_ABI_OFFSET(struct physdev_pci_mmcfg_reserved, segment, 8);
XEN_ABI_OFFSET(struct physdev_pci_mmcfg_reserved, start_bus, 10);
XEN_ABI_OFFSET(struct physdev_pci_mmcfg_reserved, end_bus, 11);
XEN_ABI_OFFSET(struct physdev_pci_mmcfg_reserved, flags, 12);

/* Report a PCI device; arg is a struct physdev_pci_device_add. */
#define PHYSDEVOP_pci_device_add 25
#define XEN_PCI_DEV_EXTFN 0x1  /* ARI extended function */
#define XEN_PCI_DEV_VIRTFN 0x2 /* SR-IOV virtual function */
#define XEN_PCI_DEV_PXM 0x4    /* optarr[0] is the device's NUMA proximity */
struct physdev_pci_device_add {
	uint16_t seg;
	uint8_t bus;
	uint8_t devfn;
	uint32_t flags; /* XEN_PCI_DEV_* */
	struct {
		uint8_t bus;
		uint8_t devfn;
	} physfn; /* the physical function, with XEN_PCI_DEV_VIRTFN */
	uint32_t optarr[XEN_FLEX_ARRAY_DIM];
};
typedef struct physdev_pci_device_add physdev_pci_device_add_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_device_add_t);

XEN_ABI_SIZE(struct physdev_pci_device_add, 12);
XEN_ABI_OFFSET(struct physdev_pci_device_add, seg, 0);
XEN_ABI_OFFSET(struct physdev_pci_device_add, bus, 2);
XEN_ABI_OFFSET(struct physdev_pci_device_add, devfn, 3);
XEN_ABI_OFFSET(struct physdev_pci_device_add, flags, 4);
XEN_ABI_OFFSET(struct physdev_pci_device_add, physfn, 8);
XEN_ABI_OFFSET(struct physdev_pci_device_add, optarr, 12);

/*
 * Commands that name a PCI device by segment, bus and devfn; arg is a
 * struct physdev_pci_device.
 */
#define PHYSDEVOP_pci_device_remove 26
#define PHYSDEVOP_restore_msi_ext 27
#define PHYSDEVOP_prepare_msix 30
#define PHYSDEVOP_release_msix 31
struct physdev_pci_device {
	uint16_t seg;
	uint8_t bus;
	uint8_t devfn;
};
typedef struct physdev_pci_device physdev_pci_device_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_device_t);

XEN_ABI_SIZE(struct physdev_pci_device, 4);
XEN_ABI_OFFSET(struct physdev_pci_device, seg, 0);
XEN_ABI_OFFSET(struct physdev_pci_device, bus, 2);
XEN_ABI_OFFSET(struct physdev_pci_device, devfn, 3);

#endif /* PUBLIC_PHYSDEV_H */
