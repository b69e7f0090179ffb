/* SPDX-License-Identifier: MIT */
/*
 * xenstore: one binary for the usual command-line tools, chosen by the
 * name it is called under (xenstore-read, ...) or by its first argument:
 *
 *   xenstore read PATH...          values, one a line
 *   xenstore write PATH VALUE...   pairs
 *   xenstore exists PATH...        exit status only
 *   xenstore rm PATH...
 *   xenstore mkdir PATH...
 *   xenstore list PATH             children, one a line
 *   xenstore ls [PATH]             the subtree, as `name = "value"`
 *   xenstore chmod PATH PERM...    e.g. b0 r3
 *   xenstore getperms PATH
 *   xenstore watch [-n COUNT] PATH wait for events, print `path token`
 *   xenstore control ARG...
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstore.h"

static const char *prog = "xenstore";

static int die(const char *what, const char *path)
{
	fprintf(stderr, "%s: %s %s: %s\n", prog, what, path ? path : "",
		strerror(errno));
	return 1;
}

static void print_escaped(const char *v, unsigned int len)
{
	for (unsigned int i = 0; i < len; i++) {
		unsigned char c = v[i];

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
}

static int ls(struct xs_handle *h, const char *path, int depth)
{
	unsigned int n;
	char **kids = xs_directory(h, XBT_NULL, path, &n);

	if (!kids)
		return die("ls", path);
	for (unsigned int i = 0; i < n; i++) {
		char child[4096];
		unsigned int len;
		char *v;

		snprintf(child, sizeof(child), "%s%s%s", path,
			 strcmp(path, "/") ? "/" : "", kids[i]);
		v = xs_read(h, XBT_NULL, child, &len);
		printf("%*s%s = \"", depth, "", kids[i]);
		if (v)
			print_escaped(v, len);
		printf("\"\n");
		free(v);
		ls(h, child, depth + 1);
	}
	free(kids);
	return 0;
}

static int run(struct xs_handle *h, const char *cmd, int argc, char **argv)
{
	unsigned int n, len;
	char **v;
	char *s;

	if (strcmp(cmd, "read") == 0) {
		for (int i = 0; i < argc; i++) {
			s = xs_read(h, XBT_NULL, argv[i], &len);
			if (!s)
				return die("read", argv[i]);
			fwrite(s, 1, len, stdout);
			putchar('\n');
			free(s);
		}
	} else if (strcmp(cmd, "exists") == 0) {
		for (int i = 0; i < argc; i++) {
			s = xs_read(h, XBT_NULL, argv[i], &len);
			if (!s)
				return 1;
			free(s);
		}
	} else if (strcmp(cmd, "write") == 0) {
		if (argc % 2)
			return 2;
		for (int i = 0; i < argc; i += 2)
			if (!xs_write(h, XBT_NULL, argv[i], argv[i + 1],
				      strlen(argv[i + 1])))
				return die("write", argv[i]);
	} else if (strcmp(cmd, "rm") == 0) {
		for (int i = 0; i < argc; i++)
			if (!xs_rm(h, XBT_NULL, argv[i]))
				return die("rm", argv[i]);
	} else if (strcmp(cmd, "mkdir") == 0) {
		for (int i = 0; i < argc; i++)
			if (!xs_mkdir(h, XBT_NULL, argv[i]))
				return die("mkdir", argv[i]);
	} else if (strcmp(cmd, "list") == 0 && argc == 1) {
		v = xs_directory(h, XBT_NULL, argv[0], &n);
		if (!v)
			return die("list", argv[0]);
		for (unsigned int i = 0; i < n; i++)
			printf("%s\n", v[i]);
		free(v);
	} else if (strcmp(cmd, "ls") == 0 && argc <= 1) {
		return ls(h, argc ? argv[0] : "/", 0);
	} else if (strcmp(cmd, "chmod") == 0 && argc >= 2) {
		if (!xs_set_perms(h, XBT_NULL, argv[0],
				  (const char *const *)argv + 1, argc - 1))
			return die("chmod", argv[0]);
	} else if (strcmp(cmd, "getperms") == 0 && argc == 1) {
		v = xs_get_perms(h, XBT_NULL, argv[0], &n);
		if (!v)
			return die("getperms", argv[0]);
		for (unsigned int i = 0; i < n; i++)
			printf("%s%s", i ? " " : "", v[i]);
		printf("\n");
		free(v);
	} else if (strcmp(cmd, "watch") == 0 && argc >= 1) {
		long count = -1;

		if (argc == 3 && strcmp(argv[0], "-n") == 0) {
			count = strtol(argv[1], NULL, 10);
			argv += 2;
			argc -= 2;
		}
		if (argc != 1)
			return 2;
		if (!xs_watch(h, argv[0], "cli"))
			return die("watch", argv[0]);
		while (count < 0 || count-- > 0) {
			v = xs_read_watch(h, &n);
			if (!v)
				return die("watch", argv[0]);
			printf("%s %s\n", n > 0 ? v[0] : "", n > 1 ? v[1] : "");
			fflush(stdout);
			free(v);
		}
	} else if (strcmp(cmd, "control") == 0 && argc >= 1) {
		s = xs_control(h, (const char *const *)argv, argc, &len);
		if (!s)
			return die("control", argv[0]);
		if (strcmp(s, "OK"))
			fwrite(s, 1, strnlen(s, len), stdout);
		free(s);
	} else {
		fprintf(stderr, "%s: unknown command or arguments: %s\n", prog,
			cmd);
		return 2;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');
	const char *cmd;
	struct xs_handle *h;
	int rc;

	base = base ? base + 1 : argv[0];
	if (strncmp(base, "xenstore-", 9) == 0) {
		cmd = base + 9;
		argv++;
		argc--;
	} else if (argc >= 2) {
		cmd = argv[1];
		argv += 2;
		argc -= 2;
	} else {
		fprintf(stderr, "usage: xenstore COMMAND ARG...\n");
		return 2;
	}
	prog = base;
	h = xs_open();
	if (!h)
		return die("connect", NULL);
	rc = run(h, cmd, argc, argv);
	xs_close(h);
	return rc;
}
