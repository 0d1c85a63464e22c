/*
 * Unit tests: what GSP-RM asked of the host (fifo-absent.c), until fifo/
 * is merged.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_TEST_FIFO_ABSENT_H
#define NOVA_TEST_FIFO_ABSENT_H

#include "nova/fifo.h"
#include "nova/rm-objects.h"

typedef struct FifoAbsentLog {
    int allocs, binds, schedules, frees;
    NovaChannelDesc last_desc;
    uint32_t last_chid, last_engine_type, last_freed;
    bool last_enable;
    uint32_t alloc_status;      /* what channel_alloc answers (NV_OK unless a test says) */
} FifoAbsentLog;

extern FifoAbsentLog fifo_absent;

#endif
