/* SPDX-License-Identifier: MIT */
/*
 * Prints "BENCH-CNTVCT cntvct=<n> cntfrq=<n>": the virtual counter as the
 * (dom0) kernel left it readable to EL0, and its frequency. Run as the
 * first thing of the boot benchmark's /init (bench/mkinitramfs-boot).
 * Static, no libc: two system calls (write, exit).
 */
typedef unsigned long u64;

static long sys3(long nr, long a, long b, long c)
{
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x8 __asm__("x8") = nr;

	__asm__ __volatile__("svc #0"
			     : "+r"(x0)
			     : "r"(x1), "r"(x2), "r"(x8)
			     : "memory");
	return x0;
}

static char *put_dec(char *p, u64 v)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static char *put_str(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

void _start(void);
void _start(void)
{
	char buf[96], *p = buf;
	u64 vct, frq;

	__asm__ __volatile__("isb\n\tmrs %0, cntvct_el0" : "=r"(vct));
	__asm__ __volatile__("mrs %0, cntfrq_el0" : "=r"(frq));
	p = put_str(p, "BENCH-CNTVCT cntvct=");
	p = put_dec(p, vct);
	p = put_str(p, " cntfrq=");
	p = put_dec(p, frq);
	*p++ = '\n';
	sys3(64, 1, (long)buf, p - buf); /* write(1, ...) */
	sys3(93, 0, 0, 0);		 /* exit(0) */
	for (;;)
		;
}
