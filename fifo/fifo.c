/*
 * nova-gpu fifo/: the engine's life (init, reset, migration checks) and the
 * scheduler: the doorbell marks a channel pending, nova_fifo_run() runs the
 * pending channels round-robin within a budget and asks to be run again
 * when work is left.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fifo-int.h"

void nova_fifo_init(NovaFifo *f, const NovaFifoConfig *cfg, const NovaHost *host)
{
    memset(f, 0, sizeof(*f));
    f->cfg = *cfg;
    f->host = host;
}

void nova_fifo_reset(NovaFifo *f)
{
    /* serials go on counting, so a step interrupted by the reset sees it */
    uint32_t serial = f->serial;
    bool running = f->running;

    memset(f->ch, 0, sizeof(*f) - offsetof(NovaFifo, ch));
    f->serial = serial;
    f->running = running;
}

void nova_fifo_ub(NovaFifo *f, uint32_t chid, const char *what, uint64_t value)
{
    NOVA_EVENT(f->host, NOVA_EV_UB_FIFO, fifo_ub, chid, what, value);
}

NovaChannel *nova_fifo_channel_find(NovaFifo *f, uint32_t chid)
{
    unsigned i;

    if (chid >= NOVA_FIFO_CHIDS) {
        return NULL;
    }
    for (i = 0; i < NOVA_FIFO_MAX_CHANNELS; i++) {
        if (f->ch[i].state != NOVA_CHAN_FREE && f->ch[i].desc.chid == chid) {
            return &f->ch[i];
        }
    }
    return NULL;
}

void nova_fifo_totals(const NovaFifo *f, NovaFifoTotals *t)
{
    unsigned i;

    memset(t, 0, sizeof(*t));
    t->doorbells = f->doorbells;
    t->runs = f->runs;
    for (i = 0; i < NOVA_FIFO_MAX_CHANNELS; i++) {
        const NovaChannel *ch = &f->ch[i];

        if (ch->state == NOVA_CHAN_FREE) {
            continue;
        }
        t->channels++;
        t->runnable += ch->state == NOVA_CHAN_RUNNABLE;
        t->errored += ch->state == NOVA_CHAN_ERROR;
        t->waiting += ch->wait != NOVA_WAIT_NONE;
        t->stats.entries += ch->stats.entries;
        t->stats.methods += ch->stats.methods;
        t->stats.bytes += ch->stats.bytes;
        t->stats.releases += ch->stats.releases;
        t->stats.acquires += ch->stats.acquires;
        t->stats.errors += ch->stats.errors;
        t->gr_methods += ch->gr.methods;
        t->gr_draws += ch->gr.draws;
        t->gr_dispatches += ch->gr.dispatches;
    }
}

NovaFifoClassKind nova_fifo_class_kind(const NovaChip *chip, uint32_t cls)
{
    /* the chip table is the one list of the classes a chip has (GSP-RM's too) */
    if (!chip || !cls) {
        return NOVA_CLASS_NONE;
    }
    if (cls == chip->copy_class) {
        return NOVA_CLASS_CE;
    }
    if (cls == chip->threed_class) {
        return NOVA_CLASS_3D;
    }
    if (cls == chip->compute_class) {
        return NOVA_CLASS_COMPUTE;
    }
    if (cls == chip->twod_class || cls == chip->i2m_class) {
        return NOVA_CLASS_OTHER_GR;
    }
    return NOVA_CLASS_NONE;
}

const char *nova_fifo_invalid(const NovaFifo *f)
{
    unsigned i, j, k;

    if (f->rr_next >= NOVA_FIFO_MAX_CHANNELS) {
        return "fifo round-robin slot";
    }
    for (i = 0; i < NOVA_FIFO_MAX_CHANNELS; i++) {
        const NovaChannel *ch = &f->ch[i];
        const NovaChannelDesc *d = &ch->desc;

        if ((unsigned)ch->state > NOVA_CHAN_ERROR) {
            return "channel state";
        }
        if (ch->state == NOVA_CHAN_FREE) {
            continue;
        }
        if (d->chid >= NOVA_FIFO_CHIDS) {
            return "channel id";
        }
        for (k = 0; k < i; k++) {
            if (f->ch[k].state != NOVA_CHAN_FREE && f->ch[k].desc.chid == d->chid) {
                return "channel id (duplicate)";
            }
        }
        if (d->runlist > 0xffff) {
            return "channel runlist";
        }
        if (!nova_fifo_engine_ok(d->engine_type)) {
            return "channel engine";
        }
        if ((unsigned)d->inst_aperture > NOVA_MMU_APERTURE_SYS_NCOH ||
            (unsigned)d->userd_aperture > NOVA_MMU_APERTURE_SYS_NCOH ||
            d->inst_aperture == NOVA_MMU_APERTURE_PEER ||
            d->userd_aperture == NOVA_MMU_APERTURE_PEER) {
            return "channel aperture";
        }
        if (d->gpfifo_entries == 0 || ch->gp_get >= d->gpfifo_entries) {
            return "channel GPFIFO get";
        }
        if (ch->seg_pos > ch->seg_dwords ||
            ch->seg_dwords >= 1u << R_NVC56F_GP_ENTRY1_LENGTH_LENGTH) {
            return "channel pushbuffer segment";
        }
        if (ch->mthd_op > NVC56F_DMA_SEC_OP_END_PB_SEGMENT ||
            ch->mthd_subch >= NOVA_FIFO_SUBCHANNELS || ch->mthd_addr > 0x3ffc ||
            (ch->mthd_addr & 3) || ch->mthd_count > 0x1fff) {
            return "channel method state";
        }
        for (j = 0; j < NOVA_FIFO_SUBCHANNELS; j++) {
            if (ch->subch_class[j] &&
                nova_fifo_class_kind(f->cfg.chip, ch->subch_class[j]) == NOVA_CLASS_NONE) {
                return "channel subchannel class";
            }
        }
        if ((unsigned)ch->wait > NOVA_WAIT_CE_STALL) {
            return "channel wait";
        }
        if (ch->ce.active &&
            ((ch->ce.line_length_in && ch->ce.line_done >= ch->ce.line_length_in) ||
             (ch->ce.line > ch->ce.line_count && ch->ce.line > 1))) {
            return "channel copy progress";
        }
        if (d->gpfifo_entries > NOVA_FIFO_MAX_GPFIFO_ENTRIES) {
            return "channel GPFIFO size";
        }
    }
    return NULL;
}

void nova_fifo_post_load(NovaFifo *f)
{
    unsigned i;

    /* the address spaces are read from the instance blocks per slice: nothing to rebuild */
    f->running = false;
    for (i = 0; i < NOVA_FIFO_MAX_CHANNELS; i++) {
        if (f->ch[i].state == NOVA_CHAN_RUNNABLE && f->ch[i].pending) {
            f->run_scheduled = true;
        }
    }
    if (f->run_scheduled && f->host->schedule) {
        f->host->schedule(f->host->opaque, NOVA_WORK_FIFO);
    }
}

static void schedule_run(NovaFifo *f)
{
    f->run_scheduled = true;
    if (f->host->schedule) {
        f->host->schedule(f->host->opaque, NOVA_WORK_FIFO);
    }
}

void nova_fifo_doorbell(NovaFifo *f, uint32_t token)
{
    uint32_t chid = token & 0xffff, runlist = token >> 16;
    NovaChannel *ch = nova_fifo_channel_find(f, chid);

    f->doorbells++;
    if (!ch) {
        nova_fifo_ub(f, chid, "doorbell for an unknown channel", token);
        return;
    }
    if (ch->desc.runlist != runlist) {
        nova_fifo_ub(f, chid, "doorbell token's runlist is not the channel's", token);
        return;
    }
    if (ch->state != NOVA_CHAN_RUNNABLE) {
        /* hardware ignores a doorbell for a channel not on a runlist */
        nova_fifo_ub(f, chid, "doorbell for a channel that is not scheduled", ch->state);
        return;
    }
    if (nova_fault_fire(&f->faults.channel_error)) {
        nova_fifo_channel_error(f, ch, f->faults.channel_error.value ?
                                (uint32_t)f->faults.channel_error.value :
                                ROBUST_CHANNEL_PBDMA_ERROR,
                                "injected fault", token);
        return;
    }
    ch->pending = true;
    schedule_run(f);
}

/* Can @ch run now? */
static bool ready(NovaFifo *f, NovaChannel *ch)
{
    if (ch->state != NOVA_CHAN_RUNNABLE || !ch->pending) {
        return false;
    }
    if (ch->wait == NOVA_WAIT_CE_STALL && f->host->now_ns &&
        f->host->now_ns(f->host->opaque) < ch->wait_until_ns) {
        return false;
    }
    return true;
}

/* One channel's slice. */
static NovaStep run_channel(NovaFifo *f, NovaChannel *ch, NovaBudget *run)
{
    NovaBudget slice = {
        .methods = run->methods < NOVA_FIFO_SLICE_METHODS ?
                   run->methods : NOVA_FIFO_SLICE_METHODS,
        .bytes = run->bytes,
    };
    NovaRunCtx c = { .f = f, .ch = ch, .serial = ch->serial, .budget = &slice };
    NovaStep r;

    /* the VA space as the instance block says now (a bad one faults every access) */
    nova_mmu_space_from_inst(&c.space, f->host, ch->desc.inst_aperture,
                             ch->desc.inst, f->cfg.huge_512m);
    if (!nova_fifo_alive(&c)) {
        return NOVA_STEP_STOP;
    }
    r = nova_fifo_pbdma_run(&c);
    run->methods -= (run->methods < NOVA_FIFO_SLICE_METHODS ?
                     run->methods : NOVA_FIFO_SLICE_METHODS) - slice.methods;
    run->bytes = slice.bytes;
    return r;
}

void nova_fifo_run(NovaFifo *f)
{
    NovaBudget run = { .methods = NOVA_FIFO_RUN_METHODS, .bytes = NOVA_FIFO_RUN_BYTES };
    bool work_left = false, waiting = false;
    uint64_t progress, delay = UINT64_MAX, now;
    unsigned n, i, start;

    if (f->running) {
        /* re-entered from an upcall: the outer run goes on */
        return;
    }
    f->running = true;
    f->run_scheduled = false;
    now = f->host->now_ns ? f->host->now_ns(f->host->opaque) : 0;
    f->runs++;
    do {
        progress = f->progress;
        start = f->rr_next;
        for (n = 0; n < NOVA_FIFO_MAX_CHANNELS && run.methods && run.bytes; n++) {
            i = (start + n) % NOVA_FIFO_MAX_CHANNELS;
            if (ready(f, &f->ch[i])) {
                uint32_t before = run.methods;

                run_channel(f, &f->ch[i], &run);
                if (before != run.methods) {
                    /* the next run starts after the last channel that ran */
                    f->rr_next = (i + 1) % NOVA_FIFO_MAX_CHANNELS;
                }
            }
        }
        /* a release or copy may satisfy an acquire that waited: one more round */
    } while (f->progress != progress && run.methods && run.bytes);
    f->running = false;

    /*
     * What is left: a channel out of budget runs a timeslice later; a
     * waiting one is polled, a stalled copy engine woken when its stall
     * ends. (Asked even when a doorbell scheduled a run meanwhile: that
     * run may have been a nested call that returned at once.)
     */
    for (i = 0; i < NOVA_FIFO_MAX_CHANNELS; i++) {
        NovaChannel *ch = &f->ch[i];

        if (ch->state != NOVA_CHAN_RUNNABLE || !ch->pending) {
            continue;
        }
        if (ch->wait == NOVA_WAIT_NONE) {
            work_left = true;
        } else {
            uint64_t d = NOVA_FIFO_ACQUIRE_POLL_NS;

            if (ch->wait == NOVA_WAIT_CE_STALL) {
                d = ch->wait_until_ns > now ? ch->wait_until_ns - now : 0;
            }
            delay = d < delay ? d : delay;
            waiting = true;
        }
    }
    if (work_left || waiting) {
        f->run_scheduled = true;
        if (f->host->schedule_in) {
            f->host->schedule_in(f->host->opaque, NOVA_WORK_FIFO,
                                 work_left ? NOVA_FIFO_TIMESLICE_NS : delay);
        } else if (f->host->schedule) {
            f->host->schedule(f->host->opaque, NOVA_WORK_FIFO);
        }
    }
}
