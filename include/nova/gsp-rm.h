/*
 * nova-gpu: GSP-RM, the firmware on the GSP's RISC-V core, emulated at its
 * interface with the driver: the shared-memory command and status queues.
 *
 * booter_load hands over the WPR meta and the libos argument array; the
 * model reads RMARGS from it to find the queues, posts the boot messages
 * (a CPU sequencer run, then GSP_INIT_DONE), and answers the driver's RPCs
 * each time the doorbell (NV_PGSP_QUEUE_HEAD) rings. See docs/gsp-rm.md.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_GSP_RM_H
#define NOVA_GSP_RM_H

#include <stdbool.h>
#include <stdint.h>

#include "nova/chip.h"
#include "nova/falcon.h"
#include "nova/fault-hook.h"
#include "nova/disp.h"
#include "nova/fifo.h"
#include "nova/host.h"
#include "nova/rm-objects.h"

#define NOVA_GSP_PAGE               0x1000u
#define NOVA_GSP_MAX_SHM_PAGES      (NOVA_GSP_PAGE / 8) /* PTEs in one page */
#define NOVA_GSP_ELEM_HDR           0x30u   /* queue element header */
#define NOVA_GSP_RPC_HDR            0x20u   /* rpc_message_header_v03_00 */
#define NOVA_GSP_MAX_ELEM_PAGES     16u     /* 64 KiB per element */
/* the most RPC payload one element carries: a split RPC's chunk size */
#define NOVA_GSP_MAX_CHUNK  (NOVA_GSP_MAX_ELEM_PAGES * NOVA_GSP_PAGE - \
                             NOVA_GSP_ELEM_HDR - NOVA_GSP_RPC_HDR)
/* a resource cap: the largest RPC the model reassembles from records */
#define NOVA_GSP_MAX_RPC_SIZE       (1u << 20)
#define NOVA_GSP_QUEUE_SIZE         0x40000u    /* each queue: header page, slots */

/* RPC function numbers (both ABIs agree on these) */
#define NV_VGPU_MSG_FUNCTION_ALLOC_MEMORY           4
#define NV_VGPU_MSG_FUNCTION_FREE                   10
#define NV_VGPU_MSG_FUNCTION_UPDATE_BAR_PDE         70
#define NV_VGPU_MSG_FUNCTION_GSP_RM_ALLOC           103
#define NV_VGPU_MSG_FUNCTION_UNLOADING_GUEST_DRIVER 47
#define NV_VGPU_MSG_FUNCTION_GET_GSP_STATIC_INFO    65
#define NV_VGPU_MSG_FUNCTION_CONTINUATION_RECORD    71
#define NV_VGPU_MSG_FUNCTION_GSP_SET_SYSTEM_INFO    72
#define NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL         76
#define NV_VGPU_MSG_FUNCTION_SET_REGISTRY           73
#define NV_VGPU_MSG_EVENT_GSP_INIT_DONE             0x1001
#define NV_VGPU_MSG_EVENT_GSP_RUN_CPU_SEQUENCER     0x1002
#define NV_VGPU_MSG_EVENT_POST_EVENT                0x1003
#define NV_VGPU_MSG_EVENT_RC_TRIGGERED              0x1004
#define NV_VGPU_MSG_EVENT_MMU_FAULT_QUEUED          0x1005
/* functions counted one by one for "info nova-gpu" (events are above) */
#define NOVA_GSP_FUNCTIONS                          128


/* Internal RM handles reported in static info (real RM uses this style) */
#define NOVA_RM_INTERNAL_CLIENT     0xc1e00004u
#define NOVA_RM_INTERNAL_DEVICE     0xde1d0004u
#define NOVA_RM_INTERNAL_SUBDEVICE  0x5d1d0004u

/* The CPU interrupt vector GSP-RM raises for the driver (stall) */
#define NOVA_GSP_INTR_VECTOR        0x9b

/* GSP MAILBOX0 bit GSP-RM sets once it has suspended (unload) */
#define LIBOS_INTERRUPT_PROCESSOR_SUSPENDED (1u << 31)

/* The sequencer run the model sends writes this to NV_PBUS_SW_SCRATCH(0x3f). */
#define NOVA_GSP_SEQ_SCRATCH    0x3f
#define NOVA_GSP_SEQ_MAGIC      0x5e9c0de0u

typedef enum NovaGspRmState {
    NOVA_GSP_RM_OFF,
    NOVA_GSP_RM_RUNNING,
    NOVA_GSP_RM_SUSPENDED,
    NOVA_GSP_RM_FAILED,     /* the driver's boot structures were unusable */
    NOVA_GSP_RM_CRASHED,    /* a fault injected a crash: nothing is consumed */
} NovaGspRmState;

typedef enum NovaGspAbi {
    NOVA_GSP_ABI_UNKNOWN,
    NOVA_GSP_ABI_R535,      /* 535.113.01, nouveau 6.12 */
    NOVA_GSP_ABI_R570,      /* 570.144, nova-core 7.2 */
} NovaGspAbi;

/*
 * What GSP-RM is given, fixed at init (copied). Its upcalls (bar_bind,
 * tlb_invalidate, transcript, defer) are the host interface's (NovaHost).
 */
typedef struct NovaGspRmConfig {
    const NovaChip *chip;
    NovaFalcon *gsp;            /* its core: mailbox, interrupt mask, RISC-V */
    NovaSecureRegs *secure;     /* the sequencer check reads SW_SCRATCH */
    uint64_t vram_size;
    uint64_t bar_size[3];       /* BAR1/BAR2 aperture sizes, for the limits (0: 32 MiB) */
    NovaFifo *fifo;             /* the host that runs channels; NULL: none (channels are kept only) */
    NovaDisp *disp;             /* the display engine; NULL: display off (fused) */
} NovaGspRmConfig;

/* Fault hooks (hw/nova-gpu/fault.c, docs/faults.md); match = RPC function */
typedef struct NovaGspFaults {
    NovaFaultHook no_init_done;     /* boot posts no GSP_INIT_DONE */
    NovaFaultHook crash;            /* at the RPC: GSP-RM stops, the core halts */
    NovaFaultHook rpc_status;       /* the RPC is answered with rpc_result .value */
    NovaFaultHook rpc_no_reply;     /* the RPC is consumed and never answered */
    NovaFaultHook rpc_bad_checksum; /* the RPC's reply carries a bad checksum */
    NovaFaultHook lost_intr;        /* a posted message raises no interrupt */
    NovaFaultHook rpc_delay;        /* the RPC waits .value ms before GSP-RM takes it */
} NovaGspFaults;

/* VRAM GSP-RM takes for itself at the start of its non-WPR heap */
#define NOVA_GSP_RM_BAR1_PD         0x0000u     /* BAR1 root page directory */
#define NOVA_GSP_RM_BAR2_PD         0x1000u     /* BAR2 root page directory */
#define NOVA_GSP_RM_BAR1_INST       0x2000u     /* BAR1 instance block */
#define NOVA_GSP_RM_BAR2_INST       0x3000u     /* BAR2 instance block */
#define NOVA_GSP_RM_RESERVED        0x4000u

typedef struct NovaGspRm {
    NovaGspRmConfig cfg;        /* set at init, never changed */
    const NovaHost *host;       /* the ops table, set at init */
    NovaGspFaults faults;       /* armed faults: configuration, a reset keeps them */
    /*
     * The element the queue run is reading: scratch, not state (nothing
     * migrates it, a reset leaves it), kept here so that no element costs
     * an allocation. @elem_busy: in use (a nested run allocates its own).
     */
    uint8_t elem[NOVA_GSP_MAX_ELEM_PAGES * NOVA_GSP_PAGE];
    bool elem_busy;

    /* run state: everything from here on is what nova_gsp_rm_reset() clears */
    NovaGspRmState state;
    NovaGspAbi abi;
    uint64_t wpr_meta, libos;
    uint64_t non_wpr_heap;      /* from the WPR meta: RM's reserved VRAM */
    /* shared memory: page addresses from the driver's PTE array */
    uint64_t shm_page[NOVA_GSP_MAX_SHM_PAGES];
    uint32_t shm_pages;
    uint64_t cmdq_off, statq_off;
    uint32_t msg_count;         /* slots per queue (63) */
    uint32_t seq;               /* our element sequence number */
    /* an RPC arriving as a first element and continuation records */
    uint8_t *cont;
    uint32_t cont_len, cont_function, cont_want;
    NovaRmDb db;
    /* counters, for tests and "info nova-gpu" */
    uint32_t rpcs_received, rpcs_unsupported, messages_sent, bad_elements;
    uint32_t continuations_in, continuations_out;
    uint32_t by_function[NOVA_GSP_FUNCTIONS];   /* RPCs received, per function */
    bool corrupt_next;          /* rpc_bad_checksum fired for the reply */
    bool delaying;              /* rpc_delay fired: the queue waits for resume */
    bool delay_over;            /* resume: take the delayed RPC now */
    uint32_t registry_entries;
    uint32_t sysinfo_len;
} NovaGspRm;

/* Set up @rm with its config and the host's ops table, both fixed from here on. */
void nova_gsp_rm_init(NovaGspRm *rm, const NovaGspRmConfig *cfg, const NovaHost *host);
/* GSP-RM off, its run state cleared; keeps the config, the ops and the armed faults. */
void nova_gsp_rm_reset(NovaGspRm *rm);
void nova_gsp_rm_free(NovaGspRm *rm);
/* booter_load's hand-over: find the queues and post the boot messages */
void nova_gsp_rm_boot(NovaGspRm *rm, uint64_t wpr_meta, uint64_t libos);
void nova_gsp_rm_shutdown(NovaGspRm *rm);
/* the doorbell rang: consume the command queue, answer what needs answering */
void nova_gsp_rm_process(NovaGspRm *rm);
/* The four queue pointers as they are in shared memory now (for monitors);
 * false when GSP-RM has no queues. */
bool nova_gsp_rm_queue_pointers(NovaGspRm *rm, uint32_t *cmd_write, uint32_t *cmd_read,
                                uint32_t *stat_write, uint32_t *stat_read);
/* an rpc-delay has run out: take the RPC it held, and what followed it */
void nova_gsp_rm_resume(NovaGspRm *rm);
const char *nova_gsp_rm_state_name(NovaGspRmState s);
/* The RPC or event's name ("GSP_RM_ALLOC"), or NULL for one the model does not name */
const char *nova_gsp_function_name(uint32_t function);
/* GSP-RM tells the driver a fault entry is waiting (MMU_FAULT_QUEUED). */
void nova_gsp_rm_mmu_fault_queued(NovaGspRm *rm);
/*
 * A channel stopped (the host's channel_error upcall): GSP-RM posts
 * RC_TRIGGERED to the driver and fills the channel's error notifier, as RM
 * does for a robust-channel error.
 */
void nova_gsp_rm_rc_triggered(NovaGspRm *rm, const NovaChannelError *err);
/*
 * The display's monitor changed (rm-disp.c): GSP-RM posts
 * NV2080_NOTIFIERS_HOTPLUG (POST_EVENT) to every event object that asked
 * for it, plug and unplug as display ID masks. Nothing while not running.
 */
void nova_gsp_rm_disp_hotplug(NovaGspRm *rm, uint32_t plug, uint32_t unplug);
/* The runlist GSP-RM's device-info table gives engine @engine_type; false if none */
bool nova_gsp_rm_engine_runlist(const NovaGspRm *rm, uint32_t engine_type,
                                uint32_t *runlist);
/* The non-stall vector the interrupt table gives engine @engine_type, or ~0u */
uint32_t nova_gsp_rm_nonstall_vector(const NovaGspRm *rm, uint32_t engine_type);
/* a queue header's msgCount GSP-RM accepts: 2 up to what the queue holds */
bool nova_gsp_msg_count_ok(uint32_t msg_count);
/*
 * After a migration load: NULL if the state is one GSP-RM can be in, or what
 * is not (a stream is input: counts, offsets, enums and lengths are checked).
 */
const char *nova_gsp_rm_invalid(const NovaGspRm *rm);
/* the checksum both drivers use: XOR of LE u64 words, folded to 32 bits */
uint32_t nova_gsp_checksum(const uint8_t *buf, size_t len);

#endif
