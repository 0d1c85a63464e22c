/*
 * nova-gpu: GSP-RM's object database (see include/nova/rm-objects.h).
 *
 * Objects form one tree per client: the client's root object (handle ==
 * client) at the top, devices under it, subdevices and address spaces
 * under a device, events under anything. The parent rules are the ones the
 * drivers depend on; what a class keeps from its parameters is what later
 * controls and the MMU side read back.
 *
 * Submission classes (channels, copy, graphics, usermode) exist only as
 * the chip's class database has them (nova/chip.h); a channel keeps what
 * the host needs from its allocation (chid, runlist, instance block,
 * USERD, GPFIFO, error notifier). The display's classes exist only with
 * the display on (db->display): with it off, the display is fused off and
 * RM refuses them. Classes the model knows but does not back would be
 * refused with NV_ERR_NOT_SUPPORTED, not accepted and left to do nothing:
 * a driver must not believe it has an engine the device cannot give it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/rm-objects.h"
#include "nova/fifo.h"
#include "nova/gsp-abi.h"
#include "rpc-util.h"

#include <stdlib.h>
#include <string.h>

typedef enum ParentRule {
    PARENT_SELF,        /* a client root: parent and handle are the client */
    PARENT_CLIENT,      /* directly under the client root */
    PARENT_DEVICE,
    PARENT_SUBDEVICE,
    PARENT_CHANNEL,     /* the chip's channel class */
    PARENT_DISP,        /* the chip's display root class */
    PARENT_ANY,
} ParentRule;

typedef struct RmClass {
    uint32_t hclass;
    const char *name;
    ParentRule parent;
    bool backed;        /* false: known, but the model has no engine for it */
    NovaRmKind kind;
} RmClass;

static const RmClass rm_classes[] = {
    { NV01_ROOT,                     "NV01_ROOT",              PARENT_SELF,   true, NOVA_RM_KIND_OTHER },
    { NV01_ROOT_CLIENT,              "NV01_ROOT_CLIENT",       PARENT_SELF,   true, NOVA_RM_KIND_OTHER },
    { NV01_DEVICE_0,                 "NV01_DEVICE_0",          PARENT_CLIENT, true, NOVA_RM_KIND_OTHER },
    { NV20_SUBDEVICE_0,              "NV20_SUBDEVICE_0",       PARENT_DEVICE, true, NOVA_RM_KIND_OTHER },
    { FERMI_VASPACE_A,               "FERMI_VASPACE_A",        PARENT_DEVICE, true, NOVA_RM_KIND_OTHER },
    { NV04_DISPLAY_COMMON,           "NV04_DISPLAY_COMMON",    PARENT_DEVICE, true, NOVA_RM_KIND_OTHER },
    { NV01_EVENT_KERNEL_CALLBACK_EX, "NV01_EVENT_KERNEL_CALLBACK_EX", PARENT_ANY, true, NOVA_RM_KIND_OTHER },
    { NV01_MEMORY_LIST_SYSTEM,       "NV01_MEMORY_LIST_SYSTEM", PARENT_DEVICE, true, NOVA_RM_KIND_OTHER },
    { NV01_MEMORY_LIST_FBMEM,        "NV01_MEMORY_LIST_FBMEM", PARENT_DEVICE, true, NOVA_RM_KIND_OTHER },
    /* submission: allocated only where the chip has them (class_on_chip) */
#define SUBMIT(cls, parent, kind) { cls, #cls, parent, true, NOVA_RM_KIND_##kind }
    SUBMIT(VOLTA_CHANNEL_GPFIFO_A,    PARENT_DEVICE,    CHANNEL),
    SUBMIT(TURING_CHANNEL_GPFIFO_A,   PARENT_DEVICE,    CHANNEL),
    SUBMIT(AMPERE_CHANNEL_GPFIFO_A,   PARENT_DEVICE,    CHANNEL),
    SUBMIT(VOLTA_USERMODE_A,          PARENT_SUBDEVICE, USERMODE),
    SUBMIT(TURING_USERMODE_A,         PARENT_SUBDEVICE, USERMODE),
    SUBMIT(AMPERE_USERMODE_A,         PARENT_SUBDEVICE, USERMODE),
    SUBMIT(TURING_DMA_COPY_A,         PARENT_CHANNEL,   COPY),
    SUBMIT(AMPERE_DMA_COPY_A,         PARENT_CHANNEL,   COPY),
    SUBMIT(AMPERE_DMA_COPY_B,         PARENT_CHANNEL,   COPY),
    SUBMIT(TURING_A,                  PARENT_CHANNEL,   GR),
    SUBMIT(AMPERE_B,                  PARENT_CHANNEL,   GR),
    SUBMIT(ADA_A,                     PARENT_CHANNEL,   GR),
    SUBMIT(TURING_COMPUTE_A,          PARENT_CHANNEL,   GR),
    SUBMIT(AMPERE_COMPUTE_B,          PARENT_CHANNEL,   GR),
    SUBMIT(ADA_COMPUTE_A,             PARENT_CHANNEL,   GR),
    SUBMIT(FERMI_TWOD_A,              PARENT_CHANNEL,   GR),
    SUBMIT(KEPLER_INLINE_TO_MEMORY_B, PARENT_CHANNEL,   GR),
#undef SUBMIT
    /* the display: allocated where the chip has them and the display is on */
#define DISP(cls, parent, kind) { cls, #cls, parent, true, NOVA_RM_KIND_##kind }
    DISP(NVC570_DISPLAY,                PARENT_DEVICE, DISP),
    DISP(NVC670_DISPLAY,                PARENT_DEVICE, DISP),
    DISP(NVC770_DISPLAY,                PARENT_DEVICE, DISP),
    DISP(NVC57D_CORE_CHANNEL_DMA,       PARENT_DISP,   DISP_CHANNEL),
    DISP(NVC67D_CORE_CHANNEL_DMA,       PARENT_DISP,   DISP_CHANNEL),
    DISP(NVC77D_CORE_CHANNEL_DMA,       PARENT_DISP,   DISP_CHANNEL),
    DISP(NVC57E_WINDOW_CHANNEL_DMA,     PARENT_DISP,   DISP_CHANNEL),
    DISP(NVC67E_WINDOW_CHANNEL_DMA,     PARENT_DISP,   DISP_CHANNEL),
    DISP(NVC57B_WINDOW_IMM_CHANNEL_DMA, PARENT_DISP,   DISP_CHANNEL),
    DISP(NVC67B_WINDOW_IMM_CHANNEL_DMA, PARENT_DISP,   DISP_CHANNEL),
    DISP(NVC57A_CURSOR_IMM_CHANNEL_PIO, PARENT_DISP,   DISP_CHANNEL),
    DISP(NVC67A_CURSOR_IMM_CHANNEL_PIO, PARENT_DISP,   DISP_CHANNEL),
#undef DISP
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

NovaRmKind nova_rm_kind(const NovaRmDb *db, uint32_t hclass)
{
    const RmClass *c = find_class(hclass);

    return c ? c->kind : NOVA_RM_KIND_OTHER;
}

/*
 * The chip's class database (OpenRM's per-chip class list): the chip's own
 * channel and usermode classes and the older ones of their families
 * (Volta's and Turing's live on in Ampere and Ada), its one copy class and
 * its four graphics classes.
 */
bool nova_rm_class_on_chip(const NovaRmDb *db, uint32_t hclass)
{
    const NovaChip *chip = db->chip;

    switch (nova_rm_kind(db, hclass)) {
    case NOVA_RM_KIND_OTHER:
        return true;
    case NOVA_RM_KIND_CHANNEL:
        return chip && hclass <= chip->channel_class;
    case NOVA_RM_KIND_USERMODE:
        return chip && hclass <= chip->usermode_class;
    case NOVA_RM_KIND_COPY:
        return chip && hclass == chip->copy_class;
    case NOVA_RM_KIND_GR:
        return chip && (hclass == chip->threed_class || hclass == chip->compute_class ||
                        hclass == chip->twod_class || hclass == chip->i2m_class);
    case NOVA_RM_KIND_DISP:
        return chip && db->display && hclass == chip->disp.root;
    case NOVA_RM_KIND_DISP_CHANNEL:
        return chip && db->display &&
               (hclass == chip->disp.core || hclass == chip->disp.wndw ||
                hclass == chip->disp.wimm || hclass == chip->disp.curs);
    }
    return false;
}

NovaRmObject *nova_rm_find_chid(NovaRmDb *db, uint32_t chid)
{
    uint32_t i;

    for (i = 0; i < NOVA_RM_MAX_OBJECTS; i++) {
        NovaRmObject *o = &db->obj[i];

        if (o->used && nova_rm_kind(db, o->hclass) == NOVA_RM_KIND_CHANNEL &&
            o->u.channel.chid == chid) {
            return o;
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

/* A memory descriptor's address space: system memory or FB, nothing else. */
static bool mem_space_ok(uint32_t space)
{
    return space == NOVA_ADDR_SYSMEM || space == NOVA_ADDR_FBMEM;
}

static void take_mem_desc(NovaRmMemDesc *m, const uint8_t *p, size_t off)
{
    m->base = nova_ld64(p + off + offsetof(NovaRmMemDesc, base));
    m->size = nova_ld64(p + off + offsetof(NovaRmMemDesc, size));
    m->address_space = nova_ld32(p + off + offsetof(NovaRmMemDesc, address_space));
    m->cache_attrib = nova_ld32(p + off + offsetof(NovaRmMemDesc, cache_attrib));
}

/* The lowest chid no channel holds (RM's pick when USERD_PAGE_FIXED is clear) */
static uint32_t free_chid(NovaRmDb *db)
{
    uint32_t chid;

    for (chid = 0; chid < NOVA_FIFO_CHIDS; chid++) {
        if (!nova_rm_find_chid(db, chid)) {
            return chid;
        }
    }
    return NOVA_FIFO_CHIDS;
}

static uint32_t count_channels(NovaRmDb *db)
{
    uint32_t i, n = 0;

    for (i = 0; i < NOVA_RM_MAX_OBJECTS; i++) {
        n += db->obj[i].used && nova_rm_kind(db, db->obj[i].hclass) == NOVA_RM_KIND_CHANNEL;
    }
    return n;
}

/*
 * The chid the driver asked for: nouveau fixes the USERD page and index
 * (chid = page * 8 + index, as RM derives it), so RM's chid is its own.
 */
static uint32_t channel_chid(NovaRmDb *db, uint32_t flags, uint32_t *chid)
{
    uint32_t page = (flags >> NVOS04_FLAGS_USERD_PAGE_SHIFT) & NVOS04_FLAGS_USERD_PAGE_MASK;
    uint32_t index = (flags >> NVOS04_FLAGS_USERD_INDEX_SHIFT) & NVOS04_FLAGS_USERD_INDEX_MASK;

    if (!(flags & NVOS04_FLAGS_USERD_PAGE_FIXED)) {
        *chid = free_chid(db);
        return *chid < NOVA_FIFO_CHIDS ? NV_OK : NV_ERR_INSUFFICIENT_RESOURCES;
    }
    *chid = page * NOVA_CHID_PER_USERD_PAGE + index;
    if (*chid >= NOVA_FIFO_CHIDS) {
        return NV_ERR_INVALID_PARAMETER;    /* outside RM's chid heap */
    }
    return nova_rm_find_chid(db, *chid) ? NV_ERR_IN_USE : NV_OK;
}

/*
 * NV_CHANNEL_ALLOC_PARAMS: check what the host will rely on (the engine is
 * one the chip has, the instance block and USERD are memory, the VA space
 * exists) and keep it. Statuses as RM's KernelChannel constructor gives
 * them; the first problem found is the one reported.
 */
static uint32_t take_channel(NovaRmDb *db, NovaRmObject *o, const uint8_t *p, uint32_t n)
{
    NovaRmChannel *ch = &o->u.channel;
    NovaRmMemDesc inst, userd, ramfc, mthdbuf, notifier;
    const NovaChipEngine *e;
    NovaRmObject *vas;
    uint32_t status;

    if (n < sizeof(NovaRmChannelAlloc)) {
        return NV_ERR_INVALID_PARAM_STRUCT;
    }
    if (count_channels(db) >= NOVA_FIFO_MAX_CHANNELS) {
        return NV_ERR_INSUFFICIENT_RESOURCES;   /* a resource cap */
    }
    ch->flags = nova_ld32(p + offsetof(NovaRmChannelAlloc, flags));
    ch->internal_flags = nova_ld32(p + offsetof(NovaRmChannelAlloc, internal_flags));
    ch->va_space = nova_ld32(p + offsetof(NovaRmChannelAlloc, h_va_space));
    ch->gpfifo_va = nova_ld64(p + offsetof(NovaRmChannelAlloc, gp_fifo_offset));
    ch->gpfifo_entries = nova_ld32(p + offsetof(NovaRmChannelAlloc, gp_fifo_entries));
    ch->engine_type = nova_ld32(p + offsetof(NovaRmChannelAlloc, engine_type));
    take_mem_desc(&inst, p, offsetof(NovaRmChannelAlloc, instance_mem));
    take_mem_desc(&userd, p, offsetof(NovaRmChannelAlloc, userd_mem));
    take_mem_desc(&ramfc, p, offsetof(NovaRmChannelAlloc, ramfc_mem));
    take_mem_desc(&mthdbuf, p, offsetof(NovaRmChannelAlloc, mthdbuf_mem));
    take_mem_desc(&notifier, p, offsetof(NovaRmChannelAlloc, error_notifier_mem));

    if (ch->va_space) {
        vas = nova_rm_find(db, o->client, ch->va_space);
        if (!vas || vas->hclass != FERMI_VASPACE_A) {
            return NV_ERR_OBJECT_NOT_FOUND;
        }
    }
    e = nova_chip_engine(db->chip, ch->engine_type);
    if (!e) {
        /* NULL (bind later) included: the model needs the runlist now */
        return NV_ERR_INVALID_ARGUMENT;
    }
    ch->runlist = e->runlist;
    if (ch->gpfifo_entries == 0 ||
        !mem_space_ok(inst.address_space) || inst.size < NOVA_GSP_PAGE ||
        (inst.base & (NOVA_GSP_PAGE - 1)) ||
        !mem_space_ok(userd.address_space) || userd.size < NV_USERD_SIZE ||
        (userd.base & (NV_USERD_SIZE - 1)) ||
        !mem_space_ok(ramfc.address_space) ||
        !mem_space_ok(mthdbuf.address_space) || mthdbuf.size == 0) {
        return NV_ERR_INVALID_ARGUMENT;
    }
    if (NOVA_CHAN_ERROR_NOTIFIER_TYPE(ch->internal_flags) == NOVA_ERROR_NOTIFIER_TYPE_MEMORY) {
        if (!mem_space_ok(notifier.address_space) ||
            notifier.size < sizeof(NovaNvNotification)) {
            return NV_ERR_INVALID_ARGUMENT;
        }
        ch->error_notifier = notifier.base;
        ch->error_notifier_space = notifier.address_space;
    }
    status = channel_chid(db, ch->flags, &ch->chid);
    if (status != NV_OK) {
        return status;
    }
    ch->inst = inst.base;
    ch->inst_space = inst.address_space;
    ch->userd = userd.base;
    ch->userd_space = userd.address_space;
    ch->mthdbuf = mthdbuf.base;
    ch->mthdbuf_space = mthdbuf.address_space;
    ch->mthdbuf_size = (uint32_t)(mthdbuf.size > UINT32_MAX ? UINT32_MAX : mthdbuf.size);
    return NV_OK;
}

/*
 * A copy engine the channel can reach: its own, or one on its runlist
 * (Turing's GRCE, on GR0's: nouveau's abi16 puts a copy object on every
 * Turing channel, a graphics one too). 0 if none.
 */
static uint32_t copy_on_runlist(const NovaRmDb *db, const NovaRmObject *chan, uint32_t type)
{
    const NovaChipEngine *e;
    uint32_t i;

    if (type == 0) {
        if (NV2080_ENGINE_TYPE_IS_COPY(chan->u.channel.engine_type)) {
            return chan->u.channel.engine_type;
        }
        for (i = 0; db->chip && i < db->chip->num_engines; i++) {
            e = &db->chip->engines[i];
            if (NV2080_ENGINE_TYPE_IS_COPY(e->engine_type) &&
                e->runlist == chan->u.channel.runlist) {
                return e->engine_type;
            }
        }
        return 0;
    }
    e = nova_chip_engine(db->chip, type);
    return e && NV2080_ENGINE_TYPE_IS_COPY(type) &&
           (type == chan->u.channel.engine_type || e->runlist == chan->u.channel.runlist) ?
           type : 0;
}

/*
 * NVC0B5_ALLOCATION_PARAMETERS (optional in RM): version 0 or 1, and a
 * copy engine the chip has, which the channel it goes on must reach
 * (copy_on_runlist). Without parameters the object takes the channel's
 * engine, or on a graphics channel its runlist's GRCE.
 */
static uint32_t take_copy(NovaRmDb *db, NovaRmObject *o, const NovaRmObject *chan,
                          const uint8_t *p, uint32_t n)
{
    uint32_t version, type, ce;

    if (n == 0) {
        /* no engine named: the channel's, or its runlist's GRCE */
        o->u.engine.engine_type = copy_on_runlist(db, chan, 0);
        return o->u.engine.engine_type ? NV_OK : NV_ERR_INVALID_ARGUMENT;
    }
    if (n < sizeof(NovaRmCopyAlloc)) {
        return NV_ERR_INVALID_PARAM_STRUCT;
    }
    version = nova_ld32(p + offsetof(NovaRmCopyAlloc, version));
    type = nova_ld32(p + offsetof(NovaRmCopyAlloc, engine_type));
    if (version > 1 || !NV2080_ENGINE_TYPE_IS_COPY(type)) {
        return NV_ERR_INVALID_ARGUMENT;
    }
    ce = type - NV2080_ENGINE_TYPE_COPY0;
    if (!(db->chip->ce_mask & (1u << ce)) || !copy_on_runlist(db, chan, type)) {
        return NV_ERR_INVALID_ARGUMENT;
    }
    o->u.engine.engine_type = type;
    return NV_OK;
}

/* Graphics objects need a channel that runs on GR. */
static uint32_t take_gr(NovaRmObject *o, const NovaRmObject *chan)
{
    if (chan->u.channel.engine_type != NV2080_ENGINE_TYPE_GR0) {
        return NV_ERR_INVALID_ARGUMENT;
    }
    o->u.engine.engine_type = NV2080_ENGINE_TYPE_GR0;
    return NV_OK;
}

/*
 * A display channel: NV50VAIO_CHANNELDMA_ALLOCATION_PARAMETERS
 * (channelInstance @0, offset @0xc: the initial PUT) or, for the cursor,
 * NV50VAIO_CHANNELPIO_ALLOCATION_PARAMETERS (channelInstance @0).
 */
static uint32_t take_disp_channel(NovaRmObject *o, const uint8_t *p, uint32_t n)
{
    if (n < 4) {
        return NV_ERR_INVALID_PARAM_STRUCT;
    }
    o->u.disp_channel.instance = nova_ld32(p);
    o->u.disp_channel.put = n >= 0x10 ? nova_ld32(p + 0xc) : 0;
    return NV_OK;
}

/* What a class keeps from its allocation parameters. */
static uint32_t take_params(NovaRmDb *db, NovaRmObject *o, const NovaRmObject *parent,
                            const uint8_t *p, uint32_t n)
{
    switch (nova_rm_kind(db, o->hclass)) {
    case NOVA_RM_KIND_CHANNEL:
        return take_channel(db, o, p, n);
    case NOVA_RM_KIND_COPY:
        return take_copy(db, o, parent, p, n);
    case NOVA_RM_KIND_GR:
        return take_gr(o, parent);
    case NOVA_RM_KIND_DISP_CHANNEL:
        return take_disp_channel(o, p, n);
    case NOVA_RM_KIND_USERMODE:
    case NOVA_RM_KIND_DISP:
    case NOVA_RM_KIND_OTHER:
        break;
    }
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

uint32_t nova_rm_gen_handle(NovaRmDb *db, uint32_t client)
{
    uint32_t i, h;

    /* at most NOVA_RM_MAX_OBJECTS handles are taken: a free one is near */
    for (i = 0; i <= NOVA_RM_MAX_OBJECTS; i++) {
        h = NOVA_RM_UNIQUE_HANDLE_BASE + db->handle_gen++ % NOVA_RM_UNIQUE_HANDLE_RANGE;
        if (h != client && !nova_rm_find(db, client, h)) {
            return h;
        }
    }
    return 0;
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
    if (!nova_rm_class_on_chip(db, hclass)) {
        return NV_ERR_INVALID_CLASS;
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
            (c->parent == PARENT_DEVICE && p->hclass != NV01_DEVICE_0) ||
            (c->parent == PARENT_SUBDEVICE && p->hclass != NV20_SUBDEVICE_0) ||
            (c->parent == PARENT_CHANNEL &&
             nova_rm_kind(db, p->hclass) != NOVA_RM_KIND_CHANNEL) ||
            (c->parent == PARENT_DISP &&
             nova_rm_kind(db, p->hclass) != NOVA_RM_KIND_DISP)) {
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
    status = take_params(db, o, p, params, params ? params_size : 0);
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
    return nova_rm_free_each(db, client, handle, NULL, NULL);
}

uint32_t nova_rm_free_each(NovaRmDb *db, uint32_t client, uint32_t handle,
                           void (*gone)(void *opaque, const NovaRmObject *o),
                           void *opaque)
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
            if (gone) {
                gone(opaque, &db->obj[i]);
            }
            db->obj[i].used = false;
            db->count--;
            db->frees++;
        }
    }
    return NV_OK;
}
