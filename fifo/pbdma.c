/*
 * nova-gpu fifo/: the PBDMA. It takes GPFIFO entries between GP_GET and the
 * driver's GP_PUT (USERD), fetches each entry's pushbuffer segment through
 * the channel's VA space, decodes the method headers (Volta+ formats,
 * clc56f.h NVC56F_DMA_*) and feeds each data dword to the host or to the
 * class bound on the subchannel. Where a method waits (an acquire, a copy
 * out of budget) the position stays on it, and the next slice executes it
 * again; a method sequence may continue across segments.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fifo-int.h"

#include "nova/le.h"

#define FETCH_DWORDS 256

static NovaStep method(NovaRunCtx *c, uint32_t subch, uint32_t mthd, uint32_t data)
{
    NovaChannel *ch = c->ch;
    uint32_t cls = ch->subch_class[subch % NOVA_FIFO_SUBCHANNELS];
    NovaFifoClassKind kind;

    NOVA_EVENT(c->f->host, NOVA_EV_METHOD, method, ch->desc.chid, subch, cls,
               mthd, data, NULL);
    if (mthd < NVC56F_HOST_METHODS_END) {
        return nova_fifo_host_method(c, subch, mthd, data);
    }
    kind = nova_fifo_class_kind(c->f->cfg.chip, cls);
    if (!cls || kind == NOVA_CLASS_NONE) {
        nova_fifo_ub(c->f, ch->desc.chid, "method on a subchannel with no object",
                     (uint64_t)subch << 32 | mthd);
        return nova_fifo_fail(c, ROBUST_CHANNEL_PBDMA_ERROR,
                              "method on a subchannel with no object", mthd);
    }
    if (kind == NOVA_CLASS_CE) {
        return nova_fifo_ce_method(c, cls, mthd, data);
    }
    return nova_fifo_gr_method(c, cls, kind, subch, mthd, data);
}

/* A data dword for the current method header. */
static NovaStep feed(NovaRunCtx *c, uint32_t data)
{
    NovaChannel *ch = c->ch;
    NovaStep r = method(c, ch->mthd_subch, ch->mthd_addr, data);

    if (r != NOVA_STEP_DONE || !nova_fifo_alive(c)) {
        return r == NOVA_STEP_DONE ? NOVA_STEP_STOP : r;
    }
    ch->stats.methods++;
    ch->mthd_count--;
    switch (ch->mthd_op) {
    case NVC56F_DMA_SEC_OP_INC_METHOD:
        ch->mthd_addr = (ch->mthd_addr + 4) & 0x3ffc;
        break;
    case NVC56F_DMA_SEC_OP_ONE_INC:
        ch->mthd_addr = (ch->mthd_addr + 4) & 0x3ffc;
        ch->mthd_op = NVC56F_DMA_SEC_OP_NON_INC_METHOD;
        break;
    default:                    /* non-incrementing */
        break;
    }
    return NOVA_STEP_DONE;
}

static void start_methods(NovaChannel *ch, uint32_t op, uint32_t subch,
                          uint32_t addr, uint32_t count)
{
    ch->mthd_op = op;
    ch->mthd_subch = subch;
    ch->mthd_addr = addr & 0x3ffc;
    ch->mthd_count = count;
}

/*
 * A method header. Returns DONE when the PBDMA may move past it (WAIT and
 * STOP as a method returns them, for the immediate form).
 */
static NovaStep header(NovaRunCtx *c, uint32_t w)
{
    NovaChannel *ch = c->ch;
    uint32_t op = NV_FIELD_EX32(w, NVC56F_DMA, SEC_OP);
    uint32_t subch = NV_FIELD_EX32(w, NVC56F_DMA, METHOD_SUBCHANNEL);
    uint32_t addr = NV_FIELD_EX32(w, NVC56F_DMA, METHOD_ADDRESS) << 2;
    uint32_t count = NV_FIELD_EX32(w, NVC56F_DMA, METHOD_COUNT);
    uint32_t tert = NV_FIELD_EX32(w, NVC56F_DMA, TERT_OP);
    uint32_t old_addr = NV_FIELD_EX32(w, NVC56F_DMA, METHOD_ADDRESS_OLD) << 2;
    NovaStep r;

    switch (op) {
    case NVC56F_DMA_SEC_OP_INC_METHOD:
    case NVC56F_DMA_SEC_OP_NON_INC_METHOD:
    case NVC56F_DMA_SEC_OP_ONE_INC:
        start_methods(ch, op, subch, addr, count);
        return NOVA_STEP_DONE;
    case NVC56F_DMA_SEC_OP_IMMD_DATA_METHOD:
        r = method(c, subch, addr, NV_FIELD_EX32(w, NVC56F_DMA, IMMD_DATA));
        if (r == NOVA_STEP_DONE && nova_fifo_alive(c)) {
            ch->stats.methods++;
        }
        return r;
    case NVC56F_DMA_SEC_OP_GRP0_USE_TERT:
        if (tert == NVC56F_DMA_TERT_OP_GRP0_INC_METHOD) {
            /* the pre-Volta incrementing form (0x00000000 is a NOP: no data) */
            start_methods(ch, NVC56F_DMA_SEC_OP_INC_METHOD, subch, old_addr,
                          NV_FIELD_EX32(w, NVC56F_DMA, METHOD_COUNT_OLD));
        }
        /* SET/STORE/USE_SUB_DEV_MASK: one subdevice, every mask selects it */
        return NOVA_STEP_DONE;
    case NVC56F_DMA_SEC_OP_GRP2_USE_TERT:
        if (tert == NVC56F_DMA_TERT_OP_GRP2_NON_INC_METHOD) {
            start_methods(ch, NVC56F_DMA_SEC_OP_NON_INC_METHOD, subch, old_addr,
                          NV_FIELD_EX32(w, NVC56F_DMA, METHOD_COUNT_OLD));
            return NOVA_STEP_DONE;
        }
        break;
    case NVC56F_DMA_SEC_OP_END_PB_SEGMENT:
        ch->seg_pos = ch->seg_dwords;
        return NOVA_STEP_DONE;
    default:
        break;
    }
    nova_fifo_ub(c->f, ch->desc.chid, "reserved method header", w);
    return nova_fifo_fail(c, ROBUST_CHANNEL_PBDMA_ERROR, "reserved method header", w);
}

/* Run the current segment to its end (DONE), or WAIT/STOP. */
static NovaStep run_segment(NovaRunCtx *c)
{
    NovaChannel *ch = c->ch;
    uint8_t buf[FETCH_DWORDS * 4];
    uint32_t base = 0, have = 0;
    NovaMmuFault fault;
    NovaStep r;

    while (ch->seg_pos < ch->seg_dwords) {
        uint32_t pos = ch->seg_pos, w;

        if (!c->budget->methods) {
            return NOVA_STEP_WAIT;
        }
        if (pos < base || pos - base >= have) {
            uint32_t n = ch->seg_dwords - pos;

            n = n < FETCH_DWORDS ? n : FETCH_DWORDS;
            if (nova_fifo_va_read(c, ch->seg_va + (uint64_t)pos * 4, buf, n * 4, &fault)) {
                return nova_fifo_fail(c, ROBUST_CHANNEL_FIFO_ERROR_MMU_ERR_FLT,
                                      "pushbuffer fetch faulted", fault.va);
            }
            if (!nova_fifo_alive(c)) {
                return NOVA_STEP_STOP;
            }
            base = pos;
            have = n;
        }
        w = nova_ld32(buf + (pos - base) * 4);
        c->budget->methods--;
        if (ch->mthd_count) {
            r = feed(c, w);
        } else {
            r = header(c, w);
        }
        if (r != NOVA_STEP_DONE) {
            return r;
        }
        if (!nova_fifo_alive(c)) {
            return NOVA_STEP_STOP;
        }
        ch->wait = NOVA_WAIT_NONE;  /* whatever it waited for is behind it */
        if (ch->seg_pos == pos) {   /* END_PB_SEGMENT moved it to the end */
            ch->seg_pos++;
        }
    }
    return NOVA_STEP_DONE;
}

/*
 * The entry is done: GP_GET moves on and the driver sees it in USERD; after
 * a pushbuffer segment, so do GET and TOP_LEVEL_GET (the pushbuffer address
 * consumed up to), which nouveau's nvif_chan reads to reuse pushbuffer space.
 */
static NovaStep finish_entry(NovaRunCtx *c, bool segment)
{
    NovaChannel *ch = c->ch;
    uint64_t get = ch->seg_va + (uint64_t)ch->seg_dwords * 4;
    const uint32_t w[][2] = {
        { NV_USERD_GP_GET, 0 },
        { NV_USERD_GET, (uint32_t)get },
        { NV_USERD_GET_HI, (uint32_t)(get >> 32) & 0xff },
        { NV_USERD_TOP_LEVEL_GET, (uint32_t)get },
        { NV_USERD_TOP_LEVEL_GET_HI,
          ((uint32_t)(get >> 32) & 0xff) | NV_USERD_TOP_LEVEL_GET_HI_VALID },
    };
    unsigned i, n = segment ? 5 : 1;

    ch->seg_active = false;
    ch->gp_get = (ch->gp_get + 1) % ch->desc.gpfifo_entries;
    for (i = 0; i < n; i++) {
        if (nova_fifo_userd_write(c->f, ch, w[i][0], i ? w[i][1] : ch->gp_get)) {
            nova_fifo_ub(c->f, ch->desc.chid, "USERD is not writable", ch->desc.userd);
        }
        if (!nova_fifo_alive(c)) {
            return NOVA_STEP_STOP;
        }
    }
    return NOVA_STEP_DONE;
}

/* Take the entry at GP_GET: DONE (taken), WAIT with !pending (ring empty), STOP. */
static NovaStep take_entry(NovaRunCtx *c)
{
    NovaChannel *ch = c->ch;
    uint64_t va = ch->desc.gpfifo_va + (uint64_t)ch->gp_get * NVC56F_GP_ENTRY__SIZE;
    uint32_t put, e0, e1, len;
    NovaMmuFault fault;
    uint8_t e[8];

    /*
     * Idle unless GP_PUT says otherwise; cleared before the read, so a
     * doorbell that re-enters during it stays seen.
     */
    ch->pending = false;
    if (nova_fifo_userd_read(c->f, ch, NV_USERD_GP_PUT, &put)) {
        nova_fifo_ub(c->f, ch->desc.chid, "USERD is not readable", ch->desc.userd);
        return nova_fifo_fail(c, ROBUST_CHANNEL_PBDMA_ERROR, "USERD is not readable",
                              ch->desc.userd);
    }
    if (!nova_fifo_alive(c)) {
        return NOVA_STEP_STOP;
    }
    if (put >= ch->desc.gpfifo_entries) {
        nova_fifo_ub(c->f, ch->desc.chid, "GP_PUT past the end of the ring", put);
        return nova_fifo_fail(c, ROBUST_CHANNEL_GPFIFO_ERROR,
                              "GP_PUT past the end of the ring", put);
    }
    if (put == ch->gp_get) {
        return NOVA_STEP_WAIT;
    }
    ch->pending = true;
    if (nova_fifo_va_read(c, va, e, sizeof(e), &fault)) {
        return nova_fifo_fail(c, ROBUST_CHANNEL_FIFO_ERROR_MMU_ERR_FLT,
                              "GPFIFO fetch faulted", fault.va);
    }
    if (!nova_fifo_alive(c)) {
        return NOVA_STEP_STOP;
    }
    e0 = nova_ld32(e);
    e1 = nova_ld32(e + 4);
    len = NV_FIELD_EX32(e1, NVC56F_GP_ENTRY1, LENGTH);
    c->budget->methods--;
    ch->stats.entries++;
    if (len == 0) {
        switch (NV_FIELD_EX32(e1, NVC56F_GP_ENTRY1, OPCODE)) {
        case NVC56F_GP_ENTRY1_OPCODE_NOP:
            break;
        case NVC56F_GP_ENTRY1_OPCODE_GP_CRC:
        case NVC56F_GP_ENTRY1_OPCODE_PB_CRC:
            /* CRC checks are not modelled: every CRC matches */
            NOVA_EVENT(c->f->host, NOVA_EV_UNIMP_METHOD, method, ch->desc.chid, 0, 0,
                       0, e1, "GPFIFO CRC check (not modelled)");
            break;
        default:
            nova_fifo_ub(c->f, ch->desc.chid, "illegal GPFIFO control entry", e1);
            return nova_fifo_fail(c, ROBUST_CHANNEL_GPFIFO_ERROR,
                                  "illegal GPFIFO control entry", e1);
        }
        return finish_entry(c, false);
    }
    ch->seg_va = (uint64_t)NV_FIELD_EX32(e0, NVC56F_GP_ENTRY0, GET) << 2 |
                 (uint64_t)NV_FIELD_EX32(e1, NVC56F_GP_ENTRY1, GET_HI) << 32;
    if (c->space.valid && ch->seg_va + (uint64_t)len * 4 - 1 > c->space.limit) {
        nova_fifo_ub(c->f, ch->desc.chid, "pushbuffer segment past the VA limit",
                     ch->seg_va);
        return nova_fifo_fail(c, ROBUST_CHANNEL_GPFIFO_ERROR,
                              "pushbuffer segment past the VA limit", ch->seg_va);
    }
    NOVA_EVENT(c->f->host, NOVA_EV_GPFIFO, gpfifo, ch->desc.chid, ch->gp_get,
               ch->seg_va, len);
    /* LEVEL (subroutine) and SYNC change nothing here: one PBDMA runs in order */
    ch->seg_dwords = len;
    ch->seg_pos = 0;
    ch->seg_active = true;
    return NOVA_STEP_DONE;
}

NovaStep nova_fifo_pbdma_run(NovaRunCtx *c)
{
    NovaChannel *ch = c->ch;
    NovaStep r;

    for (;;) {
        if (!c->budget->methods) {
            return NOVA_STEP_WAIT;          /* out of slice: pending stays */
        }
        if (!ch->seg_active) {
            r = take_entry(c);
            if (r != NOVA_STEP_DONE) {
                return r;
            }
            continue;
        }
        r = run_segment(c);
        if (r != NOVA_STEP_DONE) {
            return r;
        }
        r = finish_entry(c, true);
        if (r != NOVA_STEP_DONE) {
            return r;
        }
    }
}
