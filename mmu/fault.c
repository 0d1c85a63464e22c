/*
 * nova-gpu: the MMU fault buffer writer.
 *
 * An entry is the 32-byte MMU_FAULT_BUFFER packet (class c369) that
 * nouveau's gv100_fault_buffer_process reads at GET:
 *
 *   +0x00  INST_APERTURE 9:8, INST_LO 31:12     +0x04  INST_HI
 *   +0x08  ADDR_PHYS_APERTURE 1:0, ADDR_LO 31:12  +0x0c  ADDR_HI
 *   +0x10  TIMESTAMP_LO                          +0x14  TIMESTAMP_HI
 *   +0x18  ENGINE_ID 8:0
 *   +0x1c  FAULT_TYPE 4:0, REPLAYABLE_FAULT 7, CLIENT 14:8,
 *          ACCESS_TYPE 19:16, MMU_CLIENT_TYPE 20 (hub), GPC_ID 28:24,
 *          VALID 31
 *
 * The register model owns GET/PUT and the overflow status; this file only
 * writes the entry and says where PUT goes. nouveau reads PUT unmasked as an
 * index, so the caller must keep status bits out of that register.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nova/le.h"
#include "nova/mmu.h"

#include <inttypes.h>
#include <string.h>

#define ENTRY_VALID         (1u << 31)
#define ENTRY_HUB           (1u << 20)
#define ENTRY_REPLAYABLE    (1u << 7)

void nova_mmu_fault_encode(const NovaMmuFaultEntry *e,
                           uint8_t out[NOVA_MMU_FAULT_ENTRY_SIZE])
{
    uint32_t info = ENTRY_VALID;

    nova_st32(out + 0x00, ((uint32_t)e->inst & 0xfffff000u) |
                      (((uint32_t)e->inst_aperture & 3) << 8));
    nova_st32(out + 0x04, e->inst >> 32);
    /* a virtual fault: ADDR_PHYS_APERTURE stays 0, the page is reported */
    nova_st32(out + 0x08, (uint32_t)e->va & 0xfffff000u);
    nova_st32(out + 0x0c, e->va >> 32);
    nova_st32(out + 0x10, (uint32_t)e->timestamp);
    nova_st32(out + 0x14, e->timestamp >> 32);
    nova_st32(out + 0x18, e->engine_id & 0x1ff);
    info |= e->fault_type & 0x1f;
    info |= e->replayable ? ENTRY_REPLAYABLE : 0;
    info |= (e->client & 0x7f) << 8;
    info |= ((uint32_t)e->access & 0xf) << 16;
    info |= e->hub ? ENTRY_HUB : 0;
    info |= (e->gpc_id & 0x1f) << 24;
    nova_st32(out + 0x1c, info);
}

static int mem_write(const NovaHost *host, NovaMmuAperture ap, uint64_t addr,
                     const void *buf, size_t len)
{
    switch (ap) {
    case NOVA_MMU_APERTURE_VRAM:
        return host->vram_write(host->opaque, addr, buf, len);
    case NOVA_MMU_APERTURE_SYS_COH:
    case NOVA_MMU_APERTURE_SYS_NCOH:
        return host->dma_write(host->opaque, addr, buf, len);
    default:
        return -1;
    }
}

int nova_mmu_fault_write(const NovaHost *host, const NovaMmuFaultBuffer *buf,
                         const NovaMmuFaultEntry *e, uint32_t *new_put,
                         bool *overflow)
{
    uint8_t entry[NOVA_MMU_FAULT_ENTRY_SIZE];
    uint64_t addr;
    uint32_t next;

    *new_put = buf->put;
    if (!buf->entries || buf->get >= buf->entries || buf->put >= buf->entries) {
        NOVA_EVENT(host, NOVA_EV_UB_MMU_FAULT_BUFFER, mmu_fault_buffer,
                   "fault buffer unusable", buf->base, buf->entries, buf->get, buf->put);
        return -1;
    }
    next = buf->put + 1 == buf->entries ? 0 : buf->put + 1;
    if (next == buf->get) {
        *overflow = true;
        return 1;
    }
    nova_mmu_fault_encode(e, entry);
    addr = buf->base + (uint64_t)buf->put * NOVA_MMU_FAULT_ENTRY_SIZE;
    /* the dword holding VALID goes last, so a reader never sees half an entry */
    if (mem_write(host, buf->aperture, addr, entry, 0x1c) ||
        mem_write(host, buf->aperture, addr + 0x1c, entry + 0x1c, 4)) {
        NOVA_EVENT(host, NOVA_EV_UB_MMU_FAULT_BUFFER, mmu_fault_buffer,
                   "fault buffer entry not writable", addr, buf->entries, buf->get,
                   buf->put);
        return -1;
    }
    *new_put = next;
    return 0;
}
