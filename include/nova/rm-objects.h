/*
 * nova-gpu: GSP-RM's resource server, reduced to what a driver can observe:
 * a database of objects named by (client, handle), each with a parent, a
 * class and what the class keeps. RM_ALLOC adds one, FREE removes one and
 * everything below it, controls find theirs by handle.
 *
 * The statuses are the ones real RM returns for the same mistakes, so a
 * driver's error paths see what they would see on hardware.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NOVA_RM_OBJECTS_H
#define NOVA_RM_OBJECTS_H

#include <stdbool.h>
#include <stdint.h>

#include "nova/chip.h"
#include "nova/classes.h"

/* NV_STATUS values (OpenRM nvstatuscodes.h) the model returns */
#define NV_OK                           0x00
#define NV_ERR_INSERT_DUPLICATE_NAME    0x19
#define NV_ERR_INSUFFICIENT_RESOURCES   0x1a
#define NV_ERR_INVALID_ARGUMENT         0x1f
#define NV_ERR_INVALID_CLASS            0x22
#define NV_ERR_IN_USE                   0x17
#define NV_ERR_INVALID_CLIENT           0x23
#define NV_ERR_INVALID_COMMAND          0x24
#define NV_ERR_INVALID_OBJECT_HANDLE    0x33
#define NV_ERR_INVALID_OBJECT_PARENT    0x36
#define NV_ERR_INVALID_PARAM_STRUCT     0x3a
#define NV_ERR_INVALID_PARAMETER        0x3b
#define NV_ERR_INVALID_STATE            0x40
#define NV_ERR_NOT_SUPPORTED            0x56
#define NV_ERR_OBJECT_NOT_FOUND         0x57

/* Classes the model knows */
#define NV01_ROOT                       0x0000
#define NV01_ROOT_CLIENT                0x0041
#define NV01_DEVICE_0                   0x0080
#define NV20_SUBDEVICE_0                0x2080
#define FERMI_VASPACE_A                 0x90f1
#define NV04_DISPLAY_COMMON             0x0073
#define NV01_EVENT_KERNEL_CALLBACK_EX   0x007e
/* memory lists the driver describes with ALLOC_MEMORY (suspend's FBSR) */
#define NV01_MEMORY_LIST_SYSTEM         0x0081
#define NV01_MEMORY_LIST_FBMEM          0x0082
/* submission's classes: nova/classes.h */

/* Controls the model answers (command: class << 16 | category << 8 | index) */
#define NV2080_CTRL_CMD_INTERNAL_INTR_GET_KERNEL_TABLE          0x20800a5cu
#define NV90F1_CTRL_CMD_VASPACE_COPY_SERVER_RESERVED_PDES       0x90f10106u
/* a VA space whose root page directory the driver keeps (nouveau 7.2's VMMs) */
#define NV0080_CTRL_CMD_DMA_SET_PAGE_DIRECTORY                  0x00801813u
#define NV0080_CTRL_CMD_DMA_UNSET_PAGE_DIRECTORY                0x00801814u
/* suspend (rm-suspend.c); 0x20800ac3 is FBSR_SEND_REGION_INFO in r535 */
#define NV2080_CTRL_CMD_INTERNAL_FBSR_INIT                      0x20800ac2u
#define NV2080_CTRL_CMD_INTERNAL_FIFO_TOGGLE_ACTIVE_CHANNEL_SCHEDULING 0x20800ac3u /* r570 */
#define NV2080_CTRL_CMD_EVENT_SET_NOTIFICATION                  0x20800301u
#define NV2080_CTRL_CMD_FIFO_GET_DEVICE_INFO_TABLE              0x20801112u
#define NV2080_CTRL_CMD_INTERNAL_GET_CONSTRUCTED_FALCON_INFO    0x20800a42u
#define NV2080_CTRL_CMD_CE_GET_FAULT_METHOD_BUFFER_SIZE         0x20802a08u
#define NV2080_CTRL_CMD_INTERNAL_STATIC_KGR_GET_CONTEXT_BUFFERS_INFO 0x20800a32u
#define NV2080_CTRL_CMD_GPU_PROMOTE_CTX                         0x2080012bu
#define NV2080_CTRL_CMD_INTERNAL_KGR_INIT_BUG4208224_WAR        0x20800a46u /* r570 */
/* the GPU's make-up (rm-gpu-info.c); nouveau's r570 path asks these */
#define NV2080_CTRL_CMD_GPU_GET_FERMI_GPC_INFO                  0x20800137u
#define NV2080_CTRL_CMD_GPU_GET_FERMI_TPC_INFO                  0x20800138u
#define NV2080_CTRL_CMD_GPU_GET_CONSTRUCTED_FALCON_INFO         0x208001b0u
#define NV2080_CTRL_CMD_GR_GET_ZCULL_INFO                       0x20801206u
/* the display's (rm-disp.c): internal ones on the subdevice, NV04_DISPLAY_COMMON's */
#define NV2080_CTRL_CMD_INTERNAL_DISPLAY_GET_STATIC_INFO        0x20800a01u
#define NV2080_CTRL_CMD_INTERNAL_DISPLAY_WRITE_INST_MEM         0x20800a49u
#define NV2080_CTRL_CMD_INTERNAL_DISPLAY_CHANNEL_PUSHBUFFER     0x20800a58u
#define NV2080_CTRL_CMD_INTERNAL_INIT_BRIGHTC_STATE_LOAD        0x20800ac6u
#define NV0073_CTRL_CMD_SYSTEM_GET_NUM_HEADS                    0x00730102u
#define NV0073_CTRL_CMD_SYSTEM_GET_SUPPORTED                    0x00730120u
#define NV0073_CTRL_CMD_SYSTEM_GET_CONNECT_STATE                0x00730122u
#define NV0073_CTRL_CMD_SYSTEM_GET_ACTIVE                       0x00730126u
/* r570 renumbered these three (r570/nvrm/disp.h); same parameters */
#define NV0073_CTRL_CMD_SYSTEM_GET_SUPPORTED_R570               0x00730107u
#define NV0073_CTRL_CMD_SYSTEM_GET_CONNECT_STATE_R570           0x00730108u
#define NV0073_CTRL_CMD_SYSTEM_GET_ACTIVE_R570                  0x0073010cu
#define NV0073_CTRL_CMD_SPECIFIC_GET_EDID_V2                    0x00730245u
#define NV0073_CTRL_CMD_SPECIFIC_GET_CONNECTOR_DATA             0x00730250u
#define NV0073_CTRL_CMD_SPECIFIC_GET_ALL_HEAD_MASK              0x00730287u
#define NV0073_CTRL_CMD_SPECIFIC_OR_GET_INFO                    0x0073028bu
#define NV0073_CTRL_CMD_DFP_GET_INFO                            0x00731140u
#define NV0073_CTRL_CMD_DFP_ASSIGN_SOR                          0x00731152u
#define NV0073_CTRL_CMD_DP_SET_MANUAL_DISPLAYPORT               0x00731365u
/* channel controls: a family's number (a06f, c36f) works on every later channel class */
#define NVA06F_CTRL_CMD_GPFIFO_SCHEDULE                         0xa06f0103u
#define NVA06F_CTRL_CMD_BIND                                    0xa06f0104u
#define NVC36F_CTRL_CMD_GPFIFO_GET_WORK_SUBMIT_TOKEN            0xc36f0108u

/* A resource cap: a hostile driver cannot grow the database without bound. */
#define NOVA_RM_MAX_OBJECTS             1024
/* VASPACE_COPY_SERVER_RESERVED_PDES: at most this many levels */
#define NOVA_RM_MAX_PDE_LEVELS          6

typedef struct NovaRmPdeLevel {
    uint64_t phys_addr;
    uint64_t size;
    uint32_t aperture;
    uint8_t page_shift;
} NovaRmPdeLevel;

/* NV2080_CTRL_GPU_PROMOTE_CTX_BUFFER_ID_*: the highest one a driver may promote */
#define NOVA_RM_PROMOTE_BUFFER_IDS      13

/* The chip's channel class: what its RM_ALLOC gave, for the host and for RC */
typedef struct NovaRmChannel {
    uint32_t chid, runlist, engine_type;
    uint32_t flags, internal_flags;     /* NVOS04_FLAGS_*, ALLOC_INTERNALFLAGS_* */
    uint32_t va_space;                  /* hVASpace (0: the device's default) */
    uint64_t gpfifo_va;
    uint32_t gpfifo_entries;
    uint64_t inst, userd, mthdbuf;      /* instanceMem, userdMem, mthdbufMem bases */
    uint32_t inst_space, userd_space, mthdbuf_space;    /* 1: sysmem, 2: FB */
    uint32_t mthdbuf_size;
    uint64_t error_notifier;            /* errorNotifierMem (if its type is MEMORY) */
    uint32_t error_notifier_space;      /* 0: none */
    bool bound, scheduled;              /* BIND, GPFIFO_SCHEDULE */
    uint32_t promoted;                  /* PROMOTE_CTX buffer ids, a bit each */
    uint32_t promotions;                /* PROMOTE_CTX calls for this channel */
} NovaRmChannel;

typedef struct NovaRmObject {
    bool used;
    uint32_t client, handle, parent, hclass;
    union {
        struct {                        /* FERMI_VASPACE_A */
            uint32_t index, flags;
            uint64_t va_base, va_size;
            uint32_t pde_levels;        /* from COPY_SERVER_RESERVED_PDES */
            uint64_t pde_va_lo, pde_va_hi;
            NovaRmPdeLevel pde[NOVA_RM_MAX_PDE_LEVELS];
            /* DMA_SET_PAGE_DIRECTORY: the driver's own root, if it gave one */
            uint8_t external;           /* 1: set (a byte: the union migrates as bytes) */
            uint8_t pd_aperture;        /* NV0080_CTRL_DMA_SET_PAGE_DIRECTORY_FLAGS_APERTURE */
            uint32_t pd_entries;
            uint64_t pd_phys;
        } vaspace;
        struct {                        /* NV01_MEMORY_LIST_SYSTEM, _FBMEM */
            uint64_t length;
            uint32_t pages;
        } memlist;
        struct {                        /* NV01_EVENT_KERNEL_CALLBACK_EX */
            uint32_t src_resource, notify_index;
        } event;
        struct {                        /* NV20_SUBDEVICE_0 */
            uint32_t notifications;     /* EVENT_SET_NOTIFICATION bits */
        } subdevice;
        NovaRmChannel channel;          /* the chip's channel class */
        struct {                        /* display channels */
            uint32_t instance;          /* channelInstance: the head or window */
            uint32_t put;               /* the initial PUT (DMA channels) */
        } disp_channel;
        struct {                        /* copy and graphics objects on a channel */
            uint32_t engine_type;       /* NV2080_ENGINE_TYPE_* they run on */
        } engine;
    } u;
} NovaRmObject;

typedef struct NovaRmDb {
    const NovaChip *chip;
    bool display;               /* the display is on: its classes exist (config) */
    NovaRmObject obj[NOVA_RM_MAX_OBJECTS];
    uint32_t count;
    /* counters for tests and "info nova-gpu" */
    uint32_t allocs, frees, failures;
    uint32_t handle_gen;        /* the next handle RM picks for an alloc of handle 0 */
} NovaRmDb;

/*
 * Handles RM picks when a driver allocates with handle 0 (resserv's
 * RS_UNIQUE_HANDLE_BASE and _RANGE): the reply carries the one chosen.
 */
#define NOVA_RM_UNIQUE_HANDLE_BASE      0xcaf00000u
#define NOVA_RM_UNIQUE_HANDLE_RANGE     0x00080000u

void nova_rm_db_init(NovaRmDb *db, const NovaChip *chip);
/* Add (client, handle) of @hclass under @parent; returns an NV_STATUS. */
uint32_t nova_rm_alloc(NovaRmDb *db, uint32_t client, uint32_t parent,
                       uint32_t handle, uint32_t hclass,
                       const uint8_t *params, uint32_t params_size);
/*
 * A handle of @client's that no object has, from RM's range, as RM assigns
 * one to an alloc of handle 0; 0 if the range is exhausted (it cannot be
 * while the database is capped far below it).
 */
uint32_t nova_rm_gen_handle(NovaRmDb *db, uint32_t client);
/* Remove (client, handle) and everything it owns; returns an NV_STATUS. */
uint32_t nova_rm_free(NovaRmDb *db, uint32_t client, uint32_t handle);
/*
 * The same, calling @gone (if not NULL) for each object removed, before it
 * goes: GSP-RM stops the channels among them.
 */
uint32_t nova_rm_free_each(NovaRmDb *db, uint32_t client, uint32_t handle,
                           void (*gone)(void *opaque, const NovaRmObject *o),
                           void *opaque);
/* What the chip's class database says of @hclass */
typedef enum NovaRmKind {
    NOVA_RM_KIND_OTHER,         /* the core classes (client, device, ...) */
    NOVA_RM_KIND_CHANNEL,       /* a GPFIFO channel */
    NOVA_RM_KIND_USERMODE,      /* the doorbell page's class */
    NOVA_RM_KIND_COPY,          /* a copy engine object, on a channel */
    NOVA_RM_KIND_GR,            /* a graphics object, on a channel */
    NOVA_RM_KIND_DISP,          /* the display's root class */
    NOVA_RM_KIND_DISP_CHANNEL,  /* a display channel (core, window, cursor) */
} NovaRmKind;
NovaRmKind nova_rm_kind(const NovaRmDb *db, uint32_t hclass);
/* Is @hclass one the chip's GSP-RM lets a driver allocate? */
bool nova_rm_class_on_chip(const NovaRmDb *db, uint32_t hclass);
/* The channel object whose chid is @chid, or NULL */
NovaRmObject *nova_rm_find_chid(NovaRmDb *db, uint32_t chid);
NovaRmObject *nova_rm_find(NovaRmDb *db, uint32_t client, uint32_t handle);
/* The class's name, or NULL for a class the model does not know */
const char *nova_rm_class_name(const NovaRmDb *db, uint32_t hclass);

/* the class data migrates as these bytes (tests/qtest's bad-stream case counts them) */
_Static_assert(sizeof(((NovaRmObject *)0)->u) == 208, "NovaRmObject class data");

#endif
