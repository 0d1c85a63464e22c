/*
 * nova-gpu: the QEMU side of submission. fifo/ runs the channels; here are
 * the bottom half and the timer its runs are scheduled on, the GPU time it
 * stamps semaphores with, and where its interrupts and errors go: the
 * non-stall interrupt to the vector GSP-RM's interrupt table gave the
 * engine, a channel error to GSP-RM, which tells the driver (RC_TRIGGERED).
 *
 * Runs happen in a guarded bottom half, never inside the MMIO write that
 * rang the doorbell; a run does a bounded slice and asks for the next one
 * on the virtual clock (schedule_in), so the guest runs in between.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/timer.h"
#include "nova-gpu.h"
#include "trace.h"

static void fifo_bh(void *opaque)
{
    NovaGpuState *s = opaque;

    nova_time_enter(s, NOVA_TIME_BH_FIFO);
    s->fifo_kick = false;
    nova_fifo_run(&s->fifo);
    nova_time_leave(s);
}

static void fifo_timer_cb(void *opaque)
{
    NovaGpuState *s = opaque;

    nova_time_enter(s, NOVA_TIME_TIMER_FIFO);
    s->fifo_kick = true;
    qemu_bh_schedule(s->fifo_bh);
    nova_time_leave(s);
}

void nova_host_fifo_schedule(NovaGpuState *s)
{
    if (s->fifo_bh && !s->gone) {
        s->fifo_kick = true;                    /* migrated: see vmstate.c */
        qemu_bh_schedule(s->fifo_bh);
    }
}

static void host_fifo_schedule_in(void *opaque, int work, uint64_t ns)
{
    NovaGpuState *s = opaque;
    int64_t when;

    if (s->gone || work != NOVA_WORK_FIFO || !s->fifo_timer) {
        return;
    }
    when = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
           (int64_t)MIN(ns, (uint64_t)INT64_MAX / 2);
    /* the earliest request wins: a pending retry never delays a slice */
    if (!timer_pending(s->fifo_timer) || timer_expire_time_ns(s->fifo_timer) > when) {
        timer_mod(s->fifo_timer, when);
    }
}

static uint64_t host_now_ns(void *opaque)
{
    NovaGpuState *s = opaque;

    return nova_ptimer_time(&s->ptimer, nova_host_now_ns());
}

/* engine @engine_type's non-stall interrupt: a latched leaf bit */
static void host_nonstall_intr(void *opaque, uint32_t engine_type)
{
    NovaGpuState *s = opaque;
    uint32_t vector = nova_gsp_rm_nonstall_vector(&s->gsp_rm, engine_type);

    trace_nova_gpu_nonstall_vector(engine_type, vector);
    if (vector >= NOVA_INTR_VECTORS) {
        return;     /* the table gave the engine none: nothing to raise */
    }
    nova_intr_raise(&s->intr, vector);
    nova_irq_update(s);
}

/* a channel stopped: GSP-RM reports it to the driver as RM does */
static void host_channel_error(void *opaque, const NovaChannelError *err)
{
    NovaGpuState *s = opaque;

    nova_gsp_rm_rc_triggered(&s->gsp_rm, err);
}

/* a channel's MEM_OP invalidated the TLB: BAR1's direct mappings may go */
static void host_tlb_invalidated(void *opaque, bool all, uint64_t pdb, unsigned ap)
{
    nova_gmmu_tlb_invalidated(opaque, all, pdb, ap);
}

void nova_host_fifo_ops(NovaGpuState *s, NovaHost *h)
{
    h->now_ns = host_now_ns;
    h->schedule_in = host_fifo_schedule_in;
    h->nonstall_intr = host_nonstall_intr;
    h->channel_error = host_channel_error;
    h->tlb_invalidated = host_tlb_invalidated;
}

void nova_host_fifo_init(NovaGpuState *s)
{
    NovaFifoConfig cfg = {
        .chip = s->chip,
        .tlb = s->gmmu.tlb,
        .huge_512m = nova_gmmu_huge_pages(s),
    };

    s->fifo_bh = qemu_bh_new_guarded(fifo_bh, s, &DEVICE(s)->mem_reentrancy_guard);
    s->fifo_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, fifo_timer_cb, s);
    nova_fifo_init(&s->fifo, &cfg, &s->host);
}

void nova_host_fifo_reset(NovaGpuState *s)
{
    if (s->fifo_timer) {
        timer_del(s->fifo_timer);
    }
    if (s->fifo_bh) {
        qemu_bh_cancel(s->fifo_bh);
    }
    s->fifo_kick = false;
    nova_fifo_reset(&s->fifo);
}

void nova_host_fifo_stop(NovaGpuState *s)
{
    if (s->fifo_timer) {
        timer_del(s->fifo_timer);
    }
    if (s->fifo_bh) {
        qemu_bh_cancel(s->fifo_bh);
    }
}

void nova_host_fifo_exit(NovaGpuState *s)
{
    if (s->fifo_timer) {
        timer_free(s->fifo_timer);
        s->fifo_timer = NULL;
    }
    if (s->fifo_bh) {
        qemu_bh_delete(s->fifo_bh);
        s->fifo_bh = NULL;
    }
}
