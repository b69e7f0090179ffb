/* SPDX-License-Identifier: MIT */
/* libxc: event channels of the calling domain, through /dev/xen/evtchn. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "linux-xen-uapi.h"
#include "xc.h"

struct xc_evtchn {
	int fd;
};

struct xc_evtchn *xc_evtchn_open(void)
{
	struct xc_evtchn *e = malloc(sizeof(*e));

	if (!e)
		return NULL;
	e->fd = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC);
	if (e->fd < 0) {
		free(e);
		return NULL;
	}
	return e;
}

void xc_evtchn_close(struct xc_evtchn *e)
{
	if (!e)
		return;
	close(e->fd);
	free(e);
}

int xc_evtchn_fd(struct xc_evtchn *e)
{
	return e->fd;
}

static int rc_errno(int rc)
{
	return rc < 0 ? -errno : rc;
}

int xc_evtchn_bind_interdomain(struct xc_evtchn *e, uint32_t domid,
			       uint32_t port)
{
	struct ioctl_evtchn_bind_interdomain b = {
		.remote_domain = domid,
		.remote_port = port,
	};

	return rc_errno(ioctl(e->fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &b));
}

int xc_evtchn_bind_virq(struct xc_evtchn *e, uint32_t virq)
{
	struct ioctl_evtchn_bind_virq b = {.virq = virq};

	return rc_errno(ioctl(e->fd, IOCTL_EVTCHN_BIND_VIRQ, &b));
}

int xc_evtchn_unbind(struct xc_evtchn *e, uint32_t port)
{
	struct ioctl_evtchn_unbind u = {.port = port};

	return rc_errno(ioctl(e->fd, IOCTL_EVTCHN_UNBIND, &u));
}

int xc_evtchn_notify(struct xc_evtchn *e, uint32_t port)
{
	struct ioctl_evtchn_notify n = {.port = port};

	return rc_errno(ioctl(e->fd, IOCTL_EVTCHN_NOTIFY, &n));
}

int xc_evtchn_pending(struct xc_evtchn *e)
{
	uint32_t port;
	ssize_t n = read(e->fd, &port, sizeof(port));

	if (n < 0)
		return -errno;
	if (n != sizeof(port))
		return -EIO;
	return (int)port;
}

int xc_evtchn_unmask(struct xc_evtchn *e, uint32_t port)
{
	ssize_t n = write(e->fd, &port, sizeof(port));

	if (n < 0)
		return -errno;
	return n == sizeof(port) ? 0 : -EIO;
}
