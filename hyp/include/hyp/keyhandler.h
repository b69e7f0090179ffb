/* SPDX-License-Identifier: MIT */
/* Debug keys typed on the hypervisor console (common/keyhandler.c). */
#ifndef HYP_KEYHANDLER_H
#define HYP_KEYHANDLER_H

/* Run the handler for a key typed while input goes to the hypervisor. */
void handle_keypress(char key);

#endif
