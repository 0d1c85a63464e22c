/*
 * nova-gpu fifo/: the host class's own methods (NVC46F/NVC56F, below
 * 0x100 on every subchannel): SET_OBJECT, both semaphore forms, the
 * non-stall interrupt, MEM_OP (TLB invalidates), SET_REFERENCE, and the
 * waits that a serial model has already satisfied.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fifo-int.h"

static NovaStep set_object(NovaRunCtx *c, uint32_t subch, uint32_t data)
{
    NovaChannel *ch = c->ch;
    uint32_t cls = NV_FIELD_EX32(data, NVC56F_SET_OBJECT, NVCLASS);

    if (nova_fifo_class_kind(c->f->cfg.chip, cls) == NOVA_CLASS_NONE) {
        nova_fifo_ub(c->f, ch->desc.chid, "SET_OBJECT of a class this chip does not have",
                     data);
        return nova_fifo_fail(c, ROBUST_CHANNEL_PBDMA_ERROR,
                              "SET_OBJECT of an unknown class", data);
    }
    ch->subch_class[subch % NOVA_FIFO_SUBCHANNELS] = cls;
    return NOVA_STEP_DONE;
}

/* SEMAPHORED: the old form nouveau's fences use (nvc0_fence.c, nv84_fence.c) */
static NovaStep semaphored(NovaRunCtx *c, uint32_t d)
{
    NovaChannel *ch = c->ch;
    uint64_t va = (uint64_t)NV_FIELD_EX32(ch->sema, NVC56F_SEMAPHOREA, OFFSET_UPPER) << 32 |
                  NV_FIELD_EX32(ch->semb, NVC56F_SEMAPHOREB, OFFSET_LOWER) << 2;
    bool four = NV_FIELD_EX32(d, NVC56F_SEMAPHORED, RELEASE_SIZE) ==
                NVC56F_SEMAPHORED_RELEASE_SIZE_4BYTE;

    switch (NV_FIELD_EX32(d, NVC56F_SEMAPHORED, OPERATION)) {
    case NVC56F_SEMAPHORED_OPERATION_ACQUIRE:
        return nova_fifo_sem_acquire(c, va, NOVA_ACQ_EQ, ch->semc, 4);
    case NVC56F_SEMAPHORED_OPERATION_ACQ_GEQ:
        /* a sequence number that wraps: the signed difference (as nv84_fence relies on) */
        return nova_fifo_sem_acquire(c, va, NOVA_ACQ_CIRC_GEQ, ch->semc, 4);
    case NVC56F_SEMAPHORED_OPERATION_ACQ_AND:
        return nova_fifo_sem_acquire(c, va, NOVA_ACQ_AND, ch->semc, 4);
    case NVC56F_SEMAPHORED_OPERATION_RELEASE:
        /* 16-byte: payload, zero, then the timestamp at +8 */
        return nova_fifo_sem_release(c, "release", va, ch->semc, 4, !four);
    case NVC56F_SEMAPHORED_OPERATION_REDUCTION:
        return nova_fifo_sem_reduce(c, va, NV_FIELD_EX32(d, NVC56F_SEMAPHORED, REDUCTION),
                                    !NV_FIELD_EX32(d, NVC56F_SEMAPHORED, FORMAT),
                                    ch->semc, 4);
    default:
        nova_fifo_ub(c->f, ch->desc.chid, "SEMAPHORED operation", d);
        return nova_fifo_fail(c, ROBUST_CHANNEL_PBDMA_ERROR, "SEMAPHORED operation", d);
    }
}

/* SEM_EXECUTE: the Volta+ form (NVK, nova) */
static NovaStep sem_execute(NovaRunCtx *c, uint32_t d)
{
    NovaChannel *ch = c->ch;
    uint64_t hi = NV_FIELD_EX32(ch->sem_addr_hi, NVC56F_SEM_ADDR_HI, OFFSET);
    uint64_t va = hi << 32 | NV_FIELD_EX32(ch->sem_addr_lo, NVC56F_SEM_ADDR_LO, OFFSET) << 2;
    unsigned size = NV_FIELD_EX32(d, NVC56F_SEM_EXECUTE, PAYLOAD_SIZE) ? 8 : 4;
    uint64_t payload = size == 8 ?
        (uint64_t)ch->sem_payload_hi << 32 | ch->sem_payload_lo : ch->sem_payload_lo;

    switch (NV_FIELD_EX32(d, NVC56F_SEM_EXECUTE, OPERATION)) {
    case NVC56F_SEM_EXECUTE_OPERATION_ACQUIRE:
        return nova_fifo_sem_acquire(c, va, NOVA_ACQ_EQ, payload, size);
    case NVC56F_SEM_EXECUTE_OPERATION_ACQ_STRICT_GEQ:
        return nova_fifo_sem_acquire(c, va, NOVA_ACQ_STRICT_GEQ, payload, size);
    case NVC56F_SEM_EXECUTE_OPERATION_ACQ_CIRC_GEQ:
        return nova_fifo_sem_acquire(c, va, NOVA_ACQ_CIRC_GEQ, payload, size);
    case NVC56F_SEM_EXECUTE_OPERATION_ACQ_AND:
        return nova_fifo_sem_acquire(c, va, NOVA_ACQ_AND, payload, size);
    case NVC56F_SEM_EXECUTE_OPERATION_ACQ_NOR:
        return nova_fifo_sem_acquire(c, va, NOVA_ACQ_NOR, payload, size);
    case NVC56F_SEM_EXECUTE_OPERATION_RELEASE:
        /* RELEASE_WFI: every earlier method is done already (one engine, in order) */
        return nova_fifo_sem_release(c, "release", va, payload, size,
                                     NV_FIELD_EX32(d, NVC56F_SEM_EXECUTE,
                                                   RELEASE_TIMESTAMP));
    case NVC56F_SEM_EXECUTE_OPERATION_REDUCTION:
        return nova_fifo_sem_reduce(c, va, NV_FIELD_EX32(d, NVC56F_SEM_EXECUTE, REDUCTION),
                                    !NV_FIELD_EX32(d, NVC56F_SEM_EXECUTE, REDUCTION_FORMAT),
                                    payload, size);
    default:
        nova_fifo_ub(c->f, ch->desc.chid, "SEM_EXECUTE operation", d);
        return nova_fifo_fail(c, ROBUST_CHANNEL_PBDMA_ERROR, "SEM_EXECUTE operation", d);
    }
}

static NovaStep mem_op(NovaRunCtx *c, uint32_t d)
{
    NovaChannel *ch = c->ch;
    NovaMmuTlb *tlb = c->f->cfg.tlb;
    uint32_t op = NV_FIELD_EX32(d, NVC56F_MEM_OP_D, OPERATION);
    uint64_t pdb_lo = NV_FIELD_EX32(ch->mem_op_c, NVC56F_MEM_OP_C,
                                    TLB_INVALIDATE_PDB_ADDR_LO);
    uint64_t pdb_hi = NV_FIELD_EX32(d, NVC56F_MEM_OP_D, TLB_INVALIDATE_PDB_ADDR_HI);
    uint64_t pdb = (pdb_lo | pdb_hi << 20) << 12;
    /* a system-memory PDB names both kinds of system memory (mmu.h) */
    NovaMmuAperture ap =
        NV_FIELD_EX32(ch->mem_op_c, NVC56F_MEM_OP_C, TLB_INVALIDATE_PDB_APERTURE) ==
        NVC56F_MEM_OP_C_TLB_INVALIDATE_PDB_APERTURE_VID_MEM ?
        NOVA_MMU_APERTURE_VRAM : NOVA_MMU_APERTURE_SYS_COH;
    bool all_pdb = NV_FIELD_EX32(ch->mem_op_c, NVC56F_MEM_OP_C, TLB_INVALIDATE_PDB);

    switch (op) {
    case NVC56F_MEM_OP_D_OPERATION_MMU_TLB_INVALIDATE:
        if (tlb) {
            if (all_pdb) {
                nova_mmu_tlb_invalidate_all(tlb);
            } else {
                nova_mmu_tlb_invalidate_pdb(tlb, pdb, ap);
            }
        }
        if (c->f->host->tlb_invalidated) {
            c->f->host->tlb_invalidated(c->f->host->opaque, all_pdb, pdb, ap);
        }
        break;
    case NVC56F_MEM_OP_D_OPERATION_MMU_TLB_INVALIDATE_TARGETED:
        if (tlb) {
            uint64_t va = ((uint64_t)NV_FIELD_EX32(ch->mem_op_a, NVC56F_MEM_OP_A,
                                                   TLB_INVALIDATE_TARGET_ADDR_LO) |
                           (uint64_t)ch->mem_op_b << 20) << 12;

            if (all_pdb) {
                nova_mmu_tlb_invalidate_va_all_pdb(tlb, va);
            } else {
                nova_mmu_tlb_invalidate_va(tlb, pdb, ap, va);
            }
        }
        if (c->f->host->tlb_invalidated) {
            c->f->host->tlb_invalidated(c->f->host->opaque, all_pdb, pdb, ap);
        }
        break;
    default:
        /*
         * MEMBAR, the L2 flushes and invalidates, access counters: the
         * model has no caches and no write buffers (every write reached
         * memory when its method returned), so there is nothing to do.
         */
        break;
    }
    return NOVA_STEP_DONE;
}

NovaStep nova_fifo_host_method(NovaRunCtx *c, uint32_t subch, uint32_t mthd,
                               uint32_t data)
{
    NovaChannel *ch = c->ch;

    switch (mthd) {
    case NVC56F_SET_OBJECT:
        return set_object(c, subch, data);
    case NVC56F_NOP:
    case NVC56F_FB_FLUSH:       /* no write buffers: see mem_op() */
    case NVC56F_WFI:            /* one engine, in order: idle whenever a method runs */
    case NVC56F_YIELD:          /* one channel at a time already */
    case NVC56F_CLEAR_FAULTED:  /* a faulted channel is in RC, not waiting for this */
    case NVC46F_CRC_CHECK:      /* CRCs are not modelled */
        return NOVA_STEP_DONE;
    case NVC56F_SEMAPHOREA:
        ch->sema = data;
        return NOVA_STEP_DONE;
    case NVC56F_SEMAPHOREB:
        ch->semb = data;
        return NOVA_STEP_DONE;
    case NVC56F_SEMAPHOREC:
        ch->semc = data;
        return NOVA_STEP_DONE;
    case NVC56F_SEMAPHORED:
        return semaphored(c, data);
    case NVC56F_SEM_ADDR_LO:
        ch->sem_addr_lo = data;
        return NOVA_STEP_DONE;
    case NVC56F_SEM_ADDR_HI:
        ch->sem_addr_hi = data;
        return NOVA_STEP_DONE;
    case NVC56F_SEM_PAYLOAD_LO:
        ch->sem_payload_lo = data;
        return NOVA_STEP_DONE;
    case NVC56F_SEM_PAYLOAD_HI:
        ch->sem_payload_hi = data;
        return NOVA_STEP_DONE;
    case NVC56F_SEM_EXECUTE:
        return sem_execute(c, data);
    case NVC56F_NON_STALL_INTERRUPT:
        return nova_fifo_nonstall(c);
    case NVC56F_MEM_OP_A:
        ch->mem_op_a = data;
        return NOVA_STEP_DONE;
    case NVC56F_MEM_OP_B:
        ch->mem_op_b = data;
        return NOVA_STEP_DONE;
    case NVC56F_MEM_OP_C:
        ch->mem_op_c = data;
        return NOVA_STEP_DONE;
    case NVC56F_MEM_OP_D:
        return mem_op(c, data);
    case NVC56F_SET_REFERENCE:
        if (nova_fifo_userd_write(c->f, ch, NV_USERD_REF, data)) {
            nova_fifo_ub(c->f, ch->desc.chid, "USERD is not writable", ch->desc.userd);
        }
        return nova_fifo_alive(c) ? NOVA_STEP_DONE : NOVA_STEP_STOP;
    default:
        /* NVC56F_ILLEGAL and every method the class does not define */
        nova_fifo_ub(c->f, ch->desc.chid, "host method the class does not have", mthd);
        return nova_fifo_fail(c, ROBUST_CHANNEL_PBDMA_ERROR, "illegal host method", mthd);
    }
}
