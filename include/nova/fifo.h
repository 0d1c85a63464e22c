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

/* GSP-RM's side: a channel's life (called from its RM_ALLOC, controls, FREE) */
uint32_t nova_fifo_channel_alloc(NovaFifo *f, const NovaChannelDesc *d);
uint32_t nova_fifo_channel_bind(NovaFifo *f, uint32_t chid, uint32_t engine_type);
uint32_t nova_fifo_channel_schedule(NovaFifo *f, uint32_t chid, bool enable);
void nova_fifo_channel_free(NovaFifo *f, uint32_t chid);

/* The glue's side: the doorbell, and the work it schedules (NOVA_WORK_FIFO). */
void nova_fifo_doorbell(NovaFifo *f, uint32_t token);
void nova_fifo_run(NovaFifo *f);

#endif
