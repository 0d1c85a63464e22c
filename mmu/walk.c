/*
 * nova-gpu: GMMU version-2 page-table walk and access checks.
 *
 * The geometry is nouveau's gp100_vmm_desc_12/_16 (vmmgp100.c), which
 * tu102_vmm uses unchanged:
 *
 *   PD3  VA 48:47    4 x 8 bytes
 *   PD2  VA 46:38  512 x 8
 *   PD1  VA 37:29  512 x 8      (512 MiB PTE on Ampere+, see below)
 *   PD0  VA 28:21  256 x 16     dual: low = big PT or 2 MiB PTE, high = small PT
 *   SPT  VA 20:12  512 x 8      4 KiB pages
 *   LPT  VA 20:16   32 x 8      64 KiB pages
 *
 * The walk has a fixed number of steps, each index is masked to its table,
 * and each read is checked, so a hostile table (a PDE pointing at itself,
 * at the end of VRAM, at unmapped system memory) costs at most five reads
 * and ends in a fault.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/le.h"
#include "nova/mmu.h"

#include <inttypes.h>
#include <string.h>

#define PAGE_SHIFT_4K   12
#define PAGE_SHIFT_2M   21
#define PAGE_SHIFT_512M 29

static const char *const level_name[] = {
    [NOVA_MMU_PD3] = "PD3", [NOVA_MMU_PD2] = "PD2", [NOVA_MMU_PD1] = "PD1",
    [NOVA_MMU_PD0] = "PD0", [NOVA_MMU_PT] = "PT", [NOVA_MMU_NO_LEVEL] = "-",
};

static uint64_t field(uint64_t e, unsigned lo, unsigned bits)
{
    return (e >> lo) & ((1ull << bits) - 1);
}

/* Read @len bytes of a table; peer memory is not reachable from here. */
static int mem_read(const NovaHost *host, NovaMmuAperture ap, uint64_t addr,
                    void *buf, size_t len)
{
    switch (ap) {
    case NOVA_MMU_APERTURE_VRAM:
        return host->vram_read(host->opaque, addr, buf, len);
    case NOVA_MMU_APERTURE_SYS_COH:
    case NOVA_MMU_APERTURE_SYS_NCOH:
        return host->dma_read(host->opaque, addr, buf, len);
    default:
        return -1;
    }
}

static bool fault(NovaMmuFault *f, uint32_t type, uint64_t va,
                  NovaMmuLevel level, bool sparse)
{
    f->type = type;
    f->va = va;
    f->access = NOVA_MMU_READ;
    f->level = level;
    f->sparse = sparse;
    return false;
}

static const char *aper_name(NovaMmuAperture ap)
{
    static const char *const n[] = { "vram", "peer", "sys", "sys-ncoh" };

    return n[ap & 3];
}

void nova_mmu_space_init(NovaMmuSpace *s, uint64_t pdb, NovaMmuAperture aperture,
                         bool huge_512m)
{
    memset(s, 0, sizeof(*s));
    s->valid = aperture != NOVA_MMU_APERTURE_PEER;
    s->pdb = pdb & NV_RAMIN_PAGE_DIR_BASE_ADDR_MASK;
    s->pdb_aperture = aperture;
    s->ver2 = true;
    s->big_page_shift = 16;
    s->limit = (1ull << NOVA_MMU_VA_BITS) - 1;
    s->huge_512m = huge_512m;
}

int nova_mmu_space_from_inst(NovaMmuSpace *s, const NovaHost *host,
                             NovaMmuAperture inst_aperture, uint64_t inst,
                             bool huge_512m)
{
    uint8_t b[16];
    uint64_t base, limit;
    unsigned target;

    memset(s, 0, sizeof(*s));
    if (mem_read(host, inst_aperture, inst + NV_RAMIN_PAGE_DIR_BASE, b, 16)) {
        NOVA_EVENT(host, NOVA_EV_UB_MMU_INST, mmu_inst, inst,
                   aper_name(inst_aperture), "unreadable");
        return -1;
    }
    base = nova_ld64(b);
    limit = nova_ld64(b + 8);
    target = base & NV_RAMIN_PAGE_DIR_BASE_TARGET_MASK;
    /*
     * The PDB address field is 63:12, so a base that is not 4 KiB aligned
     * cannot be expressed: the low bits are flags and are masked off.
     */
    s->pdb = base & NV_RAMIN_PAGE_DIR_BASE_ADDR_MASK;
    s->pdb_aperture = (NovaMmuAperture)target;
    s->pdb_vol = base & NV_RAMIN_PAGE_DIR_BASE_VOL;
    s->fault_replay_tex = base & NV_RAMIN_PAGE_DIR_BASE_FAULT_REPLAY_TEX;
    s->fault_replay_gcc = base & NV_RAMIN_PAGE_DIR_BASE_FAULT_REPLAY_GCC;
    s->ver2 = base & NV_RAMIN_USE_VER2_PT_FORMAT;
    s->big_page_shift = (base & NV_RAMIN_BIG_PAGE_SIZE_64KB) ? 16 : 17;
    /*
     * The limit register holds limit - 1 (gf100_vmm_join_) in 4 KiB units
     * (ADR_LIMIT_LO is 31:12): the last page is whole. A limit past the
     * 49-bit VA space is clamped to it.
     */
    s->limit = limit | 0xfff;
    if (s->limit >> NOVA_MMU_VA_BITS) {
        s->limit = (1ull << NOVA_MMU_VA_BITS) - 1;
    }
    s->huge_512m = huge_512m;

    if (target == NOVA_MMU_APERTURE_PEER) {
        NOVA_EVENT(host, NOVA_EV_UB_MMU_INST, mmu_inst, inst,
                   aper_name(inst_aperture), "PAGE_DIR_BASE target 1 is invalid");
        return -1;
    }
    if (!s->ver2) {
        NOVA_EVENT(host, NOVA_EV_UB_MMU_INST, mmu_inst, inst,
                   aper_name(inst_aperture), "version-1 page tables "
                   "(USE_VER2_PT_FORMAT clear) are not supported");
        return -1;
    }
    /*
     * gp100_vmm_join always sets BIG_PAGE_SIZE (64 KiB) with VER2; 128 KiB
     * big pages belong to the version-1 format (gf100_vmm_17).
     */
    if (s->big_page_shift != 16) {
        NOVA_EVENT(host, NOVA_EV_UB_MMU_INST, mmu_inst, inst,
                   aper_name(inst_aperture), "128 KiB big pages with the version-2 format");
        return -1;
    }
    s->valid = true;
    return 0;
}

/*
 * A PDE's target: aperture 2:1 (1 = video memory here, unlike a PTE),
 * address field from bit @lo with @shift, narrower for video memory.
 */
static bool pde_target(uint64_t e, unsigned lo, unsigned shift,
                       unsigned vid_bits, unsigned sys_bits,
                       NovaMmuAperture *ap, uint64_t *addr)
{
    switch (field(e, NV_MMU_VER2_PDE_APERTURE_SHIFT, 2)) {
    case NV_MMU_VER2_PDE_APERTURE_VIDEO_MEMORY:
        *ap = NOVA_MMU_APERTURE_VRAM;
        *addr = field(e, lo, vid_bits) << shift;
        return true;
    case NV_MMU_VER2_PDE_APERTURE_SYSTEM_COHERENT_MEMORY:
        *ap = NOVA_MMU_APERTURE_SYS_COH;
        break;
    case NV_MMU_VER2_PDE_APERTURE_SYSTEM_NON_COHERENT_MEMORY:
        *ap = NOVA_MMU_APERTURE_SYS_NCOH;
        break;
    default:
        return false;
    }
    *addr = field(e, lo, sys_bits) << shift;
    return true;
}

static bool pde_decode(uint64_t e, NovaMmuAperture *ap, uint64_t *addr)
{
    return pde_target(e, 8, NV_MMU_VER2_PDE_ADDRESS_SHIFT,
                      NV_MMU_VER2_PDE_ADDRESS_VID_BITS,
                      NV_MMU_VER2_PDE_ADDRESS_SYS_BITS, ap, addr);
}

/*
 * The big half of a dual PDE names its table in 256-byte units (address
 * 32:4 / 53:4, shift 8): nouveau sub-allocates the 256-byte LPTs
 * (desc align 0x100) and writes pt->addr >> 4 into the same bits.
 */
static bool pde_big_decode(uint64_t e, NovaMmuAperture *ap, uint64_t *addr)
{
    return pde_target(e, 4, NV_MMU_VER2_DUAL_PDE_ADDRESS_BIG_SHIFT,
                      NV_MMU_VER2_DUAL_PDE_ADDRESS_BIG_VID_BITS,
                      NV_MMU_VER2_DUAL_PDE_ADDRESS_BIG_SYS_BITS, ap, addr);
}

/* Decode a valid PTE mapping a (1 << @shift)-byte page. */
static void pte_decode(uint64_t e, unsigned shift, uint64_t va, NovaMmuXlate *x)
{
    uint64_t addr;

    memset(x, 0, sizeof(*x));
    x->pte = e;
    x->aperture = (NovaMmuAperture)field(e, NV_MMU_VER2_PTE_APERTURE_SHIFT, 2);
    x->vol = e & NV_MMU_VER2_PTE_VOL;
    x->encrypted = e & NV_MMU_VER2_PTE_ENCRYPTED;
    x->priv = e & NV_MMU_VER2_PTE_PRIVILEGE;
    x->read_only = e & NV_MMU_VER2_PTE_READ_ONLY;
    x->atomic_disable = e & NV_MMU_VER2_PTE_ATOMIC_DISABLE;
    x->kind = e >> NV_MMU_VER2_PTE_KIND_SHIFT;
    if (x->aperture == NOVA_MMU_APERTURE_VRAM ||
        x->aperture == NOVA_MMU_APERTURE_PEER) {
        /* 32:8 address, 35:33 peer id, 55:36 comptag line */
        addr = field(e, 8, NV_MMU_VER2_PTE_ADDRESS_VID_BITS) << 12;
        if (x->aperture == NOVA_MMU_APERTURE_PEER) {
            x->peer_id = field(e, NV_MMU_VER2_PTE_ADDRESS_VID_PEER_SHIFT, 3);
        }
        x->comptag = field(e, NV_MMU_VER2_PTE_COMPTAGLINE_SHIFT,
                           NV_MMU_VER2_PTE_COMPTAGLINE_BITS);
    } else {
        /* 53:8: the system address overlaps where comptags would be */
        addr = field(e, 8, NV_MMU_VER2_PTE_ADDRESS_SYS_BITS) << 12;
    }
    /*
     * A big page's address bits below its size are ignored, so a page
     * stays one contiguous block (nouveau always writes them aligned).
     */
    x->page_shift = shift;
    x->page_pa = addr & ~((1ull << shift) - 1);
    x->pa = x->page_pa | (va & ((1ull << shift) - 1));
}

static bool read_entry(const NovaHost *host, NovaMmuAperture ap, uint64_t addr,
                       uint8_t *buf, size_t len, uint64_t va, NovaMmuLevel lvl,
                       NovaMmuFault *f)
{
    if (!mem_read(host, ap, addr, buf, len)) {
        return true;
    }
    NOVA_EVENT(host, NOVA_EV_UB_MMU_ENTRY, mmu_entry, va, level_name[lvl], addr,
               aper_name(ap), "entry unreadable");
    return fault(f, lvl == NOVA_MMU_PT ? NV_PFAULT_FAULT_TYPE_PTE
                                       : NV_PFAULT_FAULT_TYPE_PDE,
                 va, lvl, false);
}

/* The last level: one 8-byte PTE of a small or big page table. */
static bool read_pte(const NovaHost *host, NovaMmuAperture ap, uint64_t table,
                     unsigned shift, uint64_t va, uint64_t *pte, NovaMmuFault *f)
{
    unsigned idx = (va >> shift) & ((1u << (PAGE_SHIFT_2M - shift)) - 1);
    uint8_t b[8];

    if (!read_entry(host, ap, table + idx * 8ull, b, 8, va, NOVA_MMU_PT, f)) {
        return false;
    }
    *pte = nova_ld64(b);
    return true;
}

/*
 * Where a translation's PTE came from, for nova_mmu_walk_run(): a page
 * table that alone decides its range (a small-page table with no big-page
 * table beside it, or the reverse), so that its following entries may be
 * read ahead without the small/big precedence.
 */
typedef struct Leaf {
    bool alone;
    NovaMmuAperture ap;
    uint64_t table;
} Leaf;

static bool walk_pd0(const NovaMmuSpace *s, const NovaHost *host,
                     NovaMmuAperture ap, uint64_t table, uint64_t va,
                     NovaMmuXlate *x, NovaMmuFault *f, Leaf *leaf)
{
    unsigned idx = (va >> PAGE_SHIFT_2M) & 0xff;
    unsigned bshift = s->big_page_shift;
    NovaMmuAperture sap, bap;
    uint64_t big, small, spt, lpt, spte = 0, lpte = 0;
    bool has_small, has_big;
    uint8_t b[16];

    if (!read_entry(host, ap, table + idx * 16ull, b, 16, va, NOVA_MMU_PD0, f)) {
        return false;
    }
    big = nova_ld64(b);
    small = nova_ld64(b + 8);

    /* IS_PTE in the low half: the whole entry is a 2 MiB PTE (gp100_vmm_pd0_pte) */
    if (big & NV_MMU_VER2_PDE_IS_PTE) {
        pte_decode(big, PAGE_SHIFT_2M, va, x);
        return true;
    }
    has_big = pde_big_decode(big, &bap, &lpt);
    has_small = pde_decode(small, &sap, &spt);
    if (!has_big && !has_small) {
        /* VALID_FALSE + VOL_BIG: a sparse PDE (gp100_vmm_pd0_sparse) */
        return fault(f, NV_PFAULT_FAULT_TYPE_PDE, va, NOVA_MMU_PD0,
                     big & NV_MMU_VER2_PDE_VOL);
    }

    if (has_big) {
        if (!read_pte(host, bap, lpt, bshift, va, &lpte, f)) {
            return false;
        }
        /*
         * An invalid LPTE with PRIV set hides the small PTEs below it
         * (gp100_vmm_lpt_invalid: "VALID_FALSE + PRIV tells the MMU to
         * ignore corresponding SPTEs"), and one with VOL set is sparse
         * (gp100_vmm_pgt_sparse); only an all-clear invalid LPTE hands the
         * range to the small page table.
         */
        if (!(lpte & NV_MMU_VER2_PTE_VALID) &&
            (lpte & (NV_MMU_VER2_PTE_PRIVILEGE | NV_MMU_VER2_PTE_VOL))) {
            return fault(f, NV_PFAULT_FAULT_TYPE_PTE, va, NOVA_MMU_PT,
                         lpte & NV_MMU_VER2_PTE_VOL);
        }
    }
    /*
     * Both halves valid and both PTEs valid: the small page wins. nouveau
     * never builds that (vmm.c makes an LPTE invalid before it validates
     * SPTEs under it), so no driver depends on the choice; the r535 spec
     * notes (§9.2, marked unconfirmed) say the small table has precedence.
     */
    if (has_small) {
        if (!read_pte(host, sap, spt, PAGE_SHIFT_4K, va, &spte, f)) {
            return false;
        }
        if (spte & NV_MMU_VER2_PTE_VALID) {
            pte_decode(spte, PAGE_SHIFT_4K, va, x);
            *leaf = (Leaf) { .alone = !has_big, .ap = sap, .table = spt };
            return true;
        }
    }
    if (lpte & NV_MMU_VER2_PTE_VALID) {
        pte_decode(lpte, bshift, va, x);
        *leaf = (Leaf) { .alone = !has_small, .ap = bap, .table = lpt };
        return true;
    }
    return fault(f, NV_PFAULT_FAULT_TYPE_PTE, va, NOVA_MMU_PT,
                 has_small ? (spte & NV_MMU_VER2_PTE_VOL) != 0
                           : (lpte & NV_MMU_VER2_PTE_VOL) != 0);
}

static bool walk(const NovaMmuSpace *s, const NovaHost *host, uint64_t va,
                 NovaMmuXlate *x, NovaMmuFault *f, Leaf *leaf)
{
    static const struct {
        unsigned shift, mask;
    } pd[] = {
        [NOVA_MMU_PD3] = { 47, 0x3 },
        [NOVA_MMU_PD2] = { 38, 0x1ff },
        [NOVA_MMU_PD1] = { 29, 0x1ff },
    };
    NovaMmuAperture ap = s->pdb_aperture;
    uint64_t table = s->pdb, e;
    uint64_t seen[NOVA_MMU_PD0];
    NovaMmuAperture seen_ap[NOVA_MMU_PD0];
    bool looped = false;
    uint8_t b[8];
    int lvl, i;

    if (!s->valid) {
        return fault(f, NV_PFAULT_FAULT_TYPE_UNBOUND_INST_BLOCK, va,
                     NOVA_MMU_NO_LEVEL, false);
    }
    if ((va >> NOVA_MMU_VA_BITS) || va > s->limit) {
        return fault(f, NV_PFAULT_FAULT_TYPE_VA_LIMIT_VIOLATION, va,
                     NOVA_MMU_NO_LEVEL, false);
    }
    for (lvl = NOVA_MMU_PD3; lvl <= NOVA_MMU_PD1; lvl++) {
        unsigned idx = (va >> pd[lvl].shift) & pd[lvl].mask;

        /*
         * A directory that names one above it is walked again as the next
         * level, as hardware would: bounded by the level count. No driver
         * builds that, so it is worth a line in the log.
         */
        for (i = 0; i < lvl && !looped; i++) {
            if (seen[i] == table && seen_ap[i] == ap) {
                looped = true;
                NOVA_EVENT(host, NOVA_EV_UB_MMU_ENTRY, mmu_entry, va,
                           level_name[lvl], table, aper_name(ap),
                           "table is also a higher level's table");
            }
        }
        seen[lvl] = table;
        seen_ap[lvl] = ap;

        if (!read_entry(host, ap, table + idx * 8ull, b, 8, va, lvl, f)) {
            return false;
        }
        e = nova_ld64(b);
        if (e & NV_MMU_VER2_PDE_IS_PTE) {
            /*
             * 512 MiB pages: Ampere's format lets PD1 hold a PTE (IS_PTE).
             * nouveau 6.12 never maps them (tu102_vmm lists shift 29 as
             * sparse-only, NVKM_VMM_PAGE_Sxxx); this follows the format
             * definition (NV_MMU_VER2_PDE_IS_PTE, open-gpu-doc dev_mmu.h)
             * and is enabled per chip with huge_512m.
             */
            if (lvl == NOVA_MMU_PD1 && s->huge_512m) {
                pte_decode(e, PAGE_SHIFT_512M, va, x);
                return true;
            }
            NOVA_EVENT(host, NOVA_EV_UB_MMU_ENTRY, mmu_entry, va, level_name[lvl], e,
                       aper_name(ap), "entry is a PTE where none may be");
            return fault(f, NV_PFAULT_FAULT_TYPE_PDE, va, lvl, false);
        }
        if (!pde_decode(e, &ap, &table)) {
            /* VALID_FALSE + VOL: sparse (gp100_vmm_pgt_sparse on PD1-3) */
            return fault(f, NV_PFAULT_FAULT_TYPE_PDE, va, lvl,
                         e & NV_MMU_VER2_PDE_VOL);
        }
    }
    return walk_pd0(s, host, ap, table, va, x, f, leaf);
}

bool nova_mmu_walk(const NovaMmuSpace *s, const NovaHost *host, uint64_t va,
                   NovaMmuXlate *x, NovaMmuFault *f)
{
    Leaf leaf;

    return walk(s, host, va, x, f, &leaf);
}

/* the same page but for its address: what nova_mmu_check() decides on */
static bool same_rights(const NovaMmuXlate *a, const NovaMmuXlate *b)
{
    return a->aperture == b->aperture && a->vol == b->vol &&
           a->encrypted == b->encrypted && a->priv == b->priv &&
           a->read_only == b->read_only && a->atomic_disable == b->atomic_disable &&
           a->kind == b->kind && a->peer_id == b->peer_id;
}

bool nova_mmu_walk_run(const NovaMmuSpace *s, const NovaHost *host, uint64_t va,
                       uint64_t len, NovaMmuXlate *x, uint64_t *run, NovaMmuFault *f)
{
    uint8_t b[8 * 64];
    uint64_t page, idx, entries, i, want;
    Leaf leaf = { .alone = false };

    if (!walk(s, host, va, x, f, &leaf)) {
        return false;
    }
    page = 1ull << x->page_shift;
    *run = page - (va & (page - 1));
    if (!leaf.alone || x->page_shift >= PAGE_SHIFT_2M || *run >= len) {
        *run = *run < len ? *run : len;
        return true;
    }
    /* the entries after va's in its table, up to what @len needs, 64 at a time */
    idx = (va >> x->page_shift) & ((1ull << (PAGE_SHIFT_2M - x->page_shift)) - 1);
    entries = (1ull << (PAGE_SHIFT_2M - x->page_shift)) - idx - 1;
    want = (len - *run + page - 1) >> x->page_shift;
    entries = entries < want ? entries : want;
    for (i = 0; i < entries; i++) {
        NovaMmuXlate y;
        uint64_t e;

        if (i % 64 == 0) {
            uint64_t n = entries - i < 64 ? entries - i : 64;

            if (mem_read(host, leaf.ap, leaf.table + (idx + 1 + i) * 8, b, n * 8)) {
                break;          /* the walk of that page will say why */
            }
        }
        e = nova_ld64(b + (i % 64) * 8);
        if (!(e & NV_MMU_VER2_PTE_VALID)) {
            break;
        }
        pte_decode(e, x->page_shift, 0, &y);
        if (!same_rights(x, &y) || y.page_pa != x->page_pa + (i + 1) * page) {
            break;
        }
        *run += page;
    }
    *run = *run < len ? *run : len;
    return true;
}

bool nova_mmu_check(const NovaMmuXlate *x, uint64_t va, NovaMmuAccess access,
                    bool priv, NovaMmuFault *f)
{
    uint32_t type;

    if (x->aperture == NOVA_MMU_APERTURE_PEER) {
        type = NV_PFAULT_FAULT_TYPE_UNSUPPORTED_APERTURE;
    } else if (x->priv && !priv) {
        type = NV_PFAULT_FAULT_TYPE_PRIV_VIOLATION;
    } else if (x->read_only && access != NOVA_MMU_READ) {
        /* an atomic writes too */
        type = NV_PFAULT_FAULT_TYPE_RO_VIOLATION;
    } else if (x->atomic_disable && access == NOVA_MMU_ATOMIC) {
        type = NV_PFAULT_FAULT_TYPE_ATOMIC_VIOLATION;
    } else {
        return true;
    }
    fault(f, type, va, NOVA_MMU_PT, false);
    f->access = access;
    return false;
}

bool nova_mmu_translate(const NovaMmuSpace *s, const NovaHost *host,
                        uint64_t va, NovaMmuAccess access, bool priv,
                        NovaMmuXlate *x, NovaMmuFault *f)
{
    if (!nova_mmu_walk(s, host, va, x, f)) {
        f->access = access;
        return false;
    }
    return nova_mmu_check(x, va, access, priv, f);
}
