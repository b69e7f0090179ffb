/* SPDX-License-Identifier: MIT */
/*
 * Virtual disks and network interfaces (xl.cfg `disk` and `vif`), as
 * libxl sets them up for the backends in dom0's kernel (xen-blkback,
 * xen-netback) and the guest's frontends (libxl_device.c, libxl_disk.c,
 * libxl_nic.c):
 *
 *   /local/domain/0/backend/{vbd,vif}/<domid>/<devid>   owner dom0,
 *       the guest may read: frontend, frontend-id, online, state, and
 *       the device's keys (vbd: params, type, mode, dev, physical-device;
 *       vif: mac, bridge, handle, script)
 *   /local/domain/<domid>/device/{vbd,vif}/<devid>      owner the guest,
 *       dom0 may read: backend, backend-id, state, virtual-device or
 *       handle and mac
 *
 * Both states start at 1 (XenbusStateInitialising), written last: the
 * kernel's xenbus probes a device once its state is Initialising, and
 * then reads the rest. The hotplug step (xl_hotplug.c) then gives blkback
 * its physical-device and puts the vif on its bridge, and writes
 * hotplug-status = connected, which netback waits for before it connects.
 * Removal: online 0 and state 5 (Closing), the directories removed (the
 * kernel then unregisters the backend and unmaps the guest's grants), a
 * short wait for that, and the loop device detached.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "xl.h"
#include "xl_hotplug.h"

#define BACKEND "/local/domain/0/backend"
#define XENBUS_INITIALISING "1"
#define XENBUS_CLOSING "5"
#define BACKEND_GONE_MS 5000

struct kv {
	const char *key, *val;
};

/* Write the keys of dir (made with its owner and reader), state last. */
static int write_dir(const char *dir, uint32_t owner, uint32_t reader,
		     const struct kv *kv)
{
	char path[256];

	if (xl_xs_mkdir_perms(dir, owner, reader))
		return -1;
	for (; kv->key; kv++) {
		if (!kv->val)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, kv->key);
		if (xl_xs_write(path, kv->val))
			return -1;
	}
	snprintf(path, sizeof(path), "%s/state", dir);
	return xl_xs_write(path, XENBUS_INITIALISING);
}

static void be_write(const char *be, const char *key, const char *val)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", be, key);
	xl_xs_write(path, val);
}

static int add_disk(uint32_t domid, const struct xl_disk *d, char *msg,
		    size_t msglen)
{
	char fe[96], be[96], node[64], phys[32], dom[16], id[16];
	int loop = 0;

	if (hp_wait_path(d->target, 1, 0)) {
		snprintf(msg, msglen, "%s: %s", d->target, strerror(errno));
		return -1;
	}
	if (hp_devnum(d->target, phys, sizeof(phys), msg, msglen) == 0) {
		snprintf(node, sizeof(node), "%s", d->target);
	} else {
		/* A file: Xen's block script puts it on a loop device. */
		if (hp_loop_attach(d->target, d->readwrite, node, sizeof(node),
				   msg, msglen) ||
		    hp_devnum(node, phys, sizeof(phys), msg, msglen))
			return -1;
		loop = 1;
	}
	snprintf(fe, sizeof(fe), "/local/domain/%u/device/vbd/%u", domid,
		 d->devid);
	snprintf(be, sizeof(be), BACKEND "/vbd/%u/%u", domid, d->devid);
	snprintf(dom, sizeof(dom), "%u", domid);
	snprintf(id, sizeof(id), "%u", d->devid);
	{
		const struct kv front[] = {
			{"backend", be},
			{"backend-id", "0"},
			{"virtual-device", id},
			{"device-type", d->cdrom ? "cdrom" : "disk"},
			{NULL, NULL},
		};
		const struct kv back[] = {
			{"frontend", fe},
			{"frontend-id", dom},
			{"online", "1"},
			{"removable", d->cdrom ? "1" : "0"},
			{"bootable", "1"},
			{"dev", d->vdev},
			{"type", "phy"},
			{"mode", d->readwrite ? "w" : "r"},
			{"device-type", d->cdrom ? "cdrom" : "disk"},
			{"params", d->target},
			{"discard-enable", "0"},
			{"physical-device", phys},
			{"physical-device-path", node},
			{"node", loop ? node : NULL},
			{"hotplug-status", "connected"},
			{NULL, NULL},
		};

		if (write_dir(fe, domid, 0, front) ||
		    write_dir(be, 0, domid, back)) {
			snprintf(msg, msglen, "cannot write xenstore %s", be);
			xl_xs_rm(be);
			xl_xs_rm(fe);
			if (loop)
				hp_loop_detach(node);
			return -1;
		}
	}
	return 0;
}

static int add_vif(uint32_t domid, const struct xl_vif *v, char *msg,
		   size_t msglen)
{
	char fe[96], be[96], dom[16], id[16], mac[24], mtu[16], ifname[32];
	uint8_t m[6];

	if (!hp_bridge_exists(v->bridge)) {
		snprintf(msg, msglen, "bridge %s does not exist", v->bridge);
		return -1;
	}
	memcpy(m, v->mac, 6);
	if (!v->have_mac) {
		/* Xen's OUI and three random bytes, as libxl. */
		m[0] = 0x00;
		m[1] = 0x16;
		m[2] = 0x3e;
		if (getrandom(m + 3, 3, 0) != 3) {
			snprintf(msg, msglen, "getrandom: %s", strerror(errno));
			return -1;
		}
		m[3] &= 0x7f;
	}
	snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1],
		 m[2], m[3], m[4], m[5]);
	snprintf(fe, sizeof(fe), "/local/domain/%u/device/vif/%d", domid,
		 v->devid);
	snprintf(be, sizeof(be), BACKEND "/vif/%u/%d", domid, v->devid);
	snprintf(dom, sizeof(dom), "%u", domid);
	snprintf(id, sizeof(id), "%d", v->devid);
	snprintf(mtu, sizeof(mtu), "%u", v->mtu);
	snprintf(ifname, sizeof(ifname), "vif%u.%d", domid, v->devid);
	{
		const struct kv front[] = {
			{"backend", be}, {"backend-id", "0"}, {"handle", id},
			{"mac", mac},	 {NULL, NULL},
		};
		const struct kv back[] = {
			{"frontend", fe},
			{"frontend-id", dom},
			{"online", "1"},
			{"script", v->script},
			{"mac", mac},
			{"ip", v->ip[0] ? v->ip : NULL},
			{"mtu", v->mtu ? mtu : NULL},
			{"bridge", v->bridge},
			{"handle", id},
			{"type", "vif"},
			{"vifname", v->vifname[0] ? v->vifname : NULL},
			{NULL, NULL},
		};

		if (write_dir(fe, domid, 0, front) ||
		    write_dir(be, 0, domid, back)) {
			snprintf(msg, msglen, "cannot write xenstore %s", be);
			goto fail;
		}
	}
	if (hp_vif_setup(ifname, v->vifname, v->bridge, v->mtu, msg, msglen))
		goto fail;
	be_write(be, "hotplug-status", "connected");
	return 0;
fail:
	xl_xs_rm(be);
	xl_xs_rm(fe);
	return -1;
}

/* "FILE:LINE: " as the config parser's messages. */
static void where(const char *file, int line)
{
	if (line > 0)
		fprintf(stderr, "%s:%d: ", file, line);
	else
		fprintf(stderr, "%s: command line: ", file);
}

int xl_devices_add(uint32_t domid, const struct xl_domcfg *cfg,
		   const char *file)
{
	char msg[256];

	if ((cfg->ndisk || cfg->nvif) && !xl_xs_available()) {
		fprintf(stderr, "xl: disk and vif need xenstored\n");
		return -1;
	}
	for (size_t i = 0; i < cfg->ndisk; i++) {
		if (add_disk(domid, &cfg->disks[i], msg, sizeof(msg))) {
			where(file, cfg->disk_line);
			fprintf(stderr, "disk entry %zu '%s': %s\n", i + 1,
				cfg->disk[i], msg);
			return -1;
		}
	}
	for (size_t i = 0; i < cfg->nvif; i++) {
		if (add_vif(domid, &cfg->vifs[i], msg, sizeof(msg))) {
			where(file, cfg->vif_line);
			fprintf(stderr, "vif entry %zu '%s': %s\n", i + 1,
				cfg->vif[i], msg);
			return -1;
		}
	}
	return 0;
}

static void be_read(const char *be, const char *key, char *out, size_t len)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", be, key);
	if (xl_xs_read(path, out, len))
		out[0] = '\0';
}

static void remove_one(uint32_t domid, const char *type, const char *devid)
{
	char be[96], fe[128], node[128], params[256], sys[128], want[64];

	snprintf(be, sizeof(be), BACKEND "/%s/%u/%s", type, domid, devid);
	be_read(be, "frontend", fe, sizeof(fe));
	be_read(be, "node", node, sizeof(node));
	be_read(be, "params", params, sizeof(params));
	be_write(be, "online", "0");
	be_write(be, "state", XENBUS_CLOSING);
	/* Only the guest's own frontend directory. */
	snprintf(want, sizeof(want), "/local/domain/%u/device/", domid);
	if (!strncmp(fe, want, strlen(want)))
		xl_xs_rm(fe);
	xl_xs_rm(be);
	/* The kernel unregisters the backend once its directory is gone;
	 * it unmaps the guest's grants on the way. */
	snprintf(sys, sizeof(sys), "/sys/bus/xen-backend/devices/%s-%u-%s",
		 type, domid, devid);
	if (hp_wait_path(sys, 0, BACKEND_GONE_MS))
		fprintf(stderr, "xl: backend %s still there after %d ms\n", sys,
			BACKEND_GONE_MS);
	if (!strcmp(type, "vbd") && !strncmp(node, "/dev/loop", 9) &&
	    strcmp(node, params))
		hp_loop_detach(node);
}

void xl_devices_remove(uint32_t domid)
{
	static const char *const types[] = {"vbd", "vif"};

	if (!xl_xs_available())
		return;
	for (size_t t = 0; t < 2; t++) {
		char dir[96], list[4096];
		size_t len;

		snprintf(dir, sizeof(dir), BACKEND "/%s/%u", types[t], domid);
		if (xl_xs_directory(dir, list, sizeof(list), &len))
			continue;
		for (size_t i = 0; i < len; i += strlen(list + i) + 1) {
			if (list[i])
				remove_one(domid, types[t], list + i);
		}
		xl_xs_rm(dir);
	}
}

static long num(const char *dir, const char *key)
{
	char v[32];

	be_read(dir, key, v, sizeof(v));
	return v[0] ? strtol(v, NULL, 10) : -1;
}

/* xl block-list / network-list: one row per backend of each domain. */
static int list_devices(int argc, char **argv, const char *type)
{
	int vif = !strcmp(type, "vif");
	int rc = 0;

	if (argc < 2) {
		fprintf(stderr, "Usage: xl %s <Domain> [Domain...]\n",
			vif ? "network-list" : "block-list");
		return 2;
	}
	if (vif)
		printf("Idx BE Mac Addr.         handle state evt-ch   "
		       "tx-/rx-ring-ref BE-path                       \n");
	else
		printf("Vdev  BE  handle state evt-ch ring-ref BE-path      "
		       "                 \n");
	for (int a = 1; a < argc; a++) {
		char dir[96], list[4096];
		uint32_t domid;
		size_t len;

		if (xl_find_domain(argv[a], &domid)) {
			rc = 1;
			continue;
		}
		snprintf(dir, sizeof(dir), BACKEND "/%s/%u", type, domid);
		if (xl_xs_directory(dir, list, sizeof(list), &len))
			continue;
		for (size_t i = 0; i < len; i += strlen(list + i) + 1) {
			char be[128], fe[128], mac[32];

			if (!list[i])
				continue;
			snprintf(be, sizeof(be), "%s/%s", dir, list + i);
			be_read(be, "frontend", fe, sizeof(fe));
			if (vif) {
				be_read(be, "mac", mac, sizeof(mac));
				printf("%-3s %-2d %-17s %-6ld %-5ld %-6ld "
				       "%5ld/%-11ld %-30s\n",
				       list + i, 0, mac, num(be, "handle"),
				       num(be, "state"),
				       num(fe, "event-channel"),
				       num(fe, "tx-ring-ref"),
				       num(fe, "rx-ring-ref"), be);
			} else {
				printf("%-5s %-3d %-6u %-5ld %-6ld %-8ld "
				       "%-30s\n",
				       list + i, 0, domid, num(be, "state"),
				       num(fe, "event-channel"),
				       num(fe, "ring-ref"), be);
			}
		}
	}
	return rc;
}

int main_blocklist(int argc, char **argv)
{
	return list_devices(argc, argv, "vbd");
}

int main_networklist(int argc, char **argv)
{
	return list_devices(argc, argv, "vif");
}
