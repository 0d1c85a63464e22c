/*
 * nova-gpu fifo/: semaphores, shared by the host's two forms, the copy
 * engine and the graphics classes: release (4 or 8 bytes of payload, with
 * or without the timestamp at +8), reduction, acquire (polled, with a
 * timeout), and the non-stall interrupt that usually follows a release.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fifo-int.h"

#include "nova/le.h"

static uint64_t now(NovaFifo *f)
{
    return f->host->now_ns ? f->host->now_ns(f->host->opaque) : 0;
}

static NovaStep sem_fault(NovaRunCtx *c, const char *what, const NovaMmuFault *fault)
{
    return nova_fifo_fail(c, ROBUST_CHANNEL_FIFO_ERROR_MMU_ERR_FLT, what, fault->va);
}

NovaStep nova_fifo_sem_release(NovaRunCtx *c, const char *what, uint64_t va,
                               uint64_t payload, unsigned size, bool timestamp)
{
    NovaChannel *ch = c->ch;
    uint8_t b[16] = { 0 };
    NovaMmuFault fault;
    unsigned len = size;

    if (nova_fault_fire(&c->f->faults.sem_release_drop)) {
        NOVA_EVENT(c->f->host, NOVA_EV_SEMAPHORE, semaphore, ch->desc.chid,
                   "release dropped (fault)", va, payload);
        return NOVA_STEP_DONE;
    }
    if (size == 8) {
        nova_st64(b, payload);
    } else {
        nova_st32(b, (uint32_t)payload);
    }
    if (timestamp) {
        nova_st64(b + 8, now(c->f));
        len = 16;
    }
    if (nova_fifo_va_write(c, va, b, len, &fault)) {
        return sem_fault(c, "semaphore release faulted", &fault);
    }
    if (!nova_fifo_alive(c)) {
        return NOVA_STEP_STOP;
    }
    ch->stats.releases++;
    c->f->progress++;
    NOVA_EVENT(c->f->host, NOVA_EV_SEMAPHORE, semaphore, ch->desc.chid, what, va, payload);
    return NOVA_STEP_DONE;
}

static bool reduce(unsigned op, bool is_signed, unsigned size, uint64_t v,
                   uint64_t p, uint64_t *out)
{
    uint64_t mask = size == 8 ? ~0ull : 0xffffffffull;
    int64_t sv = size == 8 ? (int64_t)v : (int32_t)v;
    int64_t sp = size == 8 ? (int64_t)p : (int32_t)p;

    v &= mask;
    p &= mask;
    switch (op) {
    case NVC56F_SEM_EXECUTE_REDUCTION_IMIN:
        *out = is_signed ? (uint64_t)(sv < sp ? sv : sp) : (v < p ? v : p);
        break;
    case NVC56F_SEM_EXECUTE_REDUCTION_IMAX:
        *out = is_signed ? (uint64_t)(sv > sp ? sv : sp) : (v > p ? v : p);
        break;
    case NVC56F_SEM_EXECUTE_REDUCTION_IXOR:
        *out = v ^ p;
        break;
    case NVC56F_SEM_EXECUTE_REDUCTION_IAND:
        *out = v & p;
        break;
    case NVC56F_SEM_EXECUTE_REDUCTION_IOR:
        *out = v | p;
        break;
    case NVC56F_SEM_EXECUTE_REDUCTION_IADD:
        *out = v + p;
        break;
    case NVC56F_SEM_EXECUTE_REDUCTION_INC:     /* count up, wrapping to 0 past payload */
        *out = v >= p ? 0 : v + 1;
        break;
    case NVC56F_SEM_EXECUTE_REDUCTION_DEC:     /* count down, wrapping to payload below 0 */
        *out = v == 0 || v > p ? p : v - 1;
        break;
    default:
        return false;
    }
    *out &= mask;
    return true;
}

NovaStep nova_fifo_sem_reduce(NovaRunCtx *c, uint64_t va, unsigned op,
                              bool is_signed, uint64_t payload, unsigned size)
{
    NovaMmuFault fault;
    uint8_t b[8];
    uint64_t v, out;

    if (nova_fifo_va_read(c, va, b, size, &fault)) {
        return sem_fault(c, "semaphore reduction faulted", &fault);
    }
    if (!nova_fifo_alive(c)) {
        return NOVA_STEP_STOP;
    }
    v = size == 8 ? nova_ld64(b) : nova_ld32(b);
    if (!reduce(op, is_signed, size, v, payload, &out)) {
        nova_fifo_ub(c->f, c->ch->desc.chid, "semaphore reduction operation", op);
        return nova_fifo_fail(c, ROBUST_CHANNEL_PBDMA_ERROR,
                              "semaphore reduction operation", op);
    }
    return nova_fifo_sem_release(c, "reduction", va, out, size, false);
}

static bool satisfied(NovaAcqMode mode, unsigned size, uint64_t v, uint64_t p)
{
    if (size == 4) {
        v &= 0xffffffffull;
        p &= 0xffffffffull;
    }
    switch (mode) {
    case NOVA_ACQ_EQ:
        return v == p;
    case NOVA_ACQ_STRICT_GEQ:
        return v >= p;
    case NOVA_ACQ_CIRC_GEQ:
        return size == 8 ? (int64_t)(v - p) >= 0 : (int32_t)(uint32_t)(v - p) >= 0;
    case NOVA_ACQ_AND:
        return (v & p) != 0;
    case NOVA_ACQ_NOR:
        return (~(v | p) & (size == 8 ? ~0ull : 0xffffffffull)) != 0;
    }
    return false;
}

NovaStep nova_fifo_sem_acquire(NovaRunCtx *c, uint64_t va, NovaAcqMode mode,
                               uint64_t payload, unsigned size)
{
    NovaChannel *ch = c->ch;
    NovaMmuFault fault;
    uint8_t b[8];
    uint64_t v, t;

    if (nova_fifo_va_read(c, va, b, size, &fault)) {
        return sem_fault(c, "semaphore acquire faulted", &fault);
    }
    if (!nova_fifo_alive(c)) {
        return NOVA_STEP_STOP;
    }
    v = size == 8 ? nova_ld64(b) : nova_ld32(b);
    t = now(c->f);
    if (satisfied(mode, size, v, payload)) {
        ch->wait = NOVA_WAIT_NONE;
        ch->stats.acquires++;
        NOVA_EVENT(c->f->host, NOVA_EV_SEMAPHORE, semaphore, ch->desc.chid,
                   "acquire", va, payload);
        return NOVA_STEP_DONE;
    }
    if (ch->wait != NOVA_WAIT_ACQUIRE) {
        ch->wait = NOVA_WAIT_ACQUIRE;
        ch->wait_start_ns = t;
        return NOVA_STEP_WAIT;
    }
    if (t - ch->wait_start_ns >= NOVA_FIFO_ACQUIRE_TIMEOUT_NS) {
        return nova_fifo_fail(c, ROBUST_CHANNEL_SEMAPHORE_TIMEOUT,
                              "semaphore acquire timed out", va);
    }
    return NOVA_STEP_WAIT;
}

NovaStep nova_fifo_nonstall(NovaRunCtx *c)
{
    NovaFifo *f = c->f;
    NovaChannel *ch = c->ch;

    if (nova_fault_fire(&f->faults.nonstall_lost)) {
        return NOVA_STEP_DONE;
    }
    NOVA_EVENT(f->host, NOVA_EV_NONSTALL, nonstall, ch->desc.chid, ch->desc.engine_type);
    if (f->host->nonstall_intr) {
        f->host->nonstall_intr(f->host->opaque, ch->desc.engine_type);
    }
    return nova_fifo_alive(c) ? NOVA_STEP_DONE : NOVA_STEP_STOP;
}
