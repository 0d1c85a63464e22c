/*
 * nova-gpu: GET_GSP_STATIC_INFO, for the two ABIs.
 *
 * Values follow the chip and the device's properties: the GPU name, the
 * GPC/TPC floorsweeping masks, the VRAM the driver may use (everything
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

#define R570_STATIC_INFO_SIZE 1656u
#define R570_GPU_NAME       0x4ec
/* r535 GspStaticConfigInfo (nouveau 6.12, include/nvrm/535.113.01) */
#define R535_STATIC_INFO_SIZE 0x878u
#define R535_GPC_MASK       0x124
#define R535_TPC_INFO       0x128       /* 32 x {gpcId, tpcMask} */
#define R535_FB_REGIONS     0x348       /* numFBRegions, then 0x30-byte regions at 0x350 */
#define R535_FB_REGION      0x350
#define R535_BAR1_PDE_BASE  0x828
#define R535_BAR2_PDE_BASE  0x830
#define R535_H_CLIENT       0x868
#define R535_H_DEVICE       0x86c
#define R535_H_SUBDEVICE    0x870

static void static_info_r535(NovaGspRm *rm)
{
    uint8_t *info = calloc(1, R535_STATIC_INFO_SIZE);
    unsigned g;

    if (!info) {
        return;
    }
    nova_st32(info + R535_GPC_MASK, 0x3f);                  /* six GPCs */
    for (g = 0; g < 6; g++) {
        nova_st32(info + R535_TPC_INFO + 8 * g, g);
        nova_st32(info + R535_TPC_INFO + 8 * g + 4, 0xf);   /* four TPCs each */
    }
    /* one region: VRAM below RM's reserved area, usable by the driver */
    nova_st32(info + R535_FB_REGIONS, 1);
    nova_st64(info + R535_FB_REGION + 0x00, 0);
    nova_st64(info + R535_FB_REGION + 0x08, rm->non_wpr_heap - 1);
    info[R535_FB_REGION + 0x1c] = 1;                    /* supportCompressed */
    info[R535_FB_REGION + 0x1d] = 1;                    /* supportISO */
    nova_st64(info + R535_BAR1_PDE_BASE, rm->non_wpr_heap + NOVA_GSP_RM_BAR1_PD);
    nova_st64(info + R535_BAR2_PDE_BASE, rm->non_wpr_heap + NOVA_GSP_RM_BAR2_PD);
    nova_st32(info + R535_H_CLIENT, NOVA_RM_INTERNAL_CLIENT);
    nova_st32(info + R535_H_DEVICE, NOVA_RM_INTERNAL_DEVICE);
    nova_st32(info + R535_H_SUBDEVICE, NOVA_RM_INTERNAL_SUBDEVICE);
    nova_gsp_post(rm, NV_VGPU_MSG_FUNCTION_GET_GSP_STATIC_INFO, NV_OK, info,
                  R535_STATIC_INFO_SIZE);
    free(info);
}

static void static_info_r570(NovaGspRm *rm)
{
    uint8_t *info = calloc(1, R570_STATIC_INFO_SIZE);
    char name[64];

    if (!info) {
        return;
    }
    snprintf(name, sizeof(name), "NVIDIA %s (nova-gpu %s)", rm->cfg.chip->marketing,
             rm->cfg.chip->name);
    memcpy(info + R570_GPU_NAME, name, strlen(name) + 1);
    nova_gsp_post(rm, NV_VGPU_MSG_FUNCTION_GET_GSP_STATIC_INFO, NV_OK, info,
                  R570_STATIC_INFO_SIZE);
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
        static_info_r535(rm);
        return;
    case NOVA_GSP_ABI_R570:
        static_info_r570(rm);
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
