/* SPDX-License-Identifier: MIT */
/*
 * The hotplug step of xl's virtual devices, done here in C where Xen runs
 * its scripts (tools/hotplug/Linux/block, vif-bridge): a file given as a
 * disk target is attached to a loop device, whose major:minor blkback
 * takes from the backend's physical-device; a vif's interface, which
 * xen-netback creates in dom0 as vif<domid>.<devid>, is added to its
 * bridge and brought up.
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <linux/loop.h>
#include <linux/sockios.h>

#include "xl_hotplug.h"

static int fail(char *msg, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
	return -1;
}

void hp_sleep_ms(unsigned int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

int hp_wait_path(const char *path, int present, unsigned int ms)
{
	for (unsigned int t = 0;; t += 50) {
		if ((access(path, F_OK) == 0) == !!present)
			return 0;
		if (t >= ms)
			return -1;
		hp_sleep_ms(50);
	}
}

int hp_devnum(const char *path, char *out, size_t len, char *msg, size_t msglen)
{
	struct stat st;

	if (stat(path, &st))
		return fail(msg, msglen, "%s: %s", path, strerror(errno));
	if (!S_ISBLK(st.st_mode))
		return fail(msg, msglen, "%s is not a block device", path);
	/* blkback reads it with "%x:%x". */
	snprintf(out, len, "%x:%x", major(st.st_rdev), minor(st.st_rdev));
	return 0;
}

int hp_loop_attach(const char *file, int rw, char *node, size_t len, char *msg,
		   size_t msglen)
{
	int ctl, fd, lfd = -1, rc = -1, err = 0;

	msg[0] = '\0';
	fd = open(file, (rw ? O_RDWR : O_RDONLY) | O_CLOEXEC);
	if (fd < 0)
		return fail(msg, msglen, "%s: %s", file, strerror(errno));
	ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	if (ctl < 0) {
		fail(msg, msglen,
		     "/dev/loop-control: %s (is the loop module loaded?)",
		     strerror(errno));
		close(fd);
		return -1;
	}
	/* Another process may take the free device first: try again. */
	for (int tries = 0; tries < 8 && rc; tries++) {
		int n = ioctl(ctl, LOOP_CTL_GET_FREE);

		if (n < 0) {
			fail(msg, msglen, "no free loop device: %s",
			     strerror(errno));
			break;
		}
		snprintf(node, len, "/dev/loop%d", n);
		hp_wait_path(node, 1, 2000); /* devtmpfs adds it */
		lfd = open(node, O_RDWR | O_CLOEXEC);
		if (lfd < 0) {
			fail(msg, msglen, "%s: %s", node, strerror(errno));
			break;
		}
		if (ioctl(lfd, LOOP_SET_FD, fd) == 0)
			rc = 0;
		else if ((err = errno) != EBUSY)
			fail(msg, msglen, "%s: attaching %s: %s", node, file,
			     strerror(err));
		close(lfd);
		if (rc && err != EBUSY)
			break;
	}
	if (rc && !msg[0])
		fail(msg, msglen, "no free loop device for %s", file);
	close(ctl);
	close(fd);
	return rc;
}

int hp_loop_detach(const char *node)
{
	int fd = open(node, O_RDWR | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -1;
	/* Still open elsewhere (blkback letting go): it detaches when
	 * the last user closes it. */
	rc = ioctl(fd, LOOP_CLR_FD, 0);
	close(fd);
	return rc;
}

int hp_bridge_exists(const char *bridge)
{
	char path[96];

	snprintf(path, sizeof(path), "/sys/class/net/%s/bridge", bridge);
	return access(path, F_OK) == 0;
}

int hp_vif_setup(const char *ifname, const char *newname, const char *bridge,
		 unsigned int mtu, char *msg, size_t msglen)
{
	struct ifreq ifr;
	const char *name = ifname;
	char path[96];
	int s, rc = -1;

	snprintf(path, sizeof(path), "/sys/class/net/%s", ifname);
	if (hp_wait_path(path, 1, 10000))
		return fail(msg, msglen,
			    "interface %s did not appear (is xen-netback "
			    "loaded?)",
			    ifname);
	s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return fail(msg, msglen, "socket: %s", strerror(errno));
	memset(&ifr, 0, sizeof(ifr));
	if (newname && newname[0]) {
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
		snprintf(ifr.ifr_newname, sizeof(ifr.ifr_newname), "%s",
			 newname);
		if (ioctl(s, SIOCSIFNAME, &ifr)) {
			fail(msg, msglen, "renaming %s to %s: %s", ifname,
			     newname, strerror(errno));
			goto out;
		}
		name = newname;
	}
	if (mtu) {
		memset(&ifr, 0, sizeof(ifr));
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
		ifr.ifr_mtu = (int)mtu;
		if (ioctl(s, SIOCSIFMTU, &ifr)) {
			fail(msg, msglen, "%s: mtu %u: %s", name, mtu,
			     strerror(errno));
			goto out;
		}
	}
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", bridge);
	ifr.ifr_ifindex = (int)if_nametoindex(name);
	if (!ifr.ifr_ifindex || ioctl(s, SIOCBRADDIF, &ifr)) {
		fail(msg, msglen, "adding %s to bridge %s: %s", name, bridge,
		     strerror(errno));
		goto out;
	}
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(s, SIOCSIFFLAGS, &ifr) == 0)
			rc = 0;
	}
	if (rc)
		fail(msg, msglen, "%s: setting it up: %s", name,
		     strerror(errno));
out:
	close(s);
	return rc;
}
