/*
 * nova-gpu: what GSP-RM tells the driver about the GPU's make-up, beside
 * the static info: the graphics floorsweeping (GPCs and their TPCs), the
 * zcull geometry and the engine falcons RM constructed.
 *
 * One topology serves every chip: NOVA_GR_GPCS GPCs, each with the TPCs of
 * NOVA_GR_TPC_MASK, the same in r535's static info (which carries the masks) and
 * in r570's controls (which nouveau asks instead). The zcull numbers follow
 * from it the way they scale on hardware (one zcull tile column per GPC);
 * nothing in the model culls, so they only have to be consistent.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/gsp-rm.h"
#include "nova/gsp-abi.h"
#include "rpc-util.h"


/* NV2080_CTRL_CMD_GPU_GET_FERMI_GPC_INFO: which GPCs exist */
uint32_t nova_gsp_ctrl_gpc_info(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    nova_st32(p + offsetof(NovaRmGpcInfo, gpc_mask), NOVA_GR_GPC_MASK);
    return NV_OK;
}

/* NV2080_CTRL_CMD_GPU_GET_FERMI_TPC_INFO: the TPCs of the GPC the driver names */
uint32_t nova_gsp_ctrl_tpc_info(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    uint32_t gpc = nova_ld32(p + offsetof(NovaRmTpcInfo, gpc_id));

    if (gpc >= 32 || !(NOVA_GR_GPC_MASK & (1u << gpc))) {
        nova_gsp_guest_error(rm, "GET_FERMI_TPC_INFO for a GPC that does not exist", gpc);
        return NV_ERR_INVALID_ARGUMENT;
    }
    nova_st32(p + offsetof(NovaRmTpcInfo, tpc_mask), NOVA_GR_TPC_MASK);
    return NV_OK;
}

/* NV2080_CTRL_CMD_GR_GET_ZCULL_INFO */
uint32_t nova_gsp_ctrl_zcull_info(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    const uint32_t tile = 32, gpcs = NOVA_GR_GPCS;

#define ZCULL(field, v) nova_st32(p + offsetof(NovaRmZcullInfo, field), (v))
    ZCULL(width_align_pixels, tile * gpcs);
    ZCULL(height_align_pixels, tile);
    ZCULL(pixel_squares_by_aliquots, 16 * gpcs);
    ZCULL(aliquot_total, 4096 * gpcs);
    ZCULL(zcull_region_byte_multiplier, tile * gpcs);
    ZCULL(zcull_region_header_size, tile * gpcs);
    ZCULL(zcull_subregion_header_size, 0xc0);
    ZCULL(subregion_count, 16);
    ZCULL(subregion_width_align_pixels, tile * gpcs);
    ZCULL(subregion_height_align_pixels, 2 * tile);
#undef ZCULL
    return NV_OK;
}

/*
 * NV2080_CTRL_CMD_GPU_GET_CONSTRUCTED_FALCON_INFO (r570's name) and
 * NV2080_CTRL_CMD_INTERNAL_GET_CONSTRUCTED_FALCON_INFO (r535's): the
 * engines whose falcons RM built, with their context buffer sizes. None
 * here: the modelled engines (GR through its context buffers, the copy
 * engines) keep no falcon context the driver has to allocate.
 */
uint32_t nova_gsp_ctrl_falcon_info(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    nova_st32(p + offsetof(NovaRmConstructedFalconInfo, num_constructed_falcons), 0);
    return NV_OK;
}
