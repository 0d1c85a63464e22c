/*
 * nova-gpu fifo/: the graphics classes (3D, compute, 2D, inline-to-memory).
 * The model has no shader cores: every method is recorded (counted, and
 * draws and dispatches traced as "recorded, not executed"), but the report
 * semaphores execute, so a fence on a graphics channel signals.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fifo-int.h"

/* the graphics classes' reduction ops (REDUCTION_OP), in the host's numbering */
#define GR_RED_(op) NVC597_SET_REPORT_SEMAPHORE_D_REDUCTION_OP_RED_##op
static const uint8_t gr_reduction[8] = {
    [GR_RED_(ADD)] = NVC56F_SEM_EXECUTE_REDUCTION_IADD,
    [GR_RED_(MIN)] = NVC56F_SEM_EXECUTE_REDUCTION_IMIN,
    [GR_RED_(MAX)] = NVC56F_SEM_EXECUTE_REDUCTION_IMAX,
    [GR_RED_(INC)] = NVC56F_SEM_EXECUTE_REDUCTION_INC,
    [GR_RED_(DEC)] = NVC56F_SEM_EXECUTE_REDUCTION_DEC,
    [GR_RED_(AND)] = NVC56F_SEM_EXECUTE_REDUCTION_IAND,
    [GR_RED_(OR)] = NVC56F_SEM_EXECUTE_REDUCTION_IOR,
    [GR_RED_(XOR)] = NVC56F_SEM_EXECUTE_REDUCTION_IXOR,
};

static NovaStep report_semaphore(NovaRunCtx *c, NovaFifoClassKind kind, unsigned s,
                                 uint32_t d)
{
    NovaGrState *gr = &c->ch->gr;
    uint64_t va = (uint64_t)NV_FIELD_EX32(gr->sem_a[s], NVC597_SET_REPORT_SEMAPHORE_A,
                                          OFFSET_UPPER) << 32 | gr->sem_b[s];
    bool one_word = NV_FIELD_EX32(d, NVC597_SET_REPORT_SEMAPHORE_D, STRUCTURE_SIZE);
    uint32_t op = NV_FIELD_EX32(d, NVC597_SET_REPORT_SEMAPHORE_D, OPERATION);

    switch (op) {
    case NVC597_SET_REPORT_SEMAPHORE_D_OPERATION_RELEASE:
        if (NV_FIELD_EX32(d, NVC597_SET_REPORT_SEMAPHORE_D, REDUCTION_ENABLE)) {
            return nova_fifo_sem_reduce(c, va,
                gr_reduction[NV_FIELD_EX32(d, NVC597_SET_REPORT_SEMAPHORE_D, REDUCTION_OP)],
                NV_FIELD_EX32(d, NVC597_SET_REPORT_SEMAPHORE_D, REDUCTION_FORMAT) == 1,
                gr->sem_c[s], 4);
        }
        /* four words: the payload, a zero word, the timestamp */
        return nova_fifo_sem_release(c, "report", va, gr->sem_c[s], 4, !one_word);
    case NVC597_SET_REPORT_SEMAPHORE_D_OPERATION_ACQUIRE:
        if (kind == NOVA_CLASS_3D) {
            return nova_fifo_sem_acquire(c, va,
                NV_FIELD_EX32(d, NVC597_SET_REPORT_SEMAPHORE_D, COMPARISON) ?
                NOVA_ACQ_STRICT_GEQ : NOVA_ACQ_EQ, gr->sem_c[s], 4);
        }
        break;
    case NVC597_SET_REPORT_SEMAPHORE_D_OPERATION_REPORT_ONLY:
        if (kind == NOVA_CLASS_3D) {
            /* no counters run: a report of zero, with the timestamp */
            return nova_fifo_sem_release(c, "report", va, 0, 4, !one_word);
        }
        break;
    default:
        break;
    }
    /* TRAP, or an operation the class does not have: GR's exception */
    nova_fifo_ub(c->f, c->ch->desc.chid, "SET_REPORT_SEMAPHORE_D operation", d);
    return nova_fifo_fail(c, ROBUST_CHANNEL_GR_EXCEPTION,
                          "SET_REPORT_SEMAPHORE_D operation", d);
}

static bool is_draw(uint32_t mthd)
{
    return mthd == NVC597_BEGIN || mthd == NVC597_END ||
           mthd == NVC597_DRAW_VERTEX_ARRAY_BEGIN_END_INSTANCE_FIRST;
}

static bool is_dispatch(uint32_t mthd)
{
    return mthd == NVC5C0_SEND_PCAS_A || mthd == NVC5C0_SEND_SIGNALING_PCAS_B ||
           mthd == NVC7C0_SEND_SIGNALING_PCAS2_B;
}

NovaStep nova_fifo_gr_method(NovaRunCtx *c, uint32_t cls, NovaFifoClassKind kind,
                             uint32_t subch, uint32_t mthd, uint32_t data)
{
    NovaGrState *gr = &c->ch->gr;
    bool sem = kind == NOVA_CLASS_3D || kind == NOVA_CLASS_COMPUTE;
    unsigned s = subch % NOVA_FIFO_SUBCHANNELS;

    if (sem) {
        switch (mthd) {
        case NVC597_SET_REPORT_SEMAPHORE_A:
            gr->sem_a[s] = data;
            return NOVA_STEP_DONE;
        case NVC597_SET_REPORT_SEMAPHORE_B:
            gr->sem_b[s] = data;
            return NOVA_STEP_DONE;
        case NVC597_SET_REPORT_SEMAPHORE_C:
            gr->sem_c[s] = data;
            return NOVA_STEP_DONE;
        case NVC597_SET_REPORT_SEMAPHORE_D:
            return report_semaphore(c, kind, s, data);
        default:
            break;
        }
    }
    gr->methods++;
    if ((kind == NOVA_CLASS_3D && is_draw(mthd)) ||
        (kind == NOVA_CLASS_COMPUTE && is_dispatch(mthd))) {
        if (kind == NOVA_CLASS_3D) {
            gr->draws++;
        } else {
            gr->dispatches++;
        }
        NOVA_EVENT(c->f->host, NOVA_EV_UNIMP_METHOD, method, c->ch->desc.chid, subch,
                   cls, mthd, data, kind == NOVA_CLASS_3D ?
                   "draw (recorded, not executed)" : "dispatch (recorded, not executed)");
    }
    return NOVA_STEP_DONE;
}
