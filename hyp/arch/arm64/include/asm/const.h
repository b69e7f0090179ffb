/* SPDX-License-Identifier: MIT */
/* Constants usable from both C (as unsigned long) and assembly. */
#ifndef ASM_CONST_H
#define ASM_CONST_H
#ifdef __ASSEMBLY__
#define _UL(x) x
#else
#define _UL(x) x##UL
#endif
#endif
