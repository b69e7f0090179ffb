/* SPDX-License-Identifier: MIT */
/* Debug keys typed on the hypervisor console (common/keyhandler.c). */
#ifndef HYP_KEYHANDLER_H
#define HYP_KEYHANDLER_H

/* Run the handler for a key typed while input goes to the hypervisor. */
void handle_keypress(char key);

/*
 * Print the heap's free pages ("Memory: <free> of <total> pages free
 * (<when>)") after returning cached slabs, so that counts taken before
 * domains exist and after they are destroyed can be compared.
 */
void memory_report(const char *when);

#endif
