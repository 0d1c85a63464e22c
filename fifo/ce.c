/*
 * nova-gpu fifo/: the copy engine (TURING_DMA_COPY_A, AMPERE_DMA_COPY_A/B):
 * pitch-linear 1D and 2D copies and the remap unit's fills and swizzles,
 * between virtual addresses of the channel's space and physical VRAM or
 * system memory, then the semaphore and the interrupt LAUNCH_DMA asks for.
 *
 * Data moves in runs: each side is translated once per physically
 * contiguous extent (pages merged). Where the host maps VRAM
 * (NovaHost.vram_map), bytes move once: VRAM to VRAM is one memmove (the
 * guest may overlap source and destination), VRAM to or from system memory
 * one DMA straight out of or into VRAM. Otherwise at most CE_CHUNK bytes
 * go through a bounce buffer per host access. A copy longer than the run's byte
 * budget keeps its progress (line, bytes of the line) in the channel and
 * goes on in the next slice: the LAUNCH_DMA method is executed again.
 * Block-linear layouts are refused with a channel error, never copied
 * wrongly.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fifo-int.h"

#include "nova/le.h"

#define CE_CHUNK        (64u << 10)
/*
 * What copy() hands a plain copy or a fill at once: big enough that the
 * per-chunk work (translation, budget) is noise next to the bytes, small
 * enough that a run's byte budget is kept closely.
 */
#define CE_BULK_CHUNK   (1u << 20)
#define CE_REMAP_CHUNK  (16u << 10)
/* the least budget a line costs, so a copy of many empty-ish lines ends */
#define CE_LINE_COST    256u

/* One side of a copy: virtual, or physical in an aperture. */
typedef struct CeSide {
    bool phys;
    NovaMmuAperture ap;
    uint64_t base;
    uint32_t pitch;
} CeSide;

static uint32_t ce_exception(const NovaChannel *ch)
{
    uint32_t t = ch->desc.engine_type;

    if (!NV2080_ENGINE_TYPE_IS_COPY(t)) {
        return ROBUST_CHANNEL_CE_ERROR;
    }
    return ROBUST_CHANNEL_CE_ERROR + (t - NV2080_ENGINE_TYPE_COPY0);
}

static NovaStep ce_fail(NovaRunCtx *c, const char *what, uint64_t info)
{
    nova_fifo_ub(c->f, c->ch->desc.chid, what, info);
    return nova_fifo_fail(c, ce_exception(c->ch), what, info);
}

/* Where @s's bytes at @addr are: the physically contiguous extent (at most @len). */
static NovaStep side_extent(NovaRunCtx *c, const CeSide *s, uint64_t addr, uint64_t len,
                            bool write, NovaMmuAperture *ap, uint64_t *pa, uint64_t *n)
{
    NovaMmuFault fault;

    *ap = s->ap;
    *pa = addr;
    *n = len;
    if (!s->phys &&
        nova_fifo_va_extent(c, addr, len, write ? NOVA_MMU_WRITE : NOVA_MMU_READ,
                            pa, ap, n, &fault)) {
        return nova_fifo_fail(c, ROBUST_CHANNEL_FIFO_ERROR_MMU_ERR_FLT,
                              write ? "copy engine write faulted" :
                                      "copy engine read faulted", fault.va);
    }
    return NOVA_STEP_DONE;
}

/* A host access for @s at @addr (physical @pa) failed: stop the channel. */
static NovaStep side_error(NovaRunCtx *c, const CeSide *s, uint64_t addr, uint64_t pa)
{
    if (s->phys) {
        return ce_fail(c, "copy engine address outside memory", pa);
    }
    return nova_fifo_fail(c, ROBUST_CHANNEL_FIFO_ERROR_MMU_ERR_FLT,
                          "copy engine PTE points outside memory", addr);
}

/* Read or write @len bytes at @addr on @s, extent by extent. */
static NovaStep side_rw(NovaRunCtx *c, const CeSide *s, uint64_t addr, uint8_t *buf,
                        uint64_t len, bool write)
{
    while (len) {
        uint64_t pa, n;
        NovaMmuAperture ap;
        NovaStep st = side_extent(c, s, addr, len, write, &ap, &pa, &n);
        int r;

        if (st != NOVA_STEP_DONE) {
            return st;
        }
        r = write ? nova_fifo_phys_write(c->f, ap, pa, buf, n)
                  : nova_fifo_phys_read(c->f, ap, pa, buf, n);
        if (!nova_fifo_alive(c)) {
            return NOVA_STEP_STOP;
        }
        if (r) {
            return side_error(c, s, addr, pa);
        }
        addr += n;
        buf += n;
        len -= n;
    }
    return NOVA_STEP_DONE;
}

static bool is_sys(NovaMmuAperture ap)
{
    return ap == NOVA_MMU_APERTURE_SYS_COH || ap == NOVA_MMU_APERTURE_SYS_NCOH;
}

/* @len bytes of VRAM at @pa as a host pointer, or NULL (no map: bounce) */
static uint8_t *vram_ptr(NovaRunCtx *c, NovaMmuAperture ap, uint64_t pa, uint64_t len,
                         bool write)
{
    const NovaHost *h = c->f->host;

    if (ap != NOVA_MMU_APERTURE_VRAM || !h->vram_map) {
        return NULL;
    }
    return h->vram_map(h->opaque, pa, len, write);
}

/*
 * Copy @n bytes, a piece per pair of extents: straight between host
 * pointers where VRAM is mapped, else through the bounce buffer (also
 * where a mapping is refused: vram_read/vram_write then report the error).
 */
static NovaStep plain_chunk(NovaRunCtx *c, const CeSide *src, uint64_t s,
                            const CeSide *dst, uint64_t d, uint64_t n)
{
    const NovaHost *h = c->f->host;
    uint8_t bounce[CE_CHUNK];

    while (n) {
        NovaMmuAperture sap, dap;
        uint64_t spa, dpa, sn, dn, m;
        uint8_t *sp, *dp;
        NovaStep r;
        int e;

        r = side_extent(c, src, s, n, false, &sap, &spa, &sn);
        if (r == NOVA_STEP_DONE) {
            r = side_extent(c, dst, d, n, true, &dap, &dpa, &dn);
        }
        if (r != NOVA_STEP_DONE) {
            return r;
        }
        m = sn < dn ? sn : dn;
        sp = vram_ptr(c, sap, spa, m, false);
        /* (asked only when used: a mapping for writing counts as written) */
        dp = sp || (is_sys(sap) && h->dma_read) ? vram_ptr(c, dap, dpa, m, true) : NULL;
        if (sp && dp) {
            memmove(dp, sp, m);         /* the guest may overlap them */
        } else if (sp && is_sys(dap) && h->dma_write) {
            e = h->dma_write(h->opaque, dpa, sp, m);
            if (!nova_fifo_alive(c)) {
                return NOVA_STEP_STOP;
            }
            if (e) {
                return side_error(c, dst, d, dpa);
            }
        } else if (dp) {                /* from system memory */
            e = h->dma_read(h->opaque, spa, dp, m);
            if (!nova_fifo_alive(c)) {
                return NOVA_STEP_STOP;
            }
            if (e) {
                return side_error(c, src, s, spa);
            }
        } else {
            m = m < CE_CHUNK ? m : CE_CHUNK;
            r = side_rw(c, src, s, bounce, m, false);
            if (r == NOVA_STEP_DONE) {
                r = side_rw(c, dst, d, bounce, m, true);
            }
            if (r != NOVA_STEP_DONE) {
                return r;
            }
        }
        s += m;
        d += m;
        n -= m;
    }
    return NOVA_STEP_DONE;
}

/* The remap unit's geometry, from SET_REMAP_COMPONENTS. */
typedef struct Remap {
    unsigned cs, ns, nd;        /* component bytes, source and destination components */
    unsigned sel[4];
    bool needs_src, needs_dst;  /* a SRC_* selector; a NO_WRITE component */
} Remap;

static bool remap_decode(uint32_t comp, Remap *m)
{
    unsigned j;

    m->cs = NV_FIELD_EX32(comp, NVC5B5_SET_REMAP_COMPONENTS, COMPONENT_SIZE) + 1;
    m->ns = NV_FIELD_EX32(comp, NVC5B5_SET_REMAP_COMPONENTS, NUM_SRC_COMPONENTS) + 1;
    m->nd = NV_FIELD_EX32(comp, NVC5B5_SET_REMAP_COMPONENTS, NUM_DST_COMPONENTS) + 1;
    m->needs_src = m->needs_dst = false;
    for (j = 0; j < 4; j++) {
        m->sel[j] = (comp >> NVC5B5_SET_REMAP_COMPONENTS_DST_SHIFT(j)) & 7;
        if (j >= m->nd) {
            continue;
        }
        if (m->sel[j] > NVC5B5_SET_REMAP_COMPONENTS_DST_NO_WRITE ||
            (m->sel[j] <= 3 && m->sel[j] >= m->ns)) {
            return false;       /* reserved, or a source component that is not there */
        }
        m->needs_src |= m->sel[j] <= 3;
        m->needs_dst |= m->sel[j] == NVC5B5_SET_REMAP_COMPONENTS_DST_NO_WRITE;
    }
    return true;
}

static NovaStep remap_chunk(NovaRunCtx *c, const Remap *m, const CeSide *src, uint64_t s,
                            const CeSide *dst, uint64_t d, uint64_t elems)
{
    uint8_t in[CE_REMAP_CHUNK], out[CE_REMAP_CHUNK], k[2][4];
    unsigned se = m->cs * m->ns, de = m->cs * m->nd, j;
    NovaStep r;
    uint64_t e;

    nova_st32(k[0], c->ch->ce.remap_const_a);
    nova_st32(k[1], c->ch->ce.remap_const_b);
    if (m->needs_src && (r = side_rw(c, src, s, in, elems * se, false)) != NOVA_STEP_DONE) {
        return r;
    }
    if (m->needs_dst &&
        (r = side_rw(c, dst, d, out, elems * de, false)) != NOVA_STEP_DONE) {
        return r;
    }
    for (e = 0; e < elems; e++) {
        for (j = 0; j < m->nd; j++) {
            uint8_t *o = out + e * de + j * m->cs;

            if (m->sel[j] <= 3) {
                memcpy(o, in + e * se + m->sel[j] * m->cs, m->cs);
            } else if (m->sel[j] != NVC5B5_SET_REMAP_COMPONENTS_DST_NO_WRITE) {
                memcpy(o, k[m->sel[j] - NVC5B5_SET_REMAP_COMPONENTS_DST_CONST_A], m->cs);
            }
        }
    }
    return side_rw(c, dst, d, out, elems * de, true);
}

/*
 * A fill (remap of constants only, what nouveau's clears are): every
 * destination element is the same @de bytes, so they are written from a
 * pattern buffer built once, straight into VRAM where the host maps it,
 * else through the host's write; an element may straddle two extents.
 */
static NovaStep fill_chunk(NovaRunCtx *c, const Remap *m, const CeSide *dst, uint64_t d,
                           uint64_t elems)
{
    uint8_t pat[CE_CHUNK + 16], k[2][4];
    uint64_t de = m->cs * m->nd, len = elems * de, done = 0, want, have;
    unsigned j;

    nova_st32(k[0], c->ch->ce.remap_const_a);
    nova_st32(k[1], c->ch->ce.remap_const_b);
    for (j = 0; j < m->nd; j++) {
        memcpy(pat + j * m->cs, k[m->sel[j] - NVC5B5_SET_REMAP_COMPONENTS_DST_CONST_A], m->cs);
    }
    /* de <= 16: a piece of up to CE_CHUNK bytes starts at pat + (phase < de) */
    want = len + de < sizeof(pat) ? len + de : sizeof(pat);
    for (have = de; have < want; have += have < want - have ? have : want - have) {
        memcpy(pat + have, pat, have < want - have ? have : want - have);
    }
    while (done < len) {
        NovaMmuAperture ap;
        uint64_t pa, n, o, piece;
        NovaStep r = side_extent(c, dst, d + done, len - done, true, &ap, &pa, &n);
        uint8_t *dp;

        if (r != NOVA_STEP_DONE) {
            return r;
        }
        dp = vram_ptr(c, ap, pa, n, true);
        for (o = 0; o < n; o += piece) {
            const uint8_t *from = pat + (done + o) % de;

            piece = n - o < CE_CHUNK ? n - o : CE_CHUNK;
            if (dp) {
                memcpy(dp + o, from, piece);
                continue;
            }
            if (nova_fifo_phys_write(c->f, ap, pa + o, from, piece)) {
                return nova_fifo_alive(c) ? side_error(c, dst, d + done + o, pa + o)
                                          : NOVA_STEP_STOP;
            }
            if (!nova_fifo_alive(c)) {
                return NOVA_STEP_STOP;
            }
        }
        done += n;
    }
    return NOVA_STEP_DONE;
}

static uint64_t offset(uint32_t upper, uint32_t lower)
{
    return (uint64_t)NV_FIELD_EX32(upper, NVC5B5_OFFSET_UPPER, UPPER) << 32 | lower;
}

static NovaMmuAperture phys_aperture(uint32_t mode)
{
    switch (NV_FIELD_EX32(mode, NVC5B5_SET_PHYS_MODE, TARGET)) {
    case NVC5B5_SET_PHYS_MODE_TARGET_LOCAL_FB:
        return NOVA_MMU_APERTURE_VRAM;
    case NVC5B5_SET_PHYS_MODE_TARGET_COHERENT_SYSMEM:
        return NOVA_MMU_APERTURE_SYS_COH;
    case NVC5B5_SET_PHYS_MODE_TARGET_NONCOHERENT_SYSMEM:
        return NOVA_MMU_APERTURE_SYS_NCOH;
    default:
        return NOVA_MMU_APERTURE_PEER;  /* reserved: refused at launch */
    }
}

/* Move the launched copy on, within the budget: DONE when it is complete. */
static NovaStep copy(NovaRunCtx *c)
{
    NovaChannel *ch = c->ch;
    NovaCeState *ce = &ch->ce;
    uint32_t l = ce->launch;
    bool multi = NV_FIELD_EX32(l, NVC5B5_LAUNCH_DMA, MULTI_LINE_ENABLE);
    bool remap = NV_FIELD_EX32(l, NVC5B5_LAUNCH_DMA, REMAP_ENABLE);
    uint32_t lines = multi ? ce->line_count : 1;
    CeSide src = {
        .phys = NV_FIELD_EX32(l, NVC5B5_LAUNCH_DMA, SRC_TYPE),
        .ap = phys_aperture(ce->src_phys_mode),
        .base = offset(ce->offset_in_upper, ce->offset_in_lower),
        .pitch = ce->pitch_in,
    };
    CeSide dst = {
        .phys = NV_FIELD_EX32(l, NVC5B5_LAUNCH_DMA, DST_TYPE),
        .ap = phys_aperture(ce->dst_phys_mode),
        .base = offset(ce->offset_out_upper, ce->offset_out_lower),
        .pitch = ce->pitch_out,
    };
    Remap m = { .cs = 1, .ns = 1, .nd = 1 };
    uint64_t se = 1, de = 1, len = ce->line_length_in;
    bool fill = false;

    if (remap) {
        remap_decode(ce->remap_components, &m);     /* checked at launch */
        se = m.cs * m.ns;
        de = m.cs * m.nd;
        fill = !m.needs_src && !m.needs_dst;
    }
    if (len == 0) {
        return NOVA_STEP_DONE;
    }
    while (ce->line < lines) {
        uint64_t left, n, cost, elem;
        uint64_t s = src.base + (uint64_t)ce->line * src.pitch + ce->line_done * se;
        uint64_t d = dst.base + (uint64_t)ce->line * dst.pitch + ce->line_done * de;
        NovaStep r;

        if (!c->budget->bytes) {
            return NOVA_STEP_WAIT;
        }
        if (ce->line_done >= len) {     /* a loaded state past the line: next line */
            ce->line++;
            ce->line_done = 0;
            continue;
        }
        left = len - ce->line_done;
        elem = se > de ? se : de;
        n = (remap && !fill ? CE_REMAP_CHUNK : CE_BULK_CHUNK) / elem;
        n = left < n ? left : n;
        if (n * elem > c->budget->bytes) {
            /* what is left of this run's budget, at least one element */
            n = c->budget->bytes / elem ? c->budget->bytes / elem : 1;
        }
        cost = n * elem;
        r = fill ? fill_chunk(c, &m, &dst, d, n) :
            remap ? remap_chunk(c, &m, &src, s, &dst, d, n) :
                    plain_chunk(c, &src, s, &dst, d, n);
        if (r != NOVA_STEP_DONE) {
            return r;
        }
        ch->stats.bytes += n * de;
        ce->line_done += n;
        if (ce->line_done == len) {
            ce->line++;
            ce->line_done = 0;
            cost = cost > CE_LINE_COST ? cost : CE_LINE_COST;
        }
        c->budget->bytes -= cost < c->budget->bytes ? cost : c->budget->bytes;
    }
    return NOVA_STEP_DONE;
}

/* Checks LAUNCH_DMA can run; an error stops the channel. */
static NovaStep launch_check(NovaRunCtx *c, uint32_t l)
{
    NovaCeState *ce = &c->ch->ce;
    Remap m;

    if (NV_FIELD_EX32(l, NVC5B5_LAUNCH_DMA, DATA_TRANSFER_TYPE) == 0) {
        return NOVA_STEP_DONE;  /* a semaphore or interrupt only */
    }
    if (!NV_FIELD_EX32(l, NVC5B5_LAUNCH_DMA, SRC_MEMORY_LAYOUT) ||
        !NV_FIELD_EX32(l, NVC5B5_LAUNCH_DMA, DST_MEMORY_LAYOUT)) {
        return ce_fail(c, "block-linear copy (not modelled)", l);
    }
    if ((NV_FIELD_EX32(l, NVC5B5_LAUNCH_DMA, SRC_TYPE) &&
         phys_aperture(ce->src_phys_mode) == NOVA_MMU_APERTURE_PEER) ||
        (NV_FIELD_EX32(l, NVC5B5_LAUNCH_DMA, DST_TYPE) &&
         phys_aperture(ce->dst_phys_mode) == NOVA_MMU_APERTURE_PEER)) {
        return ce_fail(c, "copy to a reserved physical target", l);
    }
    if (NV_FIELD_EX32(l, NVC5B5_LAUNCH_DMA, REMAP_ENABLE) &&
        !remap_decode(ce->remap_components, &m)) {
        return ce_fail(c, "remap components reserved", ce->remap_components);
    }
    return NOVA_STEP_DONE;
}

/* The semaphore and interrupt after the copy. */
static NovaStep launch_finish(NovaRunCtx *c, uint32_t cls, uint32_t l)
{
    NovaCeState *ce = &c->ch->ce;
    uint64_t va = (uint64_t)NV_FIELD_EX32(ce->sem_a, NVC5B5_SET_SEMAPHORE_A, UPPER) << 32 |
                  ce->sem_b;
    bool two = cls == AMPERE_DMA_COPY_B &&
               NV_FIELD_EX32(l, NVC7B5_LAUNCH_DMA, SEMAPHORE_PAYLOAD_SIZE);
    uint64_t payload = two ? (uint64_t)ce->sem_payload_upper << 32 | ce->sem_payload
                           : ce->sem_payload;
    unsigned size = two ? 8 : 4;
    NovaStep r = NOVA_STEP_DONE;

    switch (NV_FIELD_EX32(l, NVC5B5_LAUNCH_DMA, SEMAPHORE_TYPE)) {
    case NVC5B5_LAUNCH_DMA_SEMAPHORE_TYPE_RELEASE_ONE_WORD_SEMAPHORE:
    case NVC5B5_LAUNCH_DMA_SEMAPHORE_TYPE_RELEASE_CONDITIONAL_INTR_SEMAPHORE:
        if (NV_FIELD_EX32(l, NVC5B5_LAUNCH_DMA, SEMAPHORE_REDUCTION_ENABLE)) {
            unsigned op = NV_FIELD_EX32(l, NVC5B5_LAUNCH_DMA, SEMAPHORE_REDUCTION);
            bool is_signed = !NV_FIELD_EX32(l, NVC5B5_LAUNCH_DMA, SEMAPHORE_REDUCTION_SIGN);

            r = nova_fifo_sem_reduce(c, va, op, is_signed, payload, size);
        } else {
            r = nova_fifo_sem_release(c, "release", va, payload, size, false);
        }
        break;
    case NVC5B5_LAUNCH_DMA_SEMAPHORE_TYPE_RELEASE_FOUR_WORD_SEMAPHORE:
        r = nova_fifo_sem_release(c, "release", va, payload, size, true);
        break;
    default:
        break;
    }
    if (r != NOVA_STEP_DONE) {
        return r;
    }
    switch (NV_FIELD_EX32(l, NVC5B5_LAUNCH_DMA, INTERRUPT_TYPE)) {
    case NVC5B5_LAUNCH_DMA_INTERRUPT_TYPE_NON_BLOCKING:
        return nova_fifo_nonstall(c);
    case NVC5B5_LAUNCH_DMA_INTERRUPT_TYPE_BLOCKING:
        /* a stalling interrupt is RM's, and RM's CE handling is not modelled */
        NOVA_EVENT(c->f->host, NOVA_EV_UNIMP_METHOD, method, c->ch->desc.chid, 0, cls,
                   NVC5B5_LAUNCH_DMA, l, "LAUNCH_DMA blocking interrupt (not raised)");
        return NOVA_STEP_DONE;
    default:
        return NOVA_STEP_DONE;
    }
}

static NovaStep launch_dma(NovaRunCtx *c, uint32_t cls, uint32_t data)
{
    NovaFifo *f = c->f;
    NovaChannel *ch = c->ch;
    NovaCeState *ce = &ch->ce;
    uint64_t t = f->host->now_ns ? f->host->now_ns(f->host->opaque) : 0;
    NovaStep r;

    if (!ce->active) {
        if (ch->wait == NOVA_WAIT_CE_STALL) {
            if (t < ch->wait_until_ns) {
                return NOVA_STEP_WAIT;
            }
            ch->wait = NOVA_WAIT_NONE;  /* the stall is over: go on as launched */
        } else if (nova_fault_fire(&f->faults.ce_stall)) {
            ch->wait = NOVA_WAIT_CE_STALL;
            ch->wait_until_ns = t + f->faults.ce_stall.value * 1000000ull;
            return NOVA_STEP_WAIT;
        }
        r = launch_check(c, data);
        if (r != NOVA_STEP_DONE) {
            return r;
        }
        ce->active = true;
        ce->launch = data;
        ce->line = 0;
        ce->line_done = 0;
    }
    data = ce->launch;
    if (NV_FIELD_EX32(data, NVC5B5_LAUNCH_DMA, DATA_TRANSFER_TYPE)) {
        r = copy(c);
        if (r != NOVA_STEP_DONE) {
            return r;           /* WAIT: out of budget, active stays */
        }
        {
            bool multi = NV_FIELD_EX32(data, NVC5B5_LAUNCH_DMA, MULTI_LINE_ENABLE);
            bool remap = NV_FIELD_EX32(data, NVC5B5_LAUNCH_DMA, REMAP_ENABLE);
            Remap m = { 0 };
            bool fill = remap && remap_decode(ce->remap_components, &m) && !m.needs_src;

            NOVA_EVENT(f->host, NOVA_EV_COPY, copy, ch->desc.chid,
                       fill ? "memset" : multi ? "copy2d" : "copy",
                       offset(ce->offset_in_upper, ce->offset_in_lower),
                       offset(ce->offset_out_upper, ce->offset_out_lower),
                       (uint64_t)ce->line_length_in * (multi ? ce->line_count : 1));
        }
        f->progress++;
    }
    ce->active = false;
    return launch_finish(c, cls, data);
}

NovaStep nova_fifo_ce_method(NovaRunCtx *c, uint32_t cls, uint32_t mthd, uint32_t data)
{
    NovaCeState *ce = &c->ch->ce;

    switch (mthd) {
    case NVC5B5_NOP:
        return NOVA_STEP_DONE;
    case NVC5B5_SET_SEMAPHORE_A:
        ce->sem_a = data;
        return NOVA_STEP_DONE;
    case NVC5B5_SET_SEMAPHORE_B:
        ce->sem_b = data;
        return NOVA_STEP_DONE;
    case NVC5B5_SET_SEMAPHORE_PAYLOAD:
        ce->sem_payload = data;
        return NOVA_STEP_DONE;
    case NVC7B5_SET_SEMAPHORE_PAYLOAD_UPPER:
        if (cls != AMPERE_DMA_COPY_B) {
            return ce_fail(c, "SET_SEMAPHORE_PAYLOAD_UPPER on a class without it", mthd);
        }
        ce->sem_payload_upper = data;
        return NOVA_STEP_DONE;
    case NVC5B5_SET_RENDER_ENABLE_A:
    case NVC5B5_SET_RENDER_ENABLE_B:
    case NVC5B5_SET_RENDER_ENABLE_C:
        /* conditional rendering is not modelled: every copy is enabled */
        NOVA_EVENT(c->f->host, NOVA_EV_UNIMP_METHOD, method, c->ch->desc.chid, 0, cls,
                   mthd, data, "SET_RENDER_ENABLE (ignored)");
        return NOVA_STEP_DONE;
    case NVC5B5_SET_SRC_PHYS_MODE:
        ce->src_phys_mode = data;
        return NOVA_STEP_DONE;
    case NVC5B5_SET_DST_PHYS_MODE:
        ce->dst_phys_mode = data;
        return NOVA_STEP_DONE;
    case NVC5B5_OFFSET_IN_UPPER:
        ce->offset_in_upper = data;
        return NOVA_STEP_DONE;
    case NVC5B5_OFFSET_IN_LOWER:
        ce->offset_in_lower = data;
        return NOVA_STEP_DONE;
    case NVC5B5_OFFSET_OUT_UPPER:
        ce->offset_out_upper = data;
        return NOVA_STEP_DONE;
    case NVC5B5_OFFSET_OUT_LOWER:
        ce->offset_out_lower = data;
        return NOVA_STEP_DONE;
    case NVC5B5_PITCH_IN:
        ce->pitch_in = data;
        return NOVA_STEP_DONE;
    case NVC5B5_PITCH_OUT:
        ce->pitch_out = data;
        return NOVA_STEP_DONE;
    case NVC5B5_LINE_LENGTH_IN:
        ce->line_length_in = data;
        return NOVA_STEP_DONE;
    case NVC5B5_LINE_COUNT:
        ce->line_count = data;
        return NOVA_STEP_DONE;
    case NVC5B5_SET_REMAP_CONST_A:
        ce->remap_const_a = data;
        return NOVA_STEP_DONE;
    case NVC5B5_SET_REMAP_CONST_B:
        ce->remap_const_b = data;
        return NOVA_STEP_DONE;
    case NVC5B5_SET_REMAP_COMPONENTS:
        ce->remap_components = data;
        return NOVA_STEP_DONE;
    case NVC5B5_LAUNCH_DMA:
        return launch_dma(c, cls, data);
    default:
        /*
         * The block-linear geometry (SET_SRC/DST_BLOCK_SIZE, WIDTH, HEIGHT,
         * DEPTH, LAYER, ORIGIN), secure and counter methods: parameters of
         * what the model refuses or does not do; accepted and not used.
         */
        return NOVA_STEP_DONE;
    }
}
