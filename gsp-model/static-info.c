/*
 * nova-gpu: GET_GSP_STATIC_INFO, for the two ABIs.
 *
 * Values follow the chip and the device's properties: the GPU name, the
 * GPC/TPC floorsweeping masks (r535), the VRAM the driver may use (everything
 * below GSP-RM's non-WPR heap), the BAR1/BAR2 root page directories GSP-RM
 * built, and RM's internal client/device/subdevice handles.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/gsp-rm.h"
#include "rpc-util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Where GspStaticConfigInfo keeps what the model fills, per ABI (nouveau's
 * include/nvrm/535.113.01 and rm/r570/nvrm/gsp.h; nova-core's r570
 * bindings agree). 0: the ABI has no such field. r535 carries the GPC and
 * TPC masks here; r570 dropped them (nouveau asks GET_FERMI_GPC/TPC_INFO).
 */
typedef struct StaticInfoLayout {
    uint32_t size;
    uint32_t gpc_mask, tpc_info;    /* tpc_info: 32 x {gpcId, tpcMask} */
    uint32_t fb_regions;            /* NV2080_CTRL_CMD_FB_GET_FB_REGION_INFO_PARAMS */
    uint32_t gpu_name;              /* gpuNameString[64] */
    uint32_t bar1_pde_base, bar2_pde_base;
    uint32_t h_client, h_device, h_subdevice;
} StaticInfoLayout;

static const StaticInfoLayout static_info_r535 = {
    .size = 0x878, .gpc_mask = 0x124, .tpc_info = 0x128, .fb_regions = 0x348,
    .gpu_name = 0, .bar1_pde_base = 0x828, .bar2_pde_base = 0x830,
    .h_client = 0x868, .h_device = 0x86c, .h_subdevice = 0x870,
};

static const StaticInfoLayout static_info_r570 = {
    .size = 0x678, .gpc_mask = 0, .tpc_info = 0, .fb_regions = 0x158,
    .gpu_name = 0x4ec, .bar1_pde_base = 0x600, .bar2_pde_base = 0x608,
    .h_client = 0x640, .h_device = 0x644, .h_subdevice = 0x648,
};

/* NV2080_CTRL_CMD_FB_GET_FB_REGION_FB_REGION_INFO: 0x30 bytes from offset 8 */
#define FB_REGION_FIRST     0x08
#define FB_REGION_LIMIT     0x08
#define FB_REGION_COMP      0x1c    /* supportCompressed */
#define FB_REGION_ISO       0x1d    /* supportISO */

static void static_info(NovaGspRm *rm, const StaticInfoLayout *l)
{
    uint8_t *info = calloc(1, l->size), *region;
    char name[64];
    unsigned g;

    if (!info) {
        return;
    }
    if (l->gpc_mask) {
        nova_st32(info + l->gpc_mask, NOVA_GR_GPC_MASK);
        for (g = 0; g < NOVA_GR_GPCS; g++) {
            nova_st32(info + l->tpc_info + 8 * g, g);
            nova_st32(info + l->tpc_info + 8 * g + 4, NOVA_GR_TPC_MASK);
        }
    }
    /* one region: VRAM below RM's reserved area, usable by the driver */
    region = info + l->fb_regions + FB_REGION_FIRST;
    nova_st32(info + l->fb_regions, 1);
    nova_st64(region + FB_REGION_LIMIT, rm->non_wpr_heap - 1);
    region[FB_REGION_COMP] = 1;
    region[FB_REGION_ISO] = 1;
    if (l->gpu_name) {
        snprintf(name, sizeof(name), "NVIDIA %s (nova-gpu %s)", rm->cfg.chip->marketing,
                 rm->cfg.chip->name);
        memcpy(info + l->gpu_name, name, strlen(name) + 1);
    }
    nova_st64(info + l->bar1_pde_base, rm->non_wpr_heap + NOVA_GSP_RM_BAR1_PD);
    nova_st64(info + l->bar2_pde_base, rm->non_wpr_heap + NOVA_GSP_RM_BAR2_PD);
    nova_st32(info + l->h_client, NOVA_RM_INTERNAL_CLIENT);
    nova_st32(info + l->h_device, NOVA_RM_INTERNAL_DEVICE);
    nova_st32(info + l->h_subdevice, NOVA_RM_INTERNAL_SUBDEVICE);
    nova_gsp_post(rm, NV_VGPU_MSG_FUNCTION_GET_GSP_STATIC_INFO, NV_OK, info, l->size);
    free(info);
}

void nova_gsp_static_info(NovaGspRm *rm)
{
    if (rm->cfg.secure->sw_scratch[NOVA_GSP_SEQ_SCRATCH] != NOVA_GSP_SEQ_MAGIC) {
        nova_gsp_guest_error(rm, "the driver did not run the CPU sequencer",
                             rm->cfg.secure->sw_scratch[NOVA_GSP_SEQ_SCRATCH]);
    }
    switch (rm->abi) {
    case NOVA_GSP_ABI_R535:
        static_info(rm, &static_info_r535);
        return;
    case NOVA_GSP_ABI_R570:
        static_info(rm, &static_info_r570);
        return;
    case NOVA_GSP_ABI_UNKNOWN:
        break;
    }
    NOVA_EVENT(rm->host, NOVA_EV_UNIMP_STATIC_INFO, rpc,
               "GET_GSP_STATIC_INFO", NV_VGPU_MSG_FUNCTION_GET_GSP_STATIC_INFO, 0);
    rm->rpcs_unsupported++;
    nova_gsp_post(rm, NV_VGPU_MSG_FUNCTION_GET_GSP_STATIC_INFO, NV_ERR_NOT_SUPPORTED,
                  NULL, 0);
}
