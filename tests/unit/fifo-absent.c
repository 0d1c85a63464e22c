/*
 * Unit tests: the host's (fifo/) functions GSP-RM calls, until fifo/ is
 * merged: each records its call and returns NV_OK (or the status a test
 * set), so test-gsp-rm checks what GSP-RM hands the host. The lead
 * removes this file at the merge; the tests then pass a real NovaFifo.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fifo-absent.h"

FifoAbsentLog fifo_absent;

uint32_t nova_fifo_channel_alloc(NovaFifo *f, const NovaChannelDesc *d)
{
    fifo_absent.allocs++;
    fifo_absent.last_desc = *d;
    return fifo_absent.alloc_status;
}

uint32_t nova_fifo_channel_bind(NovaFifo *f, uint32_t chid, uint32_t engine_type)
{
    fifo_absent.binds++;
    fifo_absent.last_chid = chid;
    fifo_absent.last_engine_type = engine_type;
    return NV_OK;
}

uint32_t nova_fifo_channel_schedule(NovaFifo *f, uint32_t chid, bool enable)
{
    fifo_absent.schedules++;
    fifo_absent.last_chid = chid;
    fifo_absent.last_enable = enable;
    return NV_OK;
}

void nova_fifo_channel_free(NovaFifo *f, uint32_t chid)
{
    fifo_absent.frees++;
    fifo_absent.last_freed = chid;
}
