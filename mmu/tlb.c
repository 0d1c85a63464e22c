/*
 * nova-gpu: software TLB in front of the GMMU walk.
 *
 * Direct-mapped, keyed by (PDB, PDB aperture, VA page). An entry holds the
 * decoded PTE of a whole page of its own size, so one 2 MiB translation is
 * one entry. The page size is not known before a lookup, so a lookup probes
 * the slot of each size (4 KiB, 64 KiB, 2 MiB, 512 MiB): four compares and
 * no memory access on a hit.
 *
 * Like the hardware's, this TLB is not coherent with the page tables: a
 * changed PTE is seen only after the driver invalidates (nouveau does so on
 * every VMM flush, tu102_vmm_flush). Invalidate-all is O(1) through a
 * generation number, so a device that invalidates often stays cheap.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/mmu.h"

#include <string.h>

static const uint8_t page_shifts[] = { 12, 16, 21, 29 };

/* The aperture class the invalidate register can name: video or system. */
static bool key_matches(uint64_t key, uint64_t pdb, NovaMmuAperture ap)
{
    unsigned eap = key & 3;

    if ((key & NV_RAMIN_PAGE_DIR_BASE_ADDR_MASK) !=
        (pdb & NV_RAMIN_PAGE_DIR_BASE_ADDR_MASK)) {
        return false;
    }
    if (ap == NOVA_MMU_APERTURE_VRAM || eap == NOVA_MMU_APERTURE_VRAM) {
        return (unsigned)ap == eap;
    }
    return true;
}

void nova_mmu_tlb_init(NovaMmuTlb *t)
{
    memset(t, 0, sizeof(*t));
    t->gen = 1;     /* 0 marks an empty entry */
    t->last_shift = 12;
}

void nova_mmu_tlb_invalidate_all(NovaMmuTlb *t)
{
    if (++t->gen == 0) {
        memset(t->e, 0, sizeof(t->e));
        t->gen = 1;
    }
}

void nova_mmu_tlb_flush(NovaMmuTlb *t)
{
    nova_mmu_tlb_invalidate_all(t);
}

void nova_mmu_tlb_invalidate_pdb(NovaMmuTlb *t, uint64_t pdb, NovaMmuAperture ap)
{
    unsigned i;

    for (i = 0; i < NOVA_MMU_TLB_ENTRIES; i++) {
        if (t->e[i].gen == t->gen && key_matches(t->e[i].key, pdb, ap)) {
            t->e[i].gen = 0;
        }
    }
}

void nova_mmu_tlb_invalidate_va(NovaMmuTlb *t, uint64_t pdb, NovaMmuAperture ap,
                                uint64_t va)
{
    unsigned i;

    for (i = 0; i < sizeof(page_shifts); i++) {
        unsigned shift = page_shifts[i];
        NovaMmuTlbEntry *e = &t->e[nova_mmu_tlb_index(pdb, va >> shift, shift)];

        if (e->gen == t->gen && e->x.page_shift == shift &&
            e->vpn == va >> shift && key_matches(e->key, pdb, ap)) {
            e->gen = 0;
        }
    }
}

void nova_mmu_tlb_invalidate_va_all_pdb(NovaMmuTlb *t, uint64_t va)
{
    unsigned i;

    /* any PDB hashes anywhere: look at every entry */
    for (i = 0; i < NOVA_MMU_TLB_ENTRIES; i++) {
        NovaMmuTlbEntry *e = &t->e[i];

        if (e->gen == t->gen && e->vpn == va >> e->x.page_shift) {
            e->gen = 0;
        }
    }
}

bool nova_mmu_invalidate_decode(uint32_t pdb_lo, uint32_t pdb_hi, uint32_t ctrl,
                                NovaMmuInvalidate *inv)
{
    if (!(ctrl & NV_MMU_INVALIDATE_TRIGGER)) {
        return false;
    }
    memset(inv, 0, sizeof(*inv));
    /*
     * PDB ADDR is 31:4 = address >> 12, UPPER_PDB the bits above
     * (kgmmuSetPdbToInvalidate_TU102); nouveau writes addr >> 8 and 0,
     * which is the same thing for a 4 KiB aligned PDB in video memory.
     */
    inv->pdb = ((uint64_t)(pdb_lo >> NV_MMU_INVALIDATE_PDB_ADDR_SHIFT) << 12) |
               ((uint64_t)pdb_hi << 40);
    inv->pdb_aperture = (pdb_lo & NV_MMU_INVALIDATE_PDB_APERTURE_SYS)
                        ? NOVA_MMU_APERTURE_SYS_COH : NOVA_MMU_APERTURE_VRAM;
    inv->hub_only = ctrl & NV_MMU_INVALIDATE_HUBTLB_ONLY;
    inv->scope = (ctrl & NV_MMU_INVALIDATE_ALL_PDB) ? NOVA_MMU_INVAL_ALL
                                                    : NOVA_MMU_INVAL_PDB;
    return true;
}

void nova_mmu_tlb_invalidate(NovaMmuTlb *t, const NovaMmuInvalidate *inv)
{
    if (inv->scope == NOVA_MMU_INVAL_ALL) {
        nova_mmu_tlb_invalidate_all(t);
    } else {
        nova_mmu_tlb_invalidate_pdb(t, inv->pdb, inv->pdb_aperture);
    }
}

/*
 * Which (access, priv) pairs nova_mmu_check() lets through @x, worked out
 * once when the entry is filled so that a hit tests one bit. The same rules
 * as nova_mmu_check() (test-mmu compares the two for every combination).
 */
uint8_t nova_mmu_tlb_allowed(const NovaMmuXlate *x)
{
    uint8_t bits = 0;
    unsigned priv;

    if (x->aperture == NOVA_MMU_APERTURE_PEER) {
        return 0;
    }
    for (priv = 0; priv < 2; priv++) {
        if (x->priv && !priv) {
            continue;
        }
        bits |= NOVA_MMU_TLB_ALLOWED(NOVA_MMU_READ, priv);
        if (!x->read_only) {
            bits |= NOVA_MMU_TLB_ALLOWED(NOVA_MMU_WRITE, priv);
            if (!x->atomic_disable) {
                bits |= NOVA_MMU_TLB_ALLOWED(NOVA_MMU_ATOMIC, priv);
            }
        }
    }
    return bits;
}

bool nova_mmu_tlb_translate_slow(NovaMmuTlb *t, const NovaMmuSpace *s,
                                 const NovaHost *host, uint64_t va,
                                 NovaMmuAccess access, bool priv,
                                 NovaMmuXlate *x, NovaMmuFault *f)
{
    uint64_t key = nova_mmu_tlb_key(s->pdb, s->pdb_aperture);
    NovaMmuTlbEntry *e;
    unsigned i;

    /* the limit belongs to the instance block, not to the cached PTE */
    if (s->valid && !(va >> NOVA_MMU_VA_BITS) && va <= s->limit) {
        /* the size that hit last first: a space is mostly one page size */
        for (i = 0; i <= sizeof(page_shifts); i++) {
            unsigned shift = i ? page_shifts[i - 1] : t->last_shift;

            if (i && shift == t->last_shift) {
                continue;
            }
            e = &t->e[nova_mmu_tlb_index(s->pdb, va >> shift, shift)];
            if (e->gen == t->gen && e->key == key &&
                e->shift == shift && e->vpn == va >> shift) {
                t->stats.hits++;
                t->last_shift = shift;
                *x = e->x;
                x->pa = x->page_pa | (va & ((1ull << shift) - 1));
                if (!nova_mmu_check(x, va, access, priv, f)) {
                    t->stats.faults++;
                    return false;
                }
                return true;
            }
        }
    }
    t->stats.misses++;
    t->stats.walks++;
    if (!nova_mmu_walk(s, host, va, x, f)) {
        f->access = access;
        t->stats.faults++;
        return false;
    }
    /* a valid PTE is cached whatever this access may do with it */
    e = &t->e[nova_mmu_tlb_index(s->pdb, va >> x->page_shift, x->page_shift)];
    e->key = key;
    e->vpn = va >> x->page_shift;
    e->gen = t->gen;
    e->shift = x->page_shift;
    e->x = *x;
    e->allowed = nova_mmu_tlb_allowed(x);
    if (!nova_mmu_check(x, va, access, priv, f)) {
        t->stats.faults++;
        return false;
    }
    return true;
}
