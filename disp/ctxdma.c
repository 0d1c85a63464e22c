/*
 * nova-gpu disp/: context DMA objects, the display's handles for memory.
 *
 * A channel names memory (its notifier, a window's surface, a semaphore)
 * by a handle. The driver puts the object in the display instance memory
 * (INTERNAL_DISPLAY_WRITE_INST_MEM, in VRAM) and enters the handle in the
 * hash table at its start (dev_disp.h NV_UDISP_HASH_BASE 0): 8-byte
 * entries {handle, context}, context = CHN 31:25 | INSTANCE 24:14 (the
 * object's offset / 32, 0: none) | CLIENT_ID 13:0. The slot is hashed
 * from the handle and the channel and probed linearly (nouveau's
 * core/ramht.c inserts that way).
 *
 * The object (NV_DMA_*, 24 bytes): word 0 TARGET 1:0 (1 VRAM, 2 system
 * memory coherent, 3 non-coherent) and KIND 20 (block-linear), words 1-2 the base >> 8, words 3-4
 * the limit >> 8 (the last 256-byte block).
 *
 * Everything here is read from guest-written VRAM: a handle that is not
 * in the table, an object outside the instance memory or a limit below
 * the base is refused, and the caller logs it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "disp-int.h"

#include "nova/gsp-abi.h"
#include "nova/le.h"

#include <string.h>

#define HASH_ENTRY_SIZE         8u
#define CTX_CHN(c)              ((c) >> 25)
#define CTX_INSTANCE(c)         (((c) >> 14) & 0x7ff)
#define DMA_OBJ_SIZE            24u
#define DMA_TARGET(w)           ((w) & 3)
#define DMA_TARGET_VRAM         1
#define DMA_TARGET_SYS_COH      2
#define DMA_TARGET_SYS_NCOH     3
/* word 0 bit 20: a non-zero kind, block-linear memory (nouveau's usergv100.c) */
#define DMA_KIND(w)             (((w) >> 20) & 1)

/* nouveau's user channel number: what the hash table's CHN holds */
static uint32_t chn_of(uint32_t ch)
{
    switch (nova_disp_kind_of(ch)) {
    case NOVA_DISP_KIND_CORE:
        return 0;
    case NOVA_DISP_KIND_WNDW:
        return 1 + (ch - NOVA_DISP_CH_WNDW(0));
    case NOVA_DISP_KIND_WIMM:
        return 33 + (ch - NOVA_DISP_CH_WIMM(0));
    case NOVA_DISP_KIND_CURS:
        break;
    }
    return 73 + (ch - NOVA_DISP_CH_CURS(0));
}

uint32_t nova_disp_ramht_size(const NovaDisp *d)
{
    return d->cfg.chip->disp.ramht_size;
}

static uint32_t ramht_hash(uint32_t entries_log2, uint32_t chn, uint32_t handle)
{
    uint32_t hash = 0;

    while (handle) {
        hash ^= handle & ((1u << entries_log2) - 1);
        handle >>= entries_log2;
    }
    return (hash ^ (chn << (entries_log2 - 4))) & ((1u << entries_log2) - 1);
}

bool nova_disp_ctxdma(NovaDisp *d, uint32_t ch, uint32_t handle, NovaDispCtxDma *out)
{
    const NovaHost *h = d->host;
    uint32_t size = nova_disp_ramht_size(d), entries = size / HASH_ENTRY_SIZE;
    uint32_t log2 = 0, slot, n, chn = chn_of(ch);
    uint8_t e[HASH_ENTRY_SIZE], o[DMA_OBJ_SIZE];
    uint64_t base, limit;

    if (!d->inst_size || !h->vram_read || handle == 0) {
        return false;
    }
    while ((1u << log2) < entries) {
        log2++;
    }
    slot = ramht_hash(log2, chn, handle);
    for (n = 0; n < entries; n++, slot = (slot + 1) % entries) {
        uint32_t ctx, inst;

        if (h->vram_read(h->opaque, d->inst_addr + slot * HASH_ENTRY_SIZE, e, sizeof(e))) {
            return false;
        }
        ctx = nova_ld32(e + 4);
        if (nova_ld32(e) != handle || CTX_CHN(ctx) != chn) {
            continue;
        }
        inst = CTX_INSTANCE(ctx) << 5;
        if (inst == 0 || inst < size || inst + DMA_OBJ_SIZE > d->inst_size ||
            h->vram_read(h->opaque, d->inst_addr + inst, o, sizeof(o))) {
            return false;
        }
        base = ((uint64_t)nova_ld32(o + 8) << 32 | nova_ld32(o + 4)) << 8;
        limit = ((uint64_t)nova_ld32(o + 0x10) << 32 | nova_ld32(o + 0xc)) << 8 | 0xff;
        if (limit < base) {
            return false;
        }
        switch (DMA_TARGET(nova_ld32(o))) {
        case DMA_TARGET_VRAM:
            out->aspace = NOVA_ADDR_FBMEM;
            break;
        case DMA_TARGET_SYS_COH:
        case DMA_TARGET_SYS_NCOH:
            out->aspace = NOVA_ADDR_SYSMEM;
            break;
        default:
            return false;
        }
        out->start = base;
        out->limit = limit;
        out->block_linear = DMA_KIND(nova_ld32(o));
        return true;
    }
    return false;
}

bool nova_disp_ctxdma_write(NovaDisp *d, uint32_t ch, uint32_t handle, uint64_t off,
                            const void *buf, uint32_t len)
{
    const NovaHost *h = d->host;
    NovaDispCtxDma c;
    uint64_t addr;

    if (!nova_disp_ctxdma(d, ch, handle, &c)) {
        nova_disp_guest_error(d, "display context DMA handle", handle);
        return false;
    }
    if (off > c.limit - c.start || len - 1 > c.limit - c.start - off) {
        nova_disp_guest_error(d, "display context DMA offset past its limit", off);
        return false;
    }
    addr = c.start + off;
    if (c.aspace == NOVA_ADDR_FBMEM) {
        return h->vram_write && h->vram_write(h->opaque, addr, buf, len) == 0;
    }
    return h->dma_write && h->dma_write(h->opaque, addr, buf, len) == 0;
}
