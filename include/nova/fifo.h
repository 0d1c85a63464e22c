/*
 * nova-gpu: submission. Channels, the host's GPFIFO/pushbuffer processor
 * (PBDMA), the copy engine and the graphics classes' semaphores.
 *
 * GSP-RM creates a channel when the driver allocates the chip's channel
 * class (nova_fifo_channel_alloc), binds objects to it, schedules it; the
 * glue rings the doorbell (NV_USERMODE_NOTIFY_CHANNEL_PENDING) with the
 * work-submit token; the glue's bottom half then calls nova_fifo_run(),
 * which runs the pending channels in bounded slices. Everything is read
 * through NovaHost and the mmu/ library; nothing here includes QEMU.
 * See docs/channels.md.
 *
 * Threading: every entry point runs under the caller's lock (QEMU's BQL);
 * the engine is never entered twice at once, but an upcall (DMA, an
 * interrupt) may re-enter the device, so the engine keeps its state
 * consistent across every upcall and re-reads what it needs after one.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_FIFO_H
#define NOVA_FIFO_H

#include <stdbool.h>
#include <stdint.h>

#include "nova/chip.h"
#include "nova/fault-hook.h"
#include "nova/host.h"
#include "nova/mmu.h"

/* channel IDs the driver may name (nouveau's chid space under GSP-RM) */
#define NOVA_FIFO_CHIDS             2048
/* a resource cap: channels alive at once */
#define NOVA_FIFO_MAX_CHANNELS      64
#define NOVA_FIFO_SUBCHANNELS       8
/* a GPFIFO ring's entries at most (RM's limit is far below: 64K entries of 8 bytes) */
#define NOVA_FIFO_MAX_GPFIFO_ENTRIES (1u << 20)

/* NV2080_ENGINE_TYPE_* (= RM_ENGINE_TYPE_* for these) */
#define NV2080_ENGINE_TYPE_NULL     0x00
#define NV2080_ENGINE_TYPE_GR0      0x01
#define NV2080_ENGINE_TYPE_COPY0    0x09
#define NV2080_ENGINE_TYPE_COPY(n)  (0x09 + (n))
#define NV2080_ENGINE_TYPE_IS_COPY(t) ((t) >= 0x09 && (t) <= 0x12)

/* the host's work id for nova_fifo_run (NovaHost.schedule / schedule_in) */
#define NOVA_WORK_FIFO              4

typedef enum NovaChannelState {
    NOVA_CHAN_FREE,             /* slot unused */
    NOVA_CHAN_ALLOCATED,        /* RM has it; not scheduled (GPFIFO_SCHEDULE) */
    NOVA_CHAN_RUNNABLE,         /* scheduled: the doorbell runs it */
    NOVA_CHAN_ERROR,            /* stopped by an error (RC); until freed */
} NovaChannelState;

/* What the channel class's RM_ALLOC gives (NV_CHANNELGPFIFO_ALLOCATION_PARAMETERS). */
typedef struct NovaChannelDesc {
    uint32_t chid;              /* < NOVA_FIFO_CHIDS */
    uint32_t runlist;
    uint32_t engine_type;       /* NV2080_ENGINE_TYPE_*, from the alloc or BIND */
    uint32_t hclass;            /* the channel class */
    uint32_t client, handle;    /* its RM name, for RC reports */
    uint64_t inst;              /* instance block (page directory, RAMFC) */
    NovaMmuAperture inst_aperture;
    uint64_t userd;             /* USERD (GP_PUT/GP_GET) */
    NovaMmuAperture userd_aperture;
    uint64_t gpfifo_va;         /* the GPFIFO ring, in the channel's VA space */
    uint32_t gpfifo_entries;    /* a power of two is not required */
    uint64_t mthdbuf;           /* fault method buffer (system memory) */
    uint64_t error_notifier;    /* 0: none */
    bool priv;                  /* a privileged (kernel) channel */
} NovaChannelDesc;

/* USERD (gv100_chan_userd): what the driver and the host share */
#define NV_USERD_PUT                0x40
#define NV_USERD_GET                0x44
#define NV_USERD_REF                0x48
#define NV_USERD_TOP_LEVEL_GET      0x58
#define NV_USERD_TOP_LEVEL_GET_HI   0x5c
#define NV_USERD_TOP_LEVEL_GET_HI_VALID (1u << 31)  /* nvif_chan506f_read_get() tests it */
#define NV_USERD_GET_HI             0x60
#define NV_USERD_GP_GET             0x88
#define NV_USERD_GP_PUT             0x8c
#define NV_USERD_SIZE               0x200

/*
 * Why a channel stopped (ROBUST_CHANNEL_* of OpenRM's nverror.h, as RM puts
 * them in RC_TRIGGERED's exceptType and the error notifier).
 */
#define ROBUST_CHANNEL_GR_EXCEPTION                 13
#define ROBUST_CHANNEL_FIFO_ERROR_MMU_ERR_FLT       31
#define ROBUST_CHANNEL_PBDMA_ERROR                  32
#define ROBUST_CHANNEL_CE_ERROR                     50   /* CE0; CEn = CE0 + n (nverror.h) */
#define ROBUST_CHANNEL_PBDMA_PUSHBUFFER_CRC_MISMATCH 119
#define ROBUST_CHANNEL_GPFIFO_ERROR                 ROBUST_CHANNEL_PBDMA_ERROR
#define ROBUST_CHANNEL_SEMAPHORE_TIMEOUT            ROBUST_CHANNEL_PBDMA_ERROR

/* A channel error, as the glue reports it on (RC_TRIGGERED, the notifier). */
typedef struct NovaChannelError {
    uint32_t chid, runlist, engine_type;
    uint32_t client, handle;
    uint32_t exception;         /* ROBUST_CHANNEL_* */
    const char *what;           /* a constant description, for the log */
    uint64_t info;              /* the method, VA or entry at fault */
} NovaChannelError;

/*
 * The engine. Its struct (NovaFifo) and config (NovaFifoConfig: the chip,
 * the shared TLB) are fifo/'s; what other engines and the glue call is
 * below. Every function taking a chid bounds it; NV_STATUS results are
 * the ones RM returns (nova/rm-objects.h).
 */
typedef struct NovaFifo NovaFifo;
typedef struct NovaFifoConfig NovaFifoConfig;

/* the work-submit token the doorbell takes: (runlist << 16) | chid */
static inline uint32_t nova_fifo_token(uint32_t runlist, uint32_t chid)
{
    return (runlist << 16) | chid;
}

/* ---- the engine's state (fifo/) ---- */

/*
 * The run budget (docs/channels.md "The engine"): one nova_fifo_run()
 * executes at most NOVA_FIFO_RUN_METHODS methods and GPFIFO entries and
 * copies at most NOVA_FIFO_RUN_BYTES, a channel at most
 * NOVA_FIFO_SLICE_METHODS of them per turn; work left over runs again
 * NOVA_FIFO_TIMESLICE_NS later. An unsatisfied acquire is polled every
 * NOVA_FIFO_ACQUIRE_POLL_NS (and whenever another channel made progress)
 * and fails the channel after NOVA_FIFO_ACQUIRE_TIMEOUT_NS.
 */
#define NOVA_FIFO_RUN_METHODS           8192
#define NOVA_FIFO_SLICE_METHODS         2048
#define NOVA_FIFO_RUN_BYTES             (8u << 20)
#define NOVA_FIFO_TIMESLICE_NS          100000ull           /* 100 us */
#define NOVA_FIFO_ACQUIRE_POLL_NS       50000ull            /* 50 us */
#define NOVA_FIFO_ACQUIRE_TIMEOUT_NS    5000000000ull       /* 5 s */

struct NovaFifoConfig {
    const NovaChip *chip;
    NovaMmuTlb *tlb;            /* the device's TLB; NULL: walk every time */
    bool huge_512m;             /* Ampere and later: 512 MiB PTEs */
};

/* Armed faults (docs/faults.md): configuration, a reset keeps them. */
typedef struct NovaFifoFaults {
    NovaFaultHook channel_error;    /* the Nth doorbell: its channel errors */
    NovaFaultHook sem_release_drop; /* a semaphore release is not written */
    NovaFaultHook nonstall_lost;    /* a non-stall interrupt is not raised */
    NovaFaultHook ce_stall;         /* LAUNCH_DMA holds the channel .value ms */
} NovaFifoFaults;

/* Why a runnable channel does not run now. */
typedef enum NovaChanWait {
    NOVA_WAIT_NONE,
    NOVA_WAIT_ACQUIRE,          /* a semaphore acquire is not satisfied */
    NOVA_WAIT_CE_STALL,         /* the ce_stall fault holds it until wait_until_ns */
} NovaChanWait;

/* The copy engine's methods, and a LAUNCH_DMA in progress. */
typedef struct NovaCeState {
    uint32_t offset_in_upper, offset_in_lower;
    uint32_t offset_out_upper, offset_out_lower;
    uint32_t pitch_in, pitch_out, line_length_in, line_count;
    uint32_t src_phys_mode, dst_phys_mode;
    uint32_t remap_const_a, remap_const_b, remap_components;
    uint32_t sem_a, sem_b, sem_payload, sem_payload_upper;
    /* a copy split across run slices */
    bool active;
    uint32_t launch;            /* the LAUNCH_DMA data it runs */
    uint32_t line;              /* lines done */
    uint64_t line_done;         /* bytes (elements with remap) of the current line done */
} NovaCeState;

/* The graphics semaphore registers (per subchannel's object), what was recorded. */
typedef struct NovaGrState {
    uint32_t sem_a[NOVA_FIFO_SUBCHANNELS], sem_b[NOVA_FIFO_SUBCHANNELS];
    uint32_t sem_c[NOVA_FIFO_SUBCHANNELS];
    uint64_t methods;           /* recorded, not executed */
    uint64_t draws, dispatches; /* of which draws and dispatches */
} NovaGrState;

typedef struct NovaChannelStats {
    uint64_t entries;           /* GPFIFO entries taken */
    uint64_t methods;
    uint64_t bytes;             /* copied or filled */
    uint64_t releases;          /* semaphore releases */
    uint64_t acquires;          /* satisfied acquires */
    uint64_t errors;
} NovaChannelStats;

/*
 * One channel. Flat (no pointers) so the glue migrates it as it is; every
 * field a stream sets is checked by nova_fifo_invalid().
 */
typedef struct NovaChannel {
    NovaChannelState state;
    uint32_t serial;            /* new at every alloc: a free + alloc in an upcall is seen */
    NovaChannelDesc desc;
    bool pending;               /* the doorbell rang and work may remain */
    uint32_t subch_class[NOVA_FIFO_SUBCHANNELS];    /* SET_OBJECT; 0: none */

    /* PBDMA: the GPFIFO entry in progress and the method being fed */
    uint32_t gp_get;            /* next entry, < gpfifo_entries */
    bool seg_active;
    uint64_t seg_va;            /* the pushbuffer segment */
    uint32_t seg_dwords, seg_pos;
    uint32_t mthd_op;           /* NVC56F_DMA_SEC_OP_* of the header feeding data */
    uint32_t mthd_subch, mthd_addr, mthd_count;    /* byte method, data dwords left */

    /* host semaphore and MEM_OP registers */
    uint32_t sema, semb, semc;
    uint32_t sem_addr_lo, sem_addr_hi, sem_payload_lo, sem_payload_hi;
    uint32_t mem_op_a, mem_op_b, mem_op_c;

    /* waiting: the method at the PBDMA position is retried */
    NovaChanWait wait;
    uint64_t wait_start_ns, wait_until_ns;

    NovaCeState ce;
    NovaGrState gr;
    NovaChannelStats stats;
} NovaChannel;

struct NovaFifo {
    NovaFifoConfig cfg;         /* set at init, never changed */
    const NovaHost *host;       /* the ops table, set at init */
    NovaFifoFaults faults;      /* armed faults: configuration, a reset keeps them */

    /* run state: everything from here on is what nova_fifo_reset() clears */
    NovaChannel ch[NOVA_FIFO_MAX_CHANNELS];
    uint32_t rr_next;           /* the slot the next run starts at */
    bool run_scheduled;         /* a run is asked for (migration: post_load reschedules) */
    uint32_t serial;            /* last channel serial given (kept across reset) */
    uint32_t doorbells;
    uint64_t progress;          /* bumped by every release and copy: acquires retry */
    uint64_t runs;
    bool running;               /* inside nova_fifo_run */
};

void nova_fifo_init(NovaFifo *f, const NovaFifoConfig *cfg, const NovaHost *host);
void nova_fifo_reset(NovaFifo *f);
/* After a migration load: NULL, or what is out of range. */
const char *nova_fifo_invalid(const NovaFifo *f);
/* After a load that nova_fifo_invalid() accepted: reschedule pending work. */
void nova_fifo_post_load(NovaFifo *f);
/* The live channel @chid (any state but FREE), or NULL. */
NovaChannel *nova_fifo_channel_find(NovaFifo *f, uint32_t chid);
/* GP_PUT as @ch's USERD holds it now (for monitors); false if unreadable. */
bool nova_fifo_channel_gp_put(NovaFifo *f, const NovaChannel *ch, uint32_t *put);
/* Stop @ch: NOVA_CHAN_ERROR, an event, host->channel_error. */
void nova_fifo_channel_error(NovaFifo *f, NovaChannel *ch, uint32_t exception,
                             const char *what, uint64_t info);
/* What "info nova-gpu" shows: the live channels' counters summed. */
typedef struct NovaFifoTotals {
    uint32_t channels, runnable, errored, waiting;
    uint32_t doorbells;
    uint64_t runs;
    NovaChannelStats stats;
    uint64_t gr_methods, gr_draws, gr_dispatches;  /* recorded, not executed */
} NovaFifoTotals;
void nova_fifo_totals(const NovaFifo *f, NovaFifoTotals *t);
/* Whether @cls may be bound by SET_OBJECT on this chip; its kind. */
typedef enum NovaFifoClassKind {
    NOVA_CLASS_NONE,
    NOVA_CLASS_CE,
    NOVA_CLASS_3D,
    NOVA_CLASS_COMPUTE,
    NOVA_CLASS_OTHER_GR,        /* 2D, inline-to-memory: recorded */
} NovaFifoClassKind;
NovaFifoClassKind nova_fifo_class_kind(const NovaChip *chip, uint32_t cls);

/* GSP-RM's side: a channel's life (called from its RM_ALLOC, controls, FREE) */
uint32_t nova_fifo_channel_alloc(NovaFifo *f, const NovaChannelDesc *d);
uint32_t nova_fifo_channel_bind(NovaFifo *f, uint32_t chid, uint32_t engine_type);
uint32_t nova_fifo_channel_schedule(NovaFifo *f, uint32_t chid, bool enable);
void nova_fifo_channel_free(NovaFifo *f, uint32_t chid);

/* The glue's side: the doorbell, and the work it schedules (NOVA_WORK_FIFO). */
void nova_fifo_doorbell(NovaFifo *f, uint32_t token);
void nova_fifo_run(NovaFifo *f);

#endif
