/* SPDX-License-Identifier: MIT */
/*
 * xl console: talks to the console daemon (tools/consoled) over its Unix
 * socket. A request is one line; the daemon answers "ok" or "error ...".
 * After "console DOMID TYPE" + "ok" the socket carries the console's bytes
 * both ways until Ctrl-] (0x1d) is typed here.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "xl.h"

#define CTRL_RIGHT_BRACKET 0x1d

static int consoled_connect(void)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", CONSOLED_SOCKET);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Send line, read the one-line answer into ans: 0 if it says "ok". */
static int request(int fd, const char *line, char *ans, size_t len)
{
	size_t n = 0;

	if (dprintf(fd, "%s\n", line) < 0)
		return -1;
	while (n + 1 < len) {
		ssize_t r = read(fd, ans + n, 1);

		if (r <= 0)
			return -1;
		if (ans[n] == '\n')
			break;
		n++;
	}
	ans[n] = '\0';
	return strcmp(ans, "ok") ? -1 : 0;
}

int xl_consoled_request(const char *line)
{
	char ans[128];
	int fd = consoled_connect();
	int rc;

	if (fd < 0)
		return -1;
	rc = request(fd, line, ans, sizeof(ans));
	close(fd);
	return rc;
}

int main_console(int argc, char **argv)
{
	const char *dom = NULL, *type = "pv";
	uint32_t domid;

	for (int i = 1; i < argc; i++) {
		if ((!strcmp(argv[i], "-t") || !strcmp(argv[i], "-n")) &&
		    i + 1 < argc) {
			if (!strcmp(argv[i], "-t") &&
			    strcmp(argv[i + 1], "pv") &&
			    strcmp(argv[i + 1], "vuart")) {
				fprintf(stderr,
					"xl: console type '%s' is not "
					"supported (pv or vuart)\n",
					argv[i + 1]);
				return 1;
			}
			if (!strcmp(argv[i], "-t"))
				type = argv[i + 1];
			i++;
		} else {
			dom = argv[i];
		}
	}
	if (!dom) {
		fprintf(stderr, "Usage: xl console [-t <type>] [-n <number>] "
				"<Domain>\n");
		return 2;
	}
	if (xl_find_domain(dom, &domid))
		return 1;
	return xl_console_attach_type(domid, type);
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int xl_console_attach(uint32_t domid)
{
	return xl_console_attach_type(domid, "pv");
}

int xl_console_attach_type(uint32_t domid, const char *type)
{
	struct termios saved, raw;
	int tty = isatty(0) && tcgetattr(0, &saved) == 0;
	char line[64], ans[128], buf[4096];
	int fd = consoled_connect();
	int rc = 0;

	if (fd < 0) {
		fprintf(stderr,
			"xl: cannot reach the console daemon at %s: "
			"%s\n",
			CONSOLED_SOCKET, strerror(errno));
		return 1;
	}
	snprintf(line, sizeof(line), "console %u %s", domid, type);
	if (request(fd, line, ans, sizeof(ans))) {
		fprintf(stderr, "xl: %s console of domain %u: %s\n", type,
			domid, ans[0] ? ans : "no answer");
		close(fd);
		return 1;
	}
	if (tty) {
		raw = saved;
		cfmakeraw(&raw);
		tcsetattr(0, TCSANOW, &raw);
	}
	for (;;) {
		struct pollfd p[2] = {{.fd = 0, .events = POLLIN},
				      {.fd = fd, .events = POLLIN}};
		ssize_t n;

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			rc = 1;
			break;
		}
		if (p[1].revents) {
			n = read(fd, buf, sizeof(buf));
			if (n <= 0)
				break; /* the domain went away */
			if (write_all(1, buf, (size_t)n))
				break;
		}
		if (p[0].revents) {
			char *esc;

			n = read(0, buf, sizeof(buf));
			if (n <= 0)
				break;
			esc = memchr(buf, CTRL_RIGHT_BRACKET, (size_t)n);
			if (esc)
				n = esc - buf;
			if (n > 0 && write_all(fd, buf, (size_t)n))
				break;
			if (esc)
				break;
		}
	}
	if (tty)
		tcsetattr(0, TCSANOW, &saved);
	close(fd);
	return rc;
}
