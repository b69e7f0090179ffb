/* SPDX-License-Identifier: MIT */
/*
 * xl.cfg(5) device specs: `disk` entries (Xen's xl-disk-configuration(5))
 * and `vif` entries (xl-network-configuration(5)), and the virtual block
 * device numbers of xen-vbd-interface(7). docs/xl.cfg.5.md has the subset.
 */
#ifndef TOOLS_XLCFG_DEV_H
#define TOOLS_XLCFG_DEV_H

#include <stddef.h>
#include <stdint.h>

struct xl_disk {
	char target[256]; /* path; "/dev/" prepended to a relative one */
	char vdev[32];	  /* as written: "xvda" */
	uint32_t devid;	  /* its vbd number: xvda = 51712 */
	int readwrite;
	int cdrom;
	char script[128]; /* script=, "" if none */
};

struct xl_vif {
	uint8_t mac[6];
	int have_mac;	  /* else xl picks 00:16:3e:xx:xx:xx */
	char bridge[32];  /* default "xenbr0" */
	char ip[128];	  /* "" if none */
	char script[128]; /* default "vif-bridge" */
	char vifname[16]; /* "" : vif<domid>.<devid> */
	int devid;	  /* -1: its index in the list */
	unsigned int mtu; /* 0: not given */
};

/*
 * Parse one entry. On error return -1 with a message (no newline) in
 * msg; else 0.
 */
int xl_parse_disk(const char *spec, struct xl_disk *d, char *msg,
		  size_t msglen);
int xl_parse_vif(const char *spec, struct xl_vif *v, char *msg, size_t msglen);
/* The vbd number of a vdev name ("xvda", "sdb1", "hdc", "d0p1", "51712"),
 * or -1 if it is not one. */
long xl_vdev_to_devid(const char *vdev);
/* "aa:bb:cc:dd:ee:ff": 0 or -1. */
int xl_parse_mac(const char *s, uint8_t mac[6]);

#endif /* TOOLS_XLCFG_DEV_H */
