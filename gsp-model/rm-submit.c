/*
 * nova-gpu: GSP-RM's side of submission. The engines the driver may
 * submit to (the device-info table, their interrupt vectors), a channel's
 * controls (BIND, GPFIFO_SCHEDULE, the work-submit token), GR's context
 * buffers and their promotion, and robust-channel errors reported back
 * (RC_TRIGGERED, the error notifier). The host (fifo/) runs the channels;
 * RM decides them and tells it through rm-fifo.c.
 *
 * Every table here is derived from the chip's (nova/chip.h), so the
 * device-info table, the interrupt table and the checks on allocations
 * agree on which engines exist and where they run.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/gsp-rm.h"
#include "nova/gsp-abi.h"
#include "rpc-util.h"

#include <string.h>

/*
 * MC_ENGINE_IDX_*: what the interrupt table names. r570 inserted entries
 * before GSP and GR (nouveau's rm/r535/nvrm/engine.h and rm/r570/nvrm/engine.h),
 * so each ABI has its own numbers; CE0 did not move.
 */
#define MC_ENGINE_IDX_DISP      2
#define MC_ENGINE_IDX_CE0       15
#define MC_ENGINE_IDX_GSP_R535  49
#define MC_ENGINE_IDX_GR0_R535  82
#define MC_ENGINE_IDX_GSP_R570  50
#define MC_ENGINE_IDX_GR0_R570  84
#define NOVA_NO_VECTOR          0xffffffffu

/* ENGDESCRIPTOR: RM's class id of the engine's object << 8 | instance */
#define ENG_DESC_GR(i)          ((0xd334dfu << 8) | (i))    /* classId(Graphics) */
#define ENG_DESC_CE(i)          ((0x242acau << 8) | (i))    /* classId(KernelCE) */
/* NV_PFAULT_MMU_ENG_ID_HOST0 (Volta to Ada): PBDMA n faults as HOST0 + n */
#define MMU_FAULT_ID_HOST0      32

/* --- the engines ------------------------------------------------------------------- */

bool nova_gsp_rm_engine_runlist(const NovaGspRm *rm, uint32_t engine_type,
                                uint32_t *runlist)
{
    const NovaChipEngine *e = nova_chip_engine(rm->cfg.chip, engine_type);

    if (e && runlist) {
        *runlist = e->runlist;
    }
    return e != NULL;
}

uint32_t nova_gsp_rm_nonstall_vector(const NovaGspRm *rm, uint32_t engine_type)
{
    const NovaChipEngine *e = nova_chip_engine(rm->cfg.chip, engine_type);

    return e ? e->nonstall_vector : NOVA_NO_VECTOR;
}

/* @e's place among its runlist's engines (Turing's GRCE is GR0's second) */
static uint32_t runlist_engine_id(const NovaChip *chip, const NovaChipEngine *e)
{
    uint32_t id = 0;
    const NovaChipEngine *o;

    for (o = chip->engines; o < e; o++) {
        id += o->runlist == e->runlist;
    }
    return id;
}

/* One NV2080_CTRL_FIFO_DEVICE_ENTRY for engine @e of @chip. */
static void device_info_entry(const NovaChip *chip, const NovaChipEngine *e, uint8_t *d)
{
    bool gr = e->engine_type == NV2080_ENGINE_TYPE_GR0;
    uint32_t data[NOVA_DEVINFO_DATA_TYPES], i;

    for (i = 0; i < NOVA_DEVINFO_DATA_TYPES; i++) {
        data[i] = 0;
    }
    data[ENGINE_INFO_TYPE_ENG_DESC] = gr ? ENG_DESC_GR(e->instance) : ENG_DESC_CE(e->instance);
    data[ENGINE_INFO_TYPE_FIFO_TAG] = (uint32_t)(e - chip->engines);
    data[ENGINE_INFO_TYPE_RM_ENGINE_TYPE] = e->engine_type;
    data[ENGINE_INFO_TYPE_RUNLIST] = e->runlist;
    data[ENGINE_INFO_TYPE_MMU_FAULT_ID] = e->mmu_fault_id;
    /* reset, interrupt and MC bits are GSP-RM's own business: none given */
    data[ENGINE_INFO_TYPE_RESET] = NOVA_NO_VECTOR;
    data[ENGINE_INFO_TYPE_INTR] = NOVA_NO_VECTOR;
    data[ENGINE_INFO_TYPE_MC] = NOVA_NO_VECTOR;
    data[ENGINE_INFO_TYPE_DEV_TYPE_ENUM] = e->dev_type;
    data[ENGINE_INFO_TYPE_INSTANCE_ID] = e->instance;
    data[ENGINE_INFO_TYPE_RUNLIST_PRI_BASE] = e->runlist_pri_base;
    data[ENGINE_INFO_TYPE_IS_HOST_DRIVEN_ENGINE] = 1;
    data[ENGINE_INFO_TYPE_RUNLIST_ENGINE_ID] = runlist_engine_id(chip, e);
    data[ENGINE_INFO_TYPE_CHRAM_PRI_BASE] =
        e->runlist_pri_base ? e->runlist_pri_base + 0x10000 : 0;
    for (i = 0; i < NOVA_DEVINFO_DATA_TYPES; i++) {
        nova_st32(d + offsetof(NovaRmDeviceInfoEntry, engine_data) + 4 * i, data[i]);
    }
    nova_st32(d + offsetof(NovaRmDeviceInfoEntry, pbdma_ids), e->pbdma);
    nova_st32(d + offsetof(NovaRmDeviceInfoEntry, pbdma_fault_ids), MMU_FAULT_ID_HOST0 + e->pbdma);
    nova_st32(d + offsetof(NovaRmDeviceInfoEntry, num_pbdmas), 1);
    strncpy((char *)d + offsetof(NovaRmDeviceInfoEntry, engine_name), e->name,
            sizeof(((NovaRmDeviceInfoEntry *)0)->engine_name) - 1);
}

/*
 * NV2080_CTRL_CMD_FIFO_GET_DEVICE_INFO_TABLE: the chip's engines, a page of
 * 32 at a time (baseIndex / 32 picks the page, bMore says another
 * follows), as RM pages it. nouveau reads the first page only, which holds
 * every engine of these chips.
 */
uint32_t nova_gsp_ctrl_device_info(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    const NovaChip *chip = rm->cfg.chip;
    uint32_t first = nova_ld32(p + offsetof(NovaRmDeviceInfoParams, base_index));
    uint32_t total = chip ? chip->num_engines : 0, n, i;

    first -= first % NOVA_DEVINFO_MAX_ENTRIES;
    if (first && first >= total) {
        return NV_ERR_INVALID_ARGUMENT;
    }
    n = total - first < NOVA_DEVINFO_MAX_ENTRIES ? total - first : NOVA_DEVINFO_MAX_ENTRIES;
    memset(p + offsetof(NovaRmDeviceInfoParams, entries), 0,
           sizeof(NovaRmDeviceInfoEntry) * NOVA_DEVINFO_MAX_ENTRIES);
    for (i = 0; i < n; i++) {
        device_info_entry(chip, &chip->engines[first + i],
                          p + offsetof(NovaRmDeviceInfoParams, entries) +
                          i * sizeof(NovaRmDeviceInfoEntry));
    }
    nova_st32(p + offsetof(NovaRmDeviceInfoParams, num_entries), n);
    p[offsetof(NovaRmDeviceInfoParams, more)] = first + n < total;
    return NV_OK;
}

static void intr_entry(uint8_t *t, uint32_t i, uint32_t engine_idx, uint32_t stall,
                       uint32_t nonstall)
{
    uint8_t *e = t + offsetof(NovaRmIntrTable, table) + i * sizeof(NovaRmIntrEntry);

    nova_st16(e + offsetof(NovaRmIntrEntry, engine_idx), engine_idx);
    nova_st32(e + offsetof(NovaRmIntrEntry, pmc_intr_mask), 0);
    nova_st32(e + offsetof(NovaRmIntrEntry, vector_stall), stall);
    nova_st32(e + offsetof(NovaRmIntrEntry, vector_nonstall), nonstall);
}

/*
 * NV2080_CTRL_CMD_INTERNAL_INTR_GET_KERNEL_TABLE: who interrupts the driver
 * on which vector. The GSP's stall vector (its message queue), and each
 * engine's non-stall vector (semaphore and NON_STALL_INTERRUPT wake-ups;
 * nouveau hooks it per runlist). Engines' stall interrupts are GSP-RM's
 * own, so they have no stall vector here.
 */
uint32_t nova_gsp_ctrl_intr_table(NovaGspRm *rm, NovaRmObject *o, uint8_t *t)
{
    const NovaChip *chip = rm->cfg.chip;
    bool r570 = rm->abi == NOVA_GSP_ABI_R570;
    uint32_t gsp = r570 ? MC_ENGINE_IDX_GSP_R570 : MC_ENGINE_IDX_GSP_R535;
    uint32_t gr0 = r570 ? MC_ENGINE_IDX_GR0_R570 : MC_ENGINE_IDX_GR0_R535;
    uint32_t n = 0, i;

    memset(t, 0, sizeof(NovaRmIntrTable));
    intr_entry(t, n++, gsp, NOVA_GSP_INTR_VECTOR, NOVA_NO_VECTOR);
    if (rm->cfg.disp) {
        intr_entry(t, n++, MC_ENGINE_IDX_DISP, NOVA_DISP_INTR_VECTOR, NOVA_NO_VECTOR);
    }
    for (i = 0; chip && i < chip->num_engines; i++) {
        const NovaChipEngine *e = &chip->engines[i];
        uint32_t idx = e->engine_type == NV2080_ENGINE_TYPE_GR0 ?
                       gr0 + e->instance : MC_ENGINE_IDX_CE0 + e->instance;

        intr_entry(t, n++, idx, NOVA_NO_VECTOR, e->nonstall_vector);
    }
    nova_st32(t + offsetof(NovaRmIntrTable, table_len), n);
    return NV_OK;
}

/* --- GR context buffers ------------------------------------------------------------ */

/*
 * The sizes GSP-RM reports for GR0's context buffers, by
 * NV0080_CTRL_FIFO_GET_ENGINE_CONTEXT_PROPERTIES_ENGINE_ID_* index. Real RM
 * derives them from the ctxsw firmware; these are of the order a GA102
 * reports (the main image some hundreds of KiB, the circular buffers tens
 * of KiB up to a MiB), kept modest so the driver's VRAM use stays small.
 * The indices of other engines (VLD to POSTPROCESS) are 0, as on hardware.
 */
static const NovaRmCtxBufferInfo kgr_ctx_buffers[NOVA_KGR_CTX_BUFFERS] = {
    [0x00] = { 0x50000, 0x1000 },   /* GRAPHICS: the main context image */
    [0x08] = { 0x4000, 0x1000 },    /* GRAPHICS_ZCULL */
    [0x09] = { 0x8000, 0x1000 },    /* GRAPHICS_PM */
    [0x0a] = { 0x40000, 0x1000 },   /* COMPUTE_PREEMPT */
    [0x0b] = { 0x40000, 0x1000 },   /* GRAPHICS_PREEMPT */
    [0x0c] = { 0x10000, 0x1000 },   /* GRAPHICS_SPILL */
    [0x0d] = { 0x80000, 0x1000 },   /* GRAPHICS_PAGEPOOL */
    [0x0e] = { 0x20000, 0x1000 },   /* GRAPHICS_BETACB */
    [0x0f] = { 0x8000, 0x1000 },    /* GRAPHICS_RTV */
    [0x10] = { 0x10000, 0x1000 },   /* GRAPHICS_PATCH */
    [0x11] = { 0x20000, 0x100 },    /* GRAPHICS_BUNDLE_CB */
    [0x12] = { 0x80000, 0x1000 },   /* GRAPHICS_PAGEPOOL_GLOBAL */
    [0x13] = { 0x100000, 0x1000 },  /* GRAPHICS_ATTRIBUTE_CB */
    [0x14] = { 0x8000, 0x1000 },    /* GRAPHICS_RTV_CB_GLOBAL */
    [0x15] = { 0x40000, 0x1000 },   /* GRAPHICS_GFXP_POOL */
    [0x16] = { 0x1000, 0x1000 },    /* GRAPHICS_GFXP_CTRL_BLK */
    [0x17] = { 0x20000, 0x1000 },   /* GRAPHICS_FECS_EVENT */
    [0x18] = { 0x3000, 0x1000 },    /* GRAPHICS_PRIV_ACCESS_MAP */
};

/*
 * NV2080_CTRL_CMD_INTERNAL_STATIC_KGR_GET_CONTEXT_BUFFERS_INFO: one GR
 * engine here (GR0); the other seven slots stay 0. r570's parameters are
 * larger (GRAPHICS_SETUP, 0 here, ends each engine's list); the control
 * table holds an r570 driver to that size.
 */
uint32_t nova_gsp_ctrl_kgr_ctx_buffers(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    uint32_t i;

    memset(p, 0, rm->abi == NOVA_GSP_ABI_R570 ? NOVA_KGR_CTX_BUFFERS_INFO_R570
                                              : sizeof(NovaRmKgrCtxBuffersInfo));
    for (i = 0; i < NOVA_KGR_CTX_BUFFERS; i++) {
        uint8_t *b = p + i * sizeof(NovaRmCtxBufferInfo);

        nova_st32(b + offsetof(NovaRmCtxBufferInfo, size), kgr_ctx_buffers[i].size);
        nova_st32(b + offsetof(NovaRmCtxBufferInfo, alignment), kgr_ctx_buffers[i].alignment);
    }
    return NV_OK;
}

/* The channel (client, handle) names, or NULL if it is not one */
static NovaRmObject *find_channel(NovaGspRm *rm, uint32_t client, uint32_t handle)
{
    NovaRmObject *c = nova_rm_find(&rm->db, client, handle);

    return c && nova_rm_kind(&rm->db, c->hclass) == NOVA_RM_KIND_CHANNEL ? c : NULL;
}

/*
 * NV2080_CTRL_CMD_GPU_PROMOTE_CTX: the driver gives RM the context buffers
 * it allocated for a channel (GR's golden context, then each GR channel's).
 * RM would map them into the channel's context; the model checks them and
 * keeps which buffers each channel has.
 */
uint32_t nova_gsp_ctrl_promote_ctx(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    uint32_t type = nova_ld32(p + offsetof(NovaRmPromoteCtx, engine_type));
    uint32_t chan_client = nova_ld32(p + offsetof(NovaRmPromoteCtx, h_chan_client));
    uint32_t handle = nova_ld32(p + offsetof(NovaRmPromoteCtx, h_object));
    uint32_t count = nova_ld32(p + offsetof(NovaRmPromoteCtx, entry_count));
    uint32_t promoted = 0, i;
    NovaRmObject *chan;

    if (!nova_chip_engine(rm->cfg.chip, type)) {
        nova_gsp_guest_error(rm, "PROMOTE_CTX for an engine the chip lacks", type);
        return NV_ERR_INVALID_ARGUMENT;
    }
    if (count > NOVA_PROMOTE_MAX_ENTRIES) {
        nova_gsp_guest_error(rm, "PROMOTE_CTX entry count", count);
        return NV_ERR_INVALID_ARGUMENT;
    }
    chan = find_channel(rm, chan_client ? chan_client : o->client, handle);
    if (!chan) {
        nova_gsp_guest_error(rm, "PROMOTE_CTX of something not a channel", handle);
        return NV_ERR_INVALID_OBJECT_HANDLE;
    }
    if (chan->u.channel.engine_type != type) {
        nova_gsp_guest_error(rm, "PROMOTE_CTX for an engine the channel does not run", type);
        return NV_ERR_INVALID_ARGUMENT;
    }
    for (i = 0; i < count; i++) {
        const uint8_t *e = p + offsetof(NovaRmPromoteCtx, entries) + i * sizeof(NovaRmPromoteEntry);
        uint32_t id = nova_ld16(e + offsetof(NovaRmPromoteEntry, buffer_id));
        bool init = e[offsetof(NovaRmPromoteEntry, initialize)];

        if (id >= NOVA_RM_PROMOTE_BUFFER_IDS ||
            (init && nova_ld64(e + offsetof(NovaRmPromoteEntry, size)) == 0)) {
            nova_gsp_guest_error(rm, "PROMOTE_CTX buffer entry", id);
            return NV_ERR_INVALID_ARGUMENT;
        }
        promoted |= 1u << id;
    }
    chan->u.channel.promoted |= promoted;
    chan->u.channel.promotions++;
    return NV_OK;
}

/*
 * NV2080_CTRL_CMD_INTERNAL_KGR_INIT_BUG4208224_WAR (r570 only): nouveau's
 * r570 path sets up (or tears down) the Turing GR scrubber channel with
 * it; nothing needs scrubbing in the model.
 */
uint32_t nova_gsp_ctrl_kgr_bug4208224_war(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    return rm->abi == NOVA_GSP_ABI_R570 ? NV_OK : NV_ERR_NOT_SUPPORTED;
}

/* --- a channel's controls ---------------------------------------------------------- */

/*
 * NVA06F_CTRL_CMD_BIND: the engine the channel's work goes to. It must be
 * the one the channel was allocated for: even where a runlist has two
 * (Turing's GR0 and its GRCE), the model does not move a channel between
 * engines.
 */
uint32_t nova_gsp_ctrl_channel_bind(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    uint32_t type = nova_ld32(p + offsetof(NovaRmChannelBind, engine_type));
    uint32_t status;

    if (!nova_chip_engine(rm->cfg.chip, type) || type != o->u.channel.engine_type) {
        nova_gsp_guest_error(rm, "BIND to an engine not on the channel's runlist", type);
        return NV_ERR_INVALID_ARGUMENT;
    }
    status = nova_gsp_fifo_channel_bind(rm, o, type);
    if (status == NV_OK) {
        o->u.channel.bound = true;
    }
    return status;
}

/* NVA06F_CTRL_CMD_GPFIFO_SCHEDULE: the channel enters (or leaves) its runlist */
uint32_t nova_gsp_ctrl_channel_schedule(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    bool enable = p[offsetof(NovaRmChannelSchedule, enable)];
    uint32_t status = nova_gsp_fifo_channel_schedule(rm, o, enable);

    if (status == NV_OK) {
        o->u.channel.scheduled = enable;
    }
    return status;
}

/* NVC36F_CTRL_CMD_GPFIFO_GET_WORK_SUBMIT_TOKEN: what the doorbell takes */
uint32_t nova_gsp_ctrl_work_submit_token(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    nova_st32(p + offsetof(NovaRmWorkSubmitToken, token),
              nova_fifo_token(o->u.channel.runlist, o->u.channel.chid));
    return NV_OK;
}

/* --- a channel's life -------------------------------------------------------------- */

uint32_t nova_gsp_channel_alloced(NovaGspRm *rm, NovaRmObject *o)
{
    uint32_t status = nova_rm_kind(&rm->db, o->hclass) == NOVA_RM_KIND_DISP_CHANNEL ?
                      nova_gsp_disp_channel_alloced(rm, o) :
                      nova_gsp_fifo_channel_alloc(rm, o);

    if (status != NV_OK) {
        /* the host refused it: RM's allocation fails as a whole */
        nova_rm_free(&rm->db, o->client, o->handle);
    }
    return status;
}

void nova_gsp_object_gone(void *opaque, const NovaRmObject *o)
{
    NovaGspRm *rm = opaque;

    if (nova_rm_kind(&rm->db, o->hclass) == NOVA_RM_KIND_CHANNEL) {
        nova_gsp_fifo_channel_free(rm, o);
    } else if (nova_rm_kind(&rm->db, o->hclass) == NOVA_RM_KIND_DISP_CHANNEL) {
        nova_gsp_disp_channel_free(rm, o);
    }
}

/* --- robust-channel errors --------------------------------------------------------- */

/*
 * The channel's error notifier (errorNotifierMem, if its type is MEMORY):
 * an NvNotification as RM fills it, the time's high word first.
 */
static void write_error_notifier(NovaGspRm *rm, const NovaRmChannel *ch,
                                 const NovaChannelError *err)
{
    uint64_t now = rm->host->now_ns ? rm->host->now_ns(rm->host->opaque) : 0;
    uint8_t n[sizeof(NovaNvNotification)];
    int r;

    nova_st32(n + offsetof(NovaNvNotification, time_hi), (uint32_t)(now >> 32));
    nova_st32(n + offsetof(NovaNvNotification, time_lo), (uint32_t)now);
    nova_st32(n + offsetof(NovaNvNotification, info32), err->exception);
    nova_st16(n + offsetof(NovaNvNotification, info16), err->engine_type);
    nova_st16(n + offsetof(NovaNvNotification, status), 0xffff);
    if (ch->error_notifier_space == NOVA_ADDR_FBMEM) {
        r = rm->host->vram_write(rm->host->opaque, ch->error_notifier, n, sizeof(n));
    } else {
        r = rm->host->dma_write(rm->host->opaque, ch->error_notifier, n, sizeof(n));
    }
    if (r) {
        nova_gsp_guest_error(rm, "error notifier not writable", ch->error_notifier);
    }
}

/* RC_TRIGGERED's payload for the driver's ABI; returns its length */
static uint32_t rc_payload(NovaGspRm *rm, const NovaChannelError *err, uint8_t *m)
{
    if (rm->abi == NOVA_GSP_ABI_R570) {
        memset(m, 0, sizeof(NovaRmRcTriggeredR570));
        nova_st32(m + offsetof(NovaRmRcTriggeredR570, nv2080_engine_type), err->engine_type);
        nova_st32(m + offsetof(NovaRmRcTriggeredR570, chid), err->chid);
        nova_st32(m + offsetof(NovaRmRcTriggeredR570, except_type), err->exception);
        if (err->exception == ROBUST_CHANNEL_FIFO_ERROR_MMU_ERR_FLT) {
            nova_st32(m + offsetof(NovaRmRcTriggeredR570, mmu_fault_addr_lo), (uint32_t)err->info);
            nova_st32(m + offsetof(NovaRmRcTriggeredR570, mmu_fault_addr_hi),
                      (uint32_t)(err->info >> 32));
        }
        return sizeof(NovaRmRcTriggeredR570);
    }
    memset(m, 0, sizeof(NovaRmRcTriggeredR535));
    nova_st32(m + offsetof(NovaRmRcTriggeredR535, nv2080_engine_type), err->engine_type);
    nova_st32(m + offsetof(NovaRmRcTriggeredR535, chid), err->chid);
    nova_st32(m + offsetof(NovaRmRcTriggeredR535, except_type), err->exception);
    /* scope 0: the channel; partitionAttributionId 0: no MIG */
    return sizeof(NovaRmRcTriggeredR535);
}

void nova_gsp_rm_rc_triggered(NovaGspRm *rm, const NovaChannelError *err)
{
    uint8_t m[sizeof(NovaRmRcTriggeredR570)];
    NovaRmObject *o;
    uint32_t len;

    if (rm->state != NOVA_GSP_RM_RUNNING) {
        return;
    }
    o = nova_rm_find_chid(&rm->db, err->chid);
    if (o && o->u.channel.error_notifier_space) {
        write_error_notifier(rm, &o->u.channel, err);
    }
    len = rc_payload(rm, err, m);
    nova_gsp_post(rm, NV_VGPU_MSG_EVENT_RC_TRIGGERED, NV_OK, m, len);
}
