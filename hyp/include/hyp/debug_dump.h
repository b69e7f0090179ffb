/* SPDX-License-Identifier: MIT */
/* Debug-key dumps of subsystem state (common/debug_dump.c). */
#ifndef HYP_DEBUG_DUMP_H
#define HYP_DEBUG_DUMP_H

void dump_event_channels(void);
void dump_grant_tables(void);

#endif
