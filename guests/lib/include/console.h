/* SPDX-License-Identifier: MIT */
/*
 * Guest console. The default is the console_io hypercall (CONSOLEIO_write),
 * which Xen allows for dom0less domUs (is_console) and prints as "(dN) ...".
 * If the hypervisor refuses it and the DT has an SBSA UART (the vpl011),
 * output goes to the UART instead.
 */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

#include <lib.h>

enum console_backend {
	CONSOLE_HYPERCALL,
	CONSOLE_UART,
};

/* Pick the backend (called once the DT is parsed). */
void console_init(void);
enum console_backend console_backend(void);
const char *console_backend_name(void);
/* Force a backend (e.g. a test of the vpl011). */
void console_set_backend(enum console_backend b, u64 uart_base);
/* Serialised write of len bytes. */
void console_write(const char *buf, size_t len);
/* Write a newline if the last write did not end with one. */
void console_end_line(void);
/* Unserialised write, for crash paths. */
void console_write_raw(const char *buf, size_t len);
/* Write straight to a PL011/SBSA UART data register. */
void uart_write(u64 base, const char *buf, size_t len);

#endif /* GUEST_CONSOLE_H */
