/*
 * nova-gpu: the RPCs that reach GSP-RM's object database: GSP_RM_ALLOC,
 * FREE and GSP_RM_CONTROL, and the controls the model answers.
 *
 * A control names an object by (client, handle); its command's top 16
 * bits are the class it belongs to, so a command sent to the wrong kind of
 * object is refused the way RM refuses it (NV_ERR_NOT_SUPPORTED), as is a
 * command the model does not know. Each is traced; none is dropped.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/gsp-rm.h"
#include "nova/gsp-abi.h"
#include "rpc-util.h"

#include <stdlib.h>
#include <string.h>

#define ALLOC_HDR       0x20    /* rpc_gsp_rm_alloc_v03_00 before params */
#define ALLOC_STATUS    0x10
#define FREE_SIZE       0x10    /* NVOS00_PARAMETERS_v03_00 */
#define CONTROL_HDR     sizeof(NovaGspRmControl)

/* --- controls ------------------------------------------------------------------- */

#define COPY_PDES_SIZE          (0x28 + NOVA_RM_MAX_PDE_LEVELS * 0x18)

/*
 * NV90F1_CTRL_CMD_VASPACE_COPY_SERVER_RESERVED_PDES: the driver tells RM
 * where the top levels of its page tables are, so RM-side mappings can
 * share them. Kept on the address space object.
 */
static uint32_t ctrl_copy_pdes(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    uint32_t n = nova_ld32(p + 0x20), i;

    if (n == 0 || n > NOVA_RM_MAX_PDE_LEVELS) {
        nova_gsp_guest_error(rm, "COPY_SERVER_RESERVED_PDES level count", n);
        return NV_ERR_INVALID_ARGUMENT;
    }
    o->u.vaspace.pde_va_lo = nova_ld64(p + 0x10);
    o->u.vaspace.pde_va_hi = nova_ld64(p + 0x18);
    o->u.vaspace.pde_levels = n;
    for (i = 0; i < n; i++) {
        const uint8_t *l = p + 0x28 + 0x18 * i;

        o->u.vaspace.pde[i].phys_addr = nova_ld64(l);
        o->u.vaspace.pde[i].size = nova_ld64(l + 8);
        o->u.vaspace.pde[i].aperture = nova_ld32(l + 0x10);
        o->u.vaspace.pde[i].page_shift = l[0x14];
    }
    return NV_OK;
}

/*
 * The FERMI_VASPACE_A a device control names (hVASpace): one of the
 * client's, under the device the control was sent to. NULL (a guest error)
 * otherwise.
 */
static NovaRmObject *device_vaspace(NovaGspRm *rm, NovaRmObject *dev, uint32_t h,
                                    const char *what)
{
    NovaRmObject *vas = nova_rm_find(&rm->db, dev->client, h);

    if (!vas || vas->hclass != FERMI_VASPACE_A || vas->parent != dev->handle) {
        nova_gsp_guest_error(rm, what, h);
        return NULL;
    }
    return vas;
}

/*
 * NV0080_CTRL_CMD_DMA_SET_PAGE_DIRECTORY: the driver keeps the VA space's
 * page tables and tells RM where their root is (nouveau 7.2 makes every
 * client VMM so). RM would point its own bookkeeping at them; the model
 * records the root on the VA space (the channels translate through the
 * page directory base their instance blocks name, which the driver writes).
 */
static uint32_t ctrl_set_page_directory(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    uint64_t phys = nova_ld64(p + offsetof(NovaRmSetPageDirectory, phys_address));
    uint32_t entries = nova_ld32(p + offsetof(NovaRmSetPageDirectory, num_entries));
    uint32_t flags = nova_ld32(p + offsetof(NovaRmSetPageDirectory, flags));
    uint32_t aperture = flags & NOVA_SET_PAGE_DIRECTORY_APERTURE_MASK;
    NovaRmObject *vas = device_vaspace(rm, o,
        nova_ld32(p + offsetof(NovaRmSetPageDirectory, h_va_space)),
        "DMA_SET_PAGE_DIRECTORY for something not a VA space of the device");

    if (!vas) {
        return NV_ERR_INVALID_OBJECT_HANDLE;
    }
    if (entries == 0 || (phys & 0xfff) || aperture == 3) {
        nova_gsp_guest_error(rm, "DMA_SET_PAGE_DIRECTORY root (entries, alignment, aperture)",
                             phys);
        return NV_ERR_INVALID_ARGUMENT;
    }
    vas->u.vaspace.external = 1;
    vas->u.vaspace.pd_phys = phys;
    vas->u.vaspace.pd_entries = entries;
    vas->u.vaspace.pd_aperture = aperture;
    return NV_OK;
}

/* NV0080_CTRL_CMD_DMA_UNSET_PAGE_DIRECTORY: the VA space forgets the driver's root */
static uint32_t ctrl_unset_page_directory(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    NovaRmObject *vas = device_vaspace(rm, o,
        nova_ld32(p + offsetof(NovaRmUnsetPageDirectory, h_va_space)),
        "DMA_UNSET_PAGE_DIRECTORY for something not a VA space of the device");

    if (!vas) {
        return NV_ERR_INVALID_OBJECT_HANDLE;
    }
    if (!vas->u.vaspace.external) {
        nova_gsp_guest_error(rm, "DMA_UNSET_PAGE_DIRECTORY of a VA space with none set", 0);
        return NV_ERR_INVALID_STATE;
    }
    vas->u.vaspace.external = 0;
    vas->u.vaspace.pd_phys = 0;
    vas->u.vaspace.pd_entries = 0;
    vas->u.vaspace.pd_aperture = 0;
    return NV_OK;
}

/* NV2080_CTRL_CMD_EVENT_SET_NOTIFICATION: event @0, action @4 */
static uint32_t ctrl_event_notification(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    uint32_t event = nova_ld32(p), action = nova_ld32(p + 4);

    if (event >= 32 || action > 2) {
        return NV_ERR_INVALID_ARGUMENT;
    }
    if (action) {
        o->u.subdevice.notifications |= 1u << event;
    } else {
        o->u.subdevice.notifications &= ~(1u << event);
    }
    return NV_OK;
}

/*
 * NV2080_CTRL_CMD_CE_GET_FAULT_METHOD_BUFFER_SIZE: how much memory a channel
 * needs for methods saved on a fault. A fixed page, as RM reports one size
 * per GPU; nouveau sizes each channel's method buffer (mthdbufMem) from it,
 * so it must not be 0.
 */
static uint32_t ctrl_ce_fault_method_buffer(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    nova_st32(p, NOVA_GSP_PAGE);
    return NV_OK;
}

typedef struct RmControl {
    uint32_t cmd;
    const char *name;
    uint32_t params_size;       /* the least the driver must send */
    uint32_t (*handle)(NovaGspRm *rm, NovaRmObject *o, uint8_t *params);
    uint32_t params_size_r570;  /* r570's least, where its structure is larger */
    bool disp;                  /* the display's: refused with the display off */
    int abi;                    /* the only ABI that has this number (0: both) */
} RmControl;

/* a control's row: its number, its name (for traces), and how it is served */
#define RM_CONTROL(cmd, size, handle) { cmd, #cmd, size, handle, 0, false, 0 }
/* the same, for a control whose parameters r570 made larger */
#define RM_CONTROL_ABI(cmd, size, size_r570, handle) \
    { cmd, #cmd, size, handle, size_r570, false, 0 }
/* a display control (rm-disp.c) */
#define RM_CONTROL_DISP(cmd, size, handle) \
    { cmd, #cmd, size, nova_gsp_disp_##handle, 0, true, 0 }
/* ...whose number one ABI has: r570 renumbered NV0073's SYSTEM controls */
#define RM_CONTROL_DISP_IN(abi, cmd, size, handle) \
    { cmd, #cmd, size, nova_gsp_disp_##handle, 0, true, abi }

static const RmControl rm_controls[] = {
    RM_CONTROL(NV2080_CTRL_CMD_INTERNAL_INTR_GET_KERNEL_TABLE,
               sizeof(NovaRmIntrTable), nova_gsp_ctrl_intr_table),
    RM_CONTROL(NV90F1_CTRL_CMD_VASPACE_COPY_SERVER_RESERVED_PDES,
               COPY_PDES_SIZE, ctrl_copy_pdes),
    RM_CONTROL(NV0080_CTRL_CMD_DMA_SET_PAGE_DIRECTORY,
               sizeof(NovaRmSetPageDirectory), ctrl_set_page_directory),
    RM_CONTROL(NV0080_CTRL_CMD_DMA_UNSET_PAGE_DIRECTORY,
               sizeof(NovaRmUnsetPageDirectory), ctrl_unset_page_directory),
    RM_CONTROL(NV2080_CTRL_CMD_INTERNAL_FBSR_INIT,
               sizeof(NovaRmFbsrInitR570), nova_gsp_ctrl_fbsr_init),
    RM_CONTROL(NV2080_CTRL_CMD_INTERNAL_FIFO_TOGGLE_ACTIVE_CHANNEL_SCHEDULING,
               1, nova_gsp_ctrl_toggle_channel_scheduling),
    RM_CONTROL(NV2080_CTRL_CMD_EVENT_SET_NOTIFICATION,
               8, ctrl_event_notification),
    RM_CONTROL(NV2080_CTRL_CMD_FIFO_GET_DEVICE_INFO_TABLE,
               sizeof(NovaRmDeviceInfoParams), nova_gsp_ctrl_device_info),
    RM_CONTROL(NV2080_CTRL_CMD_CE_GET_FAULT_METHOD_BUFFER_SIZE,
               4, ctrl_ce_fault_method_buffer),
    RM_CONTROL(NV2080_CTRL_CMD_INTERNAL_GET_CONSTRUCTED_FALCON_INFO,
               4, nova_gsp_ctrl_falcon_info),
    RM_CONTROL(NV2080_CTRL_CMD_GPU_GET_CONSTRUCTED_FALCON_INFO,
               4, nova_gsp_ctrl_falcon_info),
    RM_CONTROL(NV2080_CTRL_CMD_GPU_GET_FERMI_GPC_INFO,
               sizeof(NovaRmGpcInfo), nova_gsp_ctrl_gpc_info),
    RM_CONTROL(NV2080_CTRL_CMD_GPU_GET_FERMI_TPC_INFO,
               sizeof(NovaRmTpcInfo), nova_gsp_ctrl_tpc_info),
    RM_CONTROL(NV2080_CTRL_CMD_GR_GET_ZCULL_INFO,
               sizeof(NovaRmZcullInfo), nova_gsp_ctrl_zcull_info),
    RM_CONTROL_ABI(NV2080_CTRL_CMD_INTERNAL_STATIC_KGR_GET_CONTEXT_BUFFERS_INFO,
                   sizeof(NovaRmKgrCtxBuffersInfo), NOVA_KGR_CTX_BUFFERS_INFO_R570,
                   nova_gsp_ctrl_kgr_ctx_buffers),
    RM_CONTROL(NV2080_CTRL_CMD_GPU_PROMOTE_CTX,
               sizeof(NovaRmPromoteCtx), nova_gsp_ctrl_promote_ctx),
    RM_CONTROL(NV2080_CTRL_CMD_INTERNAL_KGR_INIT_BUG4208224_WAR,
               1, nova_gsp_ctrl_kgr_bug4208224_war),
    RM_CONTROL(NVA06F_CTRL_CMD_BIND,
               sizeof(NovaRmChannelBind), nova_gsp_ctrl_channel_bind),
    RM_CONTROL(NVA06F_CTRL_CMD_GPFIFO_SCHEDULE,
               sizeof(NovaRmChannelSchedule), nova_gsp_ctrl_channel_schedule),
    RM_CONTROL(NVC36F_CTRL_CMD_GPFIFO_GET_WORK_SUBMIT_TOKEN,
               sizeof(NovaRmWorkSubmitToken), nova_gsp_ctrl_work_submit_token),
    RM_CONTROL_DISP(NV2080_CTRL_CMD_INTERNAL_DISPLAY_WRITE_INST_MEM, 0x18, write_inst_mem),
    RM_CONTROL_DISP(NV2080_CTRL_CMD_INTERNAL_DISPLAY_GET_STATIC_INFO, 0x1c, static_info),
    RM_CONTROL_DISP(NV2080_CTRL_CMD_INTERNAL_INIT_BRIGHTC_STATE_LOAD, 4, ack),
    RM_CONTROL_DISP(NV2080_CTRL_CMD_INTERNAL_DISPLAY_CHANNEL_PUSHBUFFER, 0x25,
                    channel_pushbuffer),
    RM_CONTROL_DISP(NV0073_CTRL_CMD_DP_SET_MANUAL_DISPLAYPORT, 4, ack),
    RM_CONTROL_DISP(NV0073_CTRL_CMD_SYSTEM_GET_NUM_HEADS, 0xc, num_heads),
    RM_CONTROL_DISP(NV0073_CTRL_CMD_SPECIFIC_GET_ALL_HEAD_MASK, 8, head_mask),
    RM_CONTROL_DISP_IN(NOVA_GSP_ABI_R535, NV0073_CTRL_CMD_SYSTEM_GET_SUPPORTED, 0xc, supported),
    RM_CONTROL_DISP_IN(NOVA_GSP_ABI_R570, NV0073_CTRL_CMD_SYSTEM_GET_SUPPORTED_R570, 0xc,
                       supported),
    RM_CONTROL_DISP(NV0073_CTRL_CMD_SPECIFIC_OR_GET_INFO, 0x38, or_info),
    RM_CONTROL_DISP(NV0073_CTRL_CMD_SPECIFIC_GET_CONNECTOR_DATA, 0x20, connector_data),
    RM_CONTROL_DISP_IN(NOVA_GSP_ABI_R535, NV0073_CTRL_CMD_SYSTEM_GET_CONNECT_STATE, 0x10,
                       connect_state),
    RM_CONTROL_DISP_IN(NOVA_GSP_ABI_R570, NV0073_CTRL_CMD_SYSTEM_GET_CONNECT_STATE_R570, 0x10,
                       connect_state),
    RM_CONTROL_DISP(NV0073_CTRL_CMD_DFP_GET_INFO, 0x10, dfp_info),
    RM_CONTROL_DISP(NV0073_CTRL_CMD_SPECIFIC_GET_EDID_V2, 0x10 + NOVA_DISP_EDID_MAX, edid),
    RM_CONTROL_DISP_IN(NOVA_GSP_ABI_R535, NV0073_CTRL_CMD_SYSTEM_GET_ACTIVE, 0x10, active),
    RM_CONTROL_DISP_IN(NOVA_GSP_ABI_R570, NV0073_CTRL_CMD_SYSTEM_GET_ACTIVE_R570, 0x10, active),
    RM_CONTROL_DISP(NV0073_CTRL_CMD_DFP_ASSIGN_SOR, 0x48, assign_sor),
};

static const RmControl *find_control(uint32_t cmd, int abi)
{
    size_t i;

    for (i = 0; i < sizeof(rm_controls) / sizeof(rm_controls[0]); i++) {
        if (rm_controls[i].cmd == cmd && (!rm_controls[i].abi || rm_controls[i].abi == abi)) {
            return &rm_controls[i];
        }
    }
    return NULL;
}

/*
 * The class a control command belongs to (its top 16 bits). A channel
 * family's controls (KEPLER_CHANNEL_GPFIFO_A's a06f, VOLTA's c36f) work on
 * every later channel class, as RM's channel objects inherit them.
 */
static bool control_fits(const NovaRmDb *db, uint32_t cmd, const NovaRmObject *o)
{
    uint32_t cls = cmd >> 16;

    if (cls == NV01_ROOT) {
        return o->hclass == NV01_ROOT || o->hclass == NV01_ROOT_CLIENT;
    }
    if (nova_rm_kind(db, o->hclass) == NOVA_RM_KIND_CHANNEL &&
        (cls == 0xa06f || cls == VOLTA_CHANNEL_GPFIFO_A)) {
        return cls <= o->hclass;
    }
    return cls == o->hclass;
}

/*
 * GSP_RM_CONTROL: the reply echoes the control header with its status and
 * the (updated) parameters. It is made in place, in the request's bytes
 * (the model's copy, which nothing reads afterwards): no second copy of a
 * control that can be a megabyte.
 */
void nova_gsp_rpc_control(NovaGspRm *rm, uint8_t *p, uint32_t plen)
{
    uint32_t client, handle, cmd, params_size, status, len;
    const RmControl *c;
    NovaRmObject *o;
    uint8_t *r;

    if (nova_gsp_rpc_short(rm, NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL, plen, CONTROL_HDR,
                           "GSP_RM_CONTROL shorter than its header")) {
        return;
    }
    client = nova_ld32(p + offsetof(NovaGspRmControl, h_client));
    handle = nova_ld32(p + offsetof(NovaGspRmControl, h_object));
    cmd = nova_ld32(p + offsetof(NovaGspRmControl, cmd));
    params_size = nova_ld32(p + offsetof(NovaGspRmControl, params_size));
    if (params_size > plen - CONTROL_HDR) {
        nova_gsp_guest_error(rm, "GSP_RM_CONTROL params past the message", params_size);
        params_size = plen - CONTROL_HDR;
    }
    len = CONTROL_HDR + params_size;
    r = p;
    c = find_control(cmd, rm->abi);
    o = nova_rm_find(&rm->db, client, handle);
    if (!nova_rm_find(&rm->db, client, client)) {
        status = NV_ERR_INVALID_CLIENT;
    } else if (!o) {
        status = NV_ERR_INVALID_OBJECT_HANDLE;
    } else if (!c || !control_fits(&rm->db, cmd, o) || (c->disp && !rm->cfg.disp)) {
        status = NV_ERR_NOT_SUPPORTED;
    } else if (params_size < c->params_size ||
               (rm->abi == NOVA_GSP_ABI_R570 && params_size < c->params_size_r570)) {
        nova_gsp_guest_error(rm, "GSP_RM_CONTROL params shorter than the control's", params_size);
        status = NV_ERR_INVALID_PARAM_STRUCT;
    } else {
        status = c->handle(rm, o, r + CONTROL_HDR);
    }
    if (status == NV_ERR_NOT_SUPPORTED) {
        rm->rpcs_unsupported++;
        NOVA_EVENT(rm->host, NOVA_EV_UNIMP_RM_CONTROL, rm_control, cmd,
                   c ? c->name : "?", client, handle, status);
    } else {
        NOVA_EVENT(rm->host, NOVA_EV_RM_CONTROL, rm_control, cmd,
                   c ? c->name : "?", client, handle, status);
    }
    nova_st32(r + offsetof(NovaGspRmControl, status), status);
    nova_gsp_post(rm, NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL, NV_OK, r, len);
}

/* --- alloc and free -------------------------------------------------------------- */

void nova_gsp_rpc_alloc(NovaGspRm *rm, const uint8_t *p, uint32_t plen)
{
    uint32_t client, parent, handle, hclass, params_size, status, len;
    const char *name;
    uint8_t *r;

    if (nova_gsp_rpc_short(rm, NV_VGPU_MSG_FUNCTION_GSP_RM_ALLOC, plen, ALLOC_HDR,
                           "GSP_RM_ALLOC shorter than its header")) {
        return;
    }
    client = nova_ld32(p);
    parent = nova_ld32(p + 4);
    handle = nova_ld32(p + 8);
    hclass = nova_ld32(p + 0xc);
    params_size = nova_ld32(p + 0x14);
    if (params_size > plen - ALLOC_HDR) {
        nova_gsp_guest_error(rm, "GSP_RM_ALLOC params past the message", params_size);
        params_size = plen - ALLOC_HDR;
    }
    if (handle == 0 && client != 0) {
        /* resserv assigns a handle from its range and answers with it */
        handle = nova_rm_gen_handle(&rm->db, client);
    }
    status = nova_rm_alloc(&rm->db, client, parent, handle, hclass,
                           p + ALLOC_HDR, params_size);
    if (status == NV_OK && (nova_rm_kind(&rm->db, hclass) == NOVA_RM_KIND_CHANNEL ||
                            nova_rm_kind(&rm->db, hclass) == NOVA_RM_KIND_DISP_CHANNEL)) {
        status = nova_gsp_channel_alloced(rm, nova_rm_find(&rm->db, client, handle));
    }
    name = nova_rm_class_name(&rm->db, hclass);
    if (status != NV_OK) {
        rm->db.failures++;
        if (status == NV_ERR_NOT_SUPPORTED || status == NV_ERR_INVALID_CLASS) {
            NOVA_EVENT(rm->host, NOVA_EV_UNIMP_RM_ALLOC, rm_alloc, hclass,
                       name ? name : "unknown", client, parent, handle, status);
        } else {
            NOVA_EVENT(rm->host, NOVA_EV_UB_RM_ALLOC, rm_alloc, hclass,
                       name ? name : "unknown", client, parent, handle, status);
        }
    } else {
        NOVA_EVENT(rm->host, NOVA_EV_RM_ALLOC, rm_alloc, hclass, name, client,
                   parent, handle, status);
    }
    len = ALLOC_HDR + params_size;
    r = malloc(len);
    if (!r) {
        return;
    }
    memcpy(r, p, len);
    nova_st32(r + ALLOC_STATUS, status);
    nova_st32(r + 8, handle);                   /* hObject: the one RM assigned */
    nova_gsp_post(rm, NV_VGPU_MSG_FUNCTION_GSP_RM_ALLOC, NV_OK, r, len);
    free(r);
}

void nova_gsp_rpc_free(NovaGspRm *rm, const uint8_t *p, uint32_t plen)
{
    uint8_t r[FREE_SIZE];
    uint32_t status;

    if (nova_gsp_rpc_short(rm, NV_VGPU_MSG_FUNCTION_FREE, plen, FREE_SIZE,
                           "FREE shorter than its structure")) {
        return;
    }
    memcpy(r, p, FREE_SIZE);
    /* NVOS00: hRoot @0, hObjectParent @4 (0 from nouveau), hObjectOld @8 */
    status = nova_rm_free_each(&rm->db, nova_ld32(p), nova_ld32(p + 8),
                               nova_gsp_object_gone, rm);
    if (status != NV_OK) {
        nova_gsp_guest_error(rm, "FREE of an object that does not exist", nova_ld32(p + 8));
    }
    NOVA_EVENT(rm->host, NOVA_EV_RM_FREE, rm_free, nova_ld32(p), nova_ld32(p + 8), status);
    nova_st32(r + 0xc, status);
    nova_gsp_post(rm, NV_VGPU_MSG_FUNCTION_FREE, status, r, FREE_SIZE);
}
