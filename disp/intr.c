/*
 * nova-gpu disp/: the display's interrupt registers, as nouveau's GSP
 * path uses them (nvkm/engine/disp/tu102.c tu102_disp_intr, the head's
 * vblank_get/put): one event per head, the vblank (bit 1).
 *
 *   0x611800 + 4h  NV_PDISP_FE_EVT_STAT_HEAD_TIMING(h): events that
 *                  happened; a write of 1 clears a bit
 *   0x611c00 + 4h  NV_PDISP_FE_RM_INTR_STAT_HEAD_TIMING(h): those of them
 *                  enabled, what the interrupt handler reads (read-only)
 *   0x611d80 + 4h  NV_PDISP_FE_RM_INTR_EN_HEAD_TIMING(h): the enables
 *   0x611ec0       NV_PDISP_FE_RM_INTR_DISPATCH: a bit per head with an
 *                  enabled event pending (read-only)
 *
 * The DISP interrupt (the stall vector GSP-RM's table gives DISP) is high
 * while the dispatch register is not zero.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "disp-int.h"

#define NV_PDISP_FE_EVT_STAT_HEAD_TIMING(h)     (0x611800u + 4 * (h))
#define NV_PDISP_FE_RM_INTR_STAT_HEAD_TIMING(h) (0x611c00u + 4 * (h))
#define NV_PDISP_FE_RM_INTR_EN_HEAD_TIMING(h)   (0x611d80u + 4 * (h))
#define NV_PDISP_FE_RM_INTR_DISPATCH            0x611ec0u
#define HEAD_TIMING_VBLANK                      0x2u

static uint32_t dispatch(const NovaDisp *d)
{
    uint32_t h, mask = 0;

    for (h = 0; h < d->cfg.heads; h++) {
        if (d->head_intr[h] & d->head_intr_en[h]) {
            mask |= 1u << h;
        }
    }
    return mask;
}

bool nova_disp_intr_pending(const NovaDisp *d)
{
    return dispatch(d) != 0;
}

static void intr_changed(NovaDisp *d)
{
    if (d->host->disp_intr) {
        d->host->disp_intr(d->host->opaque);
    }
}

/* the head a per-head register at @addr of the block at @base names, or -1 */
static int head_reg(const NovaDisp *d, uint32_t addr, uint32_t base)
{
    if (addr < base || addr >= base + 4 * NOVA_DISP_MAX_HEADS || (addr & 3)) {
        return -1;
    }
    return (addr - base) / 4 < d->cfg.heads ? (int)((addr - base) / 4) : -1;
}

bool nova_disp_intr_read(NovaDisp *d, uint32_t addr, uint32_t *val)
{
    int h;

    if (addr == NV_PDISP_FE_RM_INTR_DISPATCH) {
        *val = dispatch(d);
        return true;
    }
    if ((h = head_reg(d, addr, NV_PDISP_FE_EVT_STAT_HEAD_TIMING(0))) >= 0) {
        *val = d->head_intr[h];
        return true;
    }
    if ((h = head_reg(d, addr, NV_PDISP_FE_RM_INTR_STAT_HEAD_TIMING(0))) >= 0) {
        *val = d->head_intr[h] & d->head_intr_en[h];
        return true;
    }
    if ((h = head_reg(d, addr, NV_PDISP_FE_RM_INTR_EN_HEAD_TIMING(0))) >= 0) {
        *val = d->head_intr_en[h];
        return true;
    }
    return false;
}

bool nova_disp_intr_write(NovaDisp *d, uint32_t addr, uint32_t val)
{
    int h;

    if ((h = head_reg(d, addr, NV_PDISP_FE_EVT_STAT_HEAD_TIMING(0))) >= 0) {
        d->head_intr[h] &= ~val;
        intr_changed(d);
        return true;
    }
    if ((h = head_reg(d, addr, NV_PDISP_FE_RM_INTR_EN_HEAD_TIMING(0))) >= 0) {
        /* the model raises vblank only: other enables are kept, never fire */
        d->head_intr_en[h] = val;
        intr_changed(d);
        return true;
    }
    if (addr == NV_PDISP_FE_RM_INTR_DISPATCH ||
        head_reg(d, addr, NV_PDISP_FE_RM_INTR_STAT_HEAD_TIMING(0)) >= 0) {
        nova_disp_guest_error(d, "write to a read-only display interrupt register", addr);
        return true;
    }
    return false;
}

void nova_disp_vblank(NovaDisp *d, unsigned head)
{
    if (head >= d->cfg.heads) {
        return;
    }
    d->vblanks[head]++;
    if (nova_fault_fire(&d->faults.vblank_lost)) {
        return;         /* "vblank-lost": the frame passes unannounced */
    }
    d->head_intr[head] |= HEAD_TIMING_VBLANK;
    NOVA_EVENT(d->host, NOVA_EV_DISP_VBLANK, disp_vblank, head, d->vblanks[head]);
    intr_changed(d);
}
