/* SPDX-License-Identifier: MIT */
/*
 * Feature bits reported by XENVER_get_features. Only submap 0 exists; bit
 * n of submap 0 is feature n.
 */
#ifndef PUBLIC_FEATURES_H
#define PUBLIC_FEATURES_H

#define XENFEAT_writable_page_tables 0
#define XENFEAT_writable_descriptor_tables 1
/* The guest sees guest-physical frames, not machine frames (always on Arm) */
#define XENFEAT_auto_translated_physmap 2
#define XENFEAT_supervisor_mode_kernel 3
#define XENFEAT_pae_pgdir_above_4gb 4
#define XENFEAT_mmu_pt_update_preserve_ad 5
#define XENFEAT_highmem_assist 6
#define XENFEAT_gnttab_map_avail_bits 7
#define XENFEAT_hvm_callback_vector 8
#define XENFEAT_hvm_safe_pvclock 9
#define XENFEAT_hvm_pirqs 10
/* The guest is the initial (control) domain */
#define XENFEAT_dom0 11
/* XENMEMF_vnode is understood by the memory_op reservation calls */
#define XENFEAT_memory_op_vnode_supported 13
/* SMCCC calls are handled (so the guest may use HVC #0 for PSCI etc.) */
#define XENFEAT_ARM_SMCCC_supported 14
#define XENFEAT_linux_rsdp_unrestricted 15
/* Guest physical addresses differ from machine addresses */
#define XENFEAT_not_direct_mapped 16
/* Guest physical addresses equal machine addresses (dom0 on Arm) */
#define XENFEAT_direct_mapped 17

#define XENFEAT_NR_SUBMAPS 1

#endif /* PUBLIC_FEATURES_H */
