/*
 * nova-gpu: the host interface the engines run on.
 *
 * Engines (falcon/, gsp-model/, mmu/) reach guest memory, VRAM, deferred
 * work, events and one another only through this table, so that they
 * contain no QEMU code: hw/nova-gpu/host.c implements it over QEMU's DMA
 * API and trace events, the unit tests (tests/unit/fake-host.h) over plain
 * arrays and an event record.
 *
 * It is the one ops table every engine's init takes, beside the engine's
 * const config (NovaFalconConfig, NovaGspRmConfig); it is filled in before
 * the engines are initialised and never changed afterwards. See "The engine
 * boundary" in docs/design.md.
 *
 * Every call that touches memory returns 0 on success and nonzero when the
 * access failed (an unmapped guest address, an offset past VRAM); engines
 * must check it, since all addresses come from the guest.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_HOST_H
#define NOVA_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * What the engines report, one id per kind of event with typed arguments
 * (NovaEvent). hw/nova-gpu/host.c maps each id to one trace event of the
 * same name in hw/nova-gpu/trace-events (NOVA_EV_RPC: nova_gpu_rpc), in
 * hw/nvme's three groups; the group follows from the id's place in the enum.
 */
typedef enum NovaEventId {
    /* normal operation: nova_gpu_* */
    NOVA_EV_FALCON_RUN,         /* falcon_run: a falcon's run is over */
    NOVA_EV_RPC,                /* rpc: GSP-RM takes an RPC from the command queue */
    NOVA_EV_RPC_REPLY,          /* rpc_reply: GSP-RM posts a message */
    NOVA_EV_RPC_INJECTED,       /* rpc_injected: a GSP-RM fault fired */
    NOVA_EV_RM_CONTROL,         /* rm_control: a GSP_RM_CONTROL answered */
    NOVA_EV_RM_ALLOC,           /* rm_alloc: an object allocated */
    NOVA_EV_RM_FREE,            /* rm_free: a FREE answered */
    NOVA_EV_BAR_PDE,            /* bar_pde: UPDATE_BAR_PDE wrote a BAR root entry */
    NOVA_EV_GSP_RM_BOOTED,      /* gsp_rm_booted: the queues were found */
    NOVA_EV_CHANNEL,            /* channel: a channel allocated, scheduled, freed */
    NOVA_EV_GPFIFO,             /* gpfifo: the host takes a GPFIFO entry */
    NOVA_EV_METHOD,             /* method: the host or an engine executes a method */
    NOVA_EV_SEMAPHORE,          /* semaphore: a release or a satisfied acquire */
    NOVA_EV_COPY,               /* copy: the copy engine moved or filled bytes */
    NOVA_EV_NONSTALL,           /* nonstall: an engine raised its non-stall interrupt */
    NOVA_EV_CHANNEL_ERROR,      /* channel_error: a channel stopped (RC) */
    NOVA_EV_DISP_CHANNEL,       /* disp_channel: a display channel allocated or freed */
    NOVA_EV_DISP_METHOD,        /* disp_method: a display channel's method */
    NOVA_EV_DISP_UPDATE,        /* disp_update: a display channel's UPDATE armed its state */
    NOVA_EV_DISP_VBLANK,        /* disp_vblank: a head's vblank interrupt */
    /* the model does not implement what was asked: nova_gpu_unimp_* */
    NOVA_EV_UNIMP_FALCON_DMA,   /* falcon_dma: virtual (MMU) falcon DMA */
    NOVA_EV_UNIMP_RPC,          /* rpc: answered NV_ERR_NOT_SUPPORTED */
    NOVA_EV_UNIMP_RM_CONTROL,   /* rm_control: answered NV_ERR_NOT_SUPPORTED */
    NOVA_EV_UNIMP_RM_ALLOC,     /* rm_alloc: a class the model does not have */
    NOVA_EV_UNIMP_STATIC_INFO,  /* (none): GET_GSP_STATIC_INFO with no ABI known */
    NOVA_EV_UNIMP_METHOD,       /* method: recorded, not executed (draws, dispatches) */
    /* guest misuse (hardware would refuse or fault): nova_gpu_ub_* */
    NOVA_EV_UB_FALCON,          /* falcon_ub */
    NOVA_EV_UB_GSP_RM,          /* gsp_ub */
    NOVA_EV_UB_RM_ALLOC,        /* rm_alloc: refused with a status */
    NOVA_EV_UB_MMU_INST,        /* mmu_inst: an unusable instance block */
    NOVA_EV_UB_MMU_ENTRY,       /* mmu_entry: an unusable page-table entry */
    NOVA_EV_UB_MMU_FAULT_BUFFER, /* mmu_fault_buffer: the fault buffer is unusable */
    NOVA_EV_UB_FIFO,            /* fifo_ub: a doorbell, GPFIFO entry or method the host refuses */
    NOVA_EV_UB_DISP,            /* disp_ub: a display channel or register the engine refuses */
    NOVA_EV__COUNT
} NovaEventId;

#define NOVA_EV__FIRST_UNIMP    NOVA_EV_UNIMP_FALCON_DMA
#define NOVA_EV__FIRST_UB       NOVA_EV_UB_FALCON

typedef enum NovaEventGroup {
    NOVA_EVENT_NORMAL,
    NOVA_EVENT_UNIMP,           /* errors: LOG_UNIMP */
    NOVA_EVENT_GUEST_ERROR,     /* guest misuse: LOG_GUEST_ERROR */
} NovaEventGroup;

static inline NovaEventGroup nova_event_group(NovaEventId id)
{
    return id >= NOVA_EV__FIRST_UB ? NOVA_EVENT_GUEST_ERROR :
           id >= NOVA_EV__FIRST_UNIMP ? NOVA_EVENT_UNIMP : NOVA_EVENT_NORMAL;
}

/*
 * One event. Strings are the engines' constants (names, descriptions of a
 * misuse) and live as long as the model; nothing is formatted.
 */
typedef struct NovaEvent {
    NovaEventId id;
    union {
        struct { const char *falcon, *role; uint32_t mailbox0, mailbox1; } falcon_run;
        struct { const char *falcon, *what; uint64_t a, b; } falcon_ub;
        struct { const char *falcon; uint32_t ctxdma; } falcon_dma;
        /* @fn: the function's name, or "?" for one the model does not name */
        struct { const char *fn; uint32_t function, length; } rpc;
        struct { const char *fn; uint32_t function, result; } rpc_reply;
        /* @what: which fault; @value: what it injected (a status, ms) */
        struct { const char *what, *fn; uint32_t function; uint64_t value; } rpc_injected;
        /* @name: the control's name, "?" for one the model does not know */
        struct { uint32_t cmd; const char *name; uint32_t client, object, status; } rm_control;
        struct { uint32_t hclass; const char *name; uint32_t client, parent, object, status; } rm_alloc;
        struct { uint32_t client, object, status; } rm_free;
        struct { uint32_t bar; uint64_t entry; } bar_pde;
        struct { uint32_t slots, pages; } gsp_rm_booted;
        struct { const char *what; uint64_t value; } gsp_ub;
        struct { uint64_t inst; const char *aperture, *what; } mmu_inst;
        /* @addr: the entry's address, the table's, or the entry itself (see @what) */
        struct { uint64_t va; const char *level; uint64_t addr; const char *aperture, *what; } mmu_entry;
        struct { const char *what; uint64_t addr; uint32_t entries, get, put; } mmu_fault_buffer;
        /* @what: "alloc", "schedule", "unschedule", "free" */
        struct { uint32_t chid, runlist, engine_type; const char *what; } channel;
        struct { uint32_t chid, gp_get; uint64_t va; uint32_t dwords; } gpfifo;
        /* @name: the method's name, or NULL; @cls: the class bound to @subch */
        struct { uint32_t chid, subch, cls, method, data; const char *name; } method;
        /* @what: "release", "acquire", "report" */
        struct { uint32_t chid; const char *what; uint64_t va, payload; } semaphore;
        /* @what: "copy", "memset", "copy2d" */
        struct { uint32_t chid; const char *what; uint64_t src, dst, bytes; } copy;
        struct { uint32_t chid, engine_type; } nonstall;
        struct { uint32_t chid, exception; const char *what; uint64_t info; } channel_error;
        struct { uint32_t chid; const char *what; uint64_t value; } fifo_ub;
        /* @ch: NOVA_DISP_CH_*; @what: "alloc", "free" */
        struct { uint32_t ch, hclass; const char *what; } disp_channel;
        struct { uint32_t ch, method, data; } disp_method;
        struct { uint32_t ch, data; } disp_update;
        struct { uint32_t head; uint64_t count; } disp_vblank;
        struct { const char *what; uint64_t value; } disp_ub;
    };
} NovaEvent;

struct NovaChannelError;         /* nova/fifo.h */

typedef struct NovaHost {
    void *opaque;
    /* bus-master access to guest (system) memory */
    int (*dma_read)(void *opaque, uint64_t addr, void *buf, size_t len);
    int (*dma_write)(void *opaque, uint64_t addr, const void *buf, size_t len);
    /* the GPU's own memory */
    int (*vram_read)(void *opaque, uint64_t off, void *buf, size_t len);
    int (*vram_write)(void *opaque, uint64_t off, const void *buf, size_t len);
    /*
     * Optional (may be NULL, and may answer NULL): a host pointer to VRAM
     * [@off, @off + @len), so that a bulk mover (the copy engine) moves
     * bytes once instead of through a bounce buffer. NULL when the range is
     * outside VRAM or the host cannot give a pointer now; the engine then
     * falls back to vram_read/vram_write, which report the error. With
     * @write the host counts the range as written now (dirty for
     * migration, populated), before the caller writes it: the caller writes
     * it within the same engine step, under the same lock. The pointer
     * stays valid until the device is finalized (VRAM is never freed
     * earlier), also across upcalls that re-enter the device; the engine
     * still keeps it no longer than the step that asked for it.
     */
    void *(*vram_map)(void *opaque, uint64_t off, uint64_t len, bool write);
    /* run engine work later, outside the register access that asked for it */
    void (*schedule)(void *opaque, int work);

    /*
     * Events. event_enabled (may be NULL: every event is on) is asked first,
     * so an engine builds nothing for an event nobody looks at; use
     * NOVA_EVENT(). event may be NULL: no events.
     */
    bool (*event_enabled)(void *opaque, NovaEventId id);
    void (*event)(void *opaque, const NovaEvent *ev);

    /*
     * What a falcon reaches beyond itself (each may be NULL).
     * falcon_intr: falcon @engine's interrupt output (IRQSTAT & IRQMASK, a
     * level) may have changed: called after every change of either, and on
     * INTR_RETRIGGER; the host follows it with the engine's CPU vector.
     * vbios: the VBIOS the device serves (FWSEC is recognised against it).
     * gsp_rm_boot/gsp_rm_shutdown: booter_load's hand-over to GSP-RM and
     * booter_unload's shutdown of it.
     */
    void (*falcon_intr)(void *opaque, unsigned engine);
    const uint8_t *(*vbios)(void *opaque, size_t *len);
    void (*gsp_rm_boot)(void *opaque, uint64_t wpr_meta, uint64_t libos);
    void (*gsp_rm_shutdown)(void *opaque);

    /*
     * What GSP-RM does to the rest of the GPU besides the queues (each may
     * be NULL). bar_bind: bind the BAR1/BAR2 aperture to the instance block
     * RM built (a NV_VIRTUAL_FUNCTION_PRIV_BARn_BLOCK value);
     * tlb_invalidate: after RM changed page tables; transcript: every
     * element through the queues (@length is the RPC's, header included,
     * @params the @length - 0x20 bytes after the RPC header); defer: call
     * nova_gsp_rm_resume() after @ns of virtual time (rpc-delay).
     */
    void (*bar_bind)(void *opaque, unsigned bar, uint32_t block);
    void (*tlb_invalidate)(void *opaque);
    void (*transcript)(void *opaque, bool to_gsp, uint32_t function,
                       uint32_t seq, uint32_t result, uint32_t length,
                       const uint8_t *params);
    void (*defer)(void *opaque, uint64_t ns);

    /*
     * What the host (fifo/) reaches beyond itself (each may be NULL).
     * now_ns: the GPU's time (PTIMER, ns), for semaphore timestamps and
     * acquire timeouts. schedule_in: run @work after @ns of virtual time
     * (a timeslice, an acquire retry). nonstall_intr: engine @engine_type
     * (NV2080_ENGINE_TYPE_*) raised its non-stall interrupt; the host
     * raises the vector GSP-RM's interrupt table gave it. channel_error:
     * a channel stopped; the host reports it the way RM does
     * (RC_TRIGGERED, the error notifier). tlb_invalidated: a channel's
     * MEM_OP invalidated the TLB, every PDB (@all) or @pdb in @ap's class
     * (a targeted invalidate is told as its whole PDB), for whatever the
     * host caches beside the TLB.
     */
    uint64_t (*now_ns)(void *opaque);
    void (*schedule_in)(void *opaque, int work, uint64_t ns);
    void (*nonstall_intr)(void *opaque, uint32_t engine_type);
    void (*channel_error)(void *opaque, const struct NovaChannelError *err);
    void (*tlb_invalidated)(void *opaque, bool all, uint64_t pdb,
                            unsigned ap /* NovaMmuAperture: mmu.h includes this header */);
    /*
     * What the display engine (disp/) reaches beyond itself (each may be
     * NULL). disp_changed: an UPDATE armed new state: the host shows it
     * (a mode, a surface, a cursor). disp_intr: the DISP interrupt's level
     * may have changed (nova_disp_intr_pending).
     */
    void (*disp_changed)(void *opaque);
    void (*disp_intr)(void *opaque);
} NovaHost;

/* Is event @id wanted? Cheap: no arguments are built before it says yes. */
static inline bool nova_event_on(const NovaHost *h, NovaEventId id)
{
    return h && h->event && (!h->event_enabled || h->event_enabled(h->opaque, id));
}

/*
 * NOVA_EVENT(host, NOVA_EV_RPC, rpc, name, function, length): report an
 * event, its arguments (the members of NovaEvent's @member, in order)
 * evaluated only when the event is on.
 */
#define NOVA_EVENT(host, ID, member, ...)                               \
    do {                                                                \
        const NovaHost *nova_ev_h_ = (host);                            \
        if (nova_event_on(nova_ev_h_, (ID))) {                          \
            NovaEvent nova_ev_ = { .id = (ID), .member = { __VA_ARGS__ } }; \
            nova_ev_h_->event(nova_ev_h_->opaque, &nova_ev_);           \
        }                                                               \
    } while (0)

#endif
