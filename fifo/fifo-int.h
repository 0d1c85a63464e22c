/*
 * nova-gpu: fifo/'s internal interfaces between its files.
 *
 * A step that makes an upcall (DMA, an interrupt, a channel error) may find
 * its channel freed, reset or reallocated afterwards: every step that
 * continues after one checks nova_fifo_alive() first.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_FIFO_INT_H
#define NOVA_FIFO_INT_H

#include "nova/classes.h"
#include "nova/fifo.h"
#include "nova/rm-objects.h"

#include <stddef.h>
#include <string.h>

/* What a method (or a step of a channel) did. */
typedef enum NovaStep {
    NOVA_STEP_DONE,             /* done: go on */
    NOVA_STEP_WAIT,             /* not done: retry later (acquire, stall, copy budget) */
    NOVA_STEP_STOP,             /* the channel errored, was freed or reset */
} NovaStep;

/* The run's budget, shared by the channels of one nova_fifo_run(). */
typedef struct NovaBudget {
    uint32_t methods;           /* methods and GPFIFO entries left */
    uint64_t bytes;             /* bytes the copy engine may still move */
} NovaBudget;

/* One channel's context for a slice: the slot, its serial, its VA space. */
typedef struct NovaRunCtx {
    NovaFifo *f;
    NovaChannel *ch;
    uint32_t serial;
    NovaMmuSpace space;
    NovaBudget *budget;
} NovaRunCtx;

/* Is @ch still the channel @serial, RUNNABLE? (after an upcall) */
static inline bool nova_fifo_alive(const NovaRunCtx *c)
{
    return c->ch->serial == c->serial && c->ch->state == NOVA_CHAN_RUNNABLE;
}

/* an engine a channel may run on: none yet (bound later), GR0, a copy engine */
static inline bool nova_fifo_engine_ok(uint32_t t)
{
    return t == NV2080_ENGINE_TYPE_NULL || t == NV2080_ENGINE_TYPE_GR0 ||
           NV2080_ENGINE_TYPE_IS_COPY(t);
}

/* a guest error: NOVA_EV_UB_FIFO */
void nova_fifo_ub(NovaFifo *f, uint32_t chid, const char *what, uint64_t value);
/* the channel errors (what hardware would stop it for); returns NOVA_STEP_STOP */
NovaStep nova_fifo_fail(NovaRunCtx *c, uint32_t exception, const char *what,
                        uint64_t info);

/* ---- memory (mem.c) ---- */
int nova_fifo_phys_read(NovaFifo *f, NovaMmuAperture ap, uint64_t addr,
                        void *buf, size_t len);
int nova_fifo_phys_write(NovaFifo *f, NovaMmuAperture ap, uint64_t addr,
                         const void *buf, size_t len);
/*
 * Translate @va for @access: how many bytes from it (at most @len) are
 * physically contiguous, and where. Returns 0 with *@n > 0, or -1 with
 * @fault filled (a translation fault).
 */
int nova_fifo_va_extent(NovaRunCtx *c, uint64_t va, uint64_t len,
                        NovaMmuAccess access, uint64_t *pa,
                        NovaMmuAperture *ap, uint64_t *n, NovaMmuFault *fault);
/* Read/write @len bytes at @va; -1 on a fault (*@fault) or a failed DMA. */
int nova_fifo_va_read(NovaRunCtx *c, uint64_t va, void *buf, size_t len,
                      NovaMmuFault *fault);
int nova_fifo_va_write(NovaRunCtx *c, uint64_t va, const void *buf, size_t len,
                       NovaMmuFault *fault);
/* USERD words */
int nova_fifo_userd_read(NovaFifo *f, const NovaChannel *ch, uint32_t off, uint32_t *v);
int nova_fifo_userd_write(NovaFifo *f, const NovaChannel *ch, uint32_t off, uint32_t v);

/* ---- the PBDMA (pbdma.c) ---- */
/* Run @c's channel until idle, waiting, stopped or out of budget. */
NovaStep nova_fifo_pbdma_run(NovaRunCtx *c);

/* ---- methods ---- */
NovaStep nova_fifo_host_method(NovaRunCtx *c, uint32_t subch, uint32_t mthd,
                               uint32_t data);
NovaStep nova_fifo_ce_method(NovaRunCtx *c, uint32_t cls, uint32_t mthd,
                             uint32_t data);
NovaStep nova_fifo_gr_method(NovaRunCtx *c, uint32_t cls, NovaFifoClassKind kind,
                             uint32_t subch, uint32_t mthd, uint32_t data);

/* ---- semaphores (semaphore.c) ---- */
typedef enum NovaAcqMode {
    NOVA_ACQ_EQ,                /* value == payload */
    NOVA_ACQ_STRICT_GEQ,        /* value >= payload */
    NOVA_ACQ_CIRC_GEQ,          /* (signed)(value - payload) >= 0 */
    NOVA_ACQ_AND,               /* value & payload != 0 */
    NOVA_ACQ_NOR,               /* ~(value | payload) != 0 */
} NovaAcqMode;

/*
 * Release @payload (4 or 8 bytes, @size) at @va, then the timestamp at
 * @va + 8 if @timestamp. The sem_release_drop fault applies here.
 */
NovaStep nova_fifo_sem_release(NovaRunCtx *c, const char *what, uint64_t va,
                               uint64_t payload, unsigned size, bool timestamp);
/* The reduction @op (NVC56F_SEM_EXECUTE_REDUCTION_*) of @payload into @va. */
NovaStep nova_fifo_sem_reduce(NovaRunCtx *c, uint64_t va, unsigned op,
                              bool is_signed, uint64_t payload, unsigned size);
/*
 * An acquire: DONE when satisfied; WAIT (the channel waits, polled) when
 * not; STOP on a fault or a timeout.
 */
NovaStep nova_fifo_sem_acquire(NovaRunCtx *c, uint64_t va, NovaAcqMode mode,
                               uint64_t payload, unsigned size);
/* non-stall interrupt of the channel's engine (nonstall_lost applies) */
NovaStep nova_fifo_nonstall(NovaRunCtx *c);

#endif
