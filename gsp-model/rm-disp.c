/*
 * nova-gpu: GSP-RM's display side: the NV04_DISPLAY_COMMON (0073) controls
 * and the internal display controls nouveau's r535/r570 paths send
 * (nvkm/subdev/gsp/rm/r535/disp.c), and the display channels' allocation.
 *
 * The display it describes: cfg.heads heads (windows 2h and 2h+1 on head
 * h), four SORs, and one output, display ID bit 0: a single-link TMDS
 * output on SOR 0 behind a DVI-D connector, with the monitor the host gave
 * (nova_disp_set_monitor). TMDS rather than DisplayPort: a DP output would
 * need AUX transactions and link training the model does not have.
 *
 * Layouts are r535's; r570 kept every field these controls use at the
 * same offset (it appended fields to CHANNEL_PUSHBUFFER only). rm-rpc.c's
 * table sends them here only with the display on (cfg.disp).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/gsp-rm.h"
#include "nova/gsp-abi.h"
#include "rpc-util.h"

#include <string.h>

/* the one output: display ID bit 0 */
#define DISP_OUTPUT_ID          0x1u
#define DISP_SORS               4u

/* NV0073_CTRL_SPECIFIC_OR_GET_INFO: type and protocol */
#define OR_TYPE_SOR             2u
#define OR_PROTOCOL_SINGLE_TMDS_A   1u
/* DCB connector type nouveau makes a DVI-D connector of (bios/conn.h) */
#define DCB_CONNECTOR_DVI_D     0x31u

static NovaDisp *disp_of(NovaGspRm *rm)
{
    return rm->cfg.disp;
}

/* A display ID argument naming our output (exactly one bit, ours) */
static bool is_our_output(NovaGspRm *rm, uint32_t display_id, const char *what)
{
    if (display_id == DISP_OUTPUT_ID) {
        return true;
    }
    nova_gsp_guest_error(rm, what, display_id);
    return false;
}

/* NV2080_CTRL_CMD_INTERNAL_DISPLAY_WRITE_INST_MEM: addr @0, size @8, aspace @0x10 */
uint32_t nova_gsp_disp_write_inst_mem(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    return nova_disp_set_inst_mem(disp_of(rm), nova_ld64(p), nova_ld64(p + 8),
                                  nova_ld32(p + 0x10));
}

/*
 * NV2080_CTRL_CMD_INTERNAL_DISPLAY_GET_STATIC_INFO: feHwSysCap @0,
 * windowPresentMask @4, bFbRemapperEnabled @8, numHeads @0xc,
 * bPrimaryVga @0x10, i2cPort @0x14, internalDispActiveMask @0x18.
 * nouveau needs windows 2h and 2h+1 for each head h.
 */
uint32_t nova_gsp_disp_static_info(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    NovaDisp *d = disp_of(rm);

    memset(p, 0, 0x1c);
    nova_st32(p + 4, (1u << (2 * d->cfg.heads)) - 1);
    nova_st32(p + 0xc, d->cfg.heads);
    return NV_OK;
}

/*
 * NV2080_CTRL_CMD_INTERNAL_INIT_BRIGHTC_STATE_LOAD: the driver hands RM
 * the ACPI backlight table (status @0 NV_ERR_NOT_SUPPORTED when there is
 * none). No panel here: taken and acknowledged.
 */
uint32_t nova_gsp_disp_ack(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    return NV_OK;
}

/*
 * NV2080_CTRL_CMD_INTERNAL_DISPLAY_CHANNEL_PUSHBUFFER: addressSpace @0,
 * physicalAddr @8, limit @0x10, cacheSnoop @0x18, hclass @0x1c,
 * channelInstance @0x20, valid @0x24 (0 for the PIO cursor).
 */
uint32_t nova_gsp_disp_channel_pushbuffer(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    return nova_disp_set_pushbuf(disp_of(rm), nova_ld32(p + 0x1c), nova_ld32(p + 0x20),
                                 p[0x24] != 0, nova_ld32(p), nova_ld64(p + 8),
                                 nova_ld64(p + 0x10));
}

/* NV0073_CTRL_CMD_SYSTEM_GET_NUM_HEADS: numHeads @8 */
uint32_t nova_gsp_disp_num_heads(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    nova_st32(p + 8, disp_of(rm)->cfg.heads);
    return NV_OK;
}

/* NV0073_CTRL_CMD_SPECIFIC_GET_ALL_HEAD_MASK: headMask @4 */
uint32_t nova_gsp_disp_head_mask(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    nova_st32(p + 4, (1u << disp_of(rm)->cfg.heads) - 1);
    return NV_OK;
}

/* NV0073_CTRL_CMD_SYSTEM_GET_SUPPORTED: displayMask @4, displayMaskDDC @8 */
uint32_t nova_gsp_disp_supported(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    nova_st32(p + 4, DISP_OUTPUT_ID);
    nova_st32(p + 8, DISP_OUTPUT_ID);
    return NV_OK;
}

/*
 * NV0073_CTRL_CMD_SPECIFIC_OR_GET_INFO: displayId @4 in; index @8 (the
 * SOR), type @0xc, protocol @0x10, ditherType @0x14, ditherAlgo @0x18,
 * location @0x1c (0: on the chip), rootPortId @0x20, dcbIndex @0x24,
 * vbiosAddress @0x28, bIsLitByVbios @0x30, bIsDispDynamic @0x31.
 */
uint32_t nova_gsp_disp_or_info(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    if (!is_our_output(rm, nova_ld32(p + 4), "OR_GET_INFO for no output")) {
        return NV_ERR_INVALID_ARGUMENT;
    }
    memset(p + 8, 0, 0x30);
    nova_st32(p + 8, 0);
    nova_st32(p + 0xc, OR_TYPE_SOR);
    nova_st32(p + 0x10, OR_PROTOCOL_SINGLE_TMDS_A);
    return NV_OK;
}

/*
 * NV0073_CTRL_CMD_SPECIFIC_GET_CONNECTOR_DATA: displayId @4 in; flags @8,
 * DDCPartners @0xc, count @0x10, data[] @0x14 (index, type, location: 12
 * bytes each). One connector, index 0.
 */
uint32_t nova_gsp_disp_connector_data(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    if (!is_our_output(rm, nova_ld32(p + 4), "GET_CONNECTOR_DATA for no output")) {
        return NV_ERR_INVALID_ARGUMENT;
    }
    memset(p + 8, 0, 0x18);
    nova_st32(p + 0x10, 1);
    nova_st32(p + 0x14, 0);
    nova_st32(p + 0x18, DCB_CONNECTOR_DVI_D);
    return NV_OK;
}

/*
 * NV0073_CTRL_CMD_SYSTEM_GET_CONNECT_STATE: displayMask @8 in and out
 * (the asked ones that are connected), retryTimeMs @0xc.
 */
uint32_t nova_gsp_disp_connect_state(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    uint32_t mask = nova_ld32(p + 8);

    nova_st32(p + 8, disp_of(rm)->connected ? mask & DISP_OUTPUT_ID : 0);
    nova_st32(p + 0xc, 0);
    return NV_OK;
}

/* NV0073_CTRL_CMD_DFP_GET_INFO: displayId @4; flags @8, flags2 @0xc (logged only) */
uint32_t nova_gsp_disp_dfp_info(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    if (!is_our_output(rm, nova_ld32(p + 4), "DFP_GET_INFO for no output")) {
        return NV_ERR_INVALID_ARGUMENT;
    }
    nova_st32(p + 8, 0);
    nova_st32(p + 0xc, 0);
    return NV_OK;
}

/*
 * NV0073_CTRL_CMD_SPECIFIC_GET_EDID_V2: displayId @4; bufferSize @8 (out),
 * flags @0xc, edidBuffer @0x10 (2048 bytes). No monitor: no EDID.
 */
uint32_t nova_gsp_disp_edid(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    NovaDisp *d = disp_of(rm);

    if (!is_our_output(rm, nova_ld32(p + 4), "GET_EDID_V2 for no output")) {
        return NV_ERR_INVALID_ARGUMENT;
    }
    if (!d->connected || !d->edid_len) {
        nova_st32(p + 8, 0);
        return NV_ERR_INVALID_STATE;
    }
    nova_st32(p + 8, d->edid_len);
    memcpy(p + 0x10, d->edid, d->edid_len);
    return NV_OK;
}

/*
 * NV0073_CTRL_CMD_SYSTEM_GET_ACTIVE: head @4 in; displayId @0xc out: what
 * the head drives now (nouveau asks at init, to take over a lit head).
 */
uint32_t nova_gsp_disp_active(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    NovaDisp *d = disp_of(rm);
    uint32_t head = nova_ld32(p + 4);
    NovaDispMode m;

    if (head >= d->cfg.heads) {
        nova_gsp_guest_error(rm, "GET_ACTIVE of a head the display does not have", head);
        return NV_ERR_INVALID_ARGUMENT;
    }
    nova_st32(p + 0xc, nova_disp_mode(d, head, &m) && m.active ? DISP_OUTPUT_ID : 0);
    return NV_OK;
}

/*
 * NV0073_CTRL_CMD_DFP_ASSIGN_SOR: displayId @4, sorExcludeMask @8 (a byte)
 * in; sorAssignList[4] @0x18, sorAssignListWithTag[4] @0x28 (displayMask,
 * sorType) out. RM gives the output the first SOR not excluded.
 */
uint32_t nova_gsp_disp_assign_sor(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    NovaDisp *d = disp_of(rm);
    uint32_t exclude = p[8], sor;

    if (!is_our_output(rm, nova_ld32(p + 4), "DFP_ASSIGN_SOR for no output")) {
        return NV_ERR_INVALID_ARGUMENT;
    }
    for (sor = 0; sor < DISP_SORS && (exclude & (1u << sor)); sor++) {
    }
    if (sor == DISP_SORS) {
        return NV_ERR_INSUFFICIENT_RESOURCES;
    }
    memset(p + 0x18, 0, 0x30);
    nova_st32(p + 0x18 + 4 * sor, DISP_OUTPUT_ID);
    nova_st32(p + 0x28 + 8 * sor, DISP_OUTPUT_ID);
    d->sor_assigned |= 1u << sor;
    return NV_OK;
}

/* --- channels -------------------------------------------------------------------- */

uint32_t nova_gsp_disp_channel_alloced(NovaGspRm *rm, const NovaRmObject *o)
{
    if (!disp_of(rm)) {
        return NV_ERR_NOT_SUPPORTED;
    }
    return nova_disp_chan_alloc(disp_of(rm), o->hclass, o->u.disp_channel.instance,
                                o->u.disp_channel.put);
}

void nova_gsp_disp_channel_free(NovaGspRm *rm, const NovaRmObject *o)
{
    if (disp_of(rm)) {
        nova_disp_chan_free(disp_of(rm), o->hclass, o->u.disp_channel.instance);
    }
}

/*
 * rpc_post_event_v17_00 (the same in r570): hClient @0, hEvent @4,
 * notifyIndex @8, data @0xc, info16 @0x10, status @0x14, eventDataSize
 * @0x18, bNotifyList @0x1c, eventData @0x1d; nouveau takes the message
 * only if its size is the structure's (0x20) plus eventDataSize.
 * Nv2080HotplugNotification: plugDisplayMask, unplugDisplayMask.
 */
#define POST_EVENT_HDR          0x20u
#define POST_EVENT_DATA         0x1du
#define NV2080_NOTIFIERS_HOTPLUG    1u
#define NV01_EVENT_INDEX(i)     ((i) & 0xffffu)     /* less NV01_EVENT_* flags */

void nova_gsp_rm_disp_hotplug(NovaGspRm *rm, uint32_t plug, uint32_t unplug)
{
    uint8_t m[POST_EVENT_HDR + 8];
    uint32_t i;

    if (rm->state != NOVA_GSP_RM_RUNNING || !rm->cfg.disp) {
        return;
    }
    for (i = 0; i < NOVA_RM_MAX_OBJECTS; i++) {
        const NovaRmObject *e = &rm->db.obj[i];
        const NovaRmObject *sub;

        if (!e->used || e->hclass != NV01_EVENT_KERNEL_CALLBACK_EX ||
            NV01_EVENT_INDEX(e->u.event.notify_index) != NV2080_NOTIFIERS_HOTPLUG) {
            continue;
        }
        /* the subdevice it hangs off must have the notification enabled */
        sub = nova_rm_find(&rm->db, e->client, e->parent);
        if (!sub || sub->hclass != NV20_SUBDEVICE_0 ||
            !(sub->u.subdevice.notifications & 1u << NV2080_NOTIFIERS_HOTPLUG)) {
            continue;
        }
        memset(m, 0, sizeof(m));
        nova_st32(m + 0x00, e->client);
        nova_st32(m + 0x04, e->handle);
        nova_st32(m + 0x08, NV2080_NOTIFIERS_HOTPLUG);
        nova_st32(m + 0x18, 8);
        nova_st32(m + POST_EVENT_DATA, plug);
        nova_st32(m + POST_EVENT_DATA + 4, unplug);
        nova_gsp_post(rm, NV_VGPU_MSG_EVENT_POST_EVENT, NV_OK, m, sizeof(m));
    }
}
