/*
 * nova-gpu fifo/: memory as the host and the copy engine see it: physical
 * apertures through NovaHost, virtual addresses through the channel's
 * address space (the shared TLB when there is one), USERD.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fifo-int.h"

#include "nova/le.h"

int nova_fifo_phys_read(NovaFifo *f, NovaMmuAperture ap, uint64_t addr,
                        void *buf, size_t len)
{
    const NovaHost *h = f->host;

    switch (ap) {
    case NOVA_MMU_APERTURE_VRAM:
        return h->vram_read ? h->vram_read(h->opaque, addr, buf, len) : -1;
    case NOVA_MMU_APERTURE_SYS_COH:
    case NOVA_MMU_APERTURE_SYS_NCOH:
        return h->dma_read ? h->dma_read(h->opaque, addr, buf, len) : -1;
    default:
        return -1;              /* peer memory: the model has none */
    }
}

int nova_fifo_phys_write(NovaFifo *f, NovaMmuAperture ap, uint64_t addr,
                         const void *buf, size_t len)
{
    const NovaHost *h = f->host;

    switch (ap) {
    case NOVA_MMU_APERTURE_VRAM:
        return h->vram_write ? h->vram_write(h->opaque, addr, buf, len) : -1;
    case NOVA_MMU_APERTURE_SYS_COH:
    case NOVA_MMU_APERTURE_SYS_NCOH:
        return h->dma_write ? h->dma_write(h->opaque, addr, buf, len) : -1;
    default:
        return -1;
    }
}

static bool xlate(NovaRunCtx *c, uint64_t va, NovaMmuAccess access,
                  NovaMmuXlate *x, NovaMmuFault *fault)
{
    NovaFifo *f = c->f;
    bool priv = c->ch->desc.priv;

    memset(fault, 0, sizeof(*fault));
    if (f->cfg.tlb) {
        return nova_mmu_tlb_translate(f->cfg.tlb, &c->space, f->host, va,
                                      access, priv, x, fault);
    }
    return nova_mmu_translate(&c->space, f->host, va, access, priv, x, fault);
}

int nova_fifo_va_extent(NovaRunCtx *c, uint64_t va, uint64_t len,
                        NovaMmuAccess access, uint64_t *pa,
                        NovaMmuAperture *ap, uint64_t *n, NovaMmuFault *fault)
{
    NovaMmuXlate x;
    uint64_t got, next_va, page;

    if (!xlate(c, va, access, &x, fault)) {
        return -1;
    }
    *pa = x.pa;
    *ap = x.aperture;
    page = 1ull << x.page_shift;
    got = page - (va & (page - 1));
    /*
     * Merge the following pages while they continue the physical run, a
     * leaf table's worth per walk (a copy touches each page once: one TLB
     * miss and walk per 4 KiB page would cost more than its bytes).
     */
    while (got < len) {
        NovaMmuXlate y;
        NovaMmuFault g;
        uint64_t run;

        next_va = va + got;
        if (next_va < va ||
            !nova_mmu_walk_run(&c->space, c->f->host, next_va, len - got, &y, &run, &g) ||
            !nova_mmu_check(&y, next_va, access, c->ch->desc.priv, &g) ||
            y.aperture != x.aperture || y.pa != x.pa + got) {
            break;
        }
        got += run;
    }
    *n = got < len ? got : len;
    return 0;
}

static int va_rw(NovaRunCtx *c, uint64_t va, void *buf, size_t len, bool write,
                 NovaMmuFault *fault)
{
    uint8_t *p = buf;

    while (len) {
        uint64_t pa, n;
        NovaMmuAperture ap;
        int r;

        if (nova_fifo_va_extent(c, va, len, write ? NOVA_MMU_WRITE : NOVA_MMU_READ,
                                &pa, &ap, &n, fault)) {
            return -1;
        }
        r = write ? nova_fifo_phys_write(c->f, ap, pa, p, n)
                  : nova_fifo_phys_read(c->f, ap, pa, p, n);
        if (r) {
            /* the PTE pointed outside memory: report it as the PTE's fault */
            memset(fault, 0, sizeof(*fault));
            fault->type = NV_PFAULT_FAULT_TYPE_PTE;
            fault->va = va;
            fault->access = write ? NOVA_MMU_WRITE : NOVA_MMU_READ;
            fault->level = NOVA_MMU_NO_LEVEL;
            return -1;
        }
        va += n;
        p += n;
        len -= n;
    }
    return 0;
}

int nova_fifo_va_read(NovaRunCtx *c, uint64_t va, void *buf, size_t len,
                      NovaMmuFault *fault)
{
    return va_rw(c, va, buf, len, false, fault);
}

int nova_fifo_va_write(NovaRunCtx *c, uint64_t va, const void *buf, size_t len,
                       NovaMmuFault *fault)
{
    return va_rw(c, va, (void *)buf, len, true, fault);
}

int nova_fifo_userd_read(NovaFifo *f, const NovaChannel *ch, uint32_t off, uint32_t *v)
{
    uint8_t b[4];

    if (nova_fifo_phys_read(f, ch->desc.userd_aperture, ch->desc.userd + off, b, 4)) {
        return -1;
    }
    *v = nova_ld32(b);
    return 0;
}

int nova_fifo_userd_write(NovaFifo *f, const NovaChannel *ch, uint32_t off, uint32_t v)
{
    uint8_t b[4];

    nova_st32(b, v);
    return nova_fifo_phys_write(f, ch->desc.userd_aperture, ch->desc.userd + off, b, 4);
}
