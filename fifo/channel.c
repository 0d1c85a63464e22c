/*
 * nova-gpu fifo/: a channel's life as GSP-RM drives it (alloc, bind,
 * schedule, free) and its end by an error (robust channel recovery: the
 * channel stops, the others go on).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fifo-int.h"

static void channel_event(NovaFifo *f, const NovaChannel *ch, const char *what)
{
    NOVA_EVENT(f->host, NOVA_EV_CHANNEL, channel, ch->desc.chid, ch->desc.runlist,
               ch->desc.engine_type, what);
}

static bool aperture_ok(NovaMmuAperture ap)
{
    return ap == NOVA_MMU_APERTURE_VRAM || ap == NOVA_MMU_APERTURE_SYS_COH ||
           ap == NOVA_MMU_APERTURE_SYS_NCOH;
}

uint32_t nova_fifo_channel_alloc(NovaFifo *f, const NovaChannelDesc *d)
{
    NovaChannel *ch = NULL;
    unsigned i;

    if (!d || d->chid >= NOVA_FIFO_CHIDS || d->runlist > 0xffff ||
        d->gpfifo_entries == 0 || d->gpfifo_entries > NOVA_FIFO_MAX_GPFIFO_ENTRIES ||
        !nova_fifo_engine_ok(d->engine_type) ||
        !aperture_ok(d->inst_aperture) || !aperture_ok(d->userd_aperture)) {
        return NV_ERR_INVALID_ARGUMENT;
    }
    if (nova_fifo_channel_find(f, d->chid)) {
        return NV_ERR_INSERT_DUPLICATE_NAME;
    }
    for (i = 0; i < NOVA_FIFO_MAX_CHANNELS; i++) {
        if (f->ch[i].state == NOVA_CHAN_FREE) {
            ch = &f->ch[i];
            break;
        }
    }
    if (!ch) {
        return NV_ERR_INSUFFICIENT_RESOURCES;
    }
    memset(ch, 0, sizeof(*ch));
    ch->desc = *d;
    ch->serial = ++f->serial;
    ch->state = NOVA_CHAN_ALLOCATED;
    channel_event(f, ch, "alloc");
    return NV_OK;
}

uint32_t nova_fifo_channel_bind(NovaFifo *f, uint32_t chid, uint32_t engine_type)
{
    NovaChannel *ch = nova_fifo_channel_find(f, chid);

    if (!ch) {
        return NV_ERR_INVALID_OBJECT_HANDLE;
    }
    if (engine_type == NV2080_ENGINE_TYPE_NULL || !nova_fifo_engine_ok(engine_type)) {
        return NV_ERR_INVALID_ARGUMENT;
    }
    ch->desc.engine_type = engine_type;
    return NV_OK;
}

uint32_t nova_fifo_channel_schedule(NovaFifo *f, uint32_t chid, bool enable)
{
    NovaChannel *ch = nova_fifo_channel_find(f, chid);

    if (!ch) {
        return NV_ERR_INVALID_OBJECT_HANDLE;
    }
    if (ch->state == NOVA_CHAN_ERROR) {
        /* RM refuses to schedule a channel in RC until it is freed */
        return NV_ERR_INVALID_STATE;
    }
    ch->state = enable ? NOVA_CHAN_RUNNABLE : NOVA_CHAN_ALLOCATED;
    if (!enable) {
        ch->pending = false;
    }
    channel_event(f, ch, enable ? "schedule" : "unschedule");
    return NV_OK;
}

void nova_fifo_channel_free(NovaFifo *f, uint32_t chid)
{
    NovaChannel *ch = nova_fifo_channel_find(f, chid);

    if (!ch) {
        return;
    }
    channel_event(f, ch, "free");
    /* the serial stays, so a step that made an upcall sees the slot changed */
    ch->state = NOVA_CHAN_FREE;
    ch->pending = false;
}

void nova_fifo_channel_error(NovaFifo *f, NovaChannel *ch, uint32_t exception,
                             const char *what, uint64_t info)
{
    NovaChannelError err;

    if (!ch || ch->state == NOVA_CHAN_FREE || ch->state == NOVA_CHAN_ERROR) {
        return;
    }
    ch->state = NOVA_CHAN_ERROR;
    ch->pending = false;
    ch->wait = NOVA_WAIT_NONE;
    ch->ce.active = false;
    ch->stats.errors++;
    err = (NovaChannelError) {
        .chid = ch->desc.chid, .runlist = ch->desc.runlist,
        .engine_type = ch->desc.engine_type,
        .client = ch->desc.client, .handle = ch->desc.handle,
        .exception = exception, .what = what, .info = info,
    };
    NOVA_EVENT(f->host, NOVA_EV_CHANNEL_ERROR, channel_error, err.chid,
               exception, what, info);
    /* the last thing: the upcall may free the channel or reset the engine */
    if (f->host->channel_error) {
        f->host->channel_error(f->host->opaque, &err);
    }
}

NovaStep nova_fifo_fail(NovaRunCtx *c, uint32_t exception, const char *what,
                        uint64_t info)
{
    if (nova_fifo_alive(c)) {
        nova_fifo_channel_error(c->f, c->ch, exception, what, info);
    }
    return NOVA_STEP_STOP;
}

bool nova_fifo_channel_gp_put(NovaFifo *f, const NovaChannel *ch, uint32_t *put)
{
    return nova_fifo_userd_read(f, ch, NV_USERD_GP_PUT, put) == 0;
}
