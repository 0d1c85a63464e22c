/*
 * nova-gpu: the GPU MMU (GMMU) in its Pascal+ "version 2" page-table format,
 * as Turing, Ampere and Ada use it: address spaces taken from instance
 * blocks, the five-level walk, access checks, a software TLB with the
 * hardware's invalidate scopes, and the non-replayable fault buffer writer.
 *
 * Everything here is reached through NovaHost and no QEMU header; the page
 * tables come from the guest, so every entry is bounds-checked and every
 * memory access result is checked. A bad table is a fault (and a guest
 * error in the log), never a crash. See docs/mmu.md.
 *
 * Facts from nouveau 6.12 (nvkm/subdev/mmu/vmmgp100.c, vmmgv100.c,
 * vmmtu102.c, vmmgf100.c, nvkm/subdev/fault/gv100.c,
 * nvkm/engine/fifo/gv100.c); field names are NVIDIA's dev_mmu.h,
 * dev_ram.h and dev_fault.h ones.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_MMU_H
#define NOVA_MMU_H

#include <stdbool.h>
#include <stdint.h>

#include "nova/host.h"

/* Instance block (RAMIN): the page directory base and the VA limit */
#define NV_RAMIN_PAGE_DIR_BASE                  0x200   /* u64 */
#define NV_RAMIN_ADR_LIMIT                      0x208   /* u64, VA limit - 1 */
#define NV_RAMIN_PAGE_DIR_BASE_TARGET_MASK      0x3ull  /* 1:0 */
#define NV_RAMIN_PAGE_DIR_BASE_VOL              (1ull << 2)
#define NV_RAMIN_PAGE_DIR_BASE_FAULT_REPLAY_TEX (1ull << 4)
#define NV_RAMIN_PAGE_DIR_BASE_FAULT_REPLAY_GCC (1ull << 5)
#define NV_RAMIN_USE_VER2_PT_FORMAT             (1ull << 10)
#define NV_RAMIN_BIG_PAGE_SIZE_64KB             (1ull << 11)
#define NV_RAMIN_PAGE_DIR_BASE_ADDR_MASK        (~0xfffull) /* 63:12 */

/* Version-2 PDE (8 bytes; PD3, PD2, PD1) */
#define NV_MMU_VER2_PDE_IS_PTE                  (1ull << 0)
#define NV_MMU_VER2_PDE_APERTURE_SHIFT          1       /* 2:1 */
#define NV_MMU_VER2_PDE_APERTURE_INVALID        0
#define NV_MMU_VER2_PDE_APERTURE_VIDEO_MEMORY   1
#define NV_MMU_VER2_PDE_APERTURE_SYSTEM_COHERENT_MEMORY     2
#define NV_MMU_VER2_PDE_APERTURE_SYSTEM_NON_COHERENT_MEMORY 3
#define NV_MMU_VER2_PDE_VOL                     (1ull << 3)
#define NV_MMU_VER2_PDE_ADDRESS_SHIFT           12
/* address fields start at bit 8: 32:8 for video memory, 53:8 for system */
#define NV_MMU_VER2_PDE_ADDRESS_VID_BITS        25
#define NV_MMU_VER2_PDE_ADDRESS_SYS_BITS        46

/* Version-2 dual PDE (16 bytes; PD0): big half in the low u64, small half in the high */
#define NV_MMU_VER2_DUAL_PDE_ADDRESS_BIG_SHIFT  8       /* 256-byte units */
#define NV_MMU_VER2_DUAL_PDE_ADDRESS_BIG_VID_BITS 29    /* 32:4 */
#define NV_MMU_VER2_DUAL_PDE_ADDRESS_BIG_SYS_BITS 50    /* 53:4 */

/* Version-2 PTE (8 bytes) */
#define NV_MMU_VER2_PTE_VALID                   (1ull << 0)
#define NV_MMU_VER2_PTE_APERTURE_SHIFT          1       /* 2:1 */
#define NV_MMU_VER2_PTE_VOL                     (1ull << 3)
#define NV_MMU_VER2_PTE_ENCRYPTED               (1ull << 4)
#define NV_MMU_VER2_PTE_PRIVILEGE               (1ull << 5)
#define NV_MMU_VER2_PTE_READ_ONLY               (1ull << 6)
#define NV_MMU_VER2_PTE_ATOMIC_DISABLE          (1ull << 7)
#define NV_MMU_VER2_PTE_ADDRESS_VID_BITS        25      /* 32:8 */
#define NV_MMU_VER2_PTE_ADDRESS_SYS_BITS        46      /* 53:8 */
#define NV_MMU_VER2_PTE_ADDRESS_VID_PEER_SHIFT  33      /* 35:33 */
#define NV_MMU_VER2_PTE_COMPTAGLINE_SHIFT       36      /* 55:36 */
#define NV_MMU_VER2_PTE_COMPTAGLINE_BITS        20
#define NV_MMU_VER2_PTE_KIND_SHIFT              56      /* 63:56 */

/* Fault types (dev_fault.h; the names nouveau's gv100_fifo_mmu_fault_reason prints) */
#define NV_PFAULT_FAULT_TYPE_PDE                    0x00
#define NV_PFAULT_FAULT_TYPE_PDE_SIZE               0x01
#define NV_PFAULT_FAULT_TYPE_PTE                    0x02
#define NV_PFAULT_FAULT_TYPE_VA_LIMIT_VIOLATION     0x03
#define NV_PFAULT_FAULT_TYPE_UNBOUND_INST_BLOCK     0x04
#define NV_PFAULT_FAULT_TYPE_PRIV_VIOLATION         0x05
#define NV_PFAULT_FAULT_TYPE_RO_VIOLATION           0x06
#define NV_PFAULT_FAULT_TYPE_WO_VIOLATION           0x07
#define NV_PFAULT_FAULT_TYPE_UNSUPPORTED_APERTURE   0x0a
#define NV_PFAULT_FAULT_TYPE_ATOMIC_VIOLATION       0x0f

/* 49-bit virtual addresses (PD3 indexes VA 48:47) */
#define NOVA_MMU_VA_BITS    49

/*
 * Where memory is. The values are the PTE aperture encoding (and the
 * instance block's PAGE_DIR_BASE target, where 1 means invalid); a PDE's
 * aperture field is encoded differently and is converted by the walker.
 */
typedef enum NovaMmuAperture {
    NOVA_MMU_APERTURE_VRAM = 0,
    NOVA_MMU_APERTURE_PEER = 1,
    NOVA_MMU_APERTURE_SYS_COH = 2,
    NOVA_MMU_APERTURE_SYS_NCOH = 3,
} NovaMmuAperture;

/* The values are the fault buffer's VIRT_* access types. */
typedef enum NovaMmuAccess {
    NOVA_MMU_READ = 0,
    NOVA_MMU_WRITE = 1,
    NOVA_MMU_ATOMIC = 2,
} NovaMmuAccess;

/* The table levels, root first; a fault names the level whose entry failed. */
typedef enum NovaMmuLevel {
    NOVA_MMU_PD3,
    NOVA_MMU_PD2,
    NOVA_MMU_PD1,
    NOVA_MMU_PD0,
    NOVA_MMU_PT,
    NOVA_MMU_NO_LEVEL,  /* the fault is not about a table entry */
} NovaMmuLevel;

/* An address space: what an instance block's PAGE_DIR_BASE describes. */
typedef struct NovaMmuSpace {
    bool valid;                 /* false: every access is UNBOUND_INST_BLOCK */
    uint64_t pdb;               /* PD3 address, 4 KiB aligned */
    NovaMmuAperture pdb_aperture;   /* never PEER */
    bool pdb_vol;
    bool ver2;
    bool fault_replay_tex, fault_replay_gcc;   /* carried, not used */
    uint32_t big_page_shift;    /* 16: the only size version 2 uses here */
    uint64_t limit;             /* highest valid VA (inclusive) */
    bool huge_512m;             /* PD1 may hold 512 MiB PTEs (Ampere and later) */
} NovaMmuSpace;

/* A translation: the page's PTE, decoded, and where the byte is. */
typedef struct NovaMmuXlate {
    uint64_t pa;                /* physical address of the byte asked for */
    uint64_t page_pa;           /* physical address of the page */
    NovaMmuAperture aperture;
    uint32_t page_shift;        /* 12, 16, 21 or 29 */
    bool vol, encrypted, priv, read_only, atomic_disable;
    uint8_t kind;
    uint8_t peer_id;            /* PEER aperture only */
    uint32_t comptag;           /* video/peer memory only; carried, not used */
    uint64_t pte;               /* the raw entry, for tracing */
} NovaMmuXlate;

typedef struct NovaMmuFault {
    uint32_t type;              /* NV_PFAULT_FAULT_TYPE_* */
    uint64_t va;
    NovaMmuAccess access;
    NovaMmuLevel level;
    bool sparse;                /* the entry was VALID_FALSE + VOL: a sparse hole */
} NovaMmuFault;

/*
 * An address space with the given root, for the spaces the device sets up
 * without an instance block (BAR1/BAR2 from bar1PdeBase/bar2PdeBase):
 * version 2, 64 KiB big pages, the full 49-bit VA range.
 */
void nova_mmu_space_init(NovaMmuSpace *s, uint64_t pdb, NovaMmuAperture aperture,
                         bool huge_512m);

/*
 * Decode the instance block at @inst in @inst_aperture (VRAM or system
 * memory). Returns 0 and a valid space; or -1, logs a guest error, and
 * leaves @s invalid (translations fault UNBOUND_INST_BLOCK) when the block
 * cannot be read, its target is the reserved value 1, or it does not select
 * the version-2 format with 64 KiB big pages.
 */
int nova_mmu_space_from_inst(NovaMmuSpace *s, const NovaHost *host,
                             NovaMmuAperture inst_aperture, uint64_t inst,
                             bool huge_512m);

/*
 * Walk the tables for @va and decode the PTE, with no access check and no
 * TLB. Returns true and fills @x; or false and fills @f (access left READ).
 */
bool nova_mmu_walk(const NovaMmuSpace *s, const NovaHost *host, uint64_t va,
                   NovaMmuXlate *x, NovaMmuFault *f);

/*
 * nova_mmu_walk() of @va, and in *@run how many bytes from @va (at most
 * @len, and at least to the end of its page when @len reaches it) the
 * following pages map physically after it with the same rights, read from
 * the same leaf table in bulk: a bulk mover (the copy engine) takes a run
 * of 4 KiB or 64 KiB pages with one walk instead of one per page. Read
 * ahead only where that table alone decides (no small/big page table
 * beside it); it stops at the first entry that does not continue the run.
 */
bool nova_mmu_walk_run(const NovaMmuSpace *s, const NovaHost *host, uint64_t va,
                       uint64_t len, NovaMmuXlate *x, uint64_t *run, NovaMmuFault *f);

/*
 * Whether @access by a requester with @priv may use @x: PRIV_VIOLATION,
 * RO_VIOLATION, ATOMIC_VIOLATION, and UNSUPPORTED_APERTURE for peer memory,
 * which the model has none of. Returns true or fills @f.
 */
bool nova_mmu_check(const NovaMmuXlate *x, uint64_t va, NovaMmuAccess access,
                    bool priv, NovaMmuFault *f);

/* walk + check, no TLB */
bool nova_mmu_translate(const NovaMmuSpace *s, const NovaHost *host,
                        uint64_t va, NovaMmuAccess access, bool priv,
                        NovaMmuXlate *x, NovaMmuFault *f);

/* ---- software TLB (mmu/tlb.c) ---- */

#define NOVA_MMU_TLB_ENTRIES 4096   /* direct-mapped, a power of two */

typedef struct NovaMmuTlbEntry {
    uint64_t key;               /* PDB | aperture, see tlb.c */
    uint64_t vpn;               /* va >> page_shift */
    uint32_t gen;               /* valid while equal to the TLB's */
    uint8_t shift;              /* x.page_shift, next to the tags */
    uint8_t allowed;            /* NOVA_MMU_TLB_ALLOWED bits nova_mmu_check passes */
    NovaMmuXlate x;             /* pa = page_pa */
} NovaMmuTlbEntry;

/* bit of NovaMmuTlbEntry.allowed for @access by a requester with @priv */
#define NOVA_MMU_TLB_ALLOWED(access, priv) (1u << ((access) * 2 + !!(priv)))

typedef struct NovaMmuTlbStats {
    uint64_t hits, misses, walks, faults;
} NovaMmuTlbStats;

typedef struct NovaMmuTlb {
    uint32_t gen;
    uint32_t last_shift;        /* page size of the last hit, probed first */
    NovaMmuTlbStats stats;
    NovaMmuTlbEntry e[NOVA_MMU_TLB_ENTRIES];
} NovaMmuTlb;

/* Empty the TLB and clear the counters (device creation). */
void nova_mmu_tlb_init(NovaMmuTlb *t);

/* Drop every entry, counters kept (device reset). */
void nova_mmu_tlb_flush(NovaMmuTlb *t);

/* The TLB's slot of page @vpn of size 2^@shift in the space rooted at @pdb. */
static inline unsigned nova_mmu_tlb_index(uint64_t pdb, uint64_t vpn, unsigned shift)
{
    /*
     * Consecutive pages of one space take consecutive slots, so a mapped
     * range up to the TLB's size never evicts itself; the PDB and the page
     * size only move that window. The aperture is left out so that both
     * system apertures share a slot.
     */
    uint64_t salt = ((pdb >> 12) * 0x9e3779b97f4a7c15ull) ^
                    (shift * 0xbf58476d1ce4e5b9ull);

    return (vpn + (salt >> 40)) & (NOVA_MMU_TLB_ENTRIES - 1);
}

/* The TLB's tag of a space: the PDB is 4 KiB aligned, its low bits hold the aperture. */
static inline uint64_t nova_mmu_tlb_key(uint64_t pdb, NovaMmuAperture ap)
{
    return (pdb & NV_RAMIN_PAGE_DIR_BASE_ADDR_MASK) | (unsigned)ap;
}

/* NOVA_MMU_TLB_ALLOWED bits of the accesses nova_mmu_check() lets through @x */
uint8_t nova_mmu_tlb_allowed(const NovaMmuXlate *x);

/* Everything but the hit on the page size that hit last (tlb.c). */
bool nova_mmu_tlb_translate_slow(NovaMmuTlb *t, const NovaMmuSpace *s,
                                 const NovaHost *host, uint64_t va,
                                 NovaMmuAccess access, bool priv,
                                 NovaMmuXlate *x, NovaMmuFault *f);

/*
 * Translate through the TLB: a hit reads no memory, a miss walks and fills.
 * Stale entries stay until invalidated, as on hardware. Faults are not
 * cached; access checks run on hits as well as on walks.
 *
 * The common case, a hit on the page size that hit last with rights the
 * access has (checked when the entry was filled), is inline here: it is on
 * every BAR access and every page the engines touch.
 */
static inline bool nova_mmu_tlb_translate(NovaMmuTlb *t, const NovaMmuSpace *s,
                                          const NovaHost *host, uint64_t va,
                                          NovaMmuAccess access, bool priv,
                                          NovaMmuXlate *x, NovaMmuFault *f)
{
    unsigned shift = t->last_shift;
    const NovaMmuTlbEntry *e = &t->e[nova_mmu_tlb_index(s->pdb, va >> shift, shift)];

    if (e->gen == t->gen && e->vpn == va >> shift && e->shift == shift &&
        e->key == nova_mmu_tlb_key(s->pdb, s->pdb_aperture) &&
        (e->allowed & NOVA_MMU_TLB_ALLOWED(access, priv)) &&
        s->valid && !(va >> NOVA_MMU_VA_BITS) && va <= s->limit) {
        t->stats.hits++;
        *x = e->x;
        x->pa = x->page_pa | (va & ((1ull << shift) - 1));
        return true;
    }
    return nova_mmu_tlb_translate_slow(t, s, host, va, access, priv, x, f);
}

/*
 * The invalidate register's PDB names an aperture class only (bit 1: video
 * or system memory), so a system-memory PDB matches both coherent and
 * non-coherent entries.
 */
void nova_mmu_tlb_invalidate_all(NovaMmuTlb *t);
void nova_mmu_tlb_invalidate_pdb(NovaMmuTlb *t, uint64_t pdb, NovaMmuAperture ap);
void nova_mmu_tlb_invalidate_va(NovaMmuTlb *t, uint64_t pdb, NovaMmuAperture ap,
                                uint64_t va);
void nova_mmu_tlb_invalidate_va_all_pdb(NovaMmuTlb *t, uint64_t va);

/* NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE* at BAR0 0xb830a0/a4/b0 */
#define NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_PDB         0xb830a0
#define NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_UPPER_PDB   0xb830a4
#define NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE             0xb830b0
#define NV_MMU_INVALIDATE_PDB_APERTURE_SYS      (1u << 1)
#define NV_MMU_INVALIDATE_PDB_ADDR_SHIFT        4       /* 31:4 = addr >> 12 */
#define NV_MMU_INVALIDATE_ALL_VA                (1u << 0)
#define NV_MMU_INVALIDATE_ALL_PDB               (1u << 1)
#define NV_MMU_INVALIDATE_HUBTLB_ONLY           (1u << 2)
#define NV_MMU_INVALIDATE_TRIGGER               (1u << 31)

typedef enum NovaMmuInvalScope {
    NOVA_MMU_INVAL_ALL,         /* every PDB, every VA */
    NOVA_MMU_INVAL_PDB,         /* one PDB, every VA */
} NovaMmuInvalScope;

typedef struct NovaMmuInvalidate {
    NovaMmuInvalScope scope;
    uint64_t pdb;
    NovaMmuAperture pdb_aperture;   /* VRAM or SYS_COH (= any system memory) */
    bool hub_only;              /* informational: one TLB is all TLBs here */
} NovaMmuInvalidate;

/*
 * Decode a write of @ctrl to MMU_INVALIDATE with @pdb_lo/@pdb_hi the
 * current PDB registers. Returns false when TRIGGER is clear (nothing to
 * do). A targeted (ALL_VA clear) invalidate is widened to its whole PDB:
 * the VA registers are not modelled, and dropping more is always correct.
 */
bool nova_mmu_invalidate_decode(uint32_t pdb_lo, uint32_t pdb_hi, uint32_t ctrl,
                                NovaMmuInvalidate *inv);
void nova_mmu_tlb_invalidate(NovaMmuTlb *t, const NovaMmuInvalidate *inv);

/* ---- fault buffer (mmu/fault.c) ---- */

#define NOVA_MMU_FAULT_ENTRY_SIZE   32

/* One fault as the buffer reports it (NVC369_BUF_ENTRY_*). */
typedef struct NovaMmuFaultEntry {
    uint64_t inst;              /* instance block address, 4 KiB aligned */
    NovaMmuAperture inst_aperture;
    uint64_t va;                /* reported 4 KiB aligned */
    uint64_t timestamp;         /* PTIMER ns */
    uint32_t engine_id;         /* NV_PFAULT_MMU_ENG_ID_*, 8:0 */
    uint32_t client;            /* 6:0 */
    bool hub;                   /* MMU_CLIENT_TYPE: hub (1) or GPC (0) */
    uint32_t gpc_id;            /* 4:0 */
    NovaMmuAccess access;
    uint32_t fault_type;        /* NV_PFAULT_FAULT_TYPE_* */
    bool replayable;            /* REPLAYABLE_FAULT; 0 in the non-replayable buffer */
} NovaMmuFaultEntry;

/* The registered buffer and its indices, as the register model holds them. */
typedef struct NovaMmuFaultBuffer {
    uint64_t base;
    NovaMmuAperture aperture;
    uint32_t entries;           /* NV_PFB_PRI_MMU_FAULT_BUFFER_SIZE 19:0 */
    uint32_t get, put;
} NovaMmuFaultBuffer;

/* The 32 bytes of @e, little endian, VALID set. */
void nova_mmu_fault_encode(const NovaMmuFaultEntry *e,
                           uint8_t out[NOVA_MMU_FAULT_ENTRY_SIZE]);

/*
 * Append @e at PUT. Returns 0 with *@new_put advanced; 1 when the buffer is
 * full (PUT + 1 == GET mod size): the entry is dropped and *@overflow set;
 * -1 when the buffer is unusable (no entries, an index past the end, the
 * write failed), logged as a guest error. *@new_put is always set.
 */
int nova_mmu_fault_write(const NovaHost *host, const NovaMmuFaultBuffer *buf,
                         const NovaMmuFaultEntry *e, uint32_t *new_put,
                         bool *overflow);

#endif
