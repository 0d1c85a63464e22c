/*
 * nova-gpu: the GPU MMU as the CPU sees it. BAR1 and BAR2 (PCI BAR3) go
 * through the page tables of the instance block their block register
 * names; the invalidate registers drive the software TLB; a translation
 * fault on a BAR access reads 0 or drops the write, and is reported in the
 * non-replayable fault buffer the driver registered (or, without one, in
 * the fault snapshot registers), with an interrupt. The walker, TLB and
 * fault entry format are mmu/.
 *
 * Registers (NV_VIRTUAL_FUNCTION, BAR0 0xb80000 on Turing to Ada):
 *   +0x0f40/0x0f48 PRIV_BAR1_BLOCK/BAR2_BLOCK: bit 31 virtual mode, 29:28
 *                  target, 27:0 instance block >> 12; +0x0f50 BIND_STATUS
 *   +0x3000 + 0x20 i  fault buffer i: LO, HI, GET, PUT, SIZE (31 enable,
 *                  30 set default size, 19:0 entries)
 *   +0x3080..0x3094 fault snapshot: ADDR_LO/HI, INST_LO/HI, INFO, STATUS
 *   +0x30a0/a4/b0  MMU_INVALIDATE_PDB, _UPPER_PDB, MMU_INVALIDATE
 * and in PFB the vectors these interrupts use (0x100ee0, 0x100ee4 + 4 i).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/units.h"
#include "nova-gpu.h"
#include "trace.h"

/* what FAULT_BUFFER_SIZE's SET_DEFAULT gives (entries) */
#define NOVA_FAULT_BUF_DEFAULT_ENTRIES 1024

/* the instance block a BARn_BLOCK value names */
static uint64_t bar_block_ptr(uint32_t v)
{
    return (uint64_t)NV_FIELD_EX32(v, NV_VIRTUAL_FUNCTION_PRIV_BAR1_BLOCK, PTR) << 12;
}

/* NV_PFAULT_MMU_ENG_ID_BAR1/BAR2 (dev_fault.h, Turing to Ada) */
#define MMU_ENG_ID_BAR1         128
#define MMU_ENG_ID_BAR2         129

bool nova_gmmu_huge_pages(NovaGpuState *s)
{
    return s->chip->id != NOVA_CHIP_TU102;  /* 512 MiB PTEs from Ampere on */
}

/* --- BAR1 direct: translated VRAM mapped into the guest --------------------------- */

/*
 * In virtual mode every BAR1 access is an MMIO exit through the walker and
 * the TLB: ~100x what physical mode costs, where BAR1 is VRAM to the CPU.
 * So once accesses translate to writable VRAM, the run of BAR1 around one
 * that maps VRAM contiguously with the same rights becomes a RAM alias of
 * VRAM over bar1_virt, and later accesses in it never reach the device.
 *
 * Mapping and dropping are memory transactions: under TCG a map and its
 * drop cost about 200 us together (the flat views rebuilt, every CPU's TLB
 * flushed: bench/mmio.sh), as much as 1000 MMIO accesses; under KVM, two
 * memory slot changes. A driver that invalidates often and touches BAR1
 * little would pay that on every invalidate, so a run is mapped only at the
 * NOVA_BAR1_DIRECT_AFTER-th access on the MMIO path to mappable VRAM since
 * the last map or drop (a ski rental: a short use costs what it did before,
 * any use at most about twice what it did).
 *
 * Such an alias is a TLB entry that is never evicted: it holds what the
 * tables said when it was made, and is dropped, all of them in one memory
 * transaction, wherever the TLB's entries for BAR1's space are invalidated
 * or that space changes (an invalidate of BAR1's PDB or of all PDBs from
 * the register, a channel's MEM_OP or GSP-RM, a BAR1_BLOCK write, a reset,
 * a migration load, an mmu-fault rule armed, unplug). Like the hardware's
 * TLB, it is not coherent with the page tables: a changed PTE is seen after
 * the invalidate. What is mapped:
 *  - only VRAM, only what the CPU may read and write (not READ_ONLY: a
 *    write must fault); PRIVILEGE does not matter (BAR accesses are
 *    privileged) nor does ATOMIC_DISABLE (the CPU does no GPU atomics);
 *  - only what the TLB gave for the accessed page (a PTE changed
 *    without an invalidate keeps the MMIO path), and never while an
 *    mmu-fault rule is armed;
 *  - within the aligned NOVA_BAR1_DIRECT_WINDOW around the access, the
 *    bar1-size and VRAM ends, not over another alias, VA and PA host-page
 *    aligned at both ends;
 *  - at most NOVA_BAR1_DIRECT_MAX at a time (each is a KVM memory slot):
 *    when all are in use, the rest stays on the MMIO path until they are
 *    dropped; none is evicted to make room.
 * Writes through an alias bypass the device: its VRAM is marked written
 * (migration sends it) when it is mapped, and QEMU's dirty log of the VRAM
 * block sees the writes themselves. Accesses through it are not traced.
 * The "bar1-direct" property (default on) turns it off.
 */

void nova_gmmu_bar1_direct_drop(NovaGpuState *s, const char *why)
{
    unsigned i;

    if (!s->bar1_direct_n) {
        return;
    }
    memory_region_transaction_begin();
    for (i = 0; i < s->bar1_direct_n; i++) {
        memory_region_del_subregion(&s->bar1, &s->bar1_direct_map[i].mr);
    }
    memory_region_transaction_commit();
    trace_nova_gpu_bar1_direct_unmap(s->bar1_direct_n, why);
    s->bar1_direct_n = 0;
    s->bar1_direct_slow = 0;
    s->bar1_direct_drops++;
}

/*
 * Where the run of BAR1 from @va (page aligned), mapping VRAM at @pa on
 * writable and physically contiguous, ends: at most @end, @va if its page
 * does not map @pa.
 */
static uint64_t bar1_direct_run(NovaGpuState *s, uint64_t va, uint64_t end,
                                uint64_t pa)
{
    uint64_t cur = va, run;
    NovaMmuXlate y;
    NovaMmuFault f;

    while (cur < end) {
        if (!nova_mmu_walk_run(&s->gmmu.bar_space[1], &s->host, cur, end - cur,
                               &y, &run, &f) ||
            y.aperture != NOVA_MMU_APERTURE_VRAM || y.read_only ||
            y.pa != pa + (cur - va) || !run) {
            break;
        }
        cur += run;
    }
    return cur;
}

/* BAR1 @va translated to @x (through the TLB) and was served: map its run. */
static void bar1_direct_map(NovaGpuState *s, uint64_t va, const NovaMmuXlate *x)
{
    uint64_t hp = qemu_real_host_page_size();
    uint64_t page = va & ~0xfffull, page_pa = x->pa - (va & 0xfff);
    uint64_t lo, hi, start, end, pa;
    unsigned i;

    if (!s->bar1_direct || s->gone || s->gmmu.inject.armed ||
        s->bar1_direct_n == NOVA_BAR1_DIRECT_MAX ||
        x->aperture != NOVA_MMU_APERTURE_VRAM || x->read_only ||
        ++s->bar1_direct_slow < NOVA_BAR1_DIRECT_AFTER) {
        return;
    }
    s->bar1_direct_slow = 0;    /* this one tries, mapped or not */
    /* the window, less what other aliases cover */
    lo = QEMU_ALIGN_DOWN(va, NOVA_BAR1_DIRECT_WINDOW);
    hi = MIN(lo + NOVA_BAR1_DIRECT_WINDOW, s->bar1_size);
    for (i = 0; i < s->bar1_direct_n; i++) {
        uint64_t a = s->bar1_direct_map[i].va, b = a + s->bar1_direct_map[i].len;

        if (va >= a && va < b) {
            return;     /* mapped already (this CPU has not seen it yet) */
        }
        if (b <= va) {
            lo = MAX(lo, b);
        } else {
            hi = MIN(hi, a);
        }
    }
    /* the run from the accessed page on, and from the window's start if it reaches it */
    end = bar1_direct_run(s, page, hi, page_pa);
    start = page;
    if (end > page && lo < page && page_pa >= page - lo &&
        bar1_direct_run(s, lo, page, page_pa - (page - lo)) == page) {
        start = lo;
    }
    pa = page_pa - (page - start);
    /* host pages at both ends, within VRAM */
    if ((start - pa) % hp) {
        return;
    }
    pa = ROUND_UP(pa, hp);
    start = ROUND_UP(start, hp);
    end = QEMU_ALIGN_DOWN(end, hp);
    if (pa >= s->vram_size) {
        return;
    }
    end = MIN(end, start + (s->vram_size - pa));
    if (va < start || va >= end) {
        return;
    }

    i = s->bar1_direct_n++;
    s->bar1_direct_map[i].va = start;
    s->bar1_direct_map[i].len = end - start;
    s->bar1_direct_map[i].pa = pa;
    s->bar1_direct_installs++;
    /* the guest writes it from now on without the device seeing */
    nova_vram_written(s, pa, end - start);
    memory_region_transaction_begin();
    memory_region_set_size(&s->bar1_direct_map[i].mr, end - start);
    memory_region_set_alias_offset(&s->bar1_direct_map[i].mr, pa);
    memory_region_add_subregion_overlap(&s->bar1, start,
                                        &s->bar1_direct_map[i].mr, 1);
    memory_region_transaction_commit();
    trace_nova_gpu_bar1_direct_map(start, end - start, pa, i);
}

void nova_gmmu_tlb_invalidated(NovaGpuState *s, bool all, uint64_t pdb,
                               NovaMmuAperture ap)
{
    const NovaMmuSpace *sp = &s->gmmu.bar_space[1];

    /* the invalidate's PDB names an aperture class only: video or system */
    if (all || ((pdb & ~0xfffull) == (sp->pdb & ~0xfffull) &&
                (ap == NOVA_MMU_APERTURE_VRAM) ==
                (sp->pdb_aperture == NOVA_MMU_APERTURE_VRAM))) {
        nova_gmmu_bar1_direct_drop(s, "invalidate");
    }
}

/* (Re)load the address space of BAR @bar from its block register. */
static void gmmu_bind(NovaGpuState *s, unsigned bar)
{
    NovaGmmu *g = &s->gmmu;
    uint32_t v = g->bar_block[bar];
    bool virt = NV_FIELD_EX32(v, NV_VIRTUAL_FUNCTION_PRIV_BAR1_BLOCK, MODE);

    if (bar == 1) {
        nova_gmmu_bar1_direct_drop(s, "bind");
    }
    memset(&g->bar_space[bar], 0, sizeof(g->bar_space[bar]));
    if (virt) {
        /* a failed decode is logged by mmu/ and leaves the space invalid */
        nova_mmu_space_from_inst(&g->bar_space[bar], &s->host,
                                 (NovaMmuAperture)NV_FIELD_EX32(v, NV_VIRTUAL_FUNCTION_PRIV_BAR1_BLOCK, TARGET),
                                 bar_block_ptr(v), nova_gmmu_huge_pages(s));
    }
    if (bar == 1) {
        /* physical mode is a plain window on VRAM: let QEMU map it directly */
        memory_region_set_enabled(&s->bar1_phys, !virt);
        memory_region_set_enabled(&s->bar1_virt, virt);
    }
    trace_nova_gpu_bar_bind(bar, v, g->bar_space[bar].valid,
                            g->bar_space[bar].pdb);
}

void nova_gmmu_bar_bind(NovaGpuState *s, unsigned bar, uint32_t block)
{
    if (bar == 1 || bar == 2) {
        s->gmmu.bar_block[bar] = block;
        gmmu_bind(s, bar);
    }
}

void nova_gmmu_invalidate_all(NovaGpuState *s)
{
    nova_mmu_tlb_invalidate_all(s->gmmu.tlb);
    trace_nova_gpu_tlb_invalidate("all", 0);
    nova_gmmu_tlb_invalidated(s, true, 0, NOVA_MMU_APERTURE_VRAM);
}

/* --- faults ----------------------------------------------------------------------- */

static void gmmu_report_fault(NovaGpuState *s, unsigned bar, uint64_t va,
                              const NovaMmuFault *f)
{
    NovaGmmu *g = &s->gmmu;
    uint32_t v = g->bar_block[bar];
    NovaMmuFaultEntry e = {
        .inst = bar_block_ptr(v),
        .inst_aperture = (NovaMmuAperture)NV_FIELD_EX32(v, NV_VIRTUAL_FUNCTION_PRIV_BAR1_BLOCK, TARGET),
        .va = va & ~0xfffull,
        .timestamp = nova_ptimer_time(&s->ptimer, nova_host_now_ns()),
        .engine_id = bar == 1 ? MMU_ENG_ID_BAR1 : MMU_ENG_ID_BAR2,
        .client = 0,
        .hub = true,
        .access = f->access,
        .fault_type = f->type,
    };
    NovaMmuFaultBuffer buf = {
        .base = (uint64_t)g->fb_hi[0] << 32 | (g->fb_lo[0] & ~0xfffu),
        .aperture = (NovaMmuAperture)(g->fb_lo[0] & 3),
        .entries = NV_FIELD_EX32(g->fb_size[0], NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_SIZE, VAL),
        .get = NV_FIELD_EX32(g->fb_get[0], NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_GET, PTR),
        .put = g->fb_put[0],
    };
    bool overflow = false;
    uint32_t put;

    g->faults++;
    trace_nova_gpu_ub_mmu_fault(bar, va, f->type, f->access, f->level);
    qemu_log_mask(LOG_GUEST_ERROR, "nova-gpu: BAR%u access at 0x%" PRIx64
                  " faulted (type 0x%x, level %d): read 0 / write dropped\n",
                  bar, va, f->type, f->level);
    if (NV_FIELD_EX32(g->fb_size[0], NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_SIZE, ENABLE)) {
        /* the non-replayable buffer, then its notify vector */
        nova_mmu_fault_write(&s->host, &buf, &e, &put, &overflow);
        g->fb_put[0] = put;
        if (overflow) {
            g->fb_get[0] |= NV_FIELD_MASK(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_GET, OVERFLOW);
        }
        nova_intr_raise(&s->intr, NOVA_FAULT_BUF_VECTOR(0));
    } else if (s->gsp_rm.state == NOVA_GSP_RM_RUNNING) {
        /*
         * Under GSP-RM the fault buffers are RM's: it takes the entry and
         * tells the driver with an MMU_FAULT_QUEUED event.
         */
        nova_gsp_rm_mmu_fault_queued(&s->gsp_rm);
    } else if (!(g->info[4] & NV_FIELD_MASK(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_INFO, VALID))) {
        /* no buffer: the snapshot registers hold the first fault until cleared */
        uint8_t raw[NOVA_MMU_FAULT_ENTRY_SIZE];

        nova_mmu_fault_encode(&e, raw);
        g->info[0] = ldl_le_p(raw + 8);         /* address lo */
        g->info[1] = ldl_le_p(raw + 12);        /* address hi */
        g->info[2] = ldl_le_p(raw + 0) | e.engine_id;  /* inst lo | engine */
        g->info[3] = ldl_le_p(raw + 4);         /* inst hi */
        g->info[4] = NV_FIELD_MASK(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_INFO, VALID) | (e.hub ? 1u << 20 : 0) |
                     (uint32_t)e.access << 16 | e.client << 8 | e.fault_type;
        nova_intr_raise(&s->intr, NOVA_FAULT_INFO_VECTOR);
    }
    nova_irq_update(s);
}

/* --- BAR accesses through the walker --------------------------------------------- */

static bool gmmu_access(NovaGpuState *s, unsigned bar, uint64_t va, uint8_t *buf,
                        unsigned len, bool write)
{
    NovaGmmu *g = &s->gmmu;
    NovaMmuXlate x;
    NovaMmuFault f;
    int r;

    if (!(NV_FIELD_EX32(g->bar_block[bar], NV_VIRTUAL_FUNCTION_PRIV_BAR1_BLOCK, MODE))) {
        /* physical mode: the BAR offset is the VRAM address */
        r = write ? s->host.vram_write(s->host.opaque, va, buf, len)
                  : s->host.vram_read(s->host.opaque, va, buf, len);
        return r == 0;
    }
    if (g->inject.armed && (g->inject.match || (va & ~0xfffull) ==
                                                 (g->inject.value & ~0xfffull)) &&
        nova_fault_fire(&g->inject)) {
        /* "mmu-fault": as if the PTE were invalid */
        f = (NovaMmuFault) {
            .type = NV_PFAULT_FAULT_TYPE_PTE,
            .va = va,
            .access = write ? NOVA_MMU_WRITE : NOVA_MMU_READ,
            .level = NOVA_MMU_PT,
        };
        gmmu_report_fault(s, bar, va, &f);
        return false;
    }
    if (!nova_mmu_tlb_translate(g->tlb, &g->bar_space[bar], &s->host, va,
                                write ? NOVA_MMU_WRITE : NOVA_MMU_READ, true,
                                &x, &f)) {
        gmmu_report_fault(s, bar, va, &f);
        return false;
    }
    if (x.aperture == NOVA_MMU_APERTURE_VRAM) {
        r = write ? s->host.vram_write(s->host.opaque, x.pa, buf, len)
                  : s->host.vram_read(s->host.opaque, x.pa, buf, len);
        if (!r && bar == 1) {
            bar1_direct_map(s, va, &x);
        }
    } else {
        r = write ? s->host.dma_write(s->host.opaque, x.pa, buf, len)
                  : s->host.dma_read(s->host.opaque, x.pa, buf, len);
    }
    if (r) {
        qemu_log_mask(LOG_GUEST_ERROR, "nova-gpu: BAR%u 0x%" PRIx64 " maps to "
                      "0x%" PRIx64 " (aperture %d), which is not backed\n",
                      bar, va, x.pa, x.aperture);
    }
    return r == 0;
}

/* One BAR access, split where it crosses a 4 KiB page (the smallest page). */
static uint64_t gmmu_bar_read(NovaGpuState *s, unsigned bar, hwaddr addr,
                              unsigned size)
{
    uint8_t b[8] = { 0 };
    unsigned first = MIN(size, 0x1000 - (addr & 0xfff));

    if (!gmmu_access(s, bar, addr, b, first, false)) {
        memset(b, 0, first);
    }
    if (first < size && !gmmu_access(s, bar, addr + first, b + first,
                                     size - first, false)) {
        memset(b + first, 0, size - first);
    }
    return ldn_le_p(b, size);
}

static void gmmu_bar_write(NovaGpuState *s, unsigned bar, hwaddr addr,
                           uint64_t val, unsigned size)
{
    uint8_t b[8];
    unsigned first = MIN(size, 0x1000 - (addr & 0xfff));

    stn_le_p(b, size, val);
    gmmu_access(s, bar, addr, b, first, true);
    if (first < size) {
        gmmu_access(s, bar, addr + first, b + first, size - first, true);
    }
}

static uint64_t bar1_virt_read(void *opaque, hwaddr addr, unsigned size)
{
    uint64_t val;

    nova_time_enter(opaque, NOVA_TIME_BAR1);
    val = gmmu_bar_read(opaque, 1, addr, size);
    nova_time_leave(opaque);
    return val;
}

static void bar1_virt_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    nova_time_enter(opaque, NOVA_TIME_BAR1);
    gmmu_bar_write(opaque, 1, addr, val, size);
    nova_time_leave(opaque);
}

static uint64_t bar2_read(void *opaque, hwaddr addr, unsigned size)
{
    uint64_t val;

    nova_time_enter(opaque, NOVA_TIME_BAR2);
    val = gmmu_bar_read(opaque, 2, addr, size);
    nova_time_leave(opaque);
    return val;
}

static void bar2_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    nova_time_enter(opaque, NOVA_TIME_BAR2);
    gmmu_bar_write(opaque, 2, addr, val, size);
    nova_time_leave(opaque);
}

static const MemoryRegionOps bar1_virt_ops = {
    .read = bar1_virt_read,
    .write = bar1_virt_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
    .impl = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
};

static const MemoryRegionOps bar2_ops = {
    .read = bar2_read,
    .write = bar2_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
    .impl = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
};

void nova_gmmu_init_bars(NovaGpuState *s)
{
    Object *o = OBJECT(s);
    unsigned i;

    s->gmmu.tlb = g_new0(NovaMmuTlb, 1);
    nova_mmu_tlb_init(s->gmmu.tlb);
    memory_region_init(&s->bar1, o, "nova-gpu.bar1", s->bar1_size);
    memory_region_init_alias(&s->bar1_phys, o, "nova-gpu.bar1-physical",
                             &s->vram, 0, s->bar1_size);
    memory_region_init_io(&s->bar1_virt, o, &bar1_virt_ops, s,
                          "nova-gpu.bar1-virtual", s->bar1_size);
    memory_region_add_subregion(&s->bar1, 0, &s->bar1_phys);
    memory_region_add_subregion(&s->bar1, 0, &s->bar1_virt);
    memory_region_set_enabled(&s->bar1_virt, false);
    /* mapped over bar1_virt, their size and offset set, when used */
    for (i = 0; i < NOVA_BAR1_DIRECT_MAX; i++) {
        g_autofree char *name = g_strdup_printf("nova-gpu.bar1-direct%u", i);

        memory_region_init_alias(&s->bar1_direct_map[i].mr, o, name, &s->vram,
                                 0, 4 * KiB);
    }
    memory_region_init_io(&s->bar3, o, &bar2_ops, s, "nova-gpu.bar2", NOVA_BAR3_SIZE);
}

void nova_gmmu_exit(NovaGpuState *s)
{
    g_free(s->gmmu.tlb);
    s->gmmu.tlb = NULL;
}

void nova_gmmu_reset(NovaGpuState *s)
{
    NovaMmuTlb *tlb = s->gmmu.tlb;
    NovaFaultHook inject = s->gmmu.inject;  /* armed faults outlive a reset */

    memset(&s->gmmu, 0, sizeof(s->gmmu));
    s->gmmu.tlb = tlb;
    s->gmmu.inject = inject;
    nova_mmu_tlb_flush(tlb);
    gmmu_bind(s, 1);
    gmmu_bind(s, 2);
}

/* --- registers ------------------------------------------------------------------ */

#define VALID_MASK NV_FIELD_MASK(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_INFO, VALID)
#define OVERFLOW_MASK \
    NV_FIELD_MASK(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_GET, OVERFLOW)

static const NovaRegRow gmmu_rows[] = {
    NV_ROW(NV_VIRTUAL_FUNCTION_PRIV_BAR1_BLOCK),
    NV_ROW(NV_VIRTUAL_FUNCTION_PRIV_BAR2_BLOCK),
    NV_ROW(NV_VIRTUAL_FUNCTION_PRIV_BIND_STATUS, .ro = NV_READ_ONLY),
    NV_ROW_ARRAY(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_LO),
    NV_ROW_ARRAY(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_HI),
    NV_ROW_ARRAY(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_GET),
    NV_ROW_ARRAY(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_PUT, .ro = NV_READ_ONLY),
    NV_ROW_ARRAY(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_SIZE),
    NV_ROW(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_ADDR_LO, .ro = NV_READ_ONLY),
    NV_ROW(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_ADDR_HI, .ro = NV_READ_ONLY),
    NV_ROW(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_INST_LO, .ro = NV_READ_ONLY),
    NV_ROW(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_INST_HI, .ro = NV_READ_ONLY),
    NV_ROW(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_INFO, .ro = NV_READ_ONLY),
    NV_ROW(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_STATUS),
    NV_ROW(NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_PDB),
    NV_ROW(NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_UPPER_PDB),
    NV_ROW(NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE),
};

/*
 * The registers' state is NovaGmmu's (the fault path fills it): each read
 * and write names its field. Offsets are from NV_VIRTUAL_FUNCTION_BASE.
 */
bool nova_gmmu_vfn_read(NovaGpuState *s, uint32_t off, uint32_t *val)
{
    NovaGmmu *g = &s->gmmu;
    unsigned i;

    if (NV_REG_IN_ARRAY(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_LO, off, &i)) {
        *val = g->fb_lo[i];
    } else if (NV_REG_IN_ARRAY(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_HI, off, &i)) {
        *val = g->fb_hi[i];
    } else if (NV_REG_IN_ARRAY(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_GET, off, &i)) {
        *val = g->fb_get[i];
    } else if (NV_REG_IN_ARRAY(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_PUT, off, &i)) {
        *val = g->fb_put[i];
    } else if (NV_REG_IN_ARRAY(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_SIZE, off, &i)) {
        *val = g->fb_size[i];
    } else {
        switch (off) {
        case A_NV_VIRTUAL_FUNCTION_PRIV_BAR1_BLOCK: *val = g->bar_block[1]; break;
        case A_NV_VIRTUAL_FUNCTION_PRIV_BAR2_BLOCK: *val = g->bar_block[2]; break;
        /* binds complete at once */
        case A_NV_VIRTUAL_FUNCTION_PRIV_BIND_STATUS: *val = 0; break;
        case A_NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_ADDR_LO: *val = g->info[0]; break;
        case A_NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_ADDR_HI: *val = g->info[1]; break;
        case A_NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_INST_LO: *val = g->info[2]; break;
        case A_NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_INST_HI: *val = g->info[3]; break;
        case A_NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_INFO: *val = g->info[4]; break;
        case A_NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_STATUS:
            *val = g->info[4] & VALID_MASK;
            break;
        case A_NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_PDB: *val = g->inval_pdb_lo; break;
        case A_NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_UPPER_PDB:
            *val = g->inval_pdb_hi;
            break;
        case A_NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE: *val = g->inval_ctrl; break;
        default:
            return false;
        }
    }
    return true;
}

bool nova_gmmu_vfn_write(NovaGpuState *s, uint32_t off, uint32_t val)
{
    NovaGmmu *g = &s->gmmu;
    const NovaRegRow *r = nova_reg_row_find(gmmu_rows, ARRAY_SIZE(gmmu_rows),
                                            off, NULL);
    NovaMmuInvalidate inv;
    unsigned i;

    if (r && r->ro == NV_READ_ONLY) {
        nova_ro_write(s, "VIRTUAL_FUNCTION", NV_VIRTUAL_FUNCTION_BASE + off,
                      r->name, val);
        return true;
    }
    if (NV_REG_IN_ARRAY(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_LO, off, &i)) {
        g->fb_lo[i] = val;
    } else if (NV_REG_IN_ARRAY(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_HI, off, &i)) {
        g->fb_hi[i] = val;
    } else if (NV_REG_IN_ARRAY(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_GET, off, &i)) {
        /* the consumer's index; OVERFLOW is write-1-to-clear */
        g->fb_get[i] = NV_FIELD_EX32(val, NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_GET, PTR) |
                       (g->fb_get[i] & OVERFLOW_MASK & ~val);
    } else if (NV_REG_IN_ARRAY(NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_SIZE, off, &i)) {
        bool enable = NV_FIELD_EX32(val, NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_SIZE,
                                    ENABLE);
        uint32_t entries =
            NV_FIELD_EX32(val, NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_SIZE, SET_DEFAULT) ?
            NOVA_FAULT_BUF_DEFAULT_ENTRIES :
            NV_FIELD_EX32(val, NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_SIZE, VAL);

        g->fb_size[i] = NV_FIELD_DP32(entries, NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_BUFFER_SIZE,
                                      ENABLE, enable);
        if (!enable) {
            g->fb_put[i] = 0;
            g->fb_get[i] = 0;
        }
    } else {
        switch (off) {
        case A_NV_VIRTUAL_FUNCTION_PRIV_BAR1_BLOCK:
            nova_gmmu_bar_bind(s, 1, val);
            break;
        case A_NV_VIRTUAL_FUNCTION_PRIV_BAR2_BLOCK:
            nova_gmmu_bar_bind(s, 2, val);
            break;
        case A_NV_VIRTUAL_FUNCTION_PRIV_MMU_FAULT_STATUS:
            g->info[4] &= ~(val & VALID_MASK);      /* snapshot consumed */
            break;
        case A_NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_PDB:
            g->inval_pdb_lo = val;
            break;
        case A_NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE_UPPER_PDB:
            g->inval_pdb_hi = val;
            break;
        case A_NV_VIRTUAL_FUNCTION_PRIV_MMU_INVALIDATE:
            /* done before the driver can poll: TRIGGER reads back clear */
            g->inval_ctrl = val & ~NV_MMU_INVALIDATE_TRIGGER;
            if (nova_mmu_invalidate_decode(g->inval_pdb_lo, g->inval_pdb_hi,
                                           val, &inv)) {
                nova_mmu_tlb_invalidate(g->tlb, &inv);
                trace_nova_gpu_tlb_invalidate(inv.scope == NOVA_MMU_INVAL_ALL ?
                                              "all" : "pdb", inv.pdb);
                nova_gmmu_tlb_invalidated(s, inv.scope == NOVA_MMU_INVAL_ALL,
                                          inv.pdb, inv.pdb_aperture);
            }
            break;
        default:
            return false;
        }
    }
    return true;
}

const char *nova_gmmu_reg_name(uint32_t off)
{
    const NovaRegRow *r = nova_reg_row_find(gmmu_rows, ARRAY_SIZE(gmmu_rows),
                                            off, NULL);

    return r ? r->name : NULL;
}
