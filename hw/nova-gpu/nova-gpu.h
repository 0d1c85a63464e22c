/*
 * nova-gpu: QEMU model of an NVIDIA GSP-based GPU (Turing, Ampere, Ada).
 *
 * Device state and the interface between the BAR0 units. Each NVIDIA unit
 * (PMC, PBUS, PTIMER, ...) lives in its own file and is described by a
 * NovaUnitInfo; nova-gpu.c maps every unit at its real BAR0 offset.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_NOVA_GPU_H
#define HW_NOVA_GPU_H

#include "hw/pci/pci_device.h"
#include "qom/object.h"
#include "qemu/timer.h"
#include "hw/display/edid.h"
#include "nova/chip.h"
#include "nova/disp.h"
#include "nova/falcon.h"
#include "nova/fifo.h"
#include "nova/gsp-rm.h"
#include "nova/host.h"
#include "nova/secure-regs.h"
#include "nova/intr.h"
#include "nova/mmu.h"
#include "nova/ptimer.h"
#include "nova/regs.h"

#define TYPE_NOVA_GPU "nova-gpu"
OBJECT_DECLARE_SIMPLE_TYPE(NovaGpuState, NOVA_GPU)

#define NOVA_BAR0_SIZE      (16 * MiB)
#define NOVA_BAR3_SIZE      (32 * MiB)
#define NOVA_VRAM_DEFAULT   (8 * GiB)
#define NOVA_BAR1_DEFAULT   (256 * MiB)
#define NOVA_ROM_BAR_MIN    (64 * KiB)
/* BAR1 direct mappings (gmmu.c): how many, and the window each stays in */
#define NOVA_BAR1_DIRECT_MAX    16
#define NOVA_BAR1_DIRECT_WINDOW (2 * MiB)
/* MMIO accesses to mappable VRAM that make the next one map its run */
#define NOVA_BAR1_DIRECT_AFTER  1024

typedef struct NovaGpuState NovaGpuState;

/*
 * One NVIDIA unit in BAR0, at its real offset (nova/regs/units.h).
 *
 * Its registers are rows of a table (nova/regs/table.h): the name, offset,
 * reset value and access masks, declared once. bar0.c stores each row that
 * is not hooked in the unit's regs[], resets it, migrates it and traces
 * accesses by the row's name; a write keeps the row's read-only bits, clears
 * its write-1-to-clear bits and is refused (a guest error) on a read-only
 * register. The unit's functions add what a register does beyond holding a
 * value: values of read-only registers that the chip or the properties fix
 * (fixed, applied at reset and after a migration load), other state to reset
 * (reset), effects of a
 * write (post_write), and hooked rows and windows (read/write, which return
 * false for an offset the unit does not model; the access then reads 0, is
 * traced and logged LOG_UNIMP). Sub-dword reads are served from the dword;
 * sub-dword writes are refused as guest errors, unless the unit brings its
 * own MemoryRegionOps (ops != NULL) for byte registers.
 */
#define NOVA_UNIT_MAX_REGS 64

typedef struct NovaUnit NovaUnit;

typedef struct NovaUnitInfo {
    const char *name;
    hwaddr base;
    uint64_t size;
    const NovaRegRow *rows;
    unsigned nrows;
    /* values of read-only rows that the chip or the properties fix */
    void (*fixed)(NovaGpuState *s, NovaUnit *u);
    /* other state of the unit, at reset */
    void (*reset)(NovaGpuState *s, NovaUnit *u);
    void (*post_write)(NovaGpuState *s, const NovaRegRow *row, uint32_t val);
    bool (*read)(NovaGpuState *s, hwaddr addr, uint32_t *val);
    bool (*write)(NovaGpuState *s, hwaddr addr, uint32_t val);
    /* NVIDIA's name of a register outside the table, or NULL (for traces) */
    const char *(*reg_name)(hwaddr addr);
    const MemoryRegionOps *ops;
} NovaUnitInfo;

/*
 * Device time (devtime.c): the host time spent inside nova-gpu's own code,
 * by where it was entered: an MMIO handler (a vCPU's access), a bottom half
 * or a timer (the main loop). Only the outermost entry is timed: what runs
 * inside it (a DMA or MSI that comes back to the device, a BAR0 access by the
 * config-space mirror) is part of it, counted once. Runtime statistics, kept
 * across resets and not migrated; "info nova-gpu" and the QOM property
 * "device-time" show them. Counted only with count-device-time=on: the
 * clock reads cost an MMIO access some 65 ns, a third of a BAR0 read's
 * cost under TCG (bench/mmio.sh).
 */
typedef enum NovaTimeSite {
    NOVA_TIME_BAR0,             /* every BAR0 unit and the unmodelled rest */
    NOVA_TIME_BAR1,             /* BAR1 through the GPU MMU (not the direct window) */
    NOVA_TIME_BAR2,             /* NVIDIA's BAR2 (our BAR3) */
    /* from here on, rare entries: their CPU time is what counts (below) */
    NOVA_TIME_CONFIG,           /* config-space writes */
    NOVA_TIME_BH_GSP_FALCON,    /* the GSP falcon's runs */
    NOVA_TIME_BH_SEC2_FALCON,
    NOVA_TIME_BH_GSP_RM,        /* GSP-RM's command queue */
    NOVA_TIME_BH_FIFO,          /* the channels */
    NOVA_TIME_BH_RESET,         /* a deferred reset */
    NOVA_TIME_TIMER_GSP_RM,     /* the end of an injected RPC delay */
    NOVA_TIME_TIMER_FIFO,       /* the next slice of the channels */
    NOVA_TIME_BH_DISP,          /* the display channels */
    NOVA_TIME_TIMER_DISP,       /* a head's vblank */
    NOVA_TIME__COUNT
} NovaTimeSite;

/*
 * The timeline: device time per bin of 2^20 ns (about 1 ms) of host time
 * from the first BAR0 access (a driver's first; firmware and the kernel's
 * PCI scan only touch config space), so that device time can be set against
 * the driver's own timestamps. Past the last bin only the totals grow.
 */
#define NOVA_TIME_BIN_SHIFT     20
#define NOVA_TIME_BINS          (1u << 18)     /* about 275 s */

/*
 * An MMIO access is timed by the monotonic clock (vDSO, no system call): it
 * is short enough that the host seldom takes the CPU away inside it. A
 * bottom half, a timer or a config write can run for milliseconds, and on
 * a loaded host the thread may wait for a CPU meanwhile: those entries are
 * rare, so they afford the thread's CPU clock (a system call), and count
 * the CPU time (ns[]) beside the elapsed time (wall_ns[]).
 */
#define NOVA_TIME_CPU_CLOCKED(site)     ((site) >= NOVA_TIME_CONFIG)

typedef struct NovaDevTime {
    unsigned depth;             /* entries in progress (nested ones included) */
    NovaTimeSite site;          /* where the outermost one came in */
    int64_t entered;            /* get_clock() then */
    int64_t entered_cpu;        /* the thread's CPU clock then (rare entries) */
    uint64_t ns[NOVA_TIME__COUNT];      /* the device time */
    uint64_t wall_ns[NOVA_TIME__COUNT]; /* the elapsed time */
    uint64_t calls[NOVA_TIME__COUNT];
    uint64_t nested;            /* entries inside another: not timed again */
    /*
     * When the first and the last entry of each kind since the origin
     * returned (ns from the origin; 0: none yet): the end of a falcon's run
     * is an event the driver reports, which sets the timeline against the
     * driver's timestamps
     */
    int64_t first_end[NOVA_TIME__COUNT];
    int64_t last_end[NOVA_TIME__COUNT];
    int64_t origin;             /* get_clock() at the first BAR0 access, or 0 */
    uint32_t *bins;             /* NOVA_TIME_BINS of them, from the origin */
    uint32_t nbins;             /* bins[nbins...] are all zero */
    uint64_t past_ns;           /* device time past the last bin */
} NovaDevTime;

/* an MMIO region whose accesses are timed: the handlers it wraps */
typedef struct NovaTimedIo {
    NovaGpuState *s;
    NovaTimeSite site;
    const MemoryRegionOps *inner;
    void *opaque;
    MemoryRegionOps ops;        /* inner's, with the timing wrappers */
    uint64_t ns, calls;         /* this region's share of its site's */
} NovaTimedIo;

struct NovaUnit {
    NovaGpuState *s;
    const NovaUnitInfo *info;
    MemoryRegion mr;
    NovaTimedIo io;
    /* the stored rows' values, in table order (an array's elements in turn) */
    uint32_t regs[NOVA_UNIT_MAX_REGS];
};

extern const NovaUnitInfo nova_unit_pmc, nova_unit_pbus, nova_unit_ptimer,
    nova_unit_fuse_gm107, nova_unit_fuse_ga100, nova_unit_fuse_fpf,
    nova_unit_pci_mirror, nova_unit_pfb, nova_unit_pextdev, nova_unit_pgc6,
    nova_unit_uflush,
    nova_unit_pfb_pri_mmu_wpr, nova_unit_prmcio, nova_unit_pdisp_vga,
    nova_unit_pramin, nova_unit_vfn, nova_unit_usermode, nova_unit_prom, nova_unit_gsp_falcon,
    nova_unit_sec2_falcon, nova_unit_pdisp, nova_unit_udisp;

#define NOVA_MAX_UNITS 24

/* CPU interrupt vectors of the MMU's fault reports (reported in PFB 0x100ee0/4) */
#define NOVA_FAULT_INFO_VECTOR      0x84
#define NOVA_FAULT_BUF_VECTOR(i)    (0x85 + (i))

/* gmmu.c: BAR1/BAR2 translation, TLB invalidation, fault reporting */
typedef struct NovaGmmu {
    NovaMmuTlb *tlb;
    uint32_t bar_block[3];          /* [1] BAR1_BLOCK, [2] BAR2_BLOCK */
    NovaMmuSpace bar_space[3];      /* what each block register bound */
    uint32_t inval_pdb_lo, inval_pdb_hi, inval_ctrl;
    uint32_t fb_lo[2], fb_hi[2], fb_get[2], fb_put[2], fb_size[2];
    uint32_t info[5];               /* fault snapshot: addr lo/hi, inst lo/hi, info */
    uint64_t faults;
    NovaFaultHook inject;           /* "mmu-fault": match 1 = any page */
} NovaGmmu;

struct NovaGpuState {
    PCIDevice parent_obj;

    /* properties */
    char *chip_name;
    uint64_t vram_size;
    uint64_t bar1_size;
    bool display;
    char *fault_spec;           /* "fault": see fault.c */
    bool bar1_direct;           /* "bar1-direct": see gmmu.c */
    bool count_device_time;     /* "count-device-time": see devtime.c */
    qemu_edid_info edid_info;   /* "xres", "yres": the monitor (scanout.c) */

    const NovaChip *chip;

    MemoryRegion bar0;
    MemoryRegion bar0_unassigned;
    NovaUnit units[NOVA_MAX_UNITS];
    MemoryRegion vram;
    struct RamBlockAttributes *vram_populated;  /* vram.c: what migration sends */
    int32_t vram_pages;                     /* host pages of VRAM: the map's bits */
    unsigned long *vram_map;    /* the map VMState saves, or the one it loads */
    bool vram_map_loaded;       /* vram_map is a loaded copy (ours to free) */
    MemoryRegion bar1;          /* container: one of the two below is enabled */
    MemoryRegion bar1_phys;     /* physical mode: VRAM, mapped directly */
    MemoryRegion bar1_virt;     /* virtual mode: through the GPU MMU */
    /* virtual mode: translated VRAM the guest reaches directly (gmmu.c) */
    struct {
        MemoryRegion mr;        /* an alias of vram, over bar1_virt */
        uint64_t va, len, pa;   /* what it maps while one of the first n */
    } bar1_direct_map[NOVA_BAR1_DIRECT_MAX];
    unsigned bar1_direct_n;     /* how many are mapped: [0, n) */
    unsigned bar1_direct_slow;  /* mappable accesses since the last map or drop */
    uint64_t bar1_direct_installs;  /* counters for info nova-gpu */
    uint64_t bar1_direct_drops;
    MemoryRegion bar3;          /* NVIDIA's BAR2, always through gmmu.c */
    MemoryRegion rom_bar;       /* expansion ROM, unless romfile= */
    uint8_t *vbios;             /* the generated VBIOS */
    size_t vbios_len;
    struct {                    /* "vbios-corrupt", "vbios-no-fwsec" (prom.c) */
        NovaFaultHook corrupt, no_fwsec;
        bool dirty;             /* re-apply before the next PROM read */
        struct {
            bool saved;
            uint8_t sig[2], last, npde_last;
            uint32_t pcir, npde;
        } copy[2];              /* what each served copy had before */
    } vbios_faults;
    char *transcript_path;      /* property "transcript" */
    FILE *transcript;
    uint64_t transcript_bytes;

    /*
     * Unit state beyond the units' register tables (units[].regs): shared
     * with an engine, or not dword registers. Reset by nova_gpu_reset.
     */
    NovaSecureRegs secure;      /* SW_SCRATCH and WPR2: firmware writes them */
    NovaPtimer ptimer;
    uint8_t vga_crtc_index;
    uint8_t vga_crtc[256];
    NovaIntr intr;
    NovaGmmu gmmu;

    /* engines and the host interface they run on (host.c) */
    NovaHost host;
    NovaFalcon falcon[2];       /* indexed by NovaFalconEngine */
    QEMUBH *falcon_bh[2];
    NovaGspRm gsp_rm;
    QEMUBH *gsp_rm_bh;          /* runs the command queue after a doorbell */
    QEMUTimer *gsp_rm_timer;    /* ends an injected RPC delay */
    bool gsp_rm_resume;         /* ...and the bottom half takes it from there */
    bool gsp_rm_kick;           /* a doorbell's bottom half is pending */
    bool falcon_run_pending[2]; /* a falcon run's bottom half is pending */
    NovaFifo fifo;              /* channels, the host, the copy engine */
    QEMUBH *fifo_bh;            /* runs the channels after a doorbell (fifo.c) */
    QEMUTimer *fifo_timer;      /* the next slice, an acquire's retry */
    bool fifo_kick;             /* a run's bottom half is pending */
    /* the display (display=on): disp.c, scanout.c */
    NovaDisp disp;
    QEMUBH *disp_bh;            /* runs the display channels after a PUT */
    bool disp_kick;             /* its bottom half is pending */
    QEMUTimer *vblank_timer[NOVA_DISP_MAX_HEADS];
    int64_t vblank_frame[NOVA_DISP_MAX_HEADS];  /* ns per frame, 0: head dark */
    int64_t vblank_epoch[NOVA_DISP_MAX_HEADS];  /* the frame grid's origin */
    struct NovaScanout *scanout;
    bool irq_level;     /* last level driven on INTx / signalled by MSI */
    bool msi_was_enabled;

    /* re-entrancy (docs/design.md "Re-entrancy"; nova_io_begin below) */
    QEMUBH *reset_bh;           /* runs a reset requested inside the device's work */
    bool reset_deferred;
    bool gone;                  /* unrealized: work still in flight stops */

    NovaDevTime devtime;        /* devtime.c: not migrated */
    NovaTimedIo bar0_unassigned_io;
};

/*
 * Time the device's code from here to the matching nova_time_leave. Every
 * entry point brackets its work with the pair: the MMIO handlers (through
 * nova_time_init_io), the config-space hook, the bottom halves and timers.
 * All of them run under the BQL, so the counters need no atomics.
 */
int64_t nova_time_account(NovaGpuState *s, int64_t now);
int64_t nova_time_thread_cpu(void);

static inline void nova_time_enter(NovaGpuState *s, NovaTimeSite site)
{
    NovaDevTime *t = &s->devtime;

    if (!s->count_device_time) {
        return;
    }
    if (t->depth++) {
        t->nested++;
        return;
    }
    t->site = site;
    if (NOVA_TIME_CPU_CLOCKED(site)) {
        t->entered_cpu = nova_time_thread_cpu();
    }
    t->entered = get_clock();
}

/* the time charged to the entry, or -1 for a nested one */
static inline int64_t nova_time_leave(NovaGpuState *s)
{
    if (!s->count_device_time) {
        return -1;
    }
    if (--s->devtime.depth == 0) {
        return nova_time_account(s, get_clock());
    }
    return -1;
}

/* memory_region_init_io with every access of @mr timed as @site */
void nova_time_init_io(NovaGpuState *s, NovaTimedIo *io, MemoryRegion *mr,
                       NovaTimeSite site, const MemoryRegionOps *ops,
                       void *opaque, const char *name, uint64_t size);
/* the counters as text ("info nova-gpu") */
void nova_time_describe(NovaGpuState *s, GString *out);
/* QOM "device-time": the counters and the timeline, as a QAPI object */
void nova_time_visit(NovaGpuState *s, Visitor *v, const char *name, Error **errp);
void nova_time_free(NovaGpuState *s);

/*
 * The re-entrancy rule. Any DMA or interrupt the device issues can come back
 * to it: to its own BARs, or to its config space through a host bridge's
 * ECAM window or a root port (a function-level reset, a slot powered off).
 * QEMU's re-entrancy guard (DeviceState.mem_reentrancy_guard) is engaged
 * while the device works: QEMU engages it for each MMIO access and each
 * guarded bottom half, and host.c and irq.c engage it around every DMA and
 * MSI whoever issues them (a monitor command too). While it is engaged:
 *  - accesses to the device's own MMIO are refused (QEMU);
 *  - a reset is deferred to a bottom half (nova-gpu.c), so the engine that
 *    issued the DMA or MSI finds its state as it left it;
 *  - an unplug only marks the device gone: what in-flight work can touch is
 *    freed with the object (instance_finalize, after QEMU's RCU has let go
 *    of the device's memory regions), and the host interface refuses DMA,
 *    interrupts and scheduling from then on, so the work stops at its next
 *    upcall.
 */
static inline bool nova_io_begin(NovaGpuState *s)
{
    MemReentrancyGuard *g = &DEVICE(s)->mem_reentrancy_guard;
    bool was = g->engaged_in_io;

    g->engaged_in_io = true;
    return was;
}

static inline void nova_io_end(NovaGpuState *s, bool was)
{
    DEVICE(s)->mem_reentrancy_guard.engaged_in_io = was;
}

/* run a reset the rule deferred, now (before a save) */
void nova_gpu_reset_deferred(NovaGpuState *s);

/* Build BAR0: the container, every unit at its offset, the catch-all. */
void nova_bar0_init(NovaGpuState *s);
/* Every unit's stored registers to their reset values. */
void nova_bar0_reset(NovaGpuState *s);
/* After a migration load: read-only registers back to their fixed values. */
void nova_bar0_post_load(NovaGpuState *s);
/* The stored register at BAR0 offset @addr (a row of a unit's table). */
uint32_t nova_reg(NovaGpuState *s, hwaddr addr);
void nova_reg_set(NovaGpuState *s, hwaddr addr, uint32_t val);
extern const VMStateDescription vmstate_nova_unit;
/* The unit name owning BAR0 offset @addr, modelled or not (for traces). */
const char *nova_bar0_unit_name(hwaddr addr);
/* Log and trace an access the model does not implement. */
void nova_unimp(NovaGpuState *s, const char *unit, hwaddr addr, bool write,
                uint64_t val, unsigned size);
/* A guest wrote a register that hardware treats as read-only. */
void nova_ro_write(NovaGpuState *s, const char *unit, hwaddr addr,
                   const char *reg, uint32_t val);
/* Re-evaluate the interrupt tree's output and deliver it (MSI or INTx). */
void nova_irq_update(NovaGpuState *s);
/* NV_XVE MSI rearm: signal again if the tree is still asserted. */
void nova_irq_msi_rearm(NovaGpuState *s);
uint64_t nova_host_now_ns(void);
/* The VBIOS the PROM window serves (generated, or the romfile dump). */
const uint8_t *nova_prom_image(NovaGpuState *s, size_t *len);
/* The VBIOS faults were armed or cleared: patch or restore the images. */
void nova_prom_faults_changed(NovaGpuState *s);
/* host.c: the engines' host interface and the falcons' deferred runs */
bool nova_host_init(NovaGpuState *s, Error **errp);
/* fault.c: arm rules ("fault" property, QOM fault-arm), clear, describe */
bool nova_fault_arm_spec(NovaGpuState *s, const char *spec, Error **errp);
bool nova_gpu_fault_clear(NovaGpuState *s, const char *name, Error **errp);
void nova_fault_describe(NovaGpuState *s, GString *out);
/* monitor.c: "info nova-gpu", the QOM state/fault properties, the transcript */
void nova_monitor_init(NovaGpuState *s);
void nova_monitor_register(void);
void nova_gpu_describe(NovaGpuState *s, GString *out);
bool nova_transcript_open(NovaGpuState *s, Error **errp);
void nova_transcript_close(NovaGpuState *s);
void nova_transcript_record(NovaGpuState *s, bool to_gsp, uint32_t function,
                            uint32_t seq, uint32_t result, uint32_t length,
                            const uint8_t *params);
void nova_host_reset(NovaGpuState *s);
/* fifo.c: the channels' runs, interrupts and errors (the host's side) */
void nova_host_fifo_ops(NovaGpuState *s, NovaHost *h);
void nova_host_fifo_init(NovaGpuState *s);
void nova_host_fifo_reset(NovaGpuState *s);
void nova_host_fifo_stop(NovaGpuState *s);
void nova_host_fifo_exit(NovaGpuState *s);
void nova_host_fifo_schedule(NovaGpuState *s);
/* disp.c: the display's runs, vblank and interrupt (the host's side) */
void nova_host_disp_ops(NovaGpuState *s, NovaHost *h);
void nova_host_disp_init(NovaGpuState *s);
void nova_host_disp_reset(NovaGpuState *s);
void nova_host_disp_stop(NovaGpuState *s);
void nova_host_disp_exit(NovaGpuState *s);
void nova_host_disp_schedule(NovaGpuState *s);
/* the heads' vblank timers follow the modes and the enables (after a load too) */
void nova_host_disp_rearm(NovaGpuState *s);
/* "info nova-gpu": the heads, the channels, the scanout */
void nova_disp_describe(NovaGpuState *s, GString *out);
/* scanout.c: the console that shows head 0 */
bool nova_scanout_init(NovaGpuState *s, Error **errp);
void nova_scanout_exit(NovaGpuState *s);
/* the armed state changed: look at the surface again, redraw it whole */
void nova_scanout_changed(NovaGpuState *s);
void nova_scanout_describe(NovaGpuState *s, GString *out);
/* a new monitor of preferred mode @w x @h: its EDID, and a hotplug for the driver */
bool nova_scanout_set_monitor(NovaGpuState *s, uint32_t w, uint32_t h, Error **errp);
/* the chip's PD1 may hold 512 MiB PTEs (Ampere and later) */
bool nova_gmmu_huge_pages(NovaGpuState *s);
/* unrealize: stop timers and bottom halves; nothing is freed */
void nova_host_stop(NovaGpuState *s);
/* finalize (or a failed realize): free what the engines hold */
void nova_host_exit(NovaGpuState *s);
/* vmstate.c: migration */
extern const VMStateDescription vmstate_nova_gpu;
/* vram.c: VRAM and which of it migration sends */
bool nova_vram_init(NovaGpuState *s, Error **errp);
void nova_vram_exit(NovaGpuState *s);
/* the device wrote VRAM [off, off + len) (bounds checked by the caller) */
void nova_vram_written(NovaGpuState *s, uint64_t off, uint64_t len);
/* BAR1 may have been mapped: its direct window becomes populated */
void nova_vram_bar1_check(NovaGpuState *s);
uint64_t nova_vram_populated_bytes(NovaGpuState *s);
extern const VMStateDescription vmstate_nova_vram_map;
/* gmmu.c */
void nova_gmmu_init_bars(NovaGpuState *s);
void nova_gmmu_reset(NovaGpuState *s);
void nova_gmmu_exit(NovaGpuState *s);
void nova_gmmu_bar_bind(NovaGpuState *s, unsigned bar, uint32_t block);
void nova_gmmu_invalidate_all(NovaGpuState *s);
/* a TLB invalidate (@all, or of @pdb in @ap's class) ran: BAR1 direct maps go */
void nova_gmmu_tlb_invalidated(NovaGpuState *s, bool all, uint64_t pdb,
                               NovaMmuAperture ap);
/* drop every BAR1 direct mapping (@why: for the trace) */
void nova_gmmu_bar1_direct_drop(NovaGpuState *s, const char *why);
bool nova_gmmu_vfn_read(NovaGpuState *s, uint32_t off, uint32_t *val);
bool nova_gmmu_vfn_write(NovaGpuState *s, uint32_t off, uint32_t val);
const char *nova_gmmu_reg_name(uint32_t off);
/* NV_PGSP_QUEUE_HEAD was written: GSP-RM looks at its command queue */
void nova_host_doorbell(NovaGpuState *s);

#endif
