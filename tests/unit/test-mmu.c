/*
 * Unit tests: the GMMU version-2 walk, access checks, TLB and fault buffer,
 * with page tables built in the fake host's VRAM and system memory the way
 * nouveau's vmmgp100.c writes them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/mmu.h"
#include "fake-host.h"
#include "tap.h"

/* VRAM layout */
#define INST        0x0000ull   /* instance block */
#define PD3         0x1000ull
#define PD2         0x2000ull
#define PD1         0x3000ull
#define PD0         0x4000ull
#define SPT         0x5000ull
#define LPT         0x6100ull   /* 256-byte aligned, as nouveau sub-allocates */
#define PAGE_VRAM   0x80000ull
/* system memory layout */
#define SYS_INST    (FAKE_RAM_BASE + 0x0000)
#define SYS_PD3     (FAKE_RAM_BASE + 0x1000)
#define SYS_PD2     (FAKE_RAM_BASE + 0x2000)
#define SYS_PD1     (FAKE_RAM_BASE + 0x3000)
#define SYS_PD0     (FAKE_RAM_BASE + 0x4000)
#define SYS_SPT     (FAKE_RAM_BASE + 0x5000)
#define SYS_FAULTBUF (FAKE_RAM_BASE + 0x10000)

/* VA indices: PD3 1, PD2 5, PD1 7, PD0 9, SPT 0x33, LPT 3 */
#define VA_BASE     ((1ull << 47) | (5ull << 38) | (7ull << 29) | (9ull << 21))
#define VA          (VA_BASE | (0x33ull << 12) | 0x567)

/* PDE aperture codes */
#define PDE_VID     1
#define PDE_SYS     2
#define PDE_NCOH    3

static FakeHost fh;
static const NovaHost *host = &fh.host;
static int reads;

static int count_vram_read(void *o, uint64_t off, void *buf, size_t len)
{
    reads++;
    return fake_vram_read(o, off, buf, len);
}

static int count_dma_read(void *o, uint64_t addr, void *buf, size_t len)
{
    reads++;
    return fake_dma_read(o, addr, buf, len);
}

static void vput64(uint64_t off, uint64_t v)
{
    uint8_t b[8];
    int i;

    for (i = 0; i < 8; i++) {
        b[i] = v >> (8 * i);
    }
    fake_vram_write(&fh, off, b, 8);
}

static uint64_t vget32(uint64_t off)
{
    uint8_t b[4];

    fake_vram_read(&fh, off, b, 4);
    return b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
}

static uint64_t pde(unsigned ap, uint64_t addr)
{
    return (addr >> 4) | ((uint64_t)ap << 1);
}

static uint64_t pte(NovaMmuAperture ap, uint64_t addr)
{
    return (addr >> 4) | ((uint64_t)ap << 1) | NV_MMU_VER2_PTE_VALID;
}

static void reset(void)
{
    memset(fh.vram, 0, FAKE_VRAM_SIZE);
    memset(fh.ram, 0, FAKE_RAM_SIZE);
    fh.guest_errors = 0;
}

/* PD3..PD0 in VRAM for VA, with the given PD0 halves. */
static void build_dirs(uint64_t pd0_big, uint64_t pd0_small)
{
    reset();
    vput64(PD3 + 1 * 8, pde(PDE_VID, PD2));
    vput64(PD2 + 5 * 8, pde(PDE_VID, PD1));
    vput64(PD1 + 7 * 8, pde(PDE_VID, PD0));
    vput64(PD0 + 9 * 16, pd0_big);
    vput64(PD0 + 9 * 16 + 8, pd0_small);
}

static bool xl(const NovaMmuSpace *s, uint64_t va, NovaMmuAccess acc, bool priv,
               NovaMmuXlate *x, NovaMmuFault *f)
{
    memset(x, 0, sizeof(*x));
    memset(f, 0, sizeof(*f));
    return nova_mmu_translate(s, host, va, acc, priv, x, f);
}

static void test_page_sizes(void)
{
    NovaMmuSpace s;
    NovaMmuXlate x;
    NovaMmuFault f;

    nova_mmu_space_init(&s, PD3, NOVA_MMU_APERTURE_VRAM, true);

    /* 4 KiB */
    build_dirs(0, pde(PDE_VID, SPT));
    vput64(SPT + 0x33 * 8, pte(NOVA_MMU_APERTURE_VRAM, PAGE_VRAM));
    TAP_OK(xl(&s, VA, NOVA_MMU_READ, false, &x, &f), "4K page translates");
    TAP_EQ(x.pa, PAGE_VRAM + 0x567, "4K: physical address of the byte");
    TAP_EQ(x.page_shift, 12, "4K: page shift");
    TAP_EQ(x.aperture, NOVA_MMU_APERTURE_VRAM, "4K: VRAM aperture");

    /* 64 KiB through an LPT at a 256-byte aligned address */
    build_dirs(pde(PDE_VID, LPT), 0);
    vput64(LPT + 3 * 8, pte(NOVA_MMU_APERTURE_VRAM, 0x70000));
    TAP_OK(xl(&s, VA, NOVA_MMU_READ, false, &x, &f), "64K page translates");
    TAP_EQ(x.pa, 0x70000 + 0x3567, "64K: address keeps VA 15:0");
    TAP_EQ(x.page_shift, 16, "64K: page shift");

    /* 2 MiB PTE in the low half of PD0 */
    build_dirs(pte(NOVA_MMU_APERTURE_VRAM, 0x40000000), 0);
    TAP_OK(xl(&s, VA, NOVA_MMU_READ, false, &x, &f), "2M page translates");
    TAP_EQ(x.pa, 0x40000000 + 0x33567, "2M: address keeps VA 20:0");
    TAP_EQ(x.page_shift, 21, "2M: page shift");

    /* 512 MiB PTE at PD1 (Ampere+) */
    build_dirs(0, 0);
    vput64(PD1 + 7 * 8, pte(NOVA_MMU_APERTURE_VRAM, 0x20000000));
    TAP_OK(xl(&s, VA, NOVA_MMU_READ, false, &x, &f), "512M page translates");
    TAP_EQ(x.pa, 0x20000000 + (9ull << 21) + 0x33567, "512M: address keeps VA 28:0");
    TAP_EQ(x.page_shift, 29, "512M: page shift");
    nova_mmu_space_init(&s, PD3, NOVA_MMU_APERTURE_VRAM, false);
    TAP_OK(!xl(&s, VA, NOVA_MMU_READ, false, &x, &f) &&
           f.type == NV_PFAULT_FAULT_TYPE_PDE && f.level == NOVA_MMU_PD1,
           "512M PTE without huge_512m: PDE fault at PD1");
    TAP_EQ(fh.guest_errors, 1, "... and a guest error");
}

static void test_sysmem(void)
{
    NovaMmuSpace s;
    NovaMmuXlate x;
    NovaMmuFault f;
    uint64_t page = 0x123456789000ull;

    reset();
    fake_put64(&fh, SYS_PD3 + 1 * 8, pde(PDE_SYS, SYS_PD2));
    fake_put64(&fh, SYS_PD2 + 5 * 8, pde(PDE_NCOH, SYS_PD1));
    fake_put64(&fh, SYS_PD1 + 7 * 8, pde(PDE_SYS, SYS_PD0));
    fake_put64(&fh, SYS_PD0 + 9 * 16 + 8, pde(PDE_NCOH, SYS_SPT));
    fake_put64(&fh, SYS_SPT + 0x33 * 8, pte(NOVA_MMU_APERTURE_SYS_COH, page));
    nova_mmu_space_init(&s, SYS_PD3, NOVA_MMU_APERTURE_SYS_COH, false);
    TAP_OK(xl(&s, VA, NOVA_MMU_READ, false, &x, &f), "sysmem tables translate");
    TAP_EQ(x.pa, page + 0x567, "sysmem page above 37 bits of address");
    TAP_EQ(x.aperture, NOVA_MMU_APERTURE_SYS_COH, "sysmem coherent aperture");
    TAP_EQ(x.comptag, 0, "no comptag for system memory");

    fake_put64(&fh, SYS_SPT + 0x33 * 8, pte(NOVA_MMU_APERTURE_SYS_NCOH, page));
    xl(&s, VA, NOVA_MMU_READ, false, &x, &f);
    TAP_EQ(x.aperture, NOVA_MMU_APERTURE_SYS_NCOH, "sysmem non-coherent aperture");

    /* VRAM tables pointing at a sysmem page, sysmem PT below VRAM dirs */
    build_dirs(0, pde(PDE_SYS, SYS_SPT));
    fake_put64(&fh, SYS_SPT + 0x33 * 8, pte(NOVA_MMU_APERTURE_SYS_COH, page));
    nova_mmu_space_init(&s, PD3, NOVA_MMU_APERTURE_VRAM, false);
    TAP_OK(xl(&s, VA, NOVA_MMU_READ, false, &x, &f) && x.pa == page + 0x567,
           "VRAM directories, sysmem page table");
}

static void test_flags(void)
{
    NovaMmuSpace s;
    NovaMmuXlate x;
    NovaMmuFault f;
    uint64_t e;

    nova_mmu_space_init(&s, PD3, NOVA_MMU_APERTURE_VRAM, false);
    build_dirs(0, pde(PDE_VID, SPT));
    e = pte(NOVA_MMU_APERTURE_VRAM, PAGE_VRAM) | NV_MMU_VER2_PTE_VOL |
        NV_MMU_VER2_PTE_ENCRYPTED | NV_MMU_VER2_PTE_PRIVILEGE |
        NV_MMU_VER2_PTE_READ_ONLY | NV_MMU_VER2_PTE_ATOMIC_DISABLE |
        (0xabcdeull << 36) | (0xfeull << 56);
    vput64(SPT + 0x33 * 8, e);
    TAP_OK(xl(&s, VA, NOVA_MMU_READ, true, &x, &f), "all flags: privileged read ok");
    TAP_OK(x.vol, "VOL decoded");
    TAP_OK(x.encrypted, "ENCRYPTED decoded");
    TAP_OK(x.priv, "PRIVILEGE decoded");
    TAP_OK(x.read_only, "READ_ONLY decoded");
    TAP_OK(x.atomic_disable, "ATOMIC_DISABLE decoded");
    TAP_EQ(x.kind, 0xfe, "KIND 63:56");
    TAP_EQ(x.comptag, 0xabcde, "COMPTAGLINE 55:36");
    TAP_EQ(x.pa, PAGE_VRAM + 0x567, "comptag bits stay out of the VRAM address");
    TAP_EQ(x.pte, e, "raw PTE carried");

    vput64(SPT + 0x33 * 8, pte(NOVA_MMU_APERTURE_VRAM, PAGE_VRAM));
    xl(&s, VA, NOVA_MMU_READ, false, &x, &f);
    TAP_OK(!x.vol && !x.encrypted && !x.priv && !x.read_only &&
           !x.atomic_disable && !x.kind && !x.comptag, "no flags decoded from a plain PTE");

    /* peer: id in 35:33 */
    vput64(SPT + 0x33 * 8, pte(NOVA_MMU_APERTURE_PEER, PAGE_VRAM) | (5ull << 33));
    TAP_OK(nova_mmu_walk(&s, host, VA, &x, &f), "peer PTE walks");
    TAP_EQ(x.aperture, NOVA_MMU_APERTURE_PEER, "peer aperture");
    TAP_EQ(x.peer_id, 5, "peer id 35:33");
    TAP_EQ(x.pa, PAGE_VRAM + 0x567, "peer id stays out of the address");
    TAP_OK(!xl(&s, VA, NOVA_MMU_READ, false, &x, &f) &&
           f.type == NV_PFAULT_FAULT_TYPE_UNSUPPORTED_APERTURE,
           "peer access faults UNSUPPORTED_APERTURE");

    /* the VRAM address field is 32:8: bit 33 up is not address */
    vput64(SPT + 0x33 * 8, pte(NOVA_MMU_APERTURE_VRAM, 0x1fffffff000ull));
    xl(&s, VA, NOVA_MMU_READ, false, &x, &f);
    TAP_EQ(x.page_pa, 0x1ffffff000ull, "VRAM address is 37 bits");
}

static void test_permissions(void)
{
    NovaMmuSpace s;
    NovaMmuXlate x;
    NovaMmuFault f;

    nova_mmu_space_init(&s, PD3, NOVA_MMU_APERTURE_VRAM, false);
    build_dirs(0, pde(PDE_VID, SPT));

    vput64(SPT + 0x33 * 8, pte(NOVA_MMU_APERTURE_VRAM, PAGE_VRAM) |
                           NV_MMU_VER2_PTE_READ_ONLY);
    TAP_OK(xl(&s, VA, NOVA_MMU_READ, false, &x, &f), "RO page: read ok");
    TAP_OK(!xl(&s, VA, NOVA_MMU_WRITE, false, &x, &f) &&
           f.type == NV_PFAULT_FAULT_TYPE_RO_VIOLATION && f.access == NOVA_MMU_WRITE,
           "RO page: write faults RO_VIOLATION");
    TAP_OK(!xl(&s, VA, NOVA_MMU_ATOMIC, false, &x, &f) &&
           f.type == NV_PFAULT_FAULT_TYPE_RO_VIOLATION,
           "RO page: atomic faults RO_VIOLATION");
    TAP_EQ(f.va, VA, "fault carries the VA");

    vput64(SPT + 0x33 * 8, pte(NOVA_MMU_APERTURE_VRAM, PAGE_VRAM) |
                           NV_MMU_VER2_PTE_PRIVILEGE);
    TAP_OK(!xl(&s, VA, NOVA_MMU_READ, false, &x, &f) &&
           f.type == NV_PFAULT_FAULT_TYPE_PRIV_VIOLATION,
           "priv page: unprivileged read faults PRIV_VIOLATION");
    TAP_OK(xl(&s, VA, NOVA_MMU_WRITE, true, &x, &f), "priv page: privileged write ok");

    vput64(SPT + 0x33 * 8, pte(NOVA_MMU_APERTURE_VRAM, PAGE_VRAM) |
                           NV_MMU_VER2_PTE_ATOMIC_DISABLE);
    TAP_OK(xl(&s, VA, NOVA_MMU_WRITE, false, &x, &f), "atomic-disabled page: write ok");
    TAP_OK(!xl(&s, VA, NOVA_MMU_ATOMIC, false, &x, &f) &&
           f.type == NV_PFAULT_FAULT_TYPE_ATOMIC_VIOLATION,
           "atomic-disabled page: atomic faults ATOMIC_VIOLATION");
    TAP_EQ(fh.guest_errors, 0, "access violations are not guest errors");
}

static void test_invalid_entries(void)
{
    static const struct {
        uint64_t off;
        NovaMmuLevel level;
        const char *name;
    } lv[] = {
        { PD3 + 1 * 8, NOVA_MMU_PD3, "PD3" },
        { PD2 + 5 * 8, NOVA_MMU_PD2, "PD2" },
        { PD1 + 7 * 8, NOVA_MMU_PD1, "PD1" },
    };
    NovaMmuSpace s;
    NovaMmuXlate x;
    NovaMmuFault f;
    size_t i;

    nova_mmu_space_init(&s, PD3, NOVA_MMU_APERTURE_VRAM, false);
    for (i = 0; i < 3; i++) {
        build_dirs(0, pde(PDE_VID, SPT));
        vput64(SPT + 0x33 * 8, pte(NOVA_MMU_APERTURE_VRAM, PAGE_VRAM));
        vput64(lv[i].off, NV_MMU_VER2_PDE_VOL);     /* nouveau's sparse PDE */
        TAP_OK(!xl(&s, VA, NOVA_MMU_WRITE, false, &x, &f) &&
               f.type == NV_PFAULT_FAULT_TYPE_PDE && f.level == lv[i].level &&
               f.sparse && f.access == NOVA_MMU_WRITE,
               "invalid %s entry: sparse PDE fault there", lv[i].name);
    }
    build_dirs(0, 0);
    TAP_OK(!xl(&s, VA, NOVA_MMU_READ, false, &x, &f) &&
           f.type == NV_PFAULT_FAULT_TYPE_PDE && f.level == NOVA_MMU_PD0 && !f.sparse,
           "invalid PD0 entry: PDE fault at PD0");
    build_dirs(pde(PDE_VID, LPT), pde(PDE_VID, SPT));
    TAP_OK(!xl(&s, VA, NOVA_MMU_READ, false, &x, &f) &&
           f.type == NV_PFAULT_FAULT_TYPE_PTE && f.level == NOVA_MMU_PT,
           "invalid PTEs in both tables: PTE fault");
    TAP_EQ(fh.guest_errors, 0, "invalid entries are not guest errors");
}

static void test_va_range(void)
{
    NovaMmuSpace s;
    NovaMmuXlate x;
    NovaMmuFault f;

    nova_mmu_space_init(&s, PD3, NOVA_MMU_APERTURE_VRAM, false);
    build_dirs(0, pde(PDE_VID, SPT));
    vput64(SPT + 0x33 * 8, pte(NOVA_MMU_APERTURE_VRAM, PAGE_VRAM));
    TAP_OK(!xl(&s, VA | (1ull << 49), NOVA_MMU_READ, false, &x, &f) &&
           f.type == NV_PFAULT_FAULT_TYPE_VA_LIMIT_VIOLATION,
           "VA bit 49 set: VA_LIMIT_VIOLATION");
    TAP_OK(!xl(&s, ~0ull, NOVA_MMU_READ, false, &x, &f) &&
           f.type == NV_PFAULT_FAULT_TYPE_VA_LIMIT_VIOLATION,
           "VA ~0: VA_LIMIT_VIOLATION");
    s.limit = VA_BASE - 1;
    TAP_OK(!xl(&s, VA, NOVA_MMU_READ, false, &x, &f) &&
           f.type == NV_PFAULT_FAULT_TYPE_VA_LIMIT_VIOLATION,
           "VA above the instance limit: VA_LIMIT_VIOLATION");
}

static void put_inst(bool sys, uint64_t inst, uint64_t base, uint64_t limit)
{
    if (sys) {
        fake_put64(&fh, inst + 0x200, base);
        fake_put64(&fh, inst + 0x208, limit);
    } else {
        vput64(inst + 0x200, base);
        vput64(inst + 0x208, limit);
    }
}

static void test_instance_block(void)
{
    NovaMmuSpace s;
    NovaMmuXlate x;
    NovaMmuFault f;
    /* gp100_vmm_join + gf100_vmm_join_ for a VRAM PD, replay on */
    uint64_t base = PD3 | NV_RAMIN_USE_VER2_PT_FORMAT | NV_RAMIN_BIG_PAGE_SIZE_64KB |
                    NV_RAMIN_PAGE_DIR_BASE_FAULT_REPLAY_TEX |
                    NV_RAMIN_PAGE_DIR_BASE_FAULT_REPLAY_GCC;

    build_dirs(0, pde(PDE_VID, SPT));
    vput64(SPT + 0x33 * 8, pte(NOVA_MMU_APERTURE_VRAM, PAGE_VRAM));
    put_inst(false, INST, base, (1ull << 49) - 1);
    TAP_EQ(nova_mmu_space_from_inst(&s, host, NOVA_MMU_APERTURE_VRAM, INST, false), 0,
           "VRAM instance block decodes");
    TAP_OK(s.valid && s.ver2 && s.pdb == PD3 && s.pdb_aperture == NOVA_MMU_APERTURE_VRAM &&
           s.big_page_shift == 16 && s.fault_replay_tex && s.fault_replay_gcc && !s.pdb_vol,
           "PAGE_DIR_BASE fields");
    TAP_EQ(s.limit, (1ull << 49) - 1, "limit");
    TAP_OK(xl(&s, VA, NOVA_MMU_READ, false, &x, &f) && x.pa == PAGE_VRAM + 0x567,
           "translation through the decoded space");

    /* sysmem instance block naming a sysmem coherent, volatile PD */
    put_inst(true, SYS_INST, SYS_PD3 | 2 | NV_RAMIN_PAGE_DIR_BASE_VOL |
             NV_RAMIN_USE_VER2_PT_FORMAT | NV_RAMIN_BIG_PAGE_SIZE_64KB, 0x3fffffffffull);
    TAP_EQ(nova_mmu_space_from_inst(&s, host, NOVA_MMU_APERTURE_SYS_COH, SYS_INST, false), 0,
           "sysmem instance block decodes");
    TAP_OK(s.pdb == SYS_PD3 && s.pdb_aperture == NOVA_MMU_APERTURE_SYS_COH && s.pdb_vol &&
           s.limit == 0x3fffffffffull, "sysmem instance block fields");

    /* the low 12 bits of the limit are not stored */
    put_inst(false, INST, base, 0x12345000);
    nova_mmu_space_from_inst(&s, host, NOVA_MMU_APERTURE_VRAM, INST, false);
    TAP_EQ(s.limit, 0x12345fff, "limit covers its last 4 KiB page");

    fh.guest_errors = 0;
    put_inst(false, INST, PD3 | NV_RAMIN_BIG_PAGE_SIZE_64KB, 0);
    TAP_EQ(nova_mmu_space_from_inst(&s, host, NOVA_MMU_APERTURE_VRAM, INST, false), -1,
           "version-1 instance block refused");
    TAP_OK(fh.guest_errors == 1 && !s.valid, "... as a guest error, space invalid");
    TAP_OK(fake_last_event(&fh, NOVA_EV_UB_MMU_INST) &&
           fake_last_event(&fh, NOVA_EV_UB_MMU_INST)->mmu_inst.inst == INST,
           "... an instance-block event naming the block");
    TAP_OK(!xl(&s, VA, NOVA_MMU_READ, false, &x, &f) &&
           f.type == NV_PFAULT_FAULT_TYPE_UNBOUND_INST_BLOCK,
           "... and translations fault UNBOUND_INST_BLOCK");

    put_inst(false, INST, PD3 | 1 | NV_RAMIN_USE_VER2_PT_FORMAT |
             NV_RAMIN_BIG_PAGE_SIZE_64KB, ~0ull);
    TAP_EQ(nova_mmu_space_from_inst(&s, host, NOVA_MMU_APERTURE_VRAM, INST, false), -1,
           "target 1 refused");
    put_inst(false, INST, PD3 | NV_RAMIN_USE_VER2_PT_FORMAT, ~0ull);
    TAP_EQ(nova_mmu_space_from_inst(&s, host, NOVA_MMU_APERTURE_VRAM, INST, false), -1,
           "128 KiB big pages with version 2 refused");
    TAP_EQ(nova_mmu_space_from_inst(&s, host, NOVA_MMU_APERTURE_VRAM,
                                    FAKE_VRAM_SIZE - 0x100, false), -1,
           "instance block past the end of VRAM refused");
    TAP_EQ(nova_mmu_space_from_inst(&s, host, NOVA_MMU_APERTURE_SYS_COH, 0x1000, false), -1,
           "instance block in unmapped sysmem refused");
    TAP_EQ(fh.guest_errors, 5, "each refusal is a guest error");

    /* a PDB with flag bits below 4 KiB: masked, the address field is 63:12 */
    put_inst(false, INST, PD3 | 0xff8 | NV_RAMIN_USE_VER2_PT_FORMAT |
             NV_RAMIN_BIG_PAGE_SIZE_64KB, ~0ull);
    nova_mmu_space_from_inst(&s, host, NOVA_MMU_APERTURE_VRAM, INST, false);
    TAP_EQ(s.pdb, PD3, "PDB low bits masked");
    TAP_EQ(s.limit, (1ull << 49) - 1, "limit clamped to 49 bits");
}

static void test_precedence(void)
{
    NovaMmuSpace s;
    NovaMmuXlate x;
    NovaMmuFault f;

    nova_mmu_space_init(&s, PD3, NOVA_MMU_APERTURE_VRAM, false);
    build_dirs(pde(PDE_VID, LPT), pde(PDE_VID, SPT));
    vput64(LPT + 3 * 8, pte(NOVA_MMU_APERTURE_VRAM, 0x70000));
    vput64(SPT + 0x33 * 8, pte(NOVA_MMU_APERTURE_VRAM, PAGE_VRAM));
    TAP_OK(xl(&s, VA, NOVA_MMU_READ, false, &x, &f) && x.page_shift == 12 &&
           x.pa == PAGE_VRAM + 0x567, "both valid: the small page wins");

    vput64(SPT + 0x33 * 8, 0);
    TAP_OK(xl(&s, VA, NOVA_MMU_READ, false, &x, &f) && x.page_shift == 16 &&
           x.pa == 0x70000 + 0x3567, "small PTE invalid: the big page is used");

    /* gp100_vmm_lpt_invalid: VALID_FALSE + PRIV hides the SPTEs */
    vput64(SPT + 0x33 * 8, pte(NOVA_MMU_APERTURE_VRAM, PAGE_VRAM));
    vput64(LPT + 3 * 8, NV_MMU_VER2_PTE_PRIVILEGE);
    TAP_OK(!xl(&s, VA, NOVA_MMU_READ, false, &x, &f) &&
           f.type == NV_PFAULT_FAULT_TYPE_PTE && !f.sparse,
           "LPTE invalid+PRIV blocks a valid SPTE");
    vput64(LPT + 3 * 8, NV_MMU_VER2_PTE_VOL);
    TAP_OK(!xl(&s, VA, NOVA_MMU_READ, false, &x, &f) &&
           f.type == NV_PFAULT_FAULT_TYPE_PTE && f.sparse,
           "LPTE invalid+VOL is sparse");
    vput64(LPT + 3 * 8, 0);
    TAP_OK(xl(&s, VA, NOVA_MMU_READ, false, &x, &f) && x.page_shift == 12,
           "LPTE all-clear hands the range to the SPT");
}

/* nova_mmu_walk_run: a leaf table's following entries, read ahead */
static void test_walk_run(void)
{
    uint64_t va = VA_BASE | (0x10ull << 12) | 0x100, run;
    NovaMmuSpace s;
    NovaMmuXlate x;
    NovaMmuFault f;
    unsigned i;

    nova_mmu_space_init(&s, PD3, NOVA_MMU_APERTURE_VRAM, false);
    build_dirs(0, pde(PDE_VID, SPT));
    for (i = 0x10; i < 0x20; i++) {     /* 16 pages, physically in a row */
        vput64(SPT + i * 8, pte(NOVA_MMU_APERTURE_VRAM, PAGE_VRAM + (i - 0x10) * 0x1000ull));
    }
    vput64(SPT + 0x18 * 8, pte(NOVA_MMU_APERTURE_VRAM, PAGE_VRAM + 0x100000));
    TAP_OK(nova_mmu_walk_run(&s, host, va, 1u << 20, &x, &run, &f) &&
           x.pa == PAGE_VRAM + 0x100, "walk_run: the first page as a walk gives it");
    TAP_EQ(run, 8 * 0x1000 - 0x100, "... the run stops where the next page is elsewhere");
    TAP_OK(nova_mmu_walk_run(&s, host, va, 0x2345, &x, &run, &f) && run == 0x2345,
           "... and at the length asked");
    TAP_OK(nova_mmu_walk_run(&s, host, va, 0x80, &x, &run, &f) && run == 0x80,
           "... also within the first page");
    vput64(SPT + 0x18 * 8, pte(NOVA_MMU_APERTURE_VRAM, PAGE_VRAM + 0x8000) |
           NV_MMU_VER2_PTE_READ_ONLY);
    TAP_OK(nova_mmu_walk_run(&s, host, va, 1u << 20, &x, &run, &f) &&
           run == 8 * 0x1000 - 0x100, "... and where the rights change");
    vput64(SPT + 0x18 * 8, pte(NOVA_MMU_APERTURE_VRAM, PAGE_VRAM + 0x8000));
    vput64(SPT + 0x1c * 8, 0);
    TAP_OK(nova_mmu_walk_run(&s, host, va, 1u << 20, &x, &run, &f) &&
           run == 12 * 0x1000 - 0x100, "... and at an invalid entry");
    /* a big-page table beside the small one: the precedence decides, per page */
    vput64(PD0 + 9 * 16, pde(PDE_VID, LPT));
    TAP_OK(nova_mmu_walk_run(&s, host, va, 1u << 20, &x, &run, &f) &&
           run == 0x1000 - 0x100, "... not read ahead with a big-page table beside");
    /* 64 KiB pages */
    build_dirs(pde(PDE_VID, LPT), 0);
    for (i = 0; i < 32; i++) {
        vput64(LPT + i * 8, pte(NOVA_MMU_APERTURE_VRAM, 0x200000 + i * 0x10000ull));
    }
    TAP_OK(nova_mmu_walk_run(&s, host, VA_BASE | 0x10010, 2u << 20, &x, &run, &f) &&
           x.pa == 0x210010 && run == (2u << 20) - 0x10010,
           "... 64K pages: to the end of the table");
    TAP_OK(!nova_mmu_walk_run(&s, host, VA_BASE + (2u << 20), 4096, &x, &run, &f),
           "... an unmapped first page faults as a walk");
}

static void test_tlb(void)
{
    static NovaMmuTlb tlb;
    NovaMmuSpace s, s2;
    NovaMmuXlate x;
    NovaMmuFault f;
    NovaMmuInvalidate inv;
    int n;

    nova_mmu_space_init(&s, PD3, NOVA_MMU_APERTURE_VRAM, false);
    nova_mmu_space_init(&s2, 0x9000, NOVA_MMU_APERTURE_VRAM, false);
    nova_mmu_tlb_init(&tlb);
    build_dirs(0, pde(PDE_VID, SPT));
    vput64(SPT + 0x33 * 8, pte(NOVA_MMU_APERTURE_VRAM, PAGE_VRAM));

    reads = 0;
    TAP_OK(nova_mmu_tlb_translate(&tlb, &s, host, VA, NOVA_MMU_READ, false, &x, &f) &&
           x.pa == PAGE_VRAM + 0x567, "TLB miss walks");
    TAP_EQ(reads, 5, "a 4K walk reads five entries");
    n = reads;
    TAP_OK(nova_mmu_tlb_translate(&tlb, &s, host, VA + 0x10, NOVA_MMU_READ, false, &x, &f) &&
           x.pa == PAGE_VRAM + 0x577, "TLB hit translates with the new offset");
    TAP_EQ(reads, n, "a hit reads no memory");
    TAP_OK(tlb.stats.hits == 1 && tlb.stats.misses == 1 && tlb.stats.walks == 1,
           "counters: 1 hit, 1 miss, 1 walk");
    TAP_OK(nova_mmu_tlb_translate(&tlb, &s, host, VA, NOVA_MMU_READ, false, &x, &f) &&
           tlb.stats.hits == 2, "hit again");

    /* rights are checked on hits too: a cached read-only page refuses a write */
    vput64(SPT + 0x34 * 8, pte(NOVA_MMU_APERTURE_VRAM, 0x70000) | NV_MMU_VER2_PTE_READ_ONLY);
    TAP_OK(nova_mmu_tlb_translate(&tlb, &s, host, VA + 0x1000, NOVA_MMU_READ, false, &x, &f),
           "RO page: read fills the TLB");
    n = reads;
    TAP_OK(!nova_mmu_tlb_translate(&tlb, &s, host, VA + 0x1000, NOVA_MMU_WRITE, false, &x, &f) &&
           f.type == NV_PFAULT_FAULT_TYPE_RO_VIOLATION && f.access == NOVA_MMU_WRITE &&
           reads == n, "RO page cached: a write faults RO_VIOLATION without a walk");
    TAP_OK(nova_mmu_tlb_translate(&tlb, &s, host, VA + 0x1000, NOVA_MMU_READ, false, &x, &f) &&
           x.page_pa == 0x70000 && reads == n, "and a read still hits");
    vput64(SPT + 0x34 * 8, 0);

    /* a changed PTE stays invisible until each kind of invalidate */
    vput64(SPT + 0x33 * 8, pte(NOVA_MMU_APERTURE_VRAM, 0x90000));
    nova_mmu_tlb_translate(&tlb, &s, host, VA, NOVA_MMU_READ, false, &x, &f);
    TAP_EQ(x.page_pa, PAGE_VRAM, "changed PTE not seen before invalidate");
    nova_mmu_tlb_invalidate_pdb(&tlb, 0x9000, NOVA_MMU_APERTURE_VRAM);
    nova_mmu_tlb_invalidate_va(&tlb, PD3, NOVA_MMU_APERTURE_VRAM, VA + 0x1000);
    nova_mmu_tlb_invalidate_pdb(&tlb, PD3, NOVA_MMU_APERTURE_SYS_COH);
    nova_mmu_tlb_translate(&tlb, &s, host, VA, NOVA_MMU_READ, false, &x, &f);
    TAP_EQ(x.page_pa, PAGE_VRAM, "other PDB, other VA, other aperture: still stale");
    nova_mmu_tlb_invalidate_all(&tlb);
    nova_mmu_tlb_translate(&tlb, &s, host, VA, NOVA_MMU_READ, false, &x, &f);
    TAP_EQ(x.page_pa, 0x90000, "invalidate all: new PTE seen");

    vput64(SPT + 0x33 * 8, pte(NOVA_MMU_APERTURE_VRAM, 0xa0000));
    nova_mmu_tlb_translate(&tlb, &s, host, VA, NOVA_MMU_READ, false, &x, &f);
    TAP_EQ(x.page_pa, 0x90000, "stale again");
    nova_mmu_tlb_invalidate_pdb(&tlb, PD3, NOVA_MMU_APERTURE_VRAM);
    nova_mmu_tlb_translate(&tlb, &s, host, VA, NOVA_MMU_READ, false, &x, &f);
    TAP_EQ(x.page_pa, 0xa0000, "invalidate PDB: new PTE seen");

    vput64(SPT + 0x33 * 8, pte(NOVA_MMU_APERTURE_VRAM, 0xb0000));
    nova_mmu_tlb_translate(&tlb, &s, host, VA, NOVA_MMU_READ, false, &x, &f);
    TAP_EQ(x.page_pa, 0xa0000, "stale again");
    nova_mmu_tlb_invalidate_va(&tlb, PD3, NOVA_MMU_APERTURE_VRAM, VA & ~0xfffull);
    nova_mmu_tlb_translate(&tlb, &s, host, VA, NOVA_MMU_READ, false, &x, &f);
    TAP_EQ(x.page_pa, 0xb0000, "invalidate VA in PDB: new PTE seen");

    vput64(SPT + 0x33 * 8, pte(NOVA_MMU_APERTURE_VRAM, 0xc0000));
    nova_mmu_tlb_translate(&tlb, &s, host, VA, NOVA_MMU_READ, false, &x, &f);
    TAP_EQ(x.page_pa, 0xb0000, "stale again");
    nova_mmu_tlb_invalidate_va_all_pdb(&tlb, VA + 0x100);
    nova_mmu_tlb_translate(&tlb, &s, host, VA, NOVA_MMU_READ, false, &x, &f);
    TAP_EQ(x.page_pa, 0xc0000, "invalidate VA in all PDBs: new PTE seen");

    /* the register path, as tu102_vmm_flush writes it */
    vput64(SPT + 0x33 * 8, pte(NOVA_MMU_APERTURE_VRAM, 0xd0000));
    TAP_OK(!nova_mmu_invalidate_decode(PD3 >> 8, 0, 0x1, &inv), "no TRIGGER, no invalidate");
    TAP_OK(nova_mmu_invalidate_decode(PD3 >> 8, 0, 0x80000001, &inv) &&
           inv.scope == NOVA_MMU_INVAL_PDB && inv.pdb == PD3 &&
           inv.pdb_aperture == NOVA_MMU_APERTURE_VRAM && !inv.hub_only,
           "0x80000001 with PDB>>8: one PDB");
    nova_mmu_tlb_translate(&tlb, &s, host, VA, NOVA_MMU_READ, false, &x, &f);
    TAP_EQ(x.page_pa, 0xc0000, "stale before the register invalidate");
    nova_mmu_tlb_invalidate(&tlb, &inv);
    nova_mmu_tlb_translate(&tlb, &s, host, VA, NOVA_MMU_READ, false, &x, &f);
    TAP_EQ(x.page_pa, 0xd0000, "register invalidate of the PDB: new PTE seen");
    TAP_OK(nova_mmu_invalidate_decode(0x12345672, 0x3, 0x80000007, &inv) &&
           inv.scope == NOVA_MMU_INVAL_ALL && inv.hub_only &&
           inv.pdb == ((0x1234567ull << 12) | (3ull << 40)) &&
           inv.pdb_aperture == NOVA_MMU_APERTURE_SYS_COH,
           "0x80000007: all PDBs, hub only; PDB fields decoded");

    /* permission checks on a hit; a faulting access is not a reason to refill */
    vput64(SPT + 0x33 * 8, pte(NOVA_MMU_APERTURE_VRAM, PAGE_VRAM) | NV_MMU_VER2_PTE_READ_ONLY);
    nova_mmu_tlb_invalidate_all(&tlb);
    nova_mmu_tlb_translate(&tlb, &s, host, VA, NOVA_MMU_READ, false, &x, &f);
    n = reads;
    TAP_OK(!nova_mmu_tlb_translate(&tlb, &s, host, VA, NOVA_MMU_WRITE, false, &x, &f) &&
           f.type == NV_PFAULT_FAULT_TYPE_RO_VIOLATION && reads == n,
           "RO violation from a TLB hit, no memory read");

    /* one entry covers a whole 2 MiB page */
    build_dirs(pte(NOVA_MMU_APERTURE_VRAM, 0x40000000), 0);
    nova_mmu_tlb_invalidate_all(&tlb);
    nova_mmu_tlb_translate(&tlb, &s, host, VA_BASE, NOVA_MMU_READ, false, &x, &f);
    n = reads;
    TAP_OK(nova_mmu_tlb_translate(&tlb, &s, host, VA_BASE + 0x1fffff, NOVA_MMU_READ,
                                  false, &x, &f) &&
           x.pa == 0x40000000 + 0x1fffff && reads == n,
           "2M entry: last byte of the page hits");
    nova_mmu_tlb_invalidate_va(&tlb, PD3, NOVA_MMU_APERTURE_VRAM, VA_BASE + 0x12345);
    nova_mmu_tlb_translate(&tlb, &s, host, VA_BASE, NOVA_MMU_READ, false, &x, &f);
    TAP_OK(reads > n, "invalidating any VA of a 2M page drops it");

    /* faults are not cached and the same VA in another PDB misses */
    n = tlb.stats.faults;
    nova_mmu_tlb_translate(&tlb, &s2, host, VA_BASE, NOVA_MMU_READ, false, &x, &f);
    nova_mmu_tlb_translate(&tlb, &s2, host, VA_BASE, NOVA_MMU_READ, false, &x, &f);
    TAP_EQ(tlb.stats.faults - n, 2, "a fault is walked each time");

    nova_mmu_tlb_flush(&tlb);
    n = reads;
    nova_mmu_tlb_translate(&tlb, &s, host, VA_BASE, NOVA_MMU_READ, false, &x, &f);
    TAP_OK(reads > n, "flush (reset) drops everything");
}

static void test_adversarial(void)
{
    NovaMmuSpace s;
    NovaMmuXlate x;
    NovaMmuFault f;
    int n;

    /* a PD3 whose entry 0 points at itself: walked as every level */
    reset();
    vput64(PD3, pde(PDE_VID, PD3));
    nova_mmu_space_init(&s, PD3, NOVA_MMU_APERTURE_VRAM, false);
    reads = 0;
    TAP_OK(!xl(&s, 0x1000, NOVA_MMU_READ, false, &x, &f) &&
           f.type == NV_PFAULT_FAULT_TYPE_PTE, "self-referencing PDE: ends in a fault");
    TAP_OK(reads <= 6, "... after a bounded walk (%d reads)", reads);
    TAP_OK(fh.guest_errors >= 1, "... logged as a guest error");

    /* a PDE past the end of VRAM */
    build_dirs(0, 0);
    vput64(PD2 + 5 * 8, pde(PDE_VID, FAKE_VRAM_SIZE));
    TAP_OK(!xl(&s, VA, NOVA_MMU_READ, false, &x, &f) &&
           f.type == NV_PFAULT_FAULT_TYPE_PDE && f.level == NOVA_MMU_PD1,
           "PD1 past the end of VRAM: PDE fault");
    TAP_EQ(fh.guest_errors, 1, "... and a guest error");

    /* the largest address a VRAM PDE can hold */
    build_dirs(0, 0);
    vput64(PD3 + 8, pde(PDE_VID, 0) | (0x1ffffffull << 8));
    TAP_OK(!xl(&s, VA, NOVA_MMU_READ, false, &x, &f) && f.level == NOVA_MMU_PD2,
           "PD2 at 128 GiB - 4 KiB: PDE fault");
    TAP_EQ(fh.guest_errors, 1, "... and a guest error");

    /* unmapped system memory, and the largest sysmem address */
    build_dirs(0, pde(PDE_SYS, 0x2000));
    TAP_OK(!xl(&s, VA, NOVA_MMU_READ, false, &x, &f) &&
           f.type == NV_PFAULT_FAULT_TYPE_PTE && f.level == NOVA_MMU_PT,
           "SPT in unmapped sysmem: PTE fault");
    TAP_EQ(fh.guest_errors, 1, "... and a guest error");
    build_dirs(pde(PDE_NCOH, 0) | (~0ull << 4 & 0x003ffffffffffff0ull), 0);
    TAP_OK(!xl(&s, VA, NOVA_MMU_READ, false, &x, &f) && f.type == NV_PFAULT_FAULT_TYPE_PTE,
           "LPT at the top of sysmem: PTE fault");
    TAP_EQ(fh.guest_errors, 1, "... and a guest error");

    /* an LPT near the end of VRAM: the entry read must not run past it */
    build_dirs(pde(PDE_VID, FAKE_VRAM_SIZE - 0x100), 0);
    vput64(FAKE_VRAM_SIZE - 0x100 + 3 * 8, pte(NOVA_MMU_APERTURE_VRAM, 0x70000));
    TAP_OK(xl(&s, VA, NOVA_MMU_READ, false, &x, &f) && x.page_pa == 0x70000,
           "LPT in the last 256 bytes of VRAM works");

    /* a PTE pointing past VRAM translates: the access itself will fail */
    build_dirs(0, pde(PDE_VID, SPT));
    vput64(SPT + 0x33 * 8, pte(NOVA_MMU_APERTURE_VRAM, 0x1fffffff000ull));
    TAP_OK(xl(&s, VA, NOVA_MMU_READ, false, &x, &f), "PTE past VRAM still translates");

    /* PD3/PD2 entries with IS_PTE */
    build_dirs(0, 0);
    vput64(PD3 + 8, pte(NOVA_MMU_APERTURE_VRAM, 0));
    fh.guest_errors = 0;
    TAP_OK(!xl(&s, VA, NOVA_MMU_READ, false, &x, &f) && f.level == NOVA_MMU_PD3,
           "PTE in PD3: PDE fault");
    TAP_EQ(fh.guest_errors, 1, "... and a guest error");

    /* every table pointing at the last page of VRAM, all entries set */
    reset();
    for (n = 0; n < 512; n++) {
        vput64(FAKE_VRAM_SIZE - 0x1000 + n * 8, pde(PDE_VID, FAKE_VRAM_SIZE - 0x1000) | 0xf0);
    }
    nova_mmu_space_init(&s, FAKE_VRAM_SIZE - 0x1000, NOVA_MMU_APERTURE_VRAM, false);
    TAP_OK(!xl(&s, (1ull << 49) - 1, NOVA_MMU_READ, false, &x, &f),
           "all-ones VA through a page of PDEs: a fault, no hang");
}

static void test_fault_buffer(void)
{
    static const uint8_t want[32] = {
        0x00, 0x52, 0x34, 0x12,  0x01, 0x00, 0x00, 0x00,   /* inst 0x112345000, sys coh */
        0x00, 0x30, 0x56, 0x89,  0x00, 0x80, 0x01, 0x00,   /* va 0x1800089563xxx */
        0x88, 0x77, 0x66, 0x55,  0x44, 0x33, 0x22, 0x11,   /* timestamp */
        0x85, 0x01, 0x00, 0x00,                            /* engine 0x185 */
        0x06, 0x23, 0x11, 0x9f,    /* RO, client 0x23, write, hub, gpc 0x1f, valid */
    };
    NovaMmuFaultEntry e = {
        .inst = 0x112345000ull, .inst_aperture = NOVA_MMU_APERTURE_SYS_COH,
        .va = 0x1800089563abcull, .timestamp = 0x1122334455667788ull,
        .engine_id = 0x185, .client = 0x23, .hub = true, .gpc_id = 0x1f,
        .access = NOVA_MMU_WRITE, .fault_type = NV_PFAULT_FAULT_TYPE_RO_VIOLATION,
    };
    NovaMmuFaultBuffer buf = { .base = 0x8000, .aperture = NOVA_MMU_APERTURE_VRAM,
                               .entries = 4 };
    uint8_t got[32];
    uint32_t put;
    bool ovf = false;
    int i, ok;

    reset();
    nova_mmu_fault_encode(&e, got);
    TAP_OK(!memcmp(got, want, 32), "fault entry encoded byte-exact");
    for (i = 0; i < 32 && got[i] == want[i]; i++) {
    }
    if (i < 32) {
        printf("#   first difference at byte %d: 0x%02x, want 0x%02x\n", i, got[i], want[i]);
    }
    /* decoded as gv100_fault_buffer_process does */
    TAP_EQ(got[0x1f] >> 7, 1, "valid bit 31 of info1");
    TAP_EQ(got[0x1c] & 0x1f, NV_PFAULT_FAULT_TYPE_RO_VIOLATION, "reason 4:0");
    TAP_EQ((got[0x1e] >> 4) & 1, 1, "hub bit 20");
    TAP_EQ(got[0x1e] & 0xf, NOVA_MMU_WRITE, "access 19:16");

    buf.get = 2;
    buf.put = 3;
    TAP_EQ(nova_mmu_fault_write(host, &buf, &e, &put, &ovf), 0, "entry written at PUT 3");
    TAP_EQ(put, 0, "PUT wraps to 0");
    fake_vram_read(&fh, 0x8000 + 3 * 32, got, 32);
    TAP_OK(!memcmp(got, want, 32) && !ovf, "VRAM buffer holds the entry, no overflow");
    TAP_EQ(vget32(0x8000 + 2 * 32 + 0x1c), 0, "the entry before PUT is untouched");

    buf.put = 1;
    TAP_EQ(nova_mmu_fault_write(host, &buf, &e, &put, &ovf), 1, "PUT+1 == GET: full");
    TAP_OK(ovf && put == 1, "overflow set, PUT unchanged");
    TAP_EQ(vget32(0x8000 + 1 * 32 + 0x1c), 0, "the dropped entry was not written");

    buf.get = 0;
    buf.put = 3;
    ovf = false;
    TAP_EQ(nova_mmu_fault_write(host, &buf, &e, &put, &ovf), 1,
           "PUT at the end, GET 0: full across the wrap");

    /* sysmem buffer */
    buf = (NovaMmuFaultBuffer){ .base = SYS_FAULTBUF,
                                .aperture = NOVA_MMU_APERTURE_SYS_NCOH, .entries = 64 };
    ok = nova_mmu_fault_write(host, &buf, &e, &put, &ovf);
    fake_dma_read(&fh, SYS_FAULTBUF, got, 32);
    TAP_OK(ok == 0 && put == 1 && !memcmp(got, want, 32), "sysmem buffer entry written");

    fh.guest_errors = 0;
    buf.get = 64;
    TAP_EQ(nova_mmu_fault_write(host, &buf, &e, &put, &ovf), -1, "GET past the end refused");
    buf.get = 0;
    buf.entries = 0;
    TAP_EQ(nova_mmu_fault_write(host, &buf, &e, &put, &ovf), -1, "empty buffer refused");
    buf.entries = 64;
    buf.base = 0x1000;  /* unmapped */
    TAP_EQ(nova_mmu_fault_write(host, &buf, &e, &put, &ovf), -1, "unmapped buffer refused");
    TAP_OK(put == 0, "PUT not advanced");
    TAP_EQ(fh.guest_errors, 3, "each a guest error");
}

/*
 * The TLB decides a hit's rights from bits worked out when the entry was
 * filled: they must say what nova_mmu_check() says, for every combination.
 */
static void test_tlb_allowed(void)
{
    static const NovaMmuAperture aps[] = {
        NOVA_MMU_APERTURE_VRAM, NOVA_MMU_APERTURE_PEER,
        NOVA_MMU_APERTURE_SYS_COH, NOVA_MMU_APERTURE_SYS_NCOH,
    };
    unsigned ap, flags, access, priv, mismatches = 0, n = 0;

    for (ap = 0; ap < 4; ap++) {
        for (flags = 0; flags < 8; flags++) {
            NovaMmuXlate x = {
                .aperture = aps[ap], .priv = flags & 1,
                .read_only = flags & 2, .atomic_disable = flags & 4,
            };
            uint8_t bits = nova_mmu_tlb_allowed(&x);

            for (access = NOVA_MMU_READ; access <= NOVA_MMU_ATOMIC; access++) {
                for (priv = 0; priv < 2; priv++) {
                    NovaMmuFault f;
                    bool check = nova_mmu_check(&x, 0, access, priv, &f);
                    bool bit = bits & NOVA_MMU_TLB_ALLOWED(access, priv);

                    mismatches += check != bit;
                    n++;
                }
            }
        }
    }
    TAP_OK(n == 192 && mismatches == 0,
           "TLB rights bits agree with nova_mmu_check (%u of %u differ)", mismatches, n);
}

int main(void)
{
    fake_host_init(&fh);
    fh.host.vram_read = count_vram_read;
    fh.host.dma_read = count_dma_read;

    test_page_sizes();
    test_sysmem();
    test_flags();
    test_permissions();
    test_tlb_allowed();
    test_invalid_entries();
    test_va_range();
    test_instance_block();
    test_precedence();
    test_walk_run();
    test_tlb();
    test_adversarial();
    test_fault_buffer();

    fake_host_free(&fh);
    return tap_done();
}
