/*
 * nova-gpu: GSP-RM's object database (see include/nova/rm-objects.h).
 *
 * Objects form one tree per client: the client's root object (handle ==
 * client) at the top, devices under it, subdevices and address spaces
 * under a device, events under anything. The parent rules are the ones the
 * drivers depend on; what a class keeps from its parameters is what later
 * controls and the MMU side read back.
 *
 * Classes the model knows but does not back with an engine (channels,
 * graphics, copy, display) are refused with NV_ERR_NOT_SUPPORTED, not
 * accepted and left to do nothing: a driver must not believe it has
 * acceleration the device cannot give it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/rm-objects.h"
#include "rpc-util.h"

#include <stdlib.h>
#include <string.h>

typedef enum ParentRule {
    PARENT_SELF,        /* a client root: parent and handle are the client */
    PARENT_CLIENT,      /* directly under the client root */
    PARENT_DEVICE,
    PARENT_ANY,
} ParentRule;

typedef struct RmClass {
    uint32_t hclass;
    const char *name;
    ParentRule parent;
    bool backed;        /* false: known, but the model has no engine for it */
} RmClass;

static const RmClass rm_classes[] = {
    { NV01_ROOT,                     "NV01_ROOT",              PARENT_SELF,   true },
    { NV01_ROOT_CLIENT,              "NV01_ROOT_CLIENT",       PARENT_SELF,   true },
    { NV01_DEVICE_0,                 "NV01_DEVICE_0",          PARENT_CLIENT, true },
    { NV20_SUBDEVICE_0,              "NV20_SUBDEVICE_0",       PARENT_DEVICE, true },
    { FERMI_VASPACE_A,               "FERMI_VASPACE_A",        PARENT_DEVICE, true },
    { NV04_DISPLAY_COMMON,           "NV04_DISPLAY_COMMON",    PARENT_DEVICE, true },
    { NV01_EVENT_KERNEL_CALLBACK_EX, "NV01_EVENT_KERNEL_CALLBACK_EX", PARENT_ANY, true },
    /* known classes without an engine behind them in this model */
    { 0xc46f, "TURING_CHANNEL_GPFIFO_A",  PARENT_DEVICE, false },
    { 0xc56f, "AMPERE_CHANNEL_GPFIFO_A",  PARENT_DEVICE, false },
    { 0xc597, "TURING_A (3D)",            PARENT_ANY,    false },
    { 0xc797, "AMPERE_B (3D)",            PARENT_ANY,    false },
    { 0xc997, "ADA_A (3D)",               PARENT_ANY,    false },
    { 0xc5c0, "TURING_COMPUTE_A",         PARENT_ANY,    false },
    { 0xc7c0, "AMPERE_COMPUTE_B",         PARENT_ANY,    false },
    { 0xc9c0, "ADA_COMPUTE_A",            PARENT_ANY,    false },
    { 0xc5b5, "TURING_DMA_COPY_A",        PARENT_ANY,    false },
    { 0xc7b5, "AMPERE_DMA_COPY_B",        PARENT_ANY,    false },
    { 0xc570, "NVC570_DISPLAY",           PARENT_DEVICE, false },
    { 0xc670, "NVC670_DISPLAY",           PARENT_DEVICE, false },
    { 0xc770, "NVC770_DISPLAY",           PARENT_DEVICE, false },
    { 0xc57d, "NVC57D_CORE_CHANNEL_DMA",  PARENT_ANY,    false },
    { 0xc67d, "NVC67D_CORE_CHANNEL_DMA",  PARENT_ANY,    false },
    { 0xc77d, "NVC77D_CORE_CHANNEL_DMA",  PARENT_ANY,    false },
};

static const RmClass *find_class(uint32_t hclass)
{
    size_t i;

    for (i = 0; i < sizeof(rm_classes) / sizeof(rm_classes[0]); i++) {
        if (rm_classes[i].hclass == hclass) {
            return &rm_classes[i];
        }
    }
    return NULL;
}

const char *nova_rm_class_name(const NovaRmDb *db, uint32_t hclass)
{
    const RmClass *c = find_class(hclass);

    return c ? c->name : NULL;
}

void nova_rm_db_init(NovaRmDb *db, const NovaChip *chip)
{
    memset(db, 0, sizeof(*db));
    db->chip = chip;
}

NovaRmObject *nova_rm_find(NovaRmDb *db, uint32_t client, uint32_t handle)
{
    uint32_t i;

    for (i = 0; i < NOVA_RM_MAX_OBJECTS; i++) {
        NovaRmObject *o = &db->obj[i];

        if (o->used && o->client == client && o->handle == handle) {
            return o;
        }
    }
    return NULL;
}

static bool is_client_root(const NovaRmObject *o)
{
    return o->hclass == NV01_ROOT || o->hclass == NV01_ROOT_CLIENT;
}

/* What a class keeps from its allocation parameters. */
static uint32_t take_params(NovaRmObject *o, const uint8_t *p, uint32_t n)
{
    switch (o->hclass) {
    case NV01_DEVICE_0:
        /* NV0080_ALLOC_PARAMETERS: deviceId @0; one GPU here */
        if (n >= 4 && nova_ld32(p) != 0) {
            return NV_ERR_INVALID_ARGUMENT;
        }
        return NV_OK;
    case NV20_SUBDEVICE_0:
        /* NV2080_ALLOC_PARAMETERS: subDeviceId @0; one subdevice */
        if (n >= 4 && nova_ld32(p) != 0) {
            return NV_ERR_INVALID_ARGUMENT;
        }
        return NV_OK;
    case FERMI_VASPACE_A:
        /* NV_VASPACE_ALLOCATION_PARAMETERS: index, flags, vaSize, ..., vaBase @0x28 */
        if (n >= 0x10) {
            o->u.vaspace.index = nova_ld32(p);
            o->u.vaspace.flags = nova_ld32(p + 4);
            o->u.vaspace.va_size = nova_ld64(p + 8);
        }
        if (n >= 0x30) {
            o->u.vaspace.va_base = nova_ld64(p + 0x28);
        }
        return NV_OK;
    case NV01_EVENT_KERNEL_CALLBACK_EX:
        /* NV0005_ALLOC_PARAMETERS: hParentClient, hSrcResource, hClass, notifyIndex */
        if (n < 0x10) {
            return NV_ERR_INVALID_PARAM_STRUCT;
        }
        o->u.event.src_resource = nova_ld32(p + 4);
        o->u.event.notify_index = nova_ld32(p + 0xc);
        return NV_OK;
    }
    return NV_OK;
}

uint32_t nova_rm_alloc(NovaRmDb *db, uint32_t client, uint32_t parent,
                       uint32_t handle, uint32_t hclass,
                       const uint8_t *params, uint32_t params_size)
{
    const RmClass *c = find_class(hclass);
    NovaRmObject *p = NULL, *o = NULL;
    uint32_t i, status;

    if (!c) {
        return NV_ERR_INVALID_CLASS;
    }
    if (!c->backed) {
        return NV_ERR_NOT_SUPPORTED;
    }
    if (c->parent == PARENT_SELF) {
        if (handle != client || handle == 0) {
            return NV_ERR_INVALID_OBJECT_HANDLE;
        }
        if (nova_rm_find(db, client, handle)) {
            return NV_ERR_INSERT_DUPLICATE_NAME;
        }
    } else {
        NovaRmObject *root = nova_rm_find(db, client, client);

        if (!root || !is_client_root(root)) {
            return NV_ERR_INVALID_CLIENT;
        }
        if (handle == 0 || handle == client) {
            return NV_ERR_INVALID_OBJECT_HANDLE;
        }
        if (nova_rm_find(db, client, handle)) {
            return NV_ERR_INSERT_DUPLICATE_NAME;
        }
        p = nova_rm_find(db, client, parent);
        if (!p ||
            (c->parent == PARENT_CLIENT && !is_client_root(p)) ||
            (c->parent == PARENT_DEVICE && p->hclass != NV01_DEVICE_0)) {
            return NV_ERR_INVALID_OBJECT_PARENT;
        }
    }
    for (i = 0; i < NOVA_RM_MAX_OBJECTS && !o; i++) {
        if (!db->obj[i].used) {
            o = &db->obj[i];
        }
    }
    if (!o) {
        return NV_ERR_INSUFFICIENT_RESOURCES;
    }
    memset(o, 0, sizeof(*o));
    o->client = client;
    o->handle = handle;
    o->parent = p ? p->handle : client;
    o->hclass = hclass;
    status = take_params(o, params, params ? params_size : 0);
    if (status != NV_OK) {
        return status;
    }
    o->used = true;
    db->count++;
    db->allocs++;
    return NV_OK;
}

/* a client's object, by handle (nova_rm_free's index) */
typedef struct RmHandleSlot {
    uint32_t handle;
    uint16_t slot;
} RmHandleSlot;

static int cmp_handle_slot(const void *a, const void *b)
{
    uint32_t x = ((const RmHandleSlot *)a)->handle;
    uint32_t y = ((const RmHandleSlot *)b)->handle;

    return x < y ? -1 : x > y;
}

/*
 * Free an object and everything below it. The cost is O(n log n) in the
 * database's size whatever the tree's shape (a guest can build a chain
 * 1024 deep): the client's objects sorted by handle give each one's parent
 * by binary search, child lists are threaded through two arrays, and one
 * walk from the target marks its subtree. Each object is visited once, so
 * even a parent cycle (possible only in a crafted migration stream) ends.
 */
uint32_t nova_rm_free(NovaRmDb *db, uint32_t client, uint32_t handle)
{
    RmHandleSlot index[NOVA_RM_MAX_OBJECTS];
    int16_t first_child[NOVA_RM_MAX_OBJECTS], next_sibling[NOVA_RM_MAX_OBJECTS];
    uint16_t stack[NOVA_RM_MAX_OBJECTS];
    uint8_t doomed[NOVA_RM_MAX_OBJECTS];
    NovaRmObject *target = nova_rm_find(db, client, handle);
    uint32_t i, n = 0, depth = 0;

    if (!nova_rm_find(db, client, client)) {
        return NV_ERR_INVALID_CLIENT;
    }
    if (!target) {
        return NV_ERR_OBJECT_NOT_FOUND;
    }
    for (i = 0; i < NOVA_RM_MAX_OBJECTS; i++) {
        first_child[i] = next_sibling[i] = -1;
        if (db->obj[i].used && db->obj[i].client == client) {
            index[n].handle = db->obj[i].handle;
            index[n].slot = i;
            n++;
        }
    }
    qsort(index, n, sizeof(index[0]), cmp_handle_slot);
    for (i = 0; i < NOVA_RM_MAX_OBJECTS; i++) {
        NovaRmObject *o = &db->obj[i];
        RmHandleSlot key = { .handle = o->parent }, *p;

        if (!o->used || o->client != client || o->handle == client) {
            continue;
        }
        p = bsearch(&key, index, n, sizeof(index[0]), cmp_handle_slot);
        if (p && p->slot != i) {
            next_sibling[i] = first_child[p->slot];
            first_child[p->slot] = (int16_t)i;
        }
    }
    memset(doomed, 0, sizeof(doomed));
    doomed[target - db->obj] = 1;
    stack[depth++] = (uint16_t)(target - db->obj);
    while (depth) {
        int16_t c;

        for (c = first_child[stack[--depth]]; c >= 0; c = next_sibling[c]) {
            if (!doomed[c]) {
                doomed[c] = 1;
                stack[depth++] = (uint16_t)c;
            }
        }
    }
    for (i = 0; i < NOVA_RM_MAX_OBJECTS; i++) {
        if (doomed[i]) {
            db->obj[i].used = false;
            db->count--;
            db->frees++;
        }
    }
    return NV_OK;
}
