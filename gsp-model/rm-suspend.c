/*
 * nova-gpu: what a driver's suspend asks of GSP-RM (nouveau's fbsr: "frame
 * buffer save/restore").
 *
 * Before the driver unloads GSP-RM for a suspend, it stops the channels
 * (r570: INTERNAL_FIFO_TOGGLE_ACTIVE_CHANNEL_SCHEDULING), describes a list
 * of system memory pages (the ALLOC_MEMORY RPC, a memory-list object) and
 * hands it to RM with INTERNAL_FBSR_INIT, so that RM can save its own VRAM
 * allocations there. nouveau 7.2 does this at every shutdown, too.
 *
 * The model checks and keeps the memory list like any object, and stops
 * and restarts the channels. It saves nothing into the list: GSP-RM's state
 * lives in the device model, not in VRAM, and a later boot of GSP-RM (a
 * resume) starts afresh, as docs/gsp-rm.md says.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/gsp-rm.h"
#include "nova/gsp-abi.h"
#include "rpc-util.h"


#define PTE_DESC_LENGTH_SHIFT   16
/* r535's INTERNAL_FBSR_INIT: fbsrType, numRegions, then the handles */
#define FBSR_INIT_R535_CLIENT   0x08
#define FBSR_INIT_R535_SYSMEM   0x0c

/* a memory list's pages: in VRAM for an FBMEM list, anywhere for a system one */
static bool memlist_pages_ok(NovaGspRm *rm, uint32_t hclass, const uint8_t *pte,
                             uint32_t pages)
{
    uint32_t i;

    for (i = 0; i < pages; i++) {
        uint64_t pfn = nova_ld64(pte + 8 * i);

        if (pfn >> (64 - 12) ||
            (hclass == NV01_MEMORY_LIST_FBMEM && (pfn << 12) >= rm->cfg.vram_size)) {
            return false;
        }
    }
    return true;
}

/*
 * ALLOC_MEMORY (rpc_alloc_memory_v13_01): a memory list under a device,
 * named by the driver's handle. The reply is the request's header with the
 * status in rpc_result, as nouveau polls for it.
 */
void nova_gsp_rpc_alloc_memory(NovaGspRm *rm, const uint8_t *p, uint32_t plen)
{
    uint32_t client, device, handle, hclass, pages, desc_len, status;
    const char *name;
    const NovaRmObject *dev;
    NovaRmObject *o;

    if (nova_gsp_rpc_short(rm, NV_VGPU_MSG_FUNCTION_ALLOC_MEMORY, plen,
                           sizeof(NovaRmAllocMemory), "ALLOC_MEMORY shorter than its structure")) {
        return;
    }
    client = nova_ld32(p + offsetof(NovaRmAllocMemory, h_client));
    device = nova_ld32(p + offsetof(NovaRmAllocMemory, h_device));
    handle = nova_ld32(p + offsetof(NovaRmAllocMemory, h_memory));
    hclass = nova_ld32(p + offsetof(NovaRmAllocMemory, h_class));
    pages = nova_ld32(p + offsetof(NovaRmAllocMemory, page_count));
    desc_len = nova_ld32(p + offsetof(NovaRmAllocMemory, pte_desc)) >> PTE_DESC_LENGTH_SHIFT;
    dev = nova_rm_find(&rm->db, client, device);
    if (hclass != NV01_MEMORY_LIST_SYSTEM && hclass != NV01_MEMORY_LIST_FBMEM) {
        nova_gsp_guest_error(rm, "ALLOC_MEMORY of a class that is not a memory list", hclass);
        status = NV_ERR_INVALID_CLASS;
    } else if (!dev || dev->hclass != NV01_DEVICE_0) {
        nova_gsp_guest_error(rm, "ALLOC_MEMORY under something not a device", device);
        status = NV_ERR_INVALID_OBJECT_PARENT;
    } else if (pages == 0 || desc_len != pages ||
               pages > (plen - sizeof(NovaRmAllocMemory)) / 8 ||
               nova_ld64(p + offsetof(NovaRmAllocMemory, length)) > (uint64_t)pages << 12) {
        nova_gsp_guest_error(rm, "ALLOC_MEMORY page count past its PTEs", pages);
        status = NV_ERR_INVALID_ARGUMENT;
    } else if (!memlist_pages_ok(rm, hclass, p + sizeof(NovaRmAllocMemory), pages)) {
        nova_gsp_guest_error(rm, "ALLOC_MEMORY page outside its memory", pages);
        status = NV_ERR_INVALID_ARGUMENT;
    } else {
        status = nova_rm_alloc(&rm->db, client, device, handle, hclass, NULL, 0);
        o = status == NV_OK ? nova_rm_find(&rm->db, client, handle) : NULL;
        if (o) {
            o->u.memlist.length = nova_ld64(p + offsetof(NovaRmAllocMemory, length));
            o->u.memlist.pages = pages;
        }
    }
    if (status != NV_OK) {
        rm->db.failures++;
    }
    name = nova_rm_class_name(&rm->db, hclass);
    NOVA_EVENT(rm->host, status == NV_OK ? NOVA_EV_RM_ALLOC : NOVA_EV_UB_RM_ALLOC, rm_alloc,
               hclass, name ? name : "unknown", client, device, handle, status);
    nova_gsp_post(rm, NV_VGPU_MSG_FUNCTION_ALLOC_MEMORY, status, p, sizeof(NovaRmAllocMemory));
}

/*
 * INTERNAL_FBSR_INIT: the system memory list RM may save its VRAM
 * allocations into. It must be one of the named client's system memory
 * lists; the model has nothing to put there (see the top of the file).
 */
uint32_t nova_gsp_ctrl_fbsr_init(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    bool r570 = rm->abi == NOVA_GSP_ABI_R570;
    uint32_t client = nova_ld32(p + (r570 ? offsetof(NovaRmFbsrInitR570, h_client)
                                          : FBSR_INIT_R535_CLIENT));
    uint32_t sysmem = nova_ld32(p + (r570 ? offsetof(NovaRmFbsrInitR570, h_sys_mem)
                                          : FBSR_INIT_R535_SYSMEM));
    const NovaRmObject *list = nova_rm_find(&rm->db, client, sysmem);

    if (!list || list->hclass != NV01_MEMORY_LIST_SYSTEM) {
        nova_gsp_guest_error(rm, "FBSR_INIT with something not a system memory list", sysmem);
        return NV_ERR_INVALID_OBJECT_HANDLE;
    }
    return NV_OK;
}

/*
 * INTERNAL_FIFO_TOGGLE_ACTIVE_CHANNEL_SCHEDULING (r570; in r535 the number
 * is FBSR_SEND_REGION_INFO, which the model does not serve): every
 * scheduled channel leaves its runlist (bDisableActiveChannels) or comes
 * back. The channels keep their own scheduled state, so what comes back is
 * what the driver had scheduled.
 */
uint32_t nova_gsp_ctrl_toggle_channel_scheduling(NovaGspRm *rm, NovaRmObject *o, uint8_t *p)
{
    bool disable = p[0];
    uint32_t i, status = NV_OK;

    if (rm->abi != NOVA_GSP_ABI_R570) {
        return NV_ERR_NOT_SUPPORTED;
    }
    for (i = 0; i < NOVA_RM_MAX_OBJECTS; i++) {
        NovaRmObject *c = &rm->db.obj[i];

        if (c->used && nova_rm_kind(&rm->db, c->hclass) == NOVA_RM_KIND_CHANNEL &&
            c->u.channel.scheduled) {
            uint32_t s = nova_gsp_fifo_channel_schedule(rm, c, !disable);

            status = status == NV_OK ? s : status;
        }
    }
    return status;
}
