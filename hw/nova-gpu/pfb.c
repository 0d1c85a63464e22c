/*
 * nova-gpu: PFB (BAR0 0x100000), PEXTDEV straps (0x101000) and the
 * write-protected-region registers of PFB_PRI_MMU (0x1fa000).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qemu/osdep.h"
#include "nova-gpu.h"
#include "nova/fb.h"

static const NovaRegRow pfb_rows[] = {
    /*
     * The sysmem flush page: the GPU reads it to order its writes before a
     * membar. The model's writes are ordered already, so the page is only
     * remembered (drivers read it back on teardown).
     */
    NV_ROW(NV_PFB_NISO_FLUSH_SYSMEM_ADDR),
    NV_ROW(NV_PFB_NISO_FLUSH_SYSMEM_ADDR_HI,
           .ro = ~NV_FIELD_MASK(NV_PFB_NISO_FLUSH_SYSMEM_ADDR_HI, ADR_63_40)),
    NV_ROW(NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE, .ro = NV_READ_ONLY),
    NV_ROW(NV_PFB_PRI_MMU_INT_VECTOR_INFO_FAULT, .ro = NV_READ_ONLY,
           .reset = NOVA_FAULT_INFO_VECTOR),
    NV_ROW_ARRAY(NV_PFB_PRI_MMU_INT_VECTOR_FAULT, .ro = NV_READ_ONLY),
};

static void pfb_fixed(NovaGpuState *s, NovaUnit *u)
{
    uint32_t lmr = 0;
    unsigned i;

    /* realize checked that the size encodes */
    nova_fb_encode_local_memory_range(s->vram_size, &lmr);
    nova_reg_set(s, A_NV_PFB_PRI_MMU_LOCAL_MEMORY_RANGE, lmr);
    /*
     * NOTIFY is the vector a new entry raises. The model raises no error
     * interrupt; ERROR names the same vector.
     */
    for (i = 0; i < NV_PFB_PRI_MMU_INT_VECTOR_FAULT__SIZE_1; i++) {
        uint32_t v = NV_FIELD_DP32(0, NV_PFB_PRI_MMU_INT_VECTOR_FAULT, ERROR,
                                   NOVA_FAULT_BUF_VECTOR(i));

        v = NV_FIELD_DP32(v, NV_PFB_PRI_MMU_INT_VECTOR_FAULT, NOTIFY,
                          NOVA_FAULT_BUF_VECTOR(i));
        nova_reg_set(s, NV_REG_ADDR(NV_PFB_PRI_MMU_INT_VECTOR_FAULT, i), v);
    }
}

const NovaUnitInfo nova_unit_pfb = {
    .name = "PFB",
    .base = NV_PFB_BASE,
    .size = NV_PFB_SIZE,
    .rows = pfb_rows,
    .nrows = ARRAY_SIZE(pfb_rows),
    .fixed = pfb_fixed,
};

/* the crystal strap: 27 MHz */
static const NovaRegRow pextdev_rows[] = {
    NV_ROW(NV_PEXTDEV_BOOT_0, .ro = NV_READ_ONLY,
           .reset = NV_FIELD_MASK(NV_PEXTDEV_BOOT_0, STRAP_CRYSTAL)),
};

const NovaUnitInfo nova_unit_pextdev = {
    .name = "PEXTDEV",
    .base = NV_PEXTDEV_BASE,
    .size = NV_PEXTDEV_SIZE,
    .rows = pextdev_rows,
    .nrows = ARRAY_SIZE(pextdev_rows),
};

/*
 * WPR2's bounds: FWSEC-FRTS and the booters set them (the falcon model
 * writes NovaSecureRegs); to the CPU they are read-only.
 */
static const NovaRegRow wpr_rows[] = {
    NV_ROW(NV_PFB_PRI_MMU_WPR2_ADDR_LO, .hooked = true),
    NV_ROW(NV_PFB_PRI_MMU_WPR2_ADDR_HI, .hooked = true),
};

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

static bool wpr_write(NovaGpuState *s, hwaddr addr, uint32_t val)
{
    const NovaRegRow *r = nova_reg_row_find(wpr_rows, ARRAY_SIZE(wpr_rows),
                                            addr, NULL);

    if (r) {
        nova_ro_write(s, "PFB_PRI_MMU", addr, r->name, val);
    }
    return r != NULL;
}

static void wpr_reset(NovaGpuState *s, NovaUnit *u)
{
    s->secure.wpr2_lo = 0;
    s->secure.wpr2_hi = 0;
}

const NovaUnitInfo nova_unit_pfb_pri_mmu_wpr = {
    .name = "PFB_PRI_MMU",
    .base = NV_PFB_PRI_MMU_WPR_BASE,
    .size = NV_PFB_PRI_MMU_WPR_SIZE,
    .rows = wpr_rows,
    .nrows = ARRAY_SIZE(wpr_rows),
    .reset = wpr_reset,
    .read = wpr_read,
    .write = wpr_write,
};
