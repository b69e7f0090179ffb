/* SPDX-License-Identifier: MIT */
/* The hotplug step of xl's virtual devices (xl_hotplug.c). Functions
 * returning int give 0, or -1 with a message (no newline) in msg. */
#ifndef TOOLS_XL_HOTPLUG_H
#define TOOLS_XL_HOTPLUG_H

#include <stddef.h>

void hp_sleep_ms(unsigned int ms);
/* Wait up to ms for path to exist (present) or to be gone: 0 or -1. */
int hp_wait_path(const char *path, int present, unsigned int ms);
/* "major:minor" in hex of a block device node. */
int hp_devnum(const char *path, char *out, size_t len, char *msg,
	      size_t msglen);
/* Attach file to a free loop device (read-only unless rw); its node in
 * node. */
int hp_loop_attach(const char *file, int rw, char *node, size_t len, char *msg,
		   size_t msglen);
/* Detach a loop device now, or when its last user closes it. */
int hp_loop_detach(const char *node);
int hp_bridge_exists(const char *bridge);
/* Wait for netback's interface ifname, rename it to newname (unless NULL
 * or ""), set its mtu (unless 0), add it to bridge, bring it up. */
int hp_vif_setup(const char *ifname, const char *newname, const char *bridge,
		 unsigned int mtu, char *msg, size_t msglen);

#endif /* TOOLS_XL_HOTPLUG_H */
