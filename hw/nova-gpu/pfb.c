/*
 * nova-gpu: PFB (BAR0 0x100000), PEXTDEV straps (0x101000) and the
 * write-protected-region registers of PFB_PRI_MMU (0x1fa000).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "nova-gpu.h"
#include "nv-regs.h"
#include "nova/fb.h"

static const char *pfb_reg_name(hwaddr addr);

static bool pfb_read(NovaGpuState *s, hwaddr addr, uint32_t *val)
{
    switch (addr) {
    case A_NV_PFB_NISO_FLUSH_SYSMEM_ADDR:
        *val = s->pfb_niso_flush_sysmem_addr;
        return true;
    case A_NV_PFB_NISO_FLUSH_SYSMEM_ADDR_HI:
        *val = s->pfb_niso_flush_sysmem_addr_hi;
        return true;
    case A_NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE:
        /* realize checked that the size encodes */
        nova_fb_encode_local_memory_range(s->vram_size, val);
        return true;
    case A_NV_PFB_PRI_MMU_INT_VECTOR_INFO_FAULT:
        *val = NOVA_FAULT_INFO_VECTOR;
        return true;
    case A_NV_PFB_PRI_MMU_INT_VECTOR_FAULT0:
    case A_NV_PFB_PRI_MMU_INT_VECTOR_FAULT1: {
        /* NOTIFY (31:16) is the vector a new entry raises; no error vector */
        unsigned i = (addr - A_NV_PFB_PRI_MMU_INT_VECTOR_FAULT0) / 4;

        *val = (uint32_t)NOVA_FAULT_BUF_VECTOR(i) << 16 | NOVA_FAULT_BUF_VECTOR(i);
        return true;
    }
    }
    return false;
}

static bool pfb_write(NovaGpuState *s, hwaddr addr, uint32_t val)
{
    switch (addr) {
    case A_NV_PFB_NISO_FLUSH_SYSMEM_ADDR:
        /*
         * The sysmem flush page: the GPU reads it to order its writes
         * before a membar. The model's writes are ordered already, so the
         * page is only remembered (drivers read it back on teardown).
         */
        s->pfb_niso_flush_sysmem_addr = val;
        return true;
    case A_NV_PFB_NISO_FLUSH_SYSMEM_ADDR_HI:
        s->pfb_niso_flush_sysmem_addr_hi =
            FIELD_EX32(val, NV_PFB_NISO_FLUSH_SYSMEM_ADDR_HI, ADR_63_40);
        return true;
    case A_NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE:
    case A_NV_PFB_PRI_MMU_INT_VECTOR_INFO_FAULT:
    case A_NV_PFB_PRI_MMU_INT_VECTOR_FAULT0:
    case A_NV_PFB_PRI_MMU_INT_VECTOR_FAULT1:
        nova_ro_write(s, "PFB", addr, pfb_reg_name(addr), val);
        return true;
    }
    return false;
}

static const char *pfb_reg_name(hwaddr addr)
{
    switch (addr) {
    case A_NV_PFB_NISO_FLUSH_SYSMEM_ADDR:
        return "NV_PFB_NISO_FLUSH_SYSMEM_ADDR";
    case A_NV_PFB_NISO_FLUSH_SYSMEM_ADDR_HI:
        return "NV_PFB_NISO_FLUSH_SYSMEM_ADDR_HI";
    case A_NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE:
        return "NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE";
    case A_NV_PFB_PRI_MMU_INT_VECTOR_INFO_FAULT:
        return "NV_PFB_PRI_MMU_INT_VECTOR_INFO_FAULT";
    case A_NV_PFB_PRI_MMU_INT_VECTOR_FAULT0:
        return "NV_PFB_PRI_MMU_INT_VECTOR_FAULT(0)";
    case A_NV_PFB_PRI_MMU_INT_VECTOR_FAULT1:
        return "NV_PFB_PRI_MMU_INT_VECTOR_FAULT(1)";
    }
    return NULL;
}

const NovaUnitInfo nova_unit_pfb = {
    .name = "PFB",
    .base = 0x100000,
    .size = 0x1000,
    .read = pfb_read,
    .write = pfb_write,
    .reg_name = pfb_reg_name,
};

static bool pextdev_read(NovaGpuState *s, hwaddr addr, uint32_t *val)
{
    if (addr == A_NV_PEXTDEV_BOOT_0) {
        *val = NV_PEXTDEV_BOOT_0_STRAP_27MHZ;
        return true;
    }
    return false;
}

static bool pextdev_write(NovaGpuState *s, hwaddr addr, uint32_t val)
{
    if (addr == A_NV_PEXTDEV_BOOT_0) {
        nova_ro_write(s, "PEXTDEV", addr, "NV_PEXTDEV_BOOT_0", val);
        return true;
    }
    return false;
}

static const char *pextdev_reg_name(hwaddr addr)
{
    return addr == A_NV_PEXTDEV_BOOT_0 ? "NV_PEXTDEV_BOOT_0" : NULL;
}

const NovaUnitInfo nova_unit_pextdev = {
    .name = "PEXTDEV",
    .base = 0x101000,
    .size = 0x1000,
    .read = pextdev_read,
    .write = pextdev_write,
    .reg_name = pextdev_reg_name,
};

/*
 * WPR2 is set up by FWSEC-FRTS and torn down by booter_unload; the CPU can
 * only read it (the falcon issue gives those firmwares their effect). Zero,
 * "no WPR2", after reset.
 */
static bool wpr_read(NovaGpuState *s, hwaddr addr, uint32_t *val)
{
    switch (addr) {
    case A_NV_PFB_PRI_MMU_WPR2_ADDR_LO:
        *val = s->secure.wpr2_lo;
        return true;
    case A_NV_PFB_PRI_MMU_WPR2_ADDR_HI:
        *val = s->secure.wpr2_hi;
        return true;
    }
    return false;
}

static const char *wpr_reg_name(hwaddr addr)
{
    switch (addr) {
    case A_NV_PFB_PRI_MMU_WPR2_ADDR_LO: return "NV_PFB_PRI_MMU_WPR2_ADDR_LO";
    case A_NV_PFB_PRI_MMU_WPR2_ADDR_HI: return "NV_PFB_PRI_MMU_WPR2_ADDR_HI";
    }
    return NULL;
}

static bool wpr_write(NovaGpuState *s, hwaddr addr, uint32_t val)
{
    const char *name = wpr_reg_name(addr);

    if (name) {
        nova_ro_write(s, "PFB_PRI_MMU", addr, name, val);
        return true;
    }
    return false;
}

const NovaUnitInfo nova_unit_pfb_pri_mmu_wpr = {
    .name = "PFB_PRI_MMU",
    .base = 0x1fa000,
    .size = 0x1000,
    .read = wpr_read,
    .write = wpr_write,
    .reg_name = wpr_reg_name,
};
