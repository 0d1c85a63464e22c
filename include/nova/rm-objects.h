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

/* NV_STATUS values (OpenRM nvstatuscodes.h) the model returns */
#define NV_OK                           0x00
#define NV_ERR_INSERT_DUPLICATE_NAME    0x19
#define NV_ERR_INSUFFICIENT_RESOURCES   0x1a
#define NV_ERR_INVALID_ARGUMENT         0x1f
#define NV_ERR_INVALID_CLASS            0x22
#define NV_ERR_INVALID_CLIENT           0x23
#define NV_ERR_INVALID_COMMAND          0x24
#define NV_ERR_INVALID_OBJECT_HANDLE    0x33
#define NV_ERR_INVALID_OBJECT_PARENT    0x36
#define NV_ERR_INVALID_PARAM_STRUCT     0x3a
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

/* Controls the model answers (command: class << 16 | category << 8 | index) */
#define NV2080_CTRL_CMD_INTERNAL_INTR_GET_KERNEL_TABLE          0x20800a5cu
#define NV90F1_CTRL_CMD_VASPACE_COPY_SERVER_RESERVED_PDES       0x90f10106u
#define NV2080_CTRL_CMD_EVENT_SET_NOTIFICATION                  0x20800301u
#define NV2080_CTRL_CMD_FIFO_GET_DEVICE_INFO_TABLE              0x20801112u
#define NV2080_CTRL_CMD_INTERNAL_GET_CONSTRUCTED_FALCON_INFO    0x20800a42u
#define NV2080_CTRL_CMD_CE_GET_FAULT_METHOD_BUFFER_SIZE         0x20802a08u

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
        } vaspace;
        struct {                        /* NV01_EVENT_KERNEL_CALLBACK_EX */
            uint32_t src_resource, notify_index;
        } event;
        struct {                        /* NV20_SUBDEVICE_0 */
            uint32_t notifications;     /* EVENT_SET_NOTIFICATION bits */
        } subdevice;
    } u;
} NovaRmObject;

typedef struct NovaRmDb {
    const NovaChip *chip;
    NovaRmObject obj[NOVA_RM_MAX_OBJECTS];
    uint32_t count;
    /* counters for tests and "info nova-gpu" */
    uint32_t allocs, frees, failures;
} NovaRmDb;

void nova_rm_db_init(NovaRmDb *db, const NovaChip *chip);
/* Add (client, handle) of @hclass under @parent; returns an NV_STATUS. */
uint32_t nova_rm_alloc(NovaRmDb *db, uint32_t client, uint32_t parent,
                       uint32_t handle, uint32_t hclass,
                       const uint8_t *params, uint32_t params_size);
/* Remove (client, handle) and everything it owns; returns an NV_STATUS. */
uint32_t nova_rm_free(NovaRmDb *db, uint32_t client, uint32_t handle);
NovaRmObject *nova_rm_find(NovaRmDb *db, uint32_t client, uint32_t handle);
/* The class's name, or NULL for a class the model does not know */
const char *nova_rm_class_name(const NovaRmDb *db, uint32_t hclass);

#endif
