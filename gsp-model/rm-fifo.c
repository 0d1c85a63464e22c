/*
 * nova-gpu: GSP-RM's calls into the host (fifo/, nova/fifo.h): a channel's
 * allocation, binding, scheduling and end, as RM's object work decides
 * them. With no host configured (cfg.fifo NULL: the unit tests, a device
 * without submission) RM keeps its objects and answers as before; nothing
 * runs.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/gsp-rm.h"
#include "nova/gsp-abi.h"
#include "rpc-util.h"

#include <string.h>

/* An RM address space (NV_MEMORY_DESC_PARAMS.addressSpace) as the MMU names it */
static NovaMmuAperture aperture_of(uint32_t space)
{
    return space == NOVA_ADDR_FBMEM ? NOVA_MMU_APERTURE_VRAM : NOVA_MMU_APERTURE_SYS_COH;
}

/* What the host needs of channel object @o (checked by its RM_ALLOC). */
static void channel_desc(const NovaRmObject *o, NovaChannelDesc *d)
{
    const NovaRmChannel *ch = &o->u.channel;

    memset(d, 0, sizeof(*d));
    d->chid = ch->chid;
    d->runlist = ch->runlist;
    d->engine_type = ch->engine_type;
    d->hclass = o->hclass;
    d->client = o->client;
    d->handle = o->handle;
    d->inst = ch->inst;
    d->inst_aperture = aperture_of(ch->inst_space);
    d->userd = ch->userd;
    d->userd_aperture = aperture_of(ch->userd_space);
    d->gpfifo_va = ch->gpfifo_va;
    d->gpfifo_entries = ch->gpfifo_entries;
    d->mthdbuf = ch->mthdbuf;
    d->error_notifier = ch->error_notifier;
    d->priv = ch->flags & NVOS04_FLAGS_PRIVILEGED_CHANNEL;
}

uint32_t nova_gsp_fifo_channel_alloc(NovaGspRm *rm, const NovaRmObject *o)
{
    NovaChannelDesc d;

    if (!rm->cfg.fifo) {
        return NV_OK;
    }
    channel_desc(o, &d);
    return nova_fifo_channel_alloc(rm->cfg.fifo, &d);
}

uint32_t nova_gsp_fifo_channel_bind(NovaGspRm *rm, const NovaRmObject *o,
                                    uint32_t engine_type)
{
    return rm->cfg.fifo ?
           nova_fifo_channel_bind(rm->cfg.fifo, o->u.channel.chid, engine_type) : NV_OK;
}

uint32_t nova_gsp_fifo_channel_schedule(NovaGspRm *rm, const NovaRmObject *o, bool enable)
{
    return rm->cfg.fifo ?
           nova_fifo_channel_schedule(rm->cfg.fifo, o->u.channel.chid, enable) : NV_OK;
}

void nova_gsp_fifo_channel_free(NovaGspRm *rm, const NovaRmObject *o)
{
    if (rm->cfg.fifo) {
        nova_fifo_channel_free(rm->cfg.fifo, o->u.channel.chid);
    }
}
